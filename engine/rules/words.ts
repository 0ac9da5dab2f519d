/** Wording shared by findings and explanations: instants, elapsed time, the DPA's words for a bound. */
import type { Parameter } from '../model/types.ts';

/**
 * Elapsed time in the compact form of messages: "80h", "72h 0m 1s", "15d 3h";
 * to the millisecond when asked ("72h 0m 0.001s").
 *
 * @param ms elapsed milliseconds (negative for "before").
 * @param precise show the milliseconds rather than round to the second.
 * @returns the words.
 */
export function elapsed(ms: number, precise = false): string {
  const sign = ms < 0 ? '-' : '';
  const total = precise ? Math.abs(ms) : Math.round(Math.abs(ms) / 1000) * 1000;
  let s = Math.floor(total / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  // One division of whole milliseconds prints as its decimal (59.999, 0.001); a sum could print 59.998999999999995.
  const seconds = (s * 1000 + (total % 1000)) / 1000;
  // Days only from a week on: contracts count short deadlines in hours.
  const parts: [number, string][] = d >= 7 ? [[d, 'd'], [h, 'h'], [m, 'm'], [seconds, 's']] : [[d * 24 + h, 'h'], [m, 'm'], [seconds, 's']];
  while (parts.length > 1 && parts[0]![0] === 0) parts.shift();
  while (parts.length > 1 && parts[parts.length - 1]![0] === 0) parts.pop();
  return sign + parts.map(([n, unit]) => `${n}${unit}`).join(' ');
}

/**
 * A violation's elapsed time, shown against the time its bound allows: as
 * {@link elapsed} rounds it, unless rounding would put it at or within the
 * bound (a notice 72 h and 1 ms late read "72h", what the DPA allows); then
 * to the millisecond, so the excess shows.
 *
 * @param ms elapsed milliseconds (negative for "before").
 * @param bound the elapsed time at the deadline, in the same sense (ms).
 * @returns the words.
 */
export function elapsedPast(ms: number, bound: number): string {
  const rounded = Math.sign(ms) * Math.round(Math.abs(ms) / 1000) * 1000;
  return elapsed(ms, Math.sign(rounded - bound) !== Math.sign(ms - bound));
}

/**
 * An instant as ISO 8601 UTC, for messages and explanations.
 *
 * @param ms milliseconds since the epoch.
 * @returns e.g. 2025-03-04T09:30:00Z.
 */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * How the DPA states a duration parameter, for "the DPA allows …".
 *
 * @param param the bound parameter.
 * @returns "72 hours", or "“immediately” (held to 24 hours)" for vague words.
 */
export function allowance(param: Parameter | undefined): string {
  const binding = param?.bindings[0];
  if (!binding) return 'the bound in the DPA';
  return binding.means !== undefined ? `“${binding.words}” (held to ${binding.means})` : binding.words;
}
