/**
 * A clause passage that states its deadline in plain words must state the
 * deadline codicil enforces. A clause's duration may be bound elsewhere — in
 * another passage of the clause (a repeat), or by words that name it
 * (`clauses=`) — and a passage that binds none of the clause's durations is
 * then read by the reader as it stands: "within 72 hours" in plain words,
 * while 96 hours is enforced. The reader sees one number and another is
 * checked, so it is an error (CODICIL-P238), at the plain words.
 *
 * The rule: for every passage of a clause that has a duration parameter
 * bound from words, when no binding of any of the clause's duration
 * parameters stands in that passage, every duration the passage states in
 * plain words (as interpretation notes are read: "72 hours", "seventy-two
 * (72) hours", "3 days", "one month", "ten business days"; rates such as
 * "24 hours a day" are no duration) must be the elapsed time of one of the
 * clause's bound durations. Words inside a parameter, struck-through words
 * and the words of another clause marked inside the passage are not read.
 * A passage that binds its own duration is read with its parameter: its
 * other durations are not this rule's business.
 */
import type { Nodes } from 'mdast';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import type { Clause, SourcePosition } from '../model/types.ts';
import type { Annotations, ClauseOccurrence } from './annotations.ts';
import { location } from 'vfile-location';
import { durationsAt } from './interpretation-notes.ts';
import { describeDuration, type Duration } from './words.ts';

/** Is a position (a directive's start) inside the node? */
function inside(position: SourcePosition, node: Nodes): boolean {
  const start = node.position?.start;
  const end = node.position?.end;
  if (!start || !end) return false;
  const after = position.line > start.line || (position.line === start.line && position.column >= start.column);
  const before = position.line < end.line || (position.line === end.line && position.column < end.column);
  return after && before;
}

type Text = Extract<Nodes, { type: 'text' }>;

/**
 * A run of a passage's plain words that a reader reads on, across emphasis,
 * links and inline HTML (`within **72** hours`): the words of one block,
 * with the text node each piece comes from.
 */
interface Run {
  text: string;
  pieces: { node: Text; at: number }[];
}

/** Nodes that stand inside a run of words (the others are blocks, each with runs of its own). */
const PHRASING = new Set(['text', 'break', 'emphasis', 'strong', 'link', 'linkReference', 'textDirective', 'delete', 'inlineCode', 'html', 'image', 'imageReference', 'footnoteReference']);

/** Stands for words that are not read (a parameter, struck words, code): no duration is read across it. */
const GAP = ' \uFFFC ';

/** The runs of a block a reader reads as its own plain words. */
function blockRuns(node: Nodes, id: string, runs: Run[]): void {
  if ((node.type === 'containerDirective' || node.type === 'leafDirective') && (node.name === 'param' || (node.name === 'clause' && node.attributes?.id !== id))) return;
  if (!('children' in node)) return;
  let run: Run | null = null;
  for (const child of node.children as Nodes[]) {
    if (PHRASING.has(child.type)) {
      if (run === null) {
        run = { text: '', pieces: [] };
        runs.push(run);
      }
      inlineRun(child, id, run);
    } else {
      run = null;
      blockRuns(child, id, runs);
    }
  }
}

/**
 * Add an inline node's words to a run: words inside a parameter, struck
 * words, code and another clause's passage are a gap; an HTML tag is nothing
 * (the reader sees the words on either side together).
 */
function inlineRun(node: Nodes, id: string, run: Run): void {
  switch (node.type) {
    case 'text':
      run.pieces.push({ node, at: run.text.length });
      run.text += node.value;
      return;
    case 'break':
      run.text += '\n';
      return;
    case 'html':
      return;
    case 'delete':
    case 'inlineCode':
      run.text += GAP;
      return;
    case 'textDirective':
      if (node.name === 'param' || (node.name === 'clause' && node.attributes?.id !== id)) {
        run.text += GAP;
        return;
      }
  }
  if ('children' in node) for (const child of node.children as Nodes[]) inlineRun(child, id, run);
}

/** The runs of a passage (a block, or an inline `:clause`). */
function plainRuns(passage: Nodes, id: string): Run[] {
  const runs: Run[] = [];
  if (PHRASING.has(passage.type)) {
    const run: Run = { text: '', pieces: [] };
    inlineRun(passage, id, run);
    runs.push(run);
  } else blockRuns(passage, id, runs);
  return runs;
}

/**
 * Report every duration a clause passage states in plain words, when the
 * passage binds none of the clause's durations and the words are none of
 * them (CODICIL-P238).
 *
 * @param annotations the directives of the file (passages, with their nodes; bindings).
 * @param clauses the clauses assembled from them, with their bound values.
 * @param file for the source text and messages.
 */
export function checkPlainDurations(annotations: Annotations, clauses: Clause[], file: VFile): void {
  const source = typeof file.value === 'string' ? file.value : '';
  // Offsets → line and column, made once a duration is to be placed.
  let places: ReturnType<typeof location> | null = null;
  for (const clause of clauses) {
    const bound = Object.values(clause.params).filter((p) => !p.fromAttribute && p.value.type === 'duration' && p.bindings.length > 0);
    if (bound.length === 0) continue;
    const values: Duration[] = bound.map((p) => p.value as Duration & { type: 'duration' });
    const passages: ClauseOccurrence[] = annotations.clauses.filter((o) => o.id === clause.id);
    for (const passage of passages) {
      if (bound.some((p) => p.bindings.some((b) => inside(b.position, passage.block)))) continue;
      // Where each text node's words were last found in its source (the same words may stand twice).
      const cursors = new Map<Text, number>();
      for (const run of plainRuns(passage.block, clause.id)) {
        // The words are read the same whatever they are judged against: one reading per bound duration, side by side.
        const readings = values.map((v) => durationsAt(run.text, v));
        const named = readings[0]!.filter((_, i) => readings.every((r) => !r[i]!.agrees));
        if (named.length === 0) continue;
        places ??= location(source);
        for (const d of named) {
          // The text node the words begin in (a duration begins with a number or a word, never in a gap).
          const piece = run.pieces.findLast((p) => p.at <= d.start)!;
          const node = piece.node;
          let place = node.position ? { line: node.position.start.line, column: node.position.start.column } : { line: passage.position.line, column: passage.position.column };
          const from = node.position?.start.offset;
          const to = node.position?.end.offset;
          if (from !== undefined && to !== undefined) {
            // The words as the source writes them (escapes and indented lines aside: then the text node's start).
            const raw = source.slice(from, to);
            const local = d.start - piece.at;
            const words = node.value.slice(local, d.end - piece.at);
            const cursor = cursors.get(node) ?? 0;
            const exact = raw === node.value ? local : raw.indexOf(words, cursor);
            const at = exact !== -1 ? exact : raw.indexOf(words.split('\n')[0]!, cursor);
            if (at !== -1) {
              const point = places.toPoint(from + at);
              if (point) place = { line: point.line, column: point.column };
              cursors.set(node, at + 1);
            }
          }
          report(file, errors.plainDurationDisagrees, [d.words, clause.id, bound.map((p) => `${p.name} = ${describeDuration(values[bound.indexOf(p)]!.seconds)}, bound by “${p.bindings[0]!.words}” on line ${p.bindings[0]!.position.line}`).join('; '), bound[0]!.name], place);
        }
      }
    }
  }
}
