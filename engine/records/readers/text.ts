import { open, readFile } from 'node:fs/promises';
import { fileErrorWords } from '../../io/file-errors.ts';
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from '../../parse/source.ts';
import { problem, type RecordProblem } from '../errors.ts';

/** Invalid UTF-8 in a record file: never silently replaced, and named by its line. */
export class InvalidUtf8Error extends Error {
  /** The line holding the first invalid byte. */
  readonly line: number;
  /** @param line the line of the first invalid byte. */
  constructor(line: number) {
    super(`invalid UTF-8 at line ${line}`);
    this.line = line;
  }
}

/** A file that begins with a UTF-16 (or UTF-32) byte-order mark: certainly not UTF-8, and never guessed at. */
export class Utf16Error extends InvalidUtf8Error {
  /** The encoding its mark names ("UTF-16 little-endian"). */
  readonly encoding: string;
  /** @param encoding the encoding its mark names. */
  constructor(encoding: string) {
    super(1);
    this.encoding = encoding;
  }
}

/**
 * The encoding a file's first bytes name by their byte-order mark, when it is
 * UTF-16 or UTF-32 (FF FE, FE FF; FF FE 00 00, 00 00 FE FF).
 *
 * @param bytes the file's first bytes (four tell UTF-32 from UTF-16).
 * @returns e.g. "UTF-16 little-endian", or undefined.
 */
export function utf16Mark(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.length >= 4 && bytes[2] === 0 && bytes[3] === 0 ? 'UTF-32 little-endian' : 'UTF-16 little-endian';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16 big-endian';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'UTF-32 big-endian';
  return undefined;
}

/**
 * Why a file or folder could not be read, in words and without its path on
 * this machine (a record error names it relative to the records folder).
 *
 * @param error what reading it threw.
 * @returns e.g. "permission denied", "the links form a loop".
 */
export function unreadableWords(error: unknown): string {
  return fileErrorWords(error, { ENOENT: 'it is no longer there (removed while it was read?)', ENOTDIR: 'it is not a folder' });
}

/**
 * The problem of a record file a reader could not read: bytes that are not
 * UTF-8 (or are UTF-16), or a file that cannot be opened or read.
 *
 * @param error what reading it threw.
 * @returns the line (null for the whole file) and the problem.
 */
export function readFailure(error: unknown): { line: number | null; problem: RecordProblem } {
  if (error instanceof Utf16Error) return { line: error.line, problem: problem('recordUtf16', [error.encoding]) };
  if (error instanceof InvalidUtf8Error) return { line: error.line, problem: problem('recordInvalidUtf8', []) };
  return { line: null, problem: problem('recordFileUnreadable', [unreadableWords(error)]) };
}

/**
 * The line of the first byte that is not valid UTF-8.
 *
 * @param bytes the bytes.
 * @param line the line the bytes start on.
 * @returns the line, or -1 when every byte is valid.
 */
export function invalidUtf8Line(bytes: Uint8Array, line = 1): number {
  const at = firstInvalidUtf8(bytes);
  if (at === -1) return -1;
  let n = line;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < at; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Where a chunk's complete UTF-8 sequences end (an incomplete one at the end waits for the next chunk). */
function completeEnd(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = bytes[end - k]!;
    if (b >= 0xc0) return k < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) ? end - k : end;
    if (b < 0x80) return end;
  }
  return end;
}

/** Bytes read from a streamed file at a time. */
const CHUNK_BYTES = 1 << 20;

/** Asks {@link textChunks} to skip the rest of a line, by bytes. */
export interface ChunkControl {
  /**
   * Set by the reader once the current line is refused (longer than a record
   * may be): the bytes up to the next line feed are then passed over, neither
   * decoded nor checked, and the next chunk begins with that line feed.
   * Cleared when it is found.
   */
  skipLine: boolean;
  /** Bytes read from the file so far. */
  bytesRead?: number;
  /** Bytes decoded to text so far. */
  bytesDecoded?: number;
}

/**
 * Stream a UTF-8 file as text chunks. Invalid UTF-8 is an error, never
 * silently replaced: a corrupted export must not be judged. The text before
 * the line holding the first invalid byte is still given, so what a reader
 * reports does not depend on chunk sizes.
 *
 * @param path the file.
 * @param control set `skipLine` to pass over the rest of the current line without decoding it.
 * @returns an async iterable of decoded chunks (a leading BOM removed).
 * @throws InvalidUtf8Error naming the line of the first invalid byte (a Utf16Error for a UTF-16 file).
 */
