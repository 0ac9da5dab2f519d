import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { noticeMarkdown } from '../parse/processor.ts';
import { absoluteLinks } from './links.ts';

/** Options of {@link renderMarkdownHtml}. */
export interface MarkdownHtmlOptions {
  /** Resolve relative links against this absolute URL (for feeds, which readers show away from the site). */
  base?: string;
  /**
   * The level (1–6) the text's top heading takes, for a page that puts the
   * text under one of its own headings: every heading (the footnotes' label
   * too) shifts by the same amount, keeping its attributes; none goes past
   * h6. Without it, headings are as written.
   */
  topHeading?: number;
}

/**
 * The sanitizer's defaults without images: a notice's reader (page or feed)
 * never fetches from where the text points (lint refuses them, CODICIL-P232).
 * No second clobber prefix: the only ids a notice can carry are its
 * footnotes', which remark-rehype already prefixes (`user-content-fn-…`)
 * together with the links to them; the sanitizer would prefix the ids again
 * and not the links (raw HTML, the other source of ids, is dropped).
 */
const schema: SanitizeSchema = { ...defaultSchema, clobberPrefix: '', tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== 'img') };

const HEADING = /^h([1-6])$/;

/** Shift every heading of a tree so the highest becomes h`top` (in place). */
function shiftHeadings(tree: Root, top: number): void {
  const levels: number[] = [];
  visit(tree, 'element', (node: Element) => {
    const level = HEADING.exec(node.tagName)?.[1];
    if (level) levels.push(Number(level));
  });
  if (levels.length === 0) return;
  const by = top - Math.min(...levels);
  visit(tree, 'element', (node: Element) => {
    const level = HEADING.exec(node.tagName)?.[1];
    if (level) node.tagName = `h${Math.min(6, Math.max(1, Number(level) + by))}`;
  });
}

/** Every table in a box of its own that scrolls sideways (and takes the keyboard), as on a version's page: a wide one never widens the page. */
function scrollableTables(tree: Root): void {
  let n = 0;
  visit(tree, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'table' || !parent || index === undefined) return;
    // Each region its own name (a page may hold others): "Table 2 of the notice".
    parent.children[index] = { type: 'element', tagName: 'div', properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: `Table ${++n} of the notice` }, children: [node] };
    return 'skip';
  });
}

/**
 * Render a plain Markdown document (a change notice) to sanitized HTML,
 * from the tree lint checks ({@link noticeMarkdown}). Raw HTML and images
 * are dropped; sanitizing removes scripts, event handlers and `javascript:`
 * links.
 *
 * @param markdown the text (front matter is skipped).
 * @param options where relative links point; the level of the top heading.
 * @returns HTML.
 */
export function renderMarkdownHtml(markdown: string, options: MarkdownHtmlOptions = {}): string {
  const processor = unified()
    .use(remarkRehype, { clobberPrefix: 'user-content-' })
    .use(rehypeSanitize, schema)
    // After sanitizing: the schema allows the footnotes' label class on an h2 only, and no region.
    .use(() => (tree: Root) => (options.topHeading ? shiftHeadings(tree, options.topHeading) : undefined))
    .use(() => scrollableTables)
    .use(() => (tree: Root) => (options.base ? absoluteLinks(tree, options.base) : undefined))
    .use(rehypeStringify);
  const hast = processor.runSync(noticeMarkdown().parse(markdown));
  return processor.stringify(hast as Root);
}
