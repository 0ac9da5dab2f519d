import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Stream a UTF-8 file as text chunks. Invalid UTF-8 is an error, never
 * silently replaced: a corrupted export must not be judged.
 *
 * @param path the file.
 * @returns an async iterable of decoded chunks (a leading BOM removed).
 */
export async function* textChunks(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/**
 * Read a whole UTF-8 file (for JSON and YAML, which are not streamed).
 *
 * @param path the file.
 * @returns its text without a BOM.
 * @throws TypeError when the bytes are not UTF-8.
 */
export async function readText(path: string): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
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
