/**
 * Page furniture and organization facts in a version file.
 *
 * The DPA's first version was captured from a web page, so its text carries
 * the page around the agreement: a breadcrumb, the page's list of legal
 * documents, a contact line whose address the capture mangled. The text
 * stays as it was published; legal marks those parts so the site can tell
 * them from the agreement's body:
 *
 * - `:::furniture{kind=breadcrumb|navigation|contact}` … `:::` around blocks;
 * - `:furniture[words]{kind=contact}` around words inside a paragraph;
 * - `:fact[words]{name=email|website|legal-name}` around words of the body
 *   that state a fact about the organization: the site prints the fact from
 *   policy/organization.yaml instead.
 *
 * The words inside stay in the document's plain text (what the reader of
 * the file sees), so marking them changes nothing a reader reads.
 */
import type { Nodes, Root } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import { inlineText } from './plain-text.ts';

type Directive = ContainerDirective | LeafDirective | TextDirective;

const isDirective = (node: Nodes | Root): node is Directive => node.type === 'containerDirective' || node.type === 'textDirective' || node.type === 'leafDirective';

function attributesOf(node: Directive): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attributes ?? {})) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

/**
 * Check the furniture and fact marks of a parsed version file, reporting
 * invalid attributes, empty marks, and clauses or parameters inside furniture.
 *
 * @param tree the parsed file.
 * @param file for positions and messages.
 */
export function checkFurniture(tree: Root, file: VFile): void {
  visitParents(tree, (node, ancestors) => {
    if (!isDirective(node)) return;
    if (node.name === 'furniture' || node.name === 'fact') {
      const furniture = node.name === 'furniture';
      const problems = validate(furniture ? 'furniture-annotation.schema.json' : 'fact-annotation.schema.json', attributesOf(node));
      for (const { field, problem } of problems) report(file, furniture ? errors.furnitureAnnotation : errors.factAnnotation, [field, problem], node.position);
      const empty = node.type === 'containerDirective' ? node.children.length === 0 : inlineText(node).trim() === '';
      if (empty) report(file, furniture ? errors.furnitureAnnotation : errors.factAnnotation, ['words', 'are empty: mark the words the captured page carried'], node.position);
      if (!furniture && inClausePassage(ancestors)) report(file, errors.factInClause, [node.attributes?.name ?? ''], node.position);
      return;
    }
    if (node.name !== 'clause' && node.name !== 'param') return;
    const kind = node.name;
    const id = node.attributes?.id ?? node.attributes?.name ?? node.name;
    if (ancestors.some((a) => isDirective(a) && a.name === 'furniture')) report(file, errors.clauseInFurniture, [kind, id], node.position);
    // The site prints the organization's fact in place of a :fact's words, or leaves the passage out.
    const fact = ancestors.find((a): a is Directive => isDirective(a) && a.name === 'fact');
    if (fact) report(file, errors.markInFact, [kind, id, fact.attributes?.name ?? ''], node.position);
  });
}

const isMark = (node: Nodes | Root): boolean => isDirective(node) && (node.name === 'clause' || node.name === 'param');

function holdsMark(node: Nodes | Root): boolean {
  if (isMark(node)) return true;
  return 'children' in node && (node.children as Nodes[]).some(holdsMark);
}

/**
 * Whether a `:fact` stands in a clause passage. The site (engine/render/html.ts)
 * leaves out the list item, else the paragraph, that holds a fact the
 * organization file does not state; parsing does not read that file, and a
 * fact stated today may be withdrawn tomorrow, so any fact whose passage holds
 * clause text is refused: one inside a clause, or whose list item or
 * paragraph holds a clause (a marker clause included) or a parameter.
 */
function inClausePassage(ancestors: (Nodes | Root)[]): boolean {
  if (ancestors.some((a) => isDirective(a) && a.name === 'clause')) return true;
  const reversed = [...ancestors].reverse();
  const block = reversed.find((a) => a.type === 'listItem') ?? reversed.find((a) => a.type === 'paragraph');
  if (block && holdsMark(block)) return true;
  // A marker clause makes its paragraph's list item (or the paragraph) the clause: a nested item is its text.
  return ancestors.some((a) => (a.type === 'listItem' || a.type === 'paragraph') && (a.type === 'paragraph' ? [a] : a.children).some((c) => c.type === 'paragraph' && c.children.some((m) => isMark(m as Nodes) && (m as Directive).name === 'clause' && (m as Directive).children.length === 0)));
}
