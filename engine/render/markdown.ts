import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Root } from 'hast';
import { absoluteLinks } from './links.ts';

/** Options of {@link renderMarkdownHtml}. */
export interface MarkdownHtmlOptions {
  /** Resolve relative links and images against this absolute URL (for feeds, which readers show away from the site). */
  base?: string;
}

/**
 * Render a plain Markdown document (a change notice) to sanitized HTML,
 * through the same unified pipeline as the policy. Raw HTML is dropped;
 * sanitizing removes scripts, event handlers and `javascript:` links.
 *
 * @param markdown the text (front matter is skipped).
 * @param options where relative links point.
 * @returns HTML.
 */
export function renderMarkdownHtml(markdown: string, options: MarkdownHtmlOptions = {}): string {
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rehypeSanitize)
    .use(() => (tree: Root) => (options.base ? absoluteLinks(tree, options.base) : undefined))
    .use(rehypeStringify);
  return String(processor.processSync(markdown));
}
