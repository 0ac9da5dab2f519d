/**
 * The time arithmetic every deadline rule shares: inclusive deadlines, and
 * events after as-of treated as not having happened yet.
 */
import type { Outcome } from './types.ts';

/** The result of judging a deadline. */
export interface DeadlineResult {
  status: Outcome;
  /** The instant by which the completion had to happen. */
  deadline: number;
  /** The completion counted (at or before as-of), if any. */
  completed: number | undefined;
  /** For violations: late (completed after the deadline) or missed (never, and the deadline has passed). */
  reason?: 'late' | 'missed';
}

/**
 * Judge "completion within `bound` after trigger".
 *
 * @param trigger when the clock starts (ms).
 * @param completion when the obligation was met (ms), or undefined.
 * @param boundMs the allowed time (ms); exactly on the deadline is in time.
 * @param asOf the replayed instant (ms): later completions have not happened yet.
 * @returns pass, violation (late / missed) or pending.
 */
export function within(trigger: number, completion: number | undefined, boundMs: number, asOf: number): DeadlineResult {
  const deadline = trigger + boundMs;
  const completed = completion !== undefined && completion <= asOf ? completion : undefined;
  if (completed !== undefined) return completed <= deadline ? { status: 'pass', deadline, completed } : { status: 'violation', deadline, completed, reason: 'late' };
  return asOf > deadline ? { status: 'violation', deadline, completed, reason: 'missed' } : { status: 'pending', deadline, completed };
}

/**
 * Judge "completion at least `bound` before trigger" (advance notice).
 *
 * @param trigger the event needing notice (ms), at or before as-of.
 * @param completion when notice was given (ms), or undefined.
 * @param boundMs the notice owed (ms).
 * @param asOf the replayed instant (ms).
 * @returns pass, or violation (late / missed). Never pending: the event has happened.
 */
export function before(trigger: number, completion: number | undefined, boundMs: number, asOf: number): DeadlineResult {
  const deadline = trigger - boundMs;
  const completed = completion !== undefined && completion <= asOf ? completion : undefined;
  if (completed === undefined) return { status: 'violation', deadline, completed, reason: 'missed' };
  return completed <= deadline ? { status: 'pass', deadline, completed } : { status: 'violation', deadline, completed, reason: 'late' };
}

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
