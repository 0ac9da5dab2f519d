/**
 * Making values from data safe to print: control and escape characters are
 * shown as `\u001b` instead of reaching a terminal, a log or a document raw,
 * and a value echoed from data is shortened to a bounded length. Used by
 * every text output (lint, check and diff reports).
 */

/** Longest value echoed from data, in characters, before "…". */
export const MAX_ECHO = 200;

/**
 * Characters never printed raw: C0 controls, DEL, C1 controls, lone
 * surrogates, non-characters (U+FFFE…), the Unicode line separators and
 * bidirectional overrides (which can make printed text read differently from
 * what it is).
 */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|\p{Noncharacter_Code_Point}|[\uD800-\uDFFF]/gu;
/**
 * The same, less what JSON.stringify escapes itself (C0 and lone
 * surrogates), without the u flag (three times faster over a long report):
 * the non-characters spelled out, U+FDD0…U+FDEF and the last two code points
 * of each plane (test/visible.test.ts: it escapes what {@link visible} does, but C0 and lone surrogates).
 */
const INVISIBLE_IN_JSON = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/g;

/**
 * A character as the escape a reader sees.
 *
 * @param char one character (or lone surrogate).
 * @returns e.g. `\u001b`, or `\u{10ffff}` beyond U+FFFF.
 */
export function escapeChar(char: string): string {
  const code = char.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * JSON of a value, pretty-printed, with the characters JSON.stringify leaves
 * raw but a terminal or a viewer would act on (DEL, C1 controls, bidirectional
 * overrides, line separators, non-characters) written as `\u` escapes: the
 * same data once parsed.
 *
 * @param value a JSON value.
 * @returns the JSON text, with a final newline.
 */
export function jsonText(value: unknown): string {
  return `${visibleInJson(JSON.stringify(value, null, 2))}\n`;
}

/**
 * JSON text with the characters {@link jsonText} escapes written as `\u`
 * escapes; a piece of a JSON text may be given (the escaped characters stand
 * for themselves, outside any escape sequence).
 *
 * @param json JSON text, or a piece of it.
 * @returns the text with those characters escaped.
 */
export function visibleInJson(json: string): string {
  // JSON escapes a code unit at a time: a character beyond U+FFFF is its two surrogates (`\u{…}` is no JSON).
  return json.replace(INVISIBLE_IN_JSON, (c) => (c.length === 1 ? escapeChar(c) : escapeChar(c[0]!) + escapeChar(c[1]!)));
}

/**
 * Show control and escape characters as `\u001b`.
 *
 * @param text a value from data.
 * @param keep characters to leave as they are (e.g. "\n" where a format escapes line breaks itself).
 * @returns the text with every other invisible character escaped.
 */
export function visible(text: string, keep = ''): string {
  return text.replace(INVISIBLE, (c) => (keep.includes(c) ? c : escapeChar(c)));
}

/**
 * Shorten a value to at most `max` characters, then "…" (never splitting a
 * surrogate pair).
 *
 * @param text a value from data.
 * @param max the longest kept.
 * @returns the value, or its start and "…".
 */
export function clip(text: string, max = MAX_ECHO): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, cut)}…`;
}

/**
 * A value from data, ready to print: shortened, then control characters shown.
 *
 * @param text a value from data.
 * @param max the longest kept (default {@link MAX_ECHO}).
 * @param keep characters to leave raw.
 * @returns the safe text.
 */
export function echo(text: string, max = MAX_ECHO, keep = ''): string {
  return visible(clip(text, max), keep);
}

/**
 * {@link visible} for every string in a value (object keys too), for an
 * output built from a whole result rather than value by value.
 *
 * @param value plain data (strings, numbers, arrays, objects).
 * @returns a copy with every invisible character in its strings escaped.
 */
export function visibleAll<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => visibleAll(v)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [visible(k), visibleAll(v)])) as T;
  return value;
}
