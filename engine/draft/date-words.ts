/**
 * A date written again in the style of other words: "December 2, 2024"
 * becomes "March 1, 2025", "2 December 2024" becomes "1 March 2025",
 * "2024-12-02" becomes "2025-03-01" — the forms `readDate` reads, with
 * their capitals, comma, spacing and zero-padding kept.
 */
import { readDate } from '../parse/words.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The month's name with the capitals of `like` (all capitals, all small, or capitalized). */
function monthLike(like: string, month: number): string {
  const name = MONTHS[month - 1]!;
  if (like === like.toUpperCase()) return name.toUpperCase();
  if (like === like.toLowerCase()) return name.toLowerCase();
  return name;
}

/** The day with the zero-padding of `like`. */
const dayLike = (like: string, day: number): string => (like.length === 2 && like.startsWith('0') ? String(day).padStart(2, '0') : String(day));

/**
 * Write a date in the style of some words.
 *
 * @param words the words stating the old date (as `readDate` reads them).
 * @param date the new date, YYYY-MM-DD.
 * @returns the new words (they read back as `date`), or null when the words are not a date `readDate` reads.
 */
export function restyleDate(words: string, date: string): string | null {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  let out: string | null = null;
  let m: RegExpExecArray | null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(words)) out = date;
  else if ((m = /^([A-Za-z]+)(\s+)(\d{1,2})(,?)(\s+)(\d{4})$/.exec(words))) out = `${monthLike(m[1]!, month)}${m[2]}${dayLike(m[3]!, day)}${m[4]}${m[5]}${year}`;
  else if ((m = /^(\d{1,2})(\s+)([A-Za-z]+)(,?)(\s+)(\d{4})$/.exec(words))) out = `${dayLike(m[1]!, day)}${m[2]}${monthLike(m[3]!, month)}${m[4]}${m[5]}${year}`;
  return out !== null && readDate(words) !== null && readDate(out) === date ? out : null;
}
