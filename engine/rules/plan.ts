/**
 * Rule plans: what a rule kind checks, as data. A plan is the only statement
 * of a kind's logic; the `js` engine interprets it and the SQL engines
 * compile it (engines.md, "One definition per rule kind"). A handful of
 * shapes cover every kind:
 *
 * - `deadline`: a completion must come within a bound after (or at least a
 *   bound before) a trigger — incidents, DSRs, deletions, notices;
 * - `cases`: an ordered decision list over the subject's fields, reference
 *   lists and parameters — categories, transfers, direct answers;
 * - `coverage`: the completions together must cover every item a parameter
 *   lists, by a deadline — incident notice content;
 * - `attestation`: no record can show it; an attestation row vouches for it.
 */
import { TABLE_NAMES, type TableName } from '../records/tables.ts';

/** The policy's own versions, as a table a plan can judge (amendment notice). */
export const POLICY_VERSIONS = 'policy_versions';

/** A table a plan reads: a record table, or the policy's versions. */
export type PlanTable = TableName | typeof POLICY_VERSIONS;

/** A field of a table the plan reads, written `table.field`. */
export type FieldRef = `${string}.${string}`;

/** A condition on a subject (and its look-ups and `each` row), in the version in force. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  /** The field equals a word (a boolean field: true or false; absent is false). */
  | { eq: [FieldRef, string | boolean] }
  /** The field is one of the words. */
  | { in: [FieldRef, string[]] }
  /** The field is one of the codes of a list parameter of the clause. */
  | { inParam: [FieldRef, string] }
  /** A word parameter of the clause has this value (e.g. `stores` is `backup`). */
  | { paramIs: [string, string] }
  /** The timestamp is present and at or before as-of (events after as-of have not happened). */
  | { happened: FieldRef }
  /** The country is on a dated reference list (`eea`, `adequacy`) on the day of as-of. */
  | { onList: ['eea' | 'adequacy', FieldRef] }
  /** The timestamp is strictly after 00:00 UTC of the first version's effective date. */
  | { afterFirstEffective: FieldRef };

/** Which rows are judged, what they are called, and when their clock starts. */
export interface Subject {
  /** The table whose rows are the subjects. */
  table: PlanTable;
  /** The finding's key: name (clauses.md) -> field. */
  key: Record<string, FieldRef>;
  /**
   * One-to-one look-ups by the looked-up table's key, e.g. the incident of an
   * impact: `{ table: 'incidents', on: { id: 'incident_impacts.incident_id' } }`.
   */
  lookup?: { table: TableName; on: Record<string, FieldRef> }[];
  /** A subject for each row of a small table that passes `where` (e.g. each data store). */
  each?: { table: TableName; where?: Condition };
  /** Only subjects that pass this are judged. */
  where?: Condition;
  /** The instant that picks the version in force and starts the clock: a timestamp field, or as-of. */
  trigger: FieldRef | 'asOf';
}

/** The words of a deadline kind's findings and explanations (see outcome.ts for the placeholders). */
export interface DeadlineWords {
  /** The subject, for explanations: "incident {incident_impacts.incident_id} affecting …". */
  subject: string;
  /** The trigger, as a verb: "became aware". */
  trigger: string;
  /** The rule: "first notice ≤ aware_at + {bound}". */
  rule: string;
  /** Explanation of a counted completion: "first notice sent {completion}". */
  completed: string;
  /** Explanation when nothing was done by as-of: "no notice sent at or before {asOf}". */
  none: string;
  /** Message: nothing done, the deadline not passed yet. */
  pending?: string;
  /** Message: nothing done, the deadline passed. */
  missed: string;
  /** Message: done after the deadline (for `before` bounds: done in advance, but not enough). */
  late: string;
  /** `before` bounds: done only after the trigger itself. */
  lateAfterTrigger?: string;
}

