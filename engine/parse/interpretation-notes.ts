/**
 * An interpretation note must say what its `means=` enforces. Legal binds
 * vague words to an elapsed time (`:param[promptly]{means="72 hours"
 * note="…"}`); the reader sees only the note, and codicil judges records
 * only by `means`. A note that names another duration ("within 48 hours")
 * promises the reader one thing while the company is checked against
 * another, and a published version can never be corrected: so it is an
 * error (CODICIL-P234), like words and value that disagree (CODICIL-P219).
 *
 * The rule is simple enough to predict: every duration the note names —
 * "48 hours", "two days", "thirty (30) days", "a week", "72h" — must be the
 * elapsed time of `means` (48 hours and two days agree); a calendar period
 * ("one month") agrees when `means` lies within its span, as CODICIL-P225
 * asks of the words; business days never agree (they are no elapsed time).
 * Rates ("24 hours a day") and numbers without a unit are not durations.
 */
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import type { Interpretation } from '../model/types.ts';
import { calendarDays, describeDuration, readDuration, readNumber, type Duration } from './words.ts';

const ONES = 'one|two|three|four|five|six|seven|eight|nine';
const NUMBER_WORD = `(?:zero|${ONES}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:${ONES}))?)`;
/** Figures, grouped ("1,095", "1 095") or decimal ("1.5"), a number in words, or "a"/"an". */
const AMOUNT = `\\d{1,3}(?:[,\\u00A0\\u202F ]\\d{3})+(?!\\d)|\\d+(?:\\.\\d+)?|an?|${NUMBER_WORD}`;
const UNIT = 'seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|years?|yrs?';
/** A duration in words: amount, figure in brackets, "calendar"/"business", unit ("thirty (30) days", "72h", "two business days"). */
const DURATION = new RegExp(`(?<![\\p{L}\\p{N}.,])(${AMOUNT})(?:\\s?\\(([^()]{1,30})\\))?(?:[\\s-]+|(?<=\\d))(?:(calendar|business|working)[\\s-]+)?(${UNIT})(?![\\p{L}\\p{N}])`, 'giu');
/** Before "a day", "a week": a rate or a frequency ("24 hours a day", "once a week"), not a period. */
const RATE = new RegExp(`(?:\\b(?:${UNIT}|once|twice|thrice|times)|\\d)\\s+$`, 'iu');
/** After a duration: it is a rate ("24 hours a day", "7 days per week"), not a period. */
const PER = new RegExp(`^\\s+(?:a|an|per|each|every)\\s+(?:${UNIT})(?![\\p{L}\\p{N}])`, 'iu');
/** Units abbreviated: only after figures ("72h", "48 hrs"), never after words ("a h"); no "d", which ends list labels ("2 d)"). */
const ABBREVIATED = /^(?:secs?|mins?|hrs?|h|wks?|yrs?)$/i;

/** Seconds of an elapsed unit, by its first letter (months and years have none). */
const SECONDS = new Map<string, number>([
  ['s', 1],
  ['m', 60],
  ['h', 3600],
  ['d', 86_400],
  ['w', 604_800],
]);

/** One duration a note names, and whether it agrees with `means`. */
export interface NamedDuration {
  /** The words, as the note writes them ("two days"). */
  words: string;
  /** What they are, in elapsed time ("48 hours", "28 to 31 days", "business days, no elapsed time"). */
  reading: string;
  /** Whether that is the elapsed time of `means`. */
  agrees: boolean;
}

/** The amount of a duration's words: figures (grouping dropped), "a"/"an", or words. */
function amountOf(said: string): number | null {
  if (/^an?$/i.test(said)) return 1;
  if (/^\d/.test(said)) return Number(said.replace(/[,\u00A0\u202F ]/g, ''));
  return readNumber(said.replace(/\s+/g, ' '));
}

/** Seconds of an elapsed unit ("hours", "hrs", "weeks"); null for months, years and anything else. */
function unitSeconds(unit: string): number | null {
  const u = unit.toLowerCase();
  return /^(months?|years?|yrs?)$/.test(u) ? null : (SECONDS.get(u[0]!) ?? null);
}

/** Read one duration of a note and judge it against the elapsed time of `means`. */
function judge(amount: number, kind: string | undefined, unit: string, means: Duration): Omit<NamedDuration, 'words'> {
  if (kind && /^(business|working)$/i.test(kind)) return { reading: 'business days, no elapsed time', agrees: false };
  const each = unitSeconds(unit);
  if (each === null) {
    if (!Number.isInteger(amount)) return { reading: 'a calendar period', agrees: false };
    const { min, max } = calendarDays(amount, unit.toLowerCase().startsWith('m') ? 'month' : 'year');
    return { reading: `${min} to ${max} days`, agrees: means.seconds >= min * 86_400 && means.seconds <= max * 86_400 };
  }
  return { reading: describeDuration(amount * each), agrees: amount * each === means.seconds };
}

