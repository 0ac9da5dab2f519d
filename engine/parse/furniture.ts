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
      return;
    }
    if ((node.name === 'clause' || node.name === 'param') && ancestors.some((a) => isDirective(a) && a.name === 'furniture')) {
      report(file, errors.clauseInFurniture, [node.attributes?.id ?? node.attributes?.name ?? node.name], node.position);
    }
  });
}
