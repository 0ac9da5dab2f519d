/**
 * Two versions aligned block by block, the way a lawyer compares them:
 * first by section and paragraph — unchanged, moved, added and removed
 * paragraphs — and word by word only inside a paragraph that changed. A full
 * rewrite is then a list of removed and added paragraphs, not thousands of
 * interleaved word fragments.
 */
import { diffArrays } from 'diff';
import type { TextBlock } from './blocks.ts';
import { changedWords, redline, type Segment } from './redline.ts';
import { readNumber } from '../parse/words.ts';

/** How one block fares between two versions. */
export interface AlignedBlock {
  change: 'equal' | 'modified' | 'added' | 'removed' | 'moved';
  /** The block in the earlier version (absent for added). */
  from: TextBlock | null;
  /** The block in the later version (absent for removed). */
  to: TextBlock | null;
  /** Word-level redline, for a modified block. */
  redline?: Segment[];
  /** Words inserted and deleted (a whole added or removed block counts all its words). */
  changedWords: number;
  /** A moved block is listed twice: where it was (`old`) and where it is (`new`). */
  place?: 'old' | 'new';
}

/** Least share of words two blocks must have in common to be read as one paragraph, changed. */
export const SAME_PARAGRAPH = 0.5;

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const count = (text: string): number => (text.match(/\S+/g) ?? []).length;

/**
 * How alike two blocks' words are: twice the words they share over all
 * their words (Dice), 0 to 1.
 *
 * @param a one text.
 * @param b another.
 * @returns the share.
 */
export function similarity(a: string, b: string): number {
  const x = wordsOf(a);
  const y = wordsOf(b);
  if (x.length + y.length === 0) return 1;
  const bag = new Map<string, number>();
  for (const w of x) bag.set(w, (bag.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of y) {
    const n = bag.get(w) ?? 0;
    if (n > 0) {
      shared++;
      bag.set(w, n - 1);
    }
  }
  return (2 * shared) / (x.length + y.length);
}

const sameBlock = (a: TextBlock, b: TextBlock): boolean => a.kind === b.kind && (a.kind === 'heading' ? a.section?.anchor === b.section?.anchor || a.text === b.text : a.text === b.text);
const family = (b: TextBlock): string => (b.kind === 'heading' ? 'heading' : 'text');

/** How alike two blocks are, 0 to 1: whether one may be read as the other, changed. */
export type Likeness = (from: TextBlock, to: TextBlock) => number;

/**
 * Align the blocks of two versions.
 *
 * @param a the earlier version's blocks.
 * @param b the later version's blocks.
 * @param likeness how alike two blocks are (by default, their words' {@link similarity}).
 * @returns every block of both, in reading order of the later version (removed ones where they stood).
 */
export function alignBlocks(a: TextBlock[], b: TextBlock[], likeness: Likeness = (x, y) => similarity(x.text, y.text)): AlignedBlock[] {
  const out: AlignedBlock[] = [];
  const parts = diffArrays(a, b, { comparator: sameBlock });
  let ai = 0;
  let bi = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.count!; k++) {
        const [from, to] = [a[ai++]!, b[bi++]!];
        out.push(from.text === to.text ? { change: 'equal', from, to, changedWords: 0 } : modified(from, to));
      }
      continue;
    }
    // A run of removed and added blocks: pair the ones that are the same paragraph, changed.
    const removed = part.removed ? a.slice(ai, (ai += part.count!)) : [];
    const next = parts[i + 1];
    const added = part.added ? b.slice(bi, (bi += part.count!)) : next?.added && part.removed ? b.slice(bi, (bi += next.count!)) : [];
    if (part.removed && next?.added) i++;
    out.push(...pairRun(removed, added, likeness));
  }
  markMoves(out, likeness);
  return out;
}

/**
 * A text with its figures written one way: "thirty (30) days" and "30 days"
 * say the same, so rewriting one as the other changes no word that counts.
 *
 * @param text a block's words.
 * @returns the text with "words (figure)" as the figure.
 */
export function foldFigures(text: string): string {
  return text.replace(/\b([a-z]+(?:-[a-z]+)?) \((\d+)\)/gi, (whole, said: string, figure: string) => (readNumber(said) === Number(figure) ? figure : whole));
}

/**
 * Words inserted and deleted from one text to another, figures written
 * either way counting as the same ({@link foldFigures}).
 *
 * @param from the earlier text.
 * @param to the later text.
 * @param segments their redline, when already made.
 * @returns the number of changed words.
 */
export function wordsChanged(from: string, to: string, segments: Segment[] = redline(from, to)): number {
  const a = foldFigures(from);
  const b = foldFigures(to);
  return changedWords(a === from && b === to ? segments : redline(a, b));
}

function modified(from: TextBlock, to: TextBlock): AlignedBlock {
  const segments = redline(from.text, to.text);
  return { change: 'modified', from, to, redline: segments, changedWords: wordsChanged(from.text, to.text, segments) };
}

/** Pair removed and added blocks in order, each with the most alike block ahead of the last pair. */
function pairRun(removed: TextBlock[], added: TextBlock[], likeness: Likeness): AlignedBlock[] {
  const out: AlignedBlock[] = [];
  let next = 0;
  for (const r of removed) {
    let best = -1;
    let score = SAME_PARAGRAPH;
    for (let k = next; k < added.length; k++) {
      if (family(added[k]!) !== family(r)) continue;
      const s = likeness(r, added[k]!);
      if (s >= score) {
        best = k;
        score = s;
        if (s === 1) break;
      }
    }
    if (best === -1) {
      out.push({ change: 'removed', from: r, to: null, changedWords: count(r.text) });
      continue;
    }
    for (; next < best; next++) out.push({ change: 'added', from: null, to: added[next]!, changedWords: count(added[next]!.text) });
    out.push(modified(r, added[best]!));
    next = best + 1;
  }
  for (; next < added.length; next++) out.push({ change: 'added', from: null, to: added[next]!, changedWords: count(added[next]!.text) });
  return out;
}

/**
 * A removed block whose words reappear as an added block elsewhere was
 * moved: unchanged, or changed (then compared word by word where it is now).
 */
function markMoves(aligned: AlignedBlock[], likeness: Likeness): void {
  const added = new Map<string, AlignedBlock[]>();
  for (const x of aligned) if (x.change === 'added') added.set(x.to!.text, [...(added.get(x.to!.text) ?? []), x]);
  for (const x of aligned) {
    if (x.change !== 'removed') continue;
    const twin = added.get(x.from!.text)?.shift();
    if (!twin) continue;
    Object.assign(x, { change: 'moved', to: twin.to, changedWords: 0, place: 'old' });
    Object.assign(twin, { change: 'moved', from: x.from, changedWords: 0, place: 'new' });
  }
  // Moved and reworded: the most alike added block anywhere, of the same kind of block.
  const left = aligned.filter((x) => x.change === 'added');
  for (const x of aligned) {
    if (x.change !== 'removed') continue;
    let best: AlignedBlock | undefined;
    let score = SAME_PARAGRAPH;
    for (const y of left) {
      if (y.change !== 'added' || family(y.to!) !== family(x.from!)) continue;
      const s = likeness(x.from!, y.to!);
      if (s >= score) [best, score] = [y, s];
    }
    if (!best) continue;
    const pair = modified(x.from!, best.to!);
    Object.assign(x, { change: 'moved', to: best.to, changedWords: 0, place: 'old' });
    Object.assign(best, { ...pair, place: 'new' });
  }
}
