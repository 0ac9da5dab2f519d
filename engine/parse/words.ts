/**
 * Reading typed values from the words a reader sees. The value the engine
 * enforces is computed from the words, so the two cannot disagree.
 */

// Maps, not objects: words such as "constructor" or "toString" are not numbers or units.
const UNITS = new Map<string, { seconds: number; iso: 'W' | 'D' | 'H' | 'M' | 'S' }>([
  ['second', { seconds: 1, iso: 'S' }],
  ['minute', { seconds: 60, iso: 'M' }],
  ['hour', { seconds: 3600, iso: 'H' }],
  ['day', { seconds: 86400, iso: 'D' }],
  ['week', { seconds: 604800, iso: 'W' }],
]);

const SMALL = new Map<string, number>(
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map((w, i) => [w, i]),
);
const TENS = new Map<string, number>(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((w, i) => [w, 20 + 10 * i]));

/** The range of a duration in a clause, in seconds: 1 second to 36 525 days (100 years). */
export const DURATION_RANGE = Object.freeze({ min: 1, max: 36_525 * 86_400 });

/** A duration in elapsed time. */
export interface Duration {
  /** ISO 8601 form, e.g. `PT72H`, `P14D`. */
  iso: string;
  /** Elapsed seconds (a day is 24 hours). */
  seconds: number;
}

/**
 * Read a number written in digits or in words ("72", "seventy-two", "14").
 *
 * @param words the number.
 * @returns the number, or null when the words are not a whole number below 100 (words) / any size (digits).
 */
export function readNumber(words: string): number | null {
  const w = words.trim().toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  const small = SMALL.get(w);
  if (small !== undefined) return small;
  const m = /^([a-z]+)(?:[- ]([a-z]+))?$/.exec(w);
  const tens = m ? TENS.get(m[1]!) : undefined;
  if (m && tens !== undefined) {
    if (m[2] === undefined) return tens;
    const unit = SMALL.get(m[2]);
    if (unit !== undefined && unit > 0 && unit < 10) return tens + unit;
  }
  return null;
}

/** Why words do not read as an elapsed duration (see {@link readDurationWords}). */
export type DurationProblem =
  /** "thirty (31) days": the number in words and the figure in brackets differ. */
  | { problem: 'figure'; stated: number; figure: number }
  /** "one month", "three (3) years": a calendar period, not a fixed elapsed time. */
  | { problem: 'calendar'; amount: number; unit: 'month' | 'year'; days: { min: number; max: number } }
  /** "ten business days": depends on a calendar of working days. */
  | { problem: 'business' }
  /** Not a duration at all. */
  | { problem: 'unreadable' };

/** The result of {@link readDurationWords}. */
export type DurationReading = ({ ok: true } & Duration) | ({ ok: false } & DurationProblem);

