/** Wording shared by findings and explanations: instants, elapsed time, the DPA's words for a bound. */
import type { Parameter } from '../model/types.ts';

/**
 * Elapsed time in the compact form of messages: "80h", "72h 0m 1s", "15d 3h".
 *
 * @param ms elapsed milliseconds (negative for "before").
 * @returns the words.
 */
export function elapsed(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  // Days only from a week on: contracts count short deadlines in hours.
  const parts: [number, string][] = d >= 7 ? [[d, 'd'], [h, 'h'], [m, 'm'], [s, 's']] : [[d * 24 + h, 'h'], [m, 'm'], [s, 's']];
  while (parts.length > 1 && parts[0]![0] === 0) parts.shift();
  while (parts.length > 1 && parts[parts.length - 1]![0] === 0) parts.pop();
  return sign + parts.map(([n, unit]) => `${n}${unit}`).join(' ');
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
