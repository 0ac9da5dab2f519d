/**
 * The plainest JSONL: every line the compact form of a valid record. Such a
 * file DuckDB's own JSON reader reads exactly, with typed columns and none of
 * the checks the other ways of staging compute row by row in SQL (at 10 M
 * rows they cost more than reading). Proving it is one pass over the bytes in
 * Node, on the thread that otherwise waits for DuckDB; any line that is not
 * plainly valid ends the proof, and the file is staged the other ways, which
 * name its problems.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { MAX_RECORD_BYTES } from '../../records/limits.ts';
import type { TableDefinition } from '../../records/tables.ts';
import { daysInMonth } from '../../schemas/timestamp.ts';
import { PLAIN_NAME } from './stage-docs.ts';

/** Bytes read at a time. */
const CHUNK = 4 * 2 ** 20;

/** Room for the start of a line carried over from the last chunk. */
const HEAD = MAX_RECORD_BYTES + 2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** A field as the proof reads it. */
interface Field {
  /** Its name, the quote that ends it and the colon (`name":`), as 32-bit words (little-endian), then the bytes that fill no word. */
  words: number[];
  tail: number[];
  /** Bytes of `name":`. */
  length: number;
  kind: 'boolean' | 'timestamp' | 'word' | 'text';
  /** `word`: the allowed values. */
  allowed: Uint8Array[];
}

/** Two digits at i, or -1. */
function twoDigits(b: Uint8Array, i: number): number {
  const x = b[i]! - 48;
  const y = b[i + 1]! - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/**
 * Whether bytes s…e are a timestamp of the shapes most exports write, valid
 * by records.md's rule (schemas/timestamp.ts): `2025-03-01T09:30:00Z`, with
 * `.123` before the `Z` or the offset, or with an offset `+01:00`. Every
 * other shape RFC 3339 allows (other fractions, a lower-case `t` or `z`) is
 * left to the other ways of staging.
 */
export function plainTimestamp(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n !== 20 && n !== 24 && n !== 25 && n !== 29) return false;
  if (b[s + 4] !== 0x2d || b[s + 7] !== 0x2d || b[s + 10] !== 0x54 || b[s + 13] !== 0x3a || b[s + 16] !== 0x3a) return false;
  const century = twoDigits(b, s);
  const yy = twoDigits(b, s + 2);
  const month = twoDigits(b, s + 5);
  const day = twoDigits(b, s + 8);
  const hour = twoDigits(b, s + 11);
  const minute = twoDigits(b, s + 14);
  const second = twoDigits(b, s + 17);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (day > daysInMonth(century * 100 + yy, month)) return false;
  let i = s + 19;
  if (n === 24 || n === 29) {
    if (b[i] !== 0x2e || twoDigits(b, i + 1) < 0 || twoDigits(b, i + 2) < 0) return false;
    i += 4;
  }
  if (i + 1 === e) return b[i] === 0x5a;
  if ((b[i] !== 0x2b && b[i] !== 0x2d) || b[i + 3] !== 0x3a) return false;
  const offsetHours = twoDigits(b, i + 1);
  const offsetMinutes = twoDigits(b, i + 4);
  return offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
}

/** Whether bytes s…e are the bytes of word. */
function same(b: Uint8Array, s: number, e: number, word: Uint8Array): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[s + i] !== word[i]) return false;
  return true;
}

/** Whether b holds a field's `name":` at p. */
function keyAt(view: DataView, b: Uint8Array, p: number, field: Field): boolean {
  const { words, tail } = field;
  for (let k = 0; k < words.length; k++) if (view.getUint32(p + 4 * k, true) !== words[k]) return false;
  const rest = p + 4 * words.length;
  for (let k = 0; k < tail.length; k++) if (b[rest + k] !== tail[k]) return false;
  return true;
}

