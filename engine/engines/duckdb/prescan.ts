import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** The byte DuckDB's line reader splits columns on (stage-docs.ts): no valid JSON line holds it. */
export const COLUMN_DELIMITER = 0x01;

/** A byte-order mark: DuckDB's line reader drops it wherever it stands; only the file's first is not data. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * How DuckDB may read a JSONL file line by line: `lf` or `crlf` line ends,
 * or `node` when only the reference reader can say what is in it (bytes that
 * are not UTF-8, a carriage return that ends no line, mixed line ends, the
 * byte DuckDB's line reader splits columns on, a byte-order mark after the
 * first byte — it would split, cut, drop or refuse those differently).
 *
 * One pass over the bytes at memory speed (UTF-8 check and a search for CR).
 *
 * @param path the file.
 * @returns the verdict.
 */
export async function prescanJsonl(path: string): Promise<'lf' | 'crlf' | 'node'> {
  let cr = 0;
  let crlf = 0;
  let carry: Uint8Array = new Uint8Array(0);
  let pendingCr = false;
  let first = true;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    const buffer = chunk as Buffer;
    // A mark inside the file, also one split across two chunks.
    if (buffer.indexOf(BOM, first ? 1 : 0) !== -1 || Buffer.concat([tail, buffer.subarray(0, 2)]).indexOf(BOM) !== -1) return 'node';
    tail = buffer.subarray(Math.max(0, buffer.length - 2));
    first = false;
    if (pendingCr && buffer[0] === 10) crlf++;
    pendingCr = false;
    const bytes = carry.length > 0 ? Buffer.concat([carry, buffer]) : buffer;
    // Keep an incomplete UTF-8 sequence at the end for the next chunk.
    let end = bytes.length;
    for (let k = 1; k <= 3 && end - k >= 0; k++) {
      const b = bytes[end - k]!;
      if (b >= 0xc0) {
        if (k < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2)) end -= k;
        break;
      }
      if (b < 0x80) break;
    }
    if (!isUtf8(bytes.subarray(0, end)) || buffer.indexOf(COLUMN_DELIMITER) !== -1) return 'node';
    carry = bytes.slice(end);
    for (let i = buffer.indexOf(13); i !== -1; i = buffer.indexOf(13, i + 1)) {
      cr++;
      if (i + 1 < buffer.length) {
        if (buffer[i + 1] === 10) crlf++;
      } else pendingCr = true;
    }
  }
  if (carry.length > 0 && !isUtf8(carry)) return 'node';
  if (cr === 0) return 'lf';
  if (cr !== crlf) return 'node';
  // Every CR ends a line: then every LF must follow a CR.
  let lf = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    const buffer = chunk as Buffer;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lf++;
  }
  return lf === crlf ? 'crlf' : 'node';
}
