import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from '../../parse/source.ts';

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

/**
 * Stream a UTF-8 file as text chunks. Invalid UTF-8 is an error, never
 * silently replaced: a corrupted export must not be judged. The text before
 * the line holding the first invalid byte is still given, so what a reader
 * reports does not depend on chunk sizes.
 *
 * @param path the file.
 * @returns an async iterable of decoded chunks (a leading BOM removed).
 * @throws InvalidUtf8Error naming the line of the first invalid byte.
 */
export async function* textChunks(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let carry: Uint8Array = new Uint8Array(0);
  let line = 1;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    let bytes: Uint8Array = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    if (first && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    if (first && bytes.length < 3 && (chunk as Buffer).length > 0) {
      // Too short to tell a BOM yet.
      carry = bytes;
      continue;
    }
    first = false;
    const end = completeEnd(bytes);
    const complete = bytes.subarray(0, end);
    if (isUtf8(complete)) {
      for (let i = complete.indexOf(0x0a); i !== -1; i = complete.indexOf(0x0a, i + 1)) line++;
      yield decoder.decode(complete);
      carry = bytes.slice(end);
      continue;
    }
    const bad = invalidUtf8Line(complete, line);
    // Give every line before the bad one, then stop.
    let cut = 0;
    for (let i = complete.indexOf(0x0a), l = line; i !== -1 && l + 1 <= bad; i = complete.indexOf(0x0a, i + 1), l++) cut = i + 1;
    if (cut > 0) yield decoder.decode(complete.subarray(0, cut));
    throw new InvalidUtf8Error(bad);
  }
  if (carry.length > 0) {
    if (!isUtf8(carry)) throw new InvalidUtf8Error(invalidUtf8Line(carry, line));
    yield decoder.decode(carry);
  }
}

/**
 * Read a whole UTF-8 file (JSON and YAML, which are not streamed).
 *
 * @param path the file.
 * @returns its text without a BOM.
 * @throws InvalidUtf8Error naming the line of the first invalid byte.
 */
export async function readText(path: string): Promise<string> {
  const bytes = await readFile(path);
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