/** The fields as the proof reads them; undefined when a rule of the table is not one it knows. */
function fieldsOf(table: TableDefinition): Field[] | undefined {
  const fields: Field[] = [];
  for (const f of table.fields) {
    // Compared a word at a time: the names are most of a record's bytes.
    const name = Buffer.from(`${f.name}":`);
    const words: number[] = [];
    for (let k = 0; k + 4 <= name.length; k += 4) words.push(name.readUInt32LE(k));
    const key = { words, tail: [...name.subarray(words.length * 4)], length: name.length };
    // A name the proof compares byte for byte must stand in the text as it is; 31 fields fit a bit mask.
    if (!PLAIN_NAME.test(f.name) || table.fields.length > 31) return undefined;
    switch (f.kind) {
      case 'boolean':
      case 'timestamp':
        fields.push({ ...key, kind: f.kind, allowed: [] });
        break;
      case 'enum':
      case 'country':
        // An allowed word is compared byte for byte, so it must be written as it is (printable ASCII, no `"` or `\`).
        if (!f.allowed!.every((a) => /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/.test(a))) return undefined;
        fields.push({ ...key, kind: 'word', allowed: f.allowed!.map((a) => Buffer.from(a)) });
        break;
      default:
        // A least length counts characters; bytes stand for them only for "not empty".
        if (f.minLength > 1) return undefined;
        fields.push({ ...key, kind: 'text', allowed: [] });
    }
  }
  return fields;
}

/** Two buffers for chunks of a size, each with room before it for a line carried over, and after it for a newline. */
const twoBuffers = (chunk: number): readonly [Buffer, Buffer] => [Buffer.allocUnsafe(HEAD + chunk + 1), Buffer.allocUnsafe(HEAD + chunk + 1)];

/**
 * The buffers of the default chunk size, kept for the next proof while no other holds them (checks run
 * at once in one process each take their own): 10 MB a file, freed only when the garbage collector
 * next runs, held 40 MB at once (10 M rows).
 */
let kept: readonly [Buffer, Buffer] | undefined;
let keptInUse = false;

/**
 * Read the lines of b from start to end (the end of a line), each the
 * compact form of a valid record; -1 as soon as one is not.
 *
 * @returns the lines read, or -1.
 */
function plainLines(b: Buffer, start: number, end: number, fields: Field[], required: number, minLengths: number[]): number {
  if (b.subarray(start, end).indexOf(BACKSLASH) !== -1) return -1;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let lines = 0;
  let p = start;
  while (p < end) {
    const lineStart = p;
    if (b[p++] !== 0x7b) return -1;
    let seen = 0;
    let high = false;
    // Fields are tried from the one after the last found: most exports write them in one order.
    let next = 0;
    for (;;) {
      if (b[p++] !== QUOTE) return -1;
      // A name ends at its first `"`: a field's name followed by one is that name (names hold no `"`).
      let f = -1;
      for (let k = 0; k < fields.length; k++) {
        const i = next + k < fields.length ? next + k : next + k - fields.length;
        if (keyAt(view, b, p, fields[i]!)) {
          f = i;
          break;
        }
      }
      if (f < 0 || (seen & (1 << f)) !== 0) return -1;
      seen |= 1 << f;
      next = f + 1 < fields.length ? f + 1 : 0;
      const field = fields[f]!;
      p += field.length;
      if (field.kind === 'boolean') {
        if (b[p] === 0x74 && b[p + 1] === 0x72 && b[p + 2] === 0x75 && b[p + 3] === 0x65) p += 4;
        else if (b[p] === 0x66 && b[p + 1] === 0x61 && b[p + 2] === 0x6c && b[p + 3] === 0x73 && b[p + 4] === 0x65) p += 5;
        else return -1;
      } else {
        if (b[p++] !== QUOTE) return -1;
        if (field.kind === 'timestamp') {
          // Every byte of a shape is checked (digits, separators), so the string ends at the first length followed by `"`.
          const n = b[p + 20] === QUOTE ? 20 : b[p + 24] === QUOTE ? 24 : b[p + 25] === QUOTE ? 25 : b[p + 29] === QUOTE ? 29 : 0;
          if (n === 0 || !plainTimestamp(b, p, p + n)) return -1;
          p += n + 1;
        } else if (field.kind === 'word') {
          let length = -1;
          for (const word of field.allowed) {
            if (b[p + word.length] === QUOTE && same(b, p, p + word.length, word)) {
              length = word.length;
              break;
            }
          }
          if (length < 0) return -1;
          p += length + 1;
        } else {
          const valueStart = p;
          for (;;) {
            const c = b[p]!;
            if (c === QUOTE) break;
            // A control character (a newline among them) is never in a JSON string as it is.
            if (c < 0x20) return -1;
            if (c >= 0x80) high = true;
            p++;
          }
          if (p - valueStart < minLengths[f]!) return -1;
          p++;
        }
      }
      const c = b[p++];
      if (c === 0x2c) continue;
      if (c === 0x7d) break;
      return -1;
    }
    if ((seen & required) !== required || b[p] !== NEWLINE || p - lineStart > MAX_RECORD_BYTES) return -1;
    p++;
    if (high && !isUtf8(b.subarray(lineStart, p))) return -1;
    lines++;
  }
  return lines;
}

