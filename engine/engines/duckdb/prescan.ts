import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/**
 * How DuckDB may read a JSONL file line by line: `lf` or `crlf` line ends,
 * or `node` when only the reference reader can say what is in it (bytes that
 * are not UTF-8, a carriage return that ends no line, mixed line ends —
 * DuckDB's line reader would split or refuse those differently).
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
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    const buffer = chunk as Buffer;
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
    if (!isUtf8(bytes.subarray(0, end))) return 'node';
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
