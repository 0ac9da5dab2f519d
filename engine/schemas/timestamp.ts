/**
 * RFC 3339 timestamps, always with an offset: a time without one is never
 * guessed (UTC? the server's zone?), it is an error.
 */
export const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The days of a month of the proleptic Gregorian calendar (year 0 is a leap year).
 *
 * @param year the year.
 * @param month the month, 1 to 12.
 * @returns 28 to 31.
 */
export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return DAYS[month - 1]! + (month === 2 && leap ? 1 : 0);
}

// Character checks instead of a regex: this runs for every timestamp of every row.
const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};
const number = (text: string, i: number, n: number): number => {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(text, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
};

/**
 * Parse an RFC 3339 timestamp with an offset (`2025-03-01T09:30:00Z`,
 * `2025-03-01T10:30:00.5+01:00`) without Date.parse: this runs for every
 * timestamp of every row. Fractions beyond milliseconds are truncated.
 *
 * @param text the value.
 * @returns milliseconds since the epoch, or NaN when the text is not a valid timestamp with an offset.
 */
export function parseTimestamp(text: string): number {
  const length = text.length;
  if (length < 20) return Number.NaN;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return Number.NaN;
  const t = text.charCodeAt(10);
  if (t !== 84 && t !== 116) return Number.NaN;
  const year = number(text, 0, 4);
  const month = number(text, 5, 2);
  const day = number(text, 8, 2);
  const hour = number(text, 11, 2);
  const minute = number(text, 14, 2);
  const second = number(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
  if (day > daysInMonth(year, month)) return Number.NaN;
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < length && digit(text, i) >= 0) {
      if (i - start < 3) millis += digit(text, i) * 10 ** (2 - (i - start));
      i++;
    }
    if (i === start) return Number.NaN;
  }
  let offset = 0;
  const z = text.charCodeAt(i);
  if ((z === 90 || z === 122) && i + 1 === length) offset = 0;
  else if ((z === 43 || z === 45) && i + 6 === length && text.charCodeAt(i + 3) === 58) {
    const oh = number(text, i + 1, 2);
    const om = number(text, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
    offset = (z === 43 ? 1 : -1) * (oh * 60 + om);
  } else return Number.NaN;
  // Days from the civil date (Howard Hinnant's algorithm).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return (((days * 24 + hour) * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

/**
 * Whether text is an RFC 3339 timestamp with an offset.
 *
 * @param text the value.
 * @returns true when valid (real calendar date, times in range, offset present).
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
