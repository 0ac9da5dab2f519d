import { problem, recordError, type RecordError } from './errors.ts';
import { MAX_ERRORS } from './limits.ts';
import { errors as catalogue } from '../errors/catalogue.ts';

/** Where an error sorts: table (READ_ORDER; -1 for the folder), file, line, order within the row. */
export type ErrorRank = readonly [number, number, number, number];

const FURTHER = catalogue.furtherErrors.code;

/**
 * How many errors a `furtherErrors` error counts.
 *
 * @param error an error of code {@link FURTHER}.
 * @returns the count in its words.
 */
export const furtherCount = (error: RecordError): number => Number(/^(\d+)/.exec(error.message)?.[1] ?? 0);

const compare = (a: ErrorRank, b: ErrorRank): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3];

/**
 * The errors of a check, in the one order every engine reports them, keeping
 * only the first {@link MAX_ERRORS} in memory and counting the rest.
 */
export class ErrorList {
  private entries: { error: RecordError; rank: ErrorRank; n: number }[] = [];
  private total = 0;

  /** Errors added so far. */
  get size(): number {
    return this.total;
  }

  /**
   * Add an error.
   *
   * @param error the error.
   * @param rank where it sorts.
   */
  add(error: RecordError, rank: ErrorRank): void {
    // A list capped already (a records folder's own errors): its count joins this one's.
    if (error.code === FURTHER) return this.hidden(furtherCount(error));
    this.entries.push({ error, rank, n: this.total++ });
    if (this.entries.length >= 2 * MAX_ERRORS) this.trim();
  }

  /**
   * Count errors found but not listed (an engine fetched only the first
   * MAX_ERRORS of a kind; the rest sort after them).
   *
   * @param n how many.
   */
  hidden(n: number): void {
    this.total += Math.max(0, n);
  }

  private trim(): void {
    this.entries.sort((a, b) => compare(a.rank, b.rank) || a.n - b.n);
    this.entries.length = Math.min(this.entries.length, MAX_ERRORS);
  }

  /**
   * The errors in report order: at most {@link MAX_ERRORS}, then one saying how many more there were.
   *
   * @returns the errors.
   */
  list(): RecordError[] {
    this.trim();
    const out = this.entries.map((e) => e.error);
    if (this.total > out.length) out.push(recordError('', null, problem('furtherErrors', [this.total - out.length])));
    return out;
  }
}
