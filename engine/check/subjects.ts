/**
 * Subjects shared by several rule kinds, so each kind only says how it judges.
 */
import type { RowSource } from '../records/read.ts';
import type { CheckContext, InForce } from './types.ts';

/** One affected customer of one incident, with the version in force when the company became aware. */
export interface ImpactSubject {
  row: Record<string, unknown>;
  source: RowSource;
  /** incidents.aware_at (ms). */
  aware: number;
  inForce: InForce;
}

/**
 * The row handler for incident_impacts: each impact is a subject triggered
 * by its incident's aware_at, judged by the clause in force then.
 *
 * @param ctx the check context (its incident and notice indexes are enabled).
 * @param id the clause.
 * @param kind the rule kind judging it.
 * @param judge what to do with each subject in force.
 * @returns the handlers of the clause evaluator.
 */
export function impactSubjects(ctx: CheckContext, id: string, kind: string, judge: (subject: ImpactSubject) => void) {
  ctx.indexes.use('incidents');
  ctx.indexes.use('incident_notices');
  return {
    rows: {
      incident_impacts: (row: Record<string, unknown>, source: RowSource) => {
        const aware = ctx.indexes.incidents.get(row.incident_id as string)!;
        const inForce = ctx.inForce(id, kind, aware);
        if (inForce) judge({ row, source, aware, inForce });
      },
    },
  };
}
