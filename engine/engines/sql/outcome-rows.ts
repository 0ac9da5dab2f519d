/**
 * A row of a compiled clause query (compile.ts) as an outcome: the one
 * reading every SQL engine shares.
 */
import type { RowSource } from '../../records/source.ts';
import { fieldKind } from '../../rules/define.ts';
import type { ClauseToJudge } from '../../rules/in-force.ts';
import type { Fact, Outcome, Status } from '../../rules/outcome.ts';
import type { OutcomeColumns } from './compile.ts';

/** A number from a driver's value (BIGINT arrives as bigint in DuckDB, as text in node-postgres). */
export const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : (v as number));

/** Where a row and its completion come from, as the engine names them. */
export interface RowPlaces {
  source(row: Record<string, unknown>): RowSource;
  /** The completion's record, or undefined when the row names none. */
  completionSource(row: Record<string, unknown>): RowSource | undefined;
}

/**
 * An outcome from a row of a clause's query.
 *
 * @param r the row.
 * @param clause the clause judged.
 * @param columns the query's columns.
 * @param places where the row and its completion come from.
 * @returns the outcome.
 */
export function outcomeOf(r: Record<string, unknown>, clause: ClauseToJudge, columns: OutcomeColumns, places: RowPlaces): Outcome {
  const facts: Record<string, Fact> = {};
  columns.facts.forEach((ref, i) => {
    const v = r[`f${i}`];
    facts[ref] = v === undefined || v === null ? null : fieldKind(ref) === 'timestamp' ? num(v) : (v as Fact);
  });
  const o: Outcome = {
    clause: clause.id,
    kind: clause.kind.kind,
    version: r.version as string,
    status: r.status as Status,
    key: Object.fromEntries(columns.keys.map((k, i) => [k, r[`k${i}`] as string])),
    source: places.source(r),
    trigger: num(r.trigger_ms),
    facts,
  };
  if (r.reason) o.reason = r.reason as 'late' | 'missed';
  if (r.deadline_ms !== undefined && r.deadline_ms !== null) o.deadline = num(r.deadline_ms);
  if (r.done_ms !== undefined && r.done_ms !== null) o.completion = num(r.done_ms);
  const done = places.completionSource(r);
  if (done) o.completionSource = done;
  if (r.case_index !== undefined && r.case_index !== null) o.caseIndex = num(r.case_index);
  if (clause.kind.plan.shape === 'coverage') {
    o.anyCompletion = r.any_row === true;
    o.covered = columns.items.filter((_, i) => r[`i${i}`] === true);
  }
  return o;
}
