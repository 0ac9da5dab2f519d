import type { Root, Nodes, Parents } from 'mdast';
import { visitParents, SKIP } from 'unist-util-visit-parents';
import type { PolicyVersion } from '../model/types.ts';
import { plainText } from '../parse/plain-text.ts';
import { splitHeading } from '../parse/sections.ts';
import { inlineText } from '../parse/plain-text.ts';

/**
 * The document's text outside its clauses, with section numbers removed
 * from headings (renumbering is reported on its own, not as a wording change).
 *
 * @param version a parsed version.
 * @returns lines of text, as {@link plainText}.
 */
export function outsideText(version: PolicyVersion): string {
  const tree = structuredClone(version.tree) as Root;
  const drop = new Set<Nodes>();
  visitParents(tree, (node, ancestors) => {
    // The effective date changes with every version; it is compared as a date, not as wording.
    if (node.type === 'textDirective' && node.name === 'effective') {
      drop.add(node);
      return SKIP;
    }
    if ((node.type === 'textDirective' || node.type === 'containerDirective') && node.name === 'clause') {
      if (node.type === 'containerDirective' || node.children.length > 0) {
        drop.add(node);
        return SKIP;
      }
      // A marker clause: its list item or paragraph is the clause.
      const parent = ancestors[ancestors.length - 1];
      const grand = ancestors[ancestors.length - 2];
      drop.add((parent?.type === 'paragraph' && grand?.type === 'listItem' ? grand : parent) as Nodes);
    }
    return undefined;
  });
  const prune = (node: Parents) => {
    node.children = (node.children as Nodes[]).filter((child) => !drop.has(child)) as typeof node.children;
    for (const child of node.children as Nodes[]) if ('children' in child) prune(child as Parents);
  };
  prune(tree);
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth >= 2) {
      node.children = [{ type: 'text', value: splitHeading(inlineText(node)).title }];
    }
  }
  return plainText(tree);
}