export async function* textChunks(path: string, control: ChunkControl = { skipLine: false }): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (bytes: Uint8Array): string => {
    control.bytesDecoded = (control.bytesDecoded ?? 0) + bytes.length;
    return decoder.decode(bytes);
  };
  let carry: Uint8Array = new Uint8Array(0);
  let line = 1;
  let first = true;
  // One buffer, read into again and again (review: a fresh megabyte a chunk, 2 GB of them for one
  // long line, kept the garbage collector busy for seconds): nothing yielded or carried points into it.
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      control.bytesRead = (control.bytesRead ?? 0) + bytesRead;
      const chunk = buffer.subarray(0, bytesRead);
      let bytes: Uint8Array = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      if (first && bytes.length < 4) {
        // Too short to tell a mark yet.
        carry = Buffer.from(bytes);
        continue;
      }
      if (first) {
        const encoding = utf16Mark(bytes);
        if (encoding !== undefined) throw new Utf16Error(encoding);
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        first = false;
      }
      if (control.skipLine) {
        // A refused line: its bytes (carried ones too) are passed over up to its line feed, which ends it.
        const lf = bytes.indexOf(0x0a);
        carry = new Uint8Array(0);
        if (lf === -1) continue;
        control.skipLine = false;
        bytes = bytes.subarray(lf);
      }
      const end = completeEnd(bytes);
      const complete = bytes.subarray(0, end);
      if (isUtf8(complete)) {
        for (let i = complete.indexOf(0x0a); i !== -1; i = complete.indexOf(0x0a, i + 1)) line++;
        yield decode(complete);
        carry = bytes.slice(end);
        continue;
      }
      const bad = invalidUtf8Line(complete, line);
      // Give every line before the bad one, then stop.
      let cut = 0;
      for (let i = complete.indexOf(0x0a), l = line; i !== -1 && l + 1 <= bad; i = complete.indexOf(0x0a, i + 1), l++) cut = i + 1;
      if (cut > 0) yield decode(complete.subarray(0, cut));
      throw new InvalidUtf8Error(bad);
    }
  } finally {
    await handle.close();
  }
  if (first && carry.length > 0) {
    // A file of fewer than four bytes.
    const encoding = utf16Mark(carry);
    if (encoding !== undefined) throw new Utf16Error(encoding);
    if (carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) carry = carry.subarray(3);
  }
  if (carry.length > 0 && !control.skipLine) {
    if (!isUtf8(carry)) throw new InvalidUtf8Error(invalidUtf8Line(carry, line));
    yield decode(carry);
  }
}

/**
 * Read a whole UTF-8 file (JSON and YAML, which are not streamed).
 *
 * @param path the file.
 * @returns its text without a BOM.
 * @throws InvalidUtf8Error naming the line of the first invalid byte (a Utf16Error for a UTF-16 file).
 */
export async function readText(path: string): Promise<string> {
  const bytes = await readFile(path);
  const encoding = utf16Mark(bytes);
  if (encoding !== undefined) throw new Utf16Error(encoding);
  if (!isUtf8(bytes)) throw new InvalidUtf8Error(invalidUtf8Line(bytes));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * Is the value a plain record (an object, not an array or null)?
 *
 * @param value a parsed value.
 * @returns true for objects.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Describe a parsed value's type for messages.
 *
 * @param value anything.
 * @returns "array", "null", "string", ...
 */
export function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Why a parsed value holds no Unicode text, when a `\u` escape in it names a
 * lone surrogate (`"\ud800"`: half of a character beyond U+FFFF, which
 * JSON.parse and YAML keep as it is): in a string or an object's key, at any
 * depth. No engine could store it (DuckDB and PostgreSQL hold UTF-8; DuckDB
 * reads such a line as no JSON at all) and nothing is guessed, so the record
 * is refused as unreadable, like bytes that are not UTF-8.
 *
 * @param value a parsed value.
 * @returns e.g. "\ud800 is half of a character (a lone surrogate): no Unicode text", or undefined.
 */
export function loneSurrogate(value: unknown): string | undefined {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return surrogateWords(v);
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        if (!key.isWellFormed()) return surrogateWords(key);
        stack.push(item);
      }
    }
  }
  return undefined;
}

/** The words of {@link loneSurrogate} for a text that is not well formed. */
function surrogateWords(text: string): string {
  // `search` with the u flag finds only lone surrogates (as decodePolicyText finds them).
  const lone = text.charCodeAt(text.search(/[\uD800-\uDFFF]/u));
  return `\\u${lone.toString(16)} is half of a character (a lone surrogate): no Unicode text`;
}