/**
 * Prove that every line of a JSONL file is the compact form of a valid
 * record of its table: `{"name":value,…}` with no space, no escape and no
 * control character; each name a field of the table, at most once, every
 * required field given; `true` or `false` for a boolean field, else a string
 * valid for its field (a timestamp of the common shapes, an allowed word, not
 * empty where required); UTF-8; each line ending with a newline (but the
 * last may not), no blank line, no byte-order mark, no carriage return, no
 * line over the record limit.
 *
 * @param path the file.
 * @param table its table.
 * @param chunk bytes read at a time (tests read a few at a time, to cut lines anywhere).
 * @returns the number of lines (one record each), or undefined when the file
 *   is not such a file (or cannot be read): the other ways read it.
 */
export async function plainRecordLines(path: string, table: TableDefinition, chunk = CHUNK): Promise<number | undefined> {
  const fields = fieldsOf(table);
  if (fields === undefined) return undefined;
  let required = 0;
  table.fields.forEach((f, i) => {
    if (f.required) required |= 1 << i;
  });
  const minLengths = table.fields.map((f) => f.minLength);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  // Two buffers: the next chunk is read while this one is proved. Each has room before its chunk for the
  // start of a line carried over from the last chunk, and after it for a newline after the last line.
  const shared = chunk === CHUNK && !keptInUse;
  const buffers = shared ? (kept ??= twoBuffers(CHUNK)) : twoBuffers(chunk);
  if (shared) keptInUse = true;
  let current = 0;
  try {
    let reading = handle.read(buffers[0], HEAD, chunk, null);
    let carried: Buffer | undefined;
    let lines = 0;
    for (;;) {
      const b = buffers[current]!;
      const { bytesRead } = await reading;
      let start = HEAD;
      if (carried) {
        start -= carried.length;
        carried.copy(b, start);
      }
      let end = HEAD + bytesRead;
      // The other buffer is free: what was carried from it is copied.
      if (bytesRead > 0) reading = handle.read(buffers[1 - current]!, HEAD, chunk, null);
      else if (start === end) break;
      // The last line, without its newline.
      else b[end++] = NEWLINE;
      const last = b.lastIndexOf(NEWLINE, end - 1) + 1;
      if (last <= start) {
        // No line ends in what is held: one longer than any record may be.
        if (end - start > MAX_RECORD_BYTES + 1) return undefined;
        carried = b.subarray(start, end);
      } else {
        const read = plainLines(b, start, last, fields, required, minLengths);
        if (read < 0) return undefined;
        lines += read;
        carried = b.subarray(last, end);
        if (carried.length > MAX_RECORD_BYTES + 1) return undefined;
      }
      if (bytesRead === 0) break;
      current = 1 - current;
    }
    return lines > 0 ? lines : undefined;
  } catch {
    return undefined;
  } finally {
    // Closing waits for a read still under way (into a buffer): only then are the buffers free.
    await handle.close().catch(() => undefined);
    if (shared) keptInUse = false;
  }
}
