/**
 * RFC 3339 timestamps, always with an offset: a time without one is never
 * guessed (UTC? the server's zone?), it is an error.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Parse an RFC 3339 timestamp with an offset.
 *
 * @param text e.g. `2025-03-01T09:30:00Z`, `2025-03-01T10:30:00+01:00`.
 * @returns milliseconds since the epoch, or NaN when the text is not such a timestamp.
 */
export function parseTimestamp(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, , , oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return Number.NaN;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return Number.NaN;
  if (day > new Date(Date.UTC(Number(y), month, 0)).getUTCDate()) return Number.NaN;
  return Date.parse(text.toUpperCase());
}

/**
 * Whether text is an RFC 3339 timestamp with an offset.
 *
 * @param text the value.
 * @returns true when valid.
 */
export function isTimestamp(text: string): boolean {
  return !Number.isNaN(parseTimestamp(text));
}

/**
 * Why a value is not a timestamp, in plain words.
 *
 * @param text the value.
 * @returns the problem.
 */
export function timestampProblem(text: string): string {
  if (NO_OFFSET.test(text)) return `timestamp ${JSON.stringify(text)} has no offset: add Z or +hh:mm (a time without an offset is never guessed)`;
  return `${JSON.stringify(text)} is not an RFC 3339 timestamp (e.g. 2025-03-01T09:30:00Z)`;
}