/** Completion within a bound after the trigger, or at least a bound before it. */
export interface DeadlinePlan {
  shape: 'deadline';
  subject: Subject;
  /**
   * What completes the obligation: a timestamp of the subject itself, or the
   * earliest timestamp of the rows of another table matching `on` (its field ->
   * the subject's, look-up's or `each` row's field).
   */
  completion: { field: FieldRef; on?: Record<string, FieldRef> };
  /** The allowed time: a duration parameter of the clause, or none (at or before the trigger). */
  bound: { param: string } | { fixed: 0 };
  /** `after`: deadline = trigger + bound; `before`: deadline = trigger − bound (advance notice). */
  direction: 'after' | 'before';
  /** Whether a subject with nothing done and the deadline ahead is pending (else a violation). */
  pending: boolean;
  words: DeadlineWords;
}

/** One case of a decision list: the first that holds decides. */
export interface Case {
  when?: Condition;
  status: 'pass' | 'violation';
  message: string;
}

/** An ordered decision list over the subject. */
export interface CasesPlan {
  shape: 'cases';
  subject: Subject;
  /** The cases, in order; the last has no `when` and always holds. */
  cases: Case[];
  words: { subject: string; trigger: string; rule: string };
}

/** The completions together cover every item of a list parameter, by a deadline. */
export interface CoveragePlan {
  shape: 'coverage';
  subject: Subject;
  /** The items: a list parameter of the clause; each code's boolean field in the completion table. */
  items: { param: string; field: string };
  /** The completing rows (counted up to as-of) and how they match the subject. */
  completion: { table: TableName; at: FieldRef; on: Record<string, FieldRef> };
  /** The deadline: a duration parameter of the clause a parameter of this clause names. */
  deadline: { clauseParam: string; param: string };
  words: { subject: string; trigger: string; covered: string; none: string; partial: string; pending: string; missed: string };
}

/** No record can show it: an attestation vouches for it (check's coverage). */
export interface AttestationPlan {
  shape: 'attestation';
}

/** A rule kind's plan. */
export type Plan = DeadlinePlan | CasesPlan | CoveragePlan | AttestationPlan;

/**
 * The table a field reference names.
 *
 * @param ref `table.field`.
 * @returns the table.
 */
export const tableOf = (ref: FieldRef): string => ref.slice(0, ref.indexOf('.'));

/**
 * The field a field reference names.
 *
 * @param ref `table.field`.
 * @returns the field.
 */
export const fieldOf = (ref: FieldRef): string => ref.slice(ref.indexOf('.') + 1);

/**
 * Every field reference in a condition.
 *
 * @param condition the condition.
 * @returns the references.
 */
export function conditionFields(condition: Condition | undefined): FieldRef[] {
  if (!condition) return [];
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  if ('not' in condition) return conditionFields(condition.not);
  if ('eq' in condition) return [condition.eq[0]];
  if ('in' in condition) return [condition.in[0]];
  if ('inParam' in condition) return [condition.inParam[0]];
  if ('happened' in condition) return [condition.happened];
  if ('onList' in condition) return [condition.onList[1]];
  if ('afterFirstEffective' in condition) return [condition.afterFirstEffective];
  return [];
}

/**
 * The record tables a plan reads (its clauses are unchecked when one is absent).
 *
 * @param plan the plan.
 * @returns the tables, subject first.
 */
export function planTables(plan: Plan): TableName[] {
  if (plan.shape === 'attestation') return ['attestations'];
  const tables: string[] = [plan.subject.table, ...(plan.subject.lookup ?? []).map((l) => l.table)];
  if (plan.subject.each) tables.push(plan.subject.each.table);
  if (plan.shape === 'deadline') tables.push(tableOf(plan.completion.field));
  if (plan.shape === 'coverage') tables.push(plan.completion.table);
  // In records.md's order, as reports list missing tables.
  return TABLE_NAMES.filter((t) => tables.includes(t));
}