/** One duration as the note writes it, before it is judged. */
interface Said {
  words: string;
  start: number;
  end: number;
  amount: number;
  figure: number | null;
  kind: string | undefined;
  unit: string;
}

/** The durations a note writes, rates and abbreviations after words left out. */
function saidDurations(note: string): Said[] {
  const out: Said[] = [];
  for (const m of note.matchAll(DURATION)) {
    const [words, said, bracket, kind, unit] = m as unknown as [string, string, string | undefined, string | undefined, string];
    const end = m.index + words.length;
    // A few words either side tell a rate (bounded: a long note with many durations stays linear).
    if ((/^an?$/i.test(said) && RATE.test(note.slice(Math.max(0, m.index - 40), m.index))) || PER.test(note.slice(end, end + 40))) continue;
    if (ABBREVIATED.test(unit) && !/^\d/.test(said)) continue;
    const amount = amountOf(said);
    if (amount === null || !Number.isFinite(amount)) continue;
    out.push({ words, start: m.index, end, amount, figure: bracket === undefined ? null : readNumber(bracket.trim()), kind, unit });
  }
  return out;
}

/**
 * The durations a note names, each judged against `means`. "1 day and 12
 * hours" is one duration (a smaller unit joined by "and"), 36 hours.
 *
 * @param note the interpretation note, as the reader sees it.
 * @param means the elapsed time it interprets.
 * @returns every duration found, in order.
 */
export function durationsInNote(note: string, means: Duration): NamedDuration[] {
  return durationsAt(note, means).map(({ words, reading, agrees }) => ({ words, reading, agrees }));
}

/**
 * The durations words name, as {@link durationsInNote}, each with where it
 * stands in them (`start`, `end`: offsets in `text`).
 *
 * @param text the words, as the reader sees them.
 * @param means the elapsed time each is judged against.
 * @returns every duration found, in order.
 */
export function durationsAt(text: string, means: Duration): (NamedDuration & { start: number; end: number })[] {
  const note = text;
  const found: (NamedDuration & { start: number; end: number })[] = [];
  const said = saidDurations(note);
  for (let i = 0; i < said.length; i++) {
    const first = said[i]!;
    let seconds = first.kind === undefined ? unitSeconds(first.unit) : null;
    if (seconds !== null) {
      seconds *= first.amount;
      let last = first;
      for (let next = said[i + 1]; next && next.kind === undefined && /^\s*,?\s*and\s+$/i.test(note.slice(last.end, next.start)); next = said[i + 1]) {
        const each = unitSeconds(next.unit);
        if (each === null || each >= unitSeconds(last.unit)!) break;
        seconds += next.amount * each;
        last = next;
        i++;
      }
      if (last !== first) {
        found.push({ words: note.slice(first.start, last.end).replace(/\s+/g, ' '), reading: describeDuration(seconds), agrees: seconds === means.seconds, start: first.start, end: last.end });
        continue;
      }
    }
    const byWords = judge(first.amount, first.kind, first.unit, means);
    // "thirty (31) days": the figure in brackets is named too, and must agree as well.
    const read = byWords.agrees && first.figure !== null && first.figure !== first.amount ? judge(first.figure, first.kind, first.unit, means) : byWords;
    found.push({ words: first.words.replace(/\s+/g, ' '), ...read, start: first.start, end: first.end });
  }
  return found;
}

/**
 * Report every interpretation whose note names a duration other than its
 * `means` (CODICIL-P234), at the words it interprets.
 *
 * @param interpretations the version's interpretations (notes legal wrote, or the default one).
 * @param file for messages.
 */
export function checkInterpretationNotes(interpretations: Interpretation[], file: VFile): void {
  // Words that bind several clauses (clauses=) are one interpretation per clause: one message for the words.
  const seen = new Set<string>();
  for (const interpretation of interpretations) {
    const at = `${interpretation.position.line}:${interpretation.position.column}`;
    if (seen.has(at)) continue;
    seen.add(at);
    const means = readDuration(interpretation.means);
    // A means= that is no elapsed time is reported where it is read (CODICIL-P211).
    if (!means) continue;
    for (const named of durationsInNote(interpretation.note, means)) {
      if (named.agrees) continue;
      // "48 hours" says what it is; "two days" is told as 48 hours.
      const reading = named.reading.toLowerCase() === named.words.toLowerCase() ? null : named.reading;
      report(file, errors.noteContradictsMeans, [interpretation.words, named.words, reading, interpretation.means, describeDuration(means.seconds)], { line: interpretation.position.line, column: interpretation.position.column });
    }
  }
}
