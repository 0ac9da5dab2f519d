/**
 * Collects the codicil directives of a version file: clause passages,
 * parameter bindings and the stated effective date.
 *
 * Clauses are written three ways, so legal can annotate any text:
 * - `:clause[words]{id=… rule=…}` — the words in brackets;
 * - `:clause{id=… rule=…}` alone — the paragraph or list item it stands in;
 * - `:::clause{id=… rule=…}` … `:::` — every block between the fences.
 */
import type { Root, Nodes, Parents, Paragraph, ListItem } from 'mdast';
import type { ContainerDirective, TextDirective, LeafDirective } from 'mdast-util-directive';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import type { SourcePosition } from '../model/types.ts';
import { blockLines, inlineText } from './plain-text.ts';

type Directive = ContainerDirective | TextDirective | LeafDirective;

/** One `:clause` directive: a passage of a clause. */
export interface ClauseOccurrence {
  id: string;
  rule: string | undefined;
  /** Attributes other than id and rule (parameters set by attribute). */
  attributes: Record<string, string>;
  /** The node whose text is the passage. */
  block: Nodes;
  text: string;
  position: SourcePosition;
}

/** One `:param[words]{name=…}` directive. */
export interface ParamOccurrence {
  name: string;
  words: string;
  means: string | undefined;
  note: string | undefined;
  /** The clause passage it is in, or undefined. */
  clause: ClauseOccurrence | undefined;
  /** The clauses it binds when it names them (`clauses=`): one word governing several obligations. */
  clauses: string[] | undefined;
  position: SourcePosition;
}

/** The `:effective[date]` directive. */
export interface EffectiveOccurrence {
  words: string;
  position: SourcePosition;
}

/** Every annotation of a file, in document order. */
export interface Annotations {
  clauses: ClauseOccurrence[];
  params: ParamOccurrence[];
  effective: EffectiveOccurrence[];
}

// A Map, not an object: a directive named after an Object.prototype member
// (`:constructor`, `:toString`) is unknown, not Object's.
const KNOWN = new Map<string, Directive['type'][]>([
  ['clause', ['textDirective', 'containerDirective']],
  ['param', ['textDirective']],
  ['effective', ['textDirective']],
  ['callout', ['containerDirective']],
  // Page furniture and organization facts: engine/parse/furniture.ts.
  ['furniture', ['textDirective', 'containerDirective']],
  ['fact', ['textDirective']],
]);

function isDirective(node: Nodes): node is Directive {
  return node.type === 'textDirective' || node.type === 'containerDirective' || node.type === 'leafDirective';
}

function positionOf(file: VFile, node: Nodes): SourcePosition {
  const start = node.position?.start;
  const end = node.position?.end;
  return {
    file: file.path,
    line: start?.line ?? 1,
    column: start?.column ?? 1,
    ...(end ? { endLine: end.line, endColumn: end.column } : {}),
  };
}

/** A marker clause covers the list item or paragraph it stands in. */
function markerBlock(ancestors: Parents[]): Paragraph | ListItem | undefined {
  const parent = ancestors[ancestors.length - 1];
  if (!parent || parent.type !== 'paragraph') return undefined;
  const grand = ancestors[ancestors.length - 2];
  return grand?.type === 'listItem' ? grand : parent;
}

/** Directive attributes as the schemas see them (remark-directive splits `#a.b` into id and class). */
function attributesOf(node: Directive): Record<string, string> {
  // A null prototype: `attributes.constructor` is only ever an attribute the text wrote.
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(node.attributes ?? {})) {
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Collect the directives of a parsed version file, reporting unknown
 * directives and invalid annotations on the file.
 *
 * @param tree the parsed file.
 * @param file for positions and messages.
 * @returns clause passages, parameter bindings and effective-date statements.
 */
export function collectAnnotations(tree: Root, file: VFile): Annotations {
  const clauses: ClauseOccurrence[] = [];
  const byNode = new Map<Nodes, ClauseOccurrence>();
  const params: ParamOccurrence[] = [];
  const effective: EffectiveOccurrence[] = [];

  // First pass: clauses, so that parameters can find the marker clause of their block.
  visitParents(tree, (node, ancestors) => {
    if (!isDirective(node)) return;
    const allowed = KNOWN.get(node.name);
    if (!allowed || !allowed.includes(node.type)) {
      report(file, errors.unknownDirective, [node.type === 'containerDirective' ? `::${node.name}` : node.type === 'leafDirective' ? `:${node.name}` : node.name], node.position);
      return;
    }
    if (node.name !== 'clause') return;
    const attributes = attributesOf(node);
    if ('class' in attributes || ('id' in attributes && !attributes.id)) {
      report(file, errors.clauseAnnotation, ['id', 'write the id as id=area.name (a "#" id cannot contain dots)'], node.position);
      return;
    }
    const problems = validate('clause-annotation.schema.json', attributes);
    for (const { field, problem } of problems) {
      // Say what an id looks like, not the pattern that checks it.
      const words = problem.startsWith('does not match the pattern') ? (field === 'id' ? 'must be lower-case words joined by dots, e.g. incident.notify-within' : 'must be a lower-case name, e.g. incident-notice-deadline') : problem;
      report(file, errors.clauseAnnotation, [field, words], node.position);
    }
    if (problems.length > 0) return;
    let block: Nodes;
    let text: string;
    if (node.type === 'containerDirective') {
      block = node;
      text = blockLines(node).join('\n');
    } else if (node.children.length > 0) {
      block = node;
      text = inlineText(node).replace(/\s+/g, ' ').trim();
    } else {
      const found = markerBlock(ancestors);
      if (!found) {
        report(file, errors.clauseAnnotation, ['position', 'a clause marker without words must stand in a paragraph or list item'], node.position);
        return;
      }
      block = found;
      text = blockLines(found).join('\n');
    }
    const { id, rule, ...rest } = attributes;
    const occurrence: ClauseOccurrence = { id: id!, rule, attributes: Object.assign(Object.create(null) as Record<string, string>, rest), block, text, position: positionOf(file, node) };
    clauses.push(occurrence);
    byNode.set(block, occurrence);
  });

  visitParents(tree, (node, ancestors) => {
    if (!isDirective(node) || node.type !== 'textDirective') return;
    if (node.name === 'effective') {
      effective.push({ words: inlineText(node).trim(), position: positionOf(file, node) });
      return;
    }
    if (node.name !== 'param') return;
    const attributes = attributesOf(node);
    const problems = validate('param-annotation.schema.json', attributes);
    for (const { field, problem } of problems) report(file, errors.paramAnnotation, [field, problem], node.position);
    if (problems.length > 0) return;
    const words = inlineText(node).replace(/\s+/g, ' ').trim();
    if (!words) {
      report(file, errors.paramAnnotation, ['words', 'are empty: put the words the reader sees in brackets, :param[72 hours]{…}'], node.position);
      return;
    }
    let clause: ClauseOccurrence | undefined;
    for (let i = ancestors.length - 1; i >= 0 && !clause; i--) clause = byNode.get(ancestors[i]!);
    params.push({ name: attributes.name!, words, means: attributes.means, note: attributes.note, clause, clauses: attributes.clauses?.split(' '), position: positionOf(file, node) });
  });

  return { clauses, params, effective };
}
