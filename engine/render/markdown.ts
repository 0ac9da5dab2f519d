import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Root } from 'hast';
import { noticeMarkdown } from '../parse/processor.ts';
import { absoluteLinks } from './links.ts';

/** Options of {@link renderMarkdownHtml}. */
export interface MarkdownHtmlOptions {
  /** Resolve relative links against this absolute URL (for feeds, which readers show away from the site). */
  base?: string;
}

/** The sanitizer's defaults without images: a notice's reader (page or feed) never fetches from where the text points (lint refuses them, CODICIL-P232). */
const schema: SanitizeSchema = { ...defaultSchema, tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== 'img') };

/**
 * Render a plain Markdown document (a change notice) to sanitized HTML,
 * from the tree lint checks ({@link noticeMarkdown}). Raw HTML and images
 * are dropped; sanitizing removes scripts, event handlers and `javascript:`
 * links.
 *
 * @param markdown the text (front matter is skipped).
 * @param options where relative links point.
 * @returns HTML.
 */
export function renderMarkdownHtml(markdown: string, options: MarkdownHtmlOptions = {}): string {
  const processor = unified()
    .use(remarkRehype)
    .use(rehypeSanitize, schema)
    .use(() => (tree: Root) => (options.base ? absoluteLinks(tree, options.base) : undefined))
    .use(rehypeStringify);
  const hast = processor.runSync(noticeMarkdown().parse(markdown));
  return processor.stringify(hast as Root);
}
