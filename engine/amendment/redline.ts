/**
 * Word-level redlines (jsdiff), as plain segments that rebuild both texts.
 */
import { diffLines, diffWordsWithSpace, type ChangeObject } from 'diff';

/**
 * The longest edit script (in words and spaces, or in lines) computed. The
 * diff's time grows with the text's length times the edit's; beyond this a
 * word redline falls back to whole lines, and then to the whole text
 * replaced, so two unrelated texts compare in bounded time.
 */
export const MAX_EDIT_LENGTH = 2_000;

/** One piece of a redline. */
export interface Segment {
  type: 'equal' | 'insert' | 'delete';
  text: string;
}

/**
 * The word-level redline from one text to another.
 *
 * @param from the old text.
 * @param to the new text.
 * @returns segments in reading order; equal text appears once.
 */
export function redline(from: string, to: string): Segment[] {
  if (from === to) return from === '' ? [] : [{ type: 'equal', text: from }];
  const changes: ChangeObject<string>[] | undefined = diffWordsWithSpace(from, to, { maxEditLength: MAX_EDIT_LENGTH }) ?? diffLines(from, to, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [...(from ? [{ type: 'delete' as const, text: from }] : []), ...(to ? [{ type: 'insert' as const, text: to }] : [])];
  return changes.map((c) => ({ type: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

/**
 * Rebuild one side of a redline.
 *
 * @param segments the redline.
 * @param side `from` (equal + deleted text) or `to` (equal + inserted text).
 * @returns the text of that side.
 */
export function rebuild(segments: Segment[], side: 'from' | 'to'): string {
  return segments.filter((s) => s.type === 'equal' || s.type === (side === 'from' ? 'delete' : 'insert')).map((s) => s.text).join('');
}

/**
 * How many words a redline inserts and deletes.
 *
 * @param segments the redline.
 * @returns the count of changed words (white space not counted).
 */
export function changedWords(segments: Segment[]): number {
  return segments.filter((s) => s.type !== 'equal').reduce((n, s) => n + (s.text.match(/\S+/g)?.length ?? 0), 0);
}

/**
 * The same redline seen from the other side (insertions become deletions).
 *
 * @param segments a redline.
 * @returns the mirrored redline.
 */
export function mirror(segments: Segment[]): Segment[] {
  return segments.map((s) => ({ type: s.type === 'insert' ? 'delete' : s.type === 'delete' ? 'insert' : 'equal', text: s.text }));
}