// "thirty (30) days", "30 (thirty) days", "seventy-two hours", "a week", "14 calendar days", "30 days'" (as in "30 days' notice").
const DURATION_WORDS = /^(an?|\d+|[a-z]+(?:[- ](?!calendar\b)[a-z]+)?)(?: ?\(([^()]*)\))?[ -](?:(calendar) )?(second|minute|hour|day|week|month|year)s?['’]?$/i;

/**
 * Read words as a duration, the way contracts write them: a number in
 * figures or words ("72 hours", "seventy-two hours"), or both, the figure in
 * brackets ("thirty (30) days", "30 (thirty) days") — which must agree —
 * of seconds, minutes, hours, days (also "calendar days") or weeks; or ISO
 * 8601 with weeks, days, hours, minutes and seconds (`PT72H`). Calendar
 * months and years and business days are not a fixed elapsed time: they are
 * reported as such, with the range of elapsed days a calendar period spans.
 *
 * @param words the words of the policy.
 * @returns the duration, or why the words are not one.
 */
export function readDurationWords(words: string): DurationReading {
  const text = words.trim().replace(/\s+/g, ' ');
  const iso = readIsoDuration(text);
  if (iso) return { ok: true, ...iso };
  if (/\b(business|working) days?\b/i.test(text)) return { ok: false, problem: 'business' };
  const m = DURATION_WORDS.exec(text);
  if (!m) return { ok: false, problem: 'unreadable' };
  const [, said, bracket, , unitWord] = m;
  const amount = /^an?$/i.test(said!) ? 1 : readNumber(said!);
  if (amount === null) return { ok: false, problem: 'unreadable' };
  if (bracket !== undefined) {
    const figure = readNumber(bracket);
    // Words then figure, or figure then words: one in digits, the other in words.
    if (figure === null || /^\d+$/.test(said!) === /^\d+$/.test(bracket.trim())) return { ok: false, problem: 'unreadable' };
    if (figure !== amount) return /^\d+$/.test(bracket.trim()) ? { ok: false, problem: 'figure', stated: amount, figure } : { ok: false, problem: 'figure', stated: figure, figure: amount };
  }
  const unit = unitWord!.toLowerCase();
  if (unit === 'month' || unit === 'year') return { ok: false, problem: 'calendar', amount, unit, days: calendarDays(amount, unit) };
  const u = UNITS.get(unit)!;
  // Keep the unit the policy uses: "72 hours" is PT72H, "14 days" is P14D.
  return { ok: true, iso: isoOf(amount, u.iso), seconds: amount * u.seconds };
}

/**
 * Read a duration from words ("72 hours", "thirty (30) days", "2 weeks",
 * "a week") or from ISO 8601 with weeks, days, hours, minutes and seconds
 * (`PT72H`, `P14D`). "Business days", months and years are refused: they are
 * not a fixed elapsed time ({@link readDurationWords} says why).
 *
 * @param words the words of the DPA.
 * @returns the duration, or null when the words do not state one.
 */
export function readDuration(words: string): Duration | null {
  const reading = readDurationWords(words);
  return reading.ok ? { iso: reading.iso, seconds: reading.seconds } : null;
}

const calendarCache = new Map<string, { min: number; max: number }>();

/**
 * The elapsed days a calendar period spans, shortest and longest, over every
 * start day of the 400-year Gregorian cycle: "one month" from 31 January
 * ends on 28 (or 29) February, so a month is 28 to 31 days; a year 365 or
 * 366. A period that would end on a day its last month lacks ends on that
 * month's last day.
 *
 * @param amount how many months or years (at most 1 200 months are measured; longer periods are out of range anyway).
 * @param unit `month` or `year`.
 * @returns the shortest and longest span, in days.
 */
export function calendarDays(amount: number, unit: 'month' | 'year'): { min: number; max: number } {
  const months = Math.min(unit === 'year' ? amount * 12 : amount, 1_300);
  const key = String(months);
  const cached = calendarCache.get(key);
  if (cached) return cached;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  const DAY = 86_400_000;
  const start = Date.UTC(2000, 0, 1);
  for (let t = start; t < start + 146_097 * DAY; t += DAY) {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + months;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const end = Date.UTC(y, m, Math.min(d.getUTCDate(), last));
    const span = (end - t) / DAY;
    if (span < min) min = span;
    if (span > max) max = span;
  }
  const range = { min, max };
  calendarCache.set(key, range);
  return range;
}

/**
 * Read an ISO 8601 duration restricted to W, D, H, M, S.
 *
 * @param text e.g. `P14D`, `PT72H`, `P1DT12H`.
 * @returns the duration (as written), or null.
 */
export function readIsoDuration(text: string): Duration | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, w = '0', d = '0', h = '0', min = '0', s = '0'] = m;
  return { iso: text, seconds: Number(w) * 604800 + Number(d) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s) };
}

/**
 * Why a duration is outside {@link DURATION_RANGE}, in words.
 *
 * @param duration a duration read from words.
 * @returns the problem ("is zero", "is longer than 100 years"), or null when it is in range.
 */
export function durationOutOfRange(duration: Duration): string | null {
  if (!Number.isFinite(duration.seconds) || duration.seconds > DURATION_RANGE.max) return 'is longer than 36 525 days (100 years)';
  if (duration.seconds < DURATION_RANGE.min) return duration.seconds === 0 ? 'is zero: a deadline or a notice period is at least 1 second' : 'is shorter than 1 second';
  return null;
}

function isoOf(amount: number, unit: 'W' | 'D' | 'H' | 'M' | 'S'): string {
  return unit === 'W' || unit === 'D' ? `P${amount}${unit}` : `PT${amount}${unit}`;
}

/**
 * Describe a duration in words, for messages ("72 hours", "14 days").
 *
 * @param seconds elapsed seconds.
 * @returns plain words.
 */
export function describeDuration(seconds: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds % 86400 === 0 && seconds >= 7 * 86400) return plural(seconds / 86400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * Read a calendar date written as the DPA writes it ("December 2, 2024",
 * "2 December 2024") or as ISO (2024-12-02).
 *
 * @param words the date.
 * @returns YYYY-MM-DD, or null when the words are not a valid date.
 */
export function readDate(words: string): string | null {
  const text = words.trim().replace(/\s+/g, ' ');
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^([A-Za-z]+) (\d{1,2}),? (\d{4})$/.exec(text))) [y, mo, d] = [Number(m[3]), MONTHS.indexOf(m[1]!.toLowerCase()) + 1, Number(m[2])];
  else if ((m = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(text))) [y, mo, d] = [Number(m[3]), MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[1])];
  else return null;
  if (mo < 1 || mo > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
