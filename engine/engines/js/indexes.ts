/**
 * The look-ups the `js` engine builds while it streams the tables a plan
 * looks things up in, before the subjects: compact, and dropped as soon as
 * the last subject table needing them has been read.
 */
import type { RowSource } from '../../records/read.ts';

// Cells live in fixed-size chunks, so growing never copies everything.
const CHUNK = 3 << 17;

/**
 * The earliest time per key (and, optionally, per column of a small table,
 * e.g. per data store), with the record it comes from.
 */
export class EarliestIndex {
  private readonly slots = new Map<string, number>();
  private chunks: Float64Array[] = [];
  private readonly files: string[] = [];
  private readonly fileNumbers = new Map<string, number>();
  private readonly width: number;

  /** @param width cells per key (1, or the number of columns). */
  constructor(width: number) {
    this.width = Math.max(1, width);
  }

  private cell(slot: number, column: number): [Float64Array, number] {
    const at = (slot + column) * 3;
    return [this.chunks[Math.floor(at / CHUNK)]!, at % CHUNK];
  }

  /**
   * Record a time, keeping the earliest (the first read, on a tie).
   *
   * @param key the key.
   * @param column the column (0 without columns).
   * @param t the time (ms).
   * @param source where it comes from.
   */
  add(key: string, column: number, t: number, source: RowSource): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size * this.width;
      this.slots.set(key, slot);
      // A cell is 3 numbers and CHUNK a multiple of 3: no cell spans two chunks.
      while ((slot + this.width) * 3 > this.chunks.length * CHUNK) this.chunks.push(new Float64Array(CHUNK).fill(Number.NaN));
    }
    const [chunk, i] = this.cell(slot, column);
    if (Number.isNaN(chunk[i]!) || t < chunk[i]!) {
      chunk[i] = t;
      let n = this.fileNumbers.get(source.file);
      if (n === undefined) this.fileNumbers.set(source.file, (n = this.files.push(source.file) - 1));
      chunk[i + 1] = n;
      chunk[i + 2] = source.line;
    }
  }

  /**
   * The earliest time of a key and column.
   *
   * @param key the key.
   * @param column the column.
   * @returns the time and its record, or undefined.
   */
  get(key: string, column = 0): { t: number; source: RowSource } | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    const [chunk, i] = this.cell(slot, column);
    const t = chunk[i]!;
    return Number.isNaN(t) ? undefined : { t, source: { file: this.files[chunk[i + 1]!]!, line: chunk[i + 2]! } };
  }
}
