/**
 * Subjects shared by several rule kinds, so each kind only says how it judges.
 */
import type { RowSource } from '../records/read.ts';
import type { CheckContext, InForce } from './types.ts';
import type { TableName } from '../records/tables.ts';
import { parseTimestamp } from '../records/timestamp.ts';

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

/** A record judged as of one of its own timestamps, with the version in force then. */
export interface RowSubject {
  row: Record<string, unknown>;
  source: RowSource;
  /** The trigger (ms). */
  at: number;
  inForce: InForce;
}

/**
 * The row handler for a table whose rows are the subjects, each triggered by
 * one of its own timestamps (e.g. dsr_requests.received_at).
 *
 * @param ctx the check context.
 * @param id the clause.
 * @param kind the rule kind judging it.
 * @param table the subject table.
 * @param trigger the field holding the trigger.
 * @param judge what to do with each subject in force.
 * @returns the handlers of the clause evaluator.
 */
export function rowSubjects(ctx: CheckContext, id: string, kind: string, table: TableName, trigger: string, judge: (subject: RowSubject) => void) {
  return {
    rows: {
      [table]: (row: Record<string, unknown>, source: RowSource) => {
        const at = parseTimestamp(row[trigger] as string);
        const inForce = ctx.inForce(id, kind, at);
        if (inForce) judge({ row, source, at, inForce });
      },
    },
  };
}
