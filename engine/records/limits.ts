/**
 * What codicil refuses to read, whatever the engine: limits that keep a
 * hostile or broken export from hanging a check or exhausting memory.
 * README "What codicil refuses" lists them.
 */

/** JSON and YAML tables are read whole: larger ones must be JSONL, CSV or Parquet (streamed). */
export const MAX_WHOLE_FILE_BYTES = 64 * 2 ** 20;

/** Longest JSONL line or CSV record: a flat record is never this long. */
export const MAX_RECORD_BYTES = 2 ** 20;

/** Longest value echoed back in an error message (the rest is cut, with "…"). */
export const MAX_SHOWN_VALUE = 80;

/** Most errors listed in a report; the rest are counted. */
export const MAX_ERRORS = 10_000;

/**
 * A size in words ("64 MiB").
 *
 * @param bytes the size.
 * @returns the size, in KiB, MiB or GiB.
 */
export function sizeWords(bytes: number): string {
  if (bytes < 2 ** 10) return `${bytes} bytes`;
  const [unit, scale] = bytes < 2 ** 20 ? ['KiB', 2 ** 10] : bytes < 2 ** 30 ? ['MiB', 2 ** 20] : ['GiB', 2 ** 30];
  const value = bytes / scale;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/**
 * A value from a record, as an error message shows it: JSON for scalars
 * (control characters escaped), the kind of value for objects and arrays,
 * and never more than {@link MAX_SHOWN_VALUE} characters.
 *
 * @param value a parsed value.
 * @returns the words.
 */
export function shownValue(value: unknown): string {
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  // A number JSON cannot write (1e400 parses as Infinity, YAML has .inf and .nan) is not null (review).
  const text = value === undefined ? 'nothing' : typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}…` : text;
}
