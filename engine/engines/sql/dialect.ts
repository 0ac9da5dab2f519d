/**
 * What differs between SQL engines, and nothing else: quoting, literals,
 * lists, regular expressions, integer arithmetic and the timestamp rule of
 * records.md. The compiler (compile.ts) writes every query through one of
 * these, so a new engine is one dialect object (engines.md).
 */

/** A SQL dialect. */
export interface Dialect {
  /** `duckdb` or `postgres`. */
  readonly name: string;
  /** A quoted identifier. */
  id(name: string): string;
  /** A string literal. */
  str(value: string): string;
  /** A literal list of strings (DuckDB list, PostgreSQL text[]). */
  list(values: readonly string[]): string;
  /** Whether a list holds a value (false, never NULL, for an absent value or list). */
  listHas(list: string, value: string): string;
  /** Whether the whole string matches a regular expression (RE2/POSIX subset: classes, groups, `?`, `+`, `*`, `{n}`, `|`). */
  matches(value: string, pattern: string): string;
  /**
   * Epoch milliseconds of an RFC 3339 timestamp with an offset, under
   * codicil's own rule (records.md; records/timestamp.ts), or NULL when the
   * text is not one. Fractions beyond milliseconds are cut (floor).
   */
  timestampMs(text: string): string;
  /**
   * The value of the earliest row of a group: ordered by time, then file, then line.
   *
   * @param value what to return.
   * @param order the expressions to order by.
   */
  earliest(value: string, order: readonly string[]): string;
  /** Whether any value of a group is true (false for none). */
  anyTrue(value: string): string;
  /** The 64-bit integer type. */
  readonly bigint: string;
  /** The text type. */
  readonly text: string;
  /** The type of a list of strings. */
  readonly textList: string;
}

/** RFC 3339 with an offset, as records.md reads it (the ranges are checked apart). */
export const RFC3339 = '[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})';

/**
 * The checks every dialect adds to its own cast: hours, minutes, seconds and
 * offset in range (casts accept 24:00 or leap seconds that records.md refuses).
 *
 * @param s the text (already known to match {@link RFC3339}).
 * @returns a boolean expression.
 */
export function timeInRange(s: string): string {
  return `(substr(${s}, 12, 2) <= '23' AND substr(${s}, 15, 2) <= '59' AND substr(${s}, 18, 2) <= '59' AND (upper(right(${s}, 1)) = 'Z' OR (substr(right(${s}, 5), 1, 2) <= '23' AND right(${s}, 2) <= '59')))`;
}
