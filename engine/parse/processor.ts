import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import type { Root } from 'mdast';

let processor: Processor<Root> | undefined;

/**
 * The one Markdown parser of policy files: CommonMark + GFM tables, YAML
 * front matter and generic directives (`:clause`, `:param`, `:::callout`...).
 *
 * @returns a frozen unified processor (shared; parse only).
 */
export function policyMarkdown(): Processor<Root> {
  processor ??= unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).freeze() as unknown as Processor<Root>;
  return processor;
}

let notices: Processor<Root> | undefined;

/**
 * The Markdown parser of change notices, which are plain Markdown:
 * CommonMark + GFM and YAML front matter, no directives. The site renders a
 * notice from this tree and lint checks the same tree.
 *
 * @returns a frozen unified processor (shared; parse only).
 */
export function noticeMarkdown(): Processor<Root> {
  notices ??= unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze() as unknown as Processor<Root>;
  return notices;
}
