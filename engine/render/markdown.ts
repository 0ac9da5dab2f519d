import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();

/**
 * Render a plain Markdown document (a change notice) to sanitized HTML,
 * through the same unified pipeline as the policy. Raw HTML is dropped.
 *
 * @param markdown the text (front matter is skipped).
 * @returns HTML.
 */
export function renderMarkdownHtml(markdown: string): string {
  return String(processor.processSync(markdown));
}
