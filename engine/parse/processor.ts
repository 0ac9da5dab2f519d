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
