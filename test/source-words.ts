/**
 * The words of a version's source, as any CommonMark + GFM renderer with raw
 * HTML shows the file (codicil's marks reduced to their words), for the
 * words-in = words-out tests of the model, the rendered page and the printed
 * site. Independent of codicil's own renderer on purpose.
 */
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import type { Nodes as MdastNodes, Parents, Root as MdastRoot } from 'mdast';
import type { Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { PolicyVersion } from '../engine/index.ts';
import { factValue } from '../engine/model/organization.ts';
import type { Organization } from '../engine/generated/organization.ts';

/** Elements that do not separate words (inline); every other element boundary does. */
const INLINE = new Set(['a', 'abbr', 'b', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'ins', 'mark', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'u', 'font', 'tt', 'kbd', 'var', 'samp']);

/**
 * The words of a hast tree: text split at white space and at the boundaries of block elements.
 *
 * @param tree a hast tree.
 * @returns the words, in order.
 */
export function words(tree: HastNodes): string[] {
  let text = '';
  const walk = (node: HastNodes) => {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'element') {
      const boundary = !INLINE.has(node.tagName);
      if (boundary) text += ' ';
      for (const child of node.children) walk(child);
      if (boundary) text += ' ';
    } else if (node.type === 'root') for (const child of node.children) walk(child);
  };
  walk(tree);
  return text.split(/\s+/).filter(Boolean);
}

const isDirective = (node: MdastNodes): node is Extract<MdastNodes, { type: 'textDirective' | 'containerDirective' | 'leafDirective' }> =>
  node.type === 'textDirective' || node.type === 'containerDirective' || node.type === 'leafDirective';

class UnknownFact extends Error {}

/**
 * The source as a reader of the file sees it, rendered by a plain Markdown
 * renderer: every codicil mark becomes its words (labels and contents kept,
 * markers and heading anchors `{#…}` gone). For the published page (`published`), the differences
 * codicil makes on purpose are applied: page furniture is left out, and the
 * words of a :fact are left out too (the page prints the organization's fact
 * there, which the caller leaves out of the page's words), or the whole
 * passage when the fact is unknown.
 *
 * @param version the version (its file is read again).
 * @param organization the organization's facts.
 * @param published whether to apply the published page's deliberate differences.
 * @returns the source's hast tree.
 */
export function sourceTree(version: PolicyVersion, organization: Organization | null, published: boolean): HastRoot {
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).parse(readFileSync(version.file, 'utf8')) as MdastRoot;
  const flatten = (parent: Parents) => {
    const out: MdastNodes[] = [];
    for (const child of parent.children as MdastNodes[]) {
      if (child.type === 'yaml') continue;
      // `{#anchor}` ending a heading is codicil's mark for the section's anchor, not words.
      if (child.type === 'heading') {
        const last = child.children[child.children.length - 1];
        if (last?.type === 'text') last.value = last.value.replace(/[ \t]*\{#[^{}\s]*\}[ \t]*$/, '');
      }
      if (isDirective(child)) {
        if (published && child.name === 'furniture') continue;
        if (published && child.name === 'fact') {
          if (factValue(organization, child.attributes?.name ?? '') === null) throw new UnknownFact();
          continue;
        }
        flatten(child);
        out.push(...(child.children as MdastNodes[]));
        continue;
      }
      if ('children' in child) {
        try {
          flatten(child as Parents);
        } catch (error) {
          // A passage stating an unknown fact is left out, whole (the list item or paragraph).
          if (error instanceof UnknownFact && (child.type === 'listItem' || child.type === 'paragraph')) continue;
          throw error;
        }
      }
      out.push(child);
    }
    (parent as { children: MdastNodes[] }).children = out;
  };
  flatten(tree);
  return unified().use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw).runSync(tree) as HastRoot;
}

/** Classes of what codicil adds to a page: citation links, note markers, interpretation notes. */
export const CODICIL_ADDITIONS = ['cite', 'note-ref', 'interpretation'];
