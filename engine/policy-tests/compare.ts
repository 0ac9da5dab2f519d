/**
 * What a case compares: the outcome of `check` reduced to what a case
 * pins (exit; findings by clause, status and key; or errors by file, line
 * and field), and the comparison with `expect` — order-free, nothing more,
 * nothing less.
 */
import type { CheckReport, Finding } from '../check/report-types.ts';
import { formatJson } from '../report/json.ts';
import { findingId, type Expectation, type ExpectedError, type ExpectedFinding } from './case-file.ts';

/** The outcome of a case as `expect` states it. */
export interface Outcome {
  exit: 0 | 1 | 2;
  findings?: ExpectedFinding[];
  errors?: ExpectedError[];
}

/** How an outcome differs from the expectation. */
export interface Mismatch {
  exit: { expected: number; actual: number } | null;
  /** Expected, not found. */
  missing: ExpectedFinding[];
  /** Found, not expected. */
  unexpected: ExpectedFinding[];
  /** Expected, found. */
  matched: ExpectedFinding[];
  missingErrors: ExpectedError[];
  unexpectedErrors: ExpectedError[];
  matchedErrors: ExpectedError[];
}

/** A finding as a case states it: a waiver in effect makes it `waived: true`. */
function asExpected(f: Finding): ExpectedFinding {
  return { clause: f.clause, status: f.status, key: f.key, ...(f.waiver !== undefined ? { waived: true } : {}) };
}

/**
 * The outcome of a (mapped) check report.
 *
 * @param report the report.
 * @returns exit and findings, or exit 2 and errors.
 */
export function outcomeOf(report: CheckReport): Outcome {
  if (report.exitCode === 2) return { exit: 2, errors: (report.errors ?? []).map((e) => ({ file: e.file, line: e.line, field: e.field, code: e.code })) };
  return { exit: report.exitCode, findings: (report.findings ?? []).map(asExpected) };
}

const errorId = (e: ExpectedError, withCode: boolean) => JSON.stringify([e.file, e.line, e.field, withCode ? (e.code ?? null) : null]);

/** Take the items of `actual` matching each item of `expected`, as multisets. */
function pair<T>(expected: T[], actual: T[], same: (e: T, a: T) => boolean) {
  const left = [...actual];
  const matched: T[] = [];
  const missing: T[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => same(e, a));
    if (i === -1) missing.push(e);
    else matched.push(left.splice(i, 1)[0]!);
  }
  return { matched, missing, unexpected: left };
}

/**
 * Compare an outcome with what a case expects.
 *
 * @param expected the case's `expect`.
 * @param actual the outcome.
 * @returns the differences, or null when the case passes.
 */
export function compare(expected: Expectation, actual: Outcome): Mismatch | null {
  const findings = pair(expected.findings ?? [], actual.findings ?? [], (e, a) => findingId(e) === findingId(a));
  // An expected error pins the code only when it gives one.
  const errors = pair(expected.errors ?? [], actual.errors ?? [], (e, a) => errorId(e, e.code !== undefined) === errorId(a, e.code !== undefined));
  const mismatch: Mismatch = {
    exit: expected.exit === actual.exit ? null : { expected: expected.exit, actual: actual.exit },
    missing: findings.missing,
    unexpected: findings.unexpected,
    matched: findings.matched,
    missingErrors: errors.missing,
    unexpectedErrors: errors.unexpected,
    matchedErrors: errors.matched,
  };
  const differs = mismatch.exit !== null || [mismatch.missing, mismatch.unexpected, mismatch.missingErrors, mismatch.unexpectedErrors].some((l) => l.length > 0);
  return differs ? mismatch : null;
}

/**
 * Where two engines' reports differ: the full JSON reports, without the
 * `engine` field (engines.md: the only field that may differ).
 *
 * @param a one engine's report.
 * @param b another's.
 * @returns the JSON paths that differ, with both values (at most `limit`), empty when they agree.
 */
export function reportDifferences(a: CheckReport, b: CheckReport, limit = 10): { path: string; a: unknown; b: unknown }[] {
  const strip = (r: CheckReport): unknown => {
    const { engine: _engine, ...rest } = JSON.parse(formatJson(r)) as Record<string, unknown>;
    return { ...rest, exitCode: r.exitCode };
  };
  const out: { path: string; a: unknown; b: unknown }[] = [];
  walk(strip(a), strip(b), '', out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: { path: string; a: unknown; b: unknown }[], limit: number): void {
  if (out.length >= limit) return;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out, limit);
      return;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, limit);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: path || '(report)', a, b });
}
