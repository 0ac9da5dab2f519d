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

/** The text nodes of a passage a reader reads as its own plain words. */
function plainTextNodes(node: Nodes, id: string, out: Extract<Nodes, { type: 'text' }>[], top = true): void {
  if (node.type === 'text') {
    out.push(node);
    return;
  }
  if (node.type === 'delete') return;
  if (node.type === 'textDirective' || node.type === 'containerDirective' || node.type === 'leafDirective') {
    if (node.name === 'param') return;
    if (!top && node.name === 'clause' && node.attributes?.id !== id) return;
  }
  if ('children' in node) for (const child of node.children as Nodes[]) plainTextNodes(child, id, out, false);
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
      const texts: Extract<Nodes, { type: 'text' }>[] = [];
      plainTextNodes(passage.block, clause.id, texts);
      for (const node of texts) {
        // The words are read the same whatever they are judged against: one reading per bound duration, side by side.
        const readings = values.map((v) => durationsAt(node.value, v));
        const named = readings[0]!.filter((_, i) => readings.every((r) => !r[i]!.agrees));
        if (named.length === 0) continue;
        places ??= location(source);
        const from = node.position?.start.offset;
        const to = node.position?.end.offset;
        const raw = from !== undefined && to !== undefined ? source.slice(from, to) : null;
        let cursor = 0;
        for (const d of named) {
          let place = node.position ? { line: node.position.start.line, column: node.position.start.column } : { line: passage.position.line, column: passage.position.column };
          if (raw !== null && from !== undefined) {
            // The words as the source writes them (escapes and indented lines aside: then the text node's start).
            const words = node.value.slice(d.start, d.end);
            const exact = raw === node.value ? d.start : raw.indexOf(words, cursor);
            const at = exact !== -1 ? exact : raw.indexOf(words.split('\n')[0]!, cursor);
            if (at !== -1) {
              const point = places.toPoint(from + at);
              if (point) place = { line: point.line, column: point.column };
              cursor = at + 1;
            }
          }
          report(file, errors.plainDurationDisagrees, [d.words, clause.id, bound.map((p) => `${p.name} = ${describeDuration(values[bound.indexOf(p)]!.seconds)}, bound by “${p.bindings[0]!.words}” on line ${p.bindings[0]!.position.line}`).join('; '), bound[0]!.name], place);
        }
      }
    }
  }
}
