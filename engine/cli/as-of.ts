import { parseTimestamp } from '../schemas/timestamp.ts';

/**
 * Read `--as-of`: an RFC 3339 timestamp with an offset, or a date meaning
 * 00:00 UTC that day. A time without an offset is refused, never guessed.
 *
 * @param text the option's value.
 * @returns milliseconds since the epoch, or NaN.
 */
export function parseAsOf(text: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseTimestamp(`${text}T00:00:00Z`);
  return parseTimestamp(text);
}
