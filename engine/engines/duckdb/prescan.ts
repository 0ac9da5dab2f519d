import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { MAX_RECORD_BYTES } from '../../records/limits.ts';

/** The byte DuckDB's line reader splits columns on (stage-docs.ts): no valid JSON line holds it. */
export const COLUMN_DELIMITER = 0x01;

/** Bytes read at a time. */
const CHUNK = 1 << 23;

/**
 * How DuckDB may read a JSONL file line by line: `lf` or `crlf` line ends,
 * or `node` when only the reference reader can say what is in it (bytes that
 * are not UTF-8, a carriage return that ends no line, mixed line ends, the
 * byte DuckDB's line reader splits columns on, a byte-order mark after the
 * first byte — it would split, cut, drop or refuse those differently; a line
 * longer than a record may be, which the reference reader refuses without
 * reading it, so the file is not scanned to its end (review: a 2 GB sparse
 * file, one line of NULs, was scanned whole, then read whole by DuckDB); or a
 * file that cannot be opened, which the reference reader refuses in its
 * words).
 *
 * One pass over the bytes at memory speed (UTF-8 check, and searches for CR,
 * the delimiter and the mark's first byte); a second for LF only when there is a CR.
 *
 * @param path the file.
 * @param chunk bytes read at a time (tests make it small, to put every byte at a chunk's edge).
 * @returns the verdict.
 */
export async function prescanJsonl(path: string, chunk = CHUNK): Promise<'lf' | 'crlf' | 'node'> {
  let cr = 0;
  let crlf = 0;
  // One buffer for the whole file, read in place: a stream's chunks cost more than the checks.
  const buffer = Buffer.allocUnsafe(chunk + 4);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    // Review: a file without read permission ended the run as an internal error.
    return 'node';
  }
  try {
    // An incomplete UTF-8 sequence at the end of a chunk is carried to the front of the next
    // (a mark split across two chunks is one: it is found whole there).
    let carried = 0;
    // The file offset of the buffer's first byte.
    let offset = 0;
    let lastCr = false;
    // The file offset where the current line begins.
    let lineStart = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, carried, chunk, null);
      if (bytesRead === 0) break;
      const end = carried + bytesRead;
      const bytes = buffer.subarray(0, end);
      // A line of more than the record limit (and a CR): found a limit's length at a time, looking back for a line feed.
      for (;;) {
        const past = lineStart + MAX_RECORD_BYTES + 1 - offset;
        if (past >= end) break;
        const lf = bytes.lastIndexOf(10, past);
        if (lf === -1 || offset + lf < lineStart) return 'node';
        lineStart = offset + lf + 1;
      }
      // The rest of the chunk is shorter than the limit: its last line goes on from its last line feed.
      const lastLf = bytes.lastIndexOf(10);
      if (lastLf !== -1 && offset + lastLf + 1 > lineStart) lineStart = offset + lastLf + 1;
      // A mark anywhere but the file's first bytes (0xEF is rare in text: found by memchr, then looked at).
      for (let i = bytes.indexOf(0xef); i !== -1 && i + 2 < end; i = bytes.indexOf(0xef, i + 1)) {
        if (bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf && offset + i !== 0) return 'node';
      }
      if (bytes.indexOf(COLUMN_DELIMITER) !== -1) return 'node';
      let whole = end;
      for (let k = 1; k <= 3 && end - k >= 0; k++) {
        const b = bytes[end - k]!;
        if (b >= 0xc0) {
          if (k < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2)) whole -= k;
          break;
        }
        if (b < 0x80) break;
      }
      if (!isUtf8(bytes.subarray(0, whole))) return 'node';
      // Carried bytes are never CR or LF.
      if (lastCr && bytes[carried] === 10) crlf++;
      for (let i = bytes.indexOf(13, carried); i !== -1; i = bytes.indexOf(13, i + 1)) {
        cr++;
        if (i + 1 < end && bytes[i + 1] === 10) crlf++;
      }
      lastCr = bytes[end - 1] === 13;
      buffer.copyWithin(0, whole, end);
      carried = end - whole;
      offset += whole;
    }
    if (carried > 0) return 'node';
    if (cr === 0) return 'lf';
    if (cr !== crlf) return 'node';
    // Every CR ends a line: then every LF must follow a CR.
    let lf = 0;
    for (let at = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, chunk, at);
      if (bytesRead === 0) break;
      at += bytesRead;
      const bytes = buffer.subarray(0, bytesRead);
      for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lf++;
    }
    return lf === crlf ? 'crlf' : 'node';
  } finally {
    await handle.close();
  }
}
