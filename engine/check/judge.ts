/**
 * The judging core: read a set of tables and run the evaluators of the
 * clauses whose tables they are. `check` runs it for all tables, or splits
 * the tables between this thread and a worker thread.
 */
import { effectiveInstant } from '../model/in-force.ts';
import type { Clause, PolicyVersion, ReferenceData } from '../model/types.ts';
import { readRecords, READ_ORDER } from '../records/read.ts';
import type { discoverRecords } from '../records/discover.ts';
import type { RecordError } from '../records/errors.ts';
import type { TableName } from '../records/tables.ts';
import { ruleKind } from '../rules/registry.ts';
import { Indexes } from './indexes.ts';
import type { CheckContext, ClauseEvaluator, InForce } from './types.ts';
import type { Finding } from './report-types.ts';

/** Subjects judged for one clause. */
export interface Tally {
  subjects: number;
  passed: number;
  violations: number;
  pending: number;
}

/** What judging needs to know. */
export interface JudgeSetup {
  /** Published versions, earliest first. */
  versions: PolicyVersion[];
  reference: ReferenceData;
  asOf: number;
  explain: boolean;
}

/** What judging found (passes only counted). */
export interface Judged {
  tallies: Record<string, Tally>;
  findings: Finding[];
  /** Integrity errors, each with the table it is in. */
  errors: (RecordError & { table?: TableName })[];
  rows: number;
}

/** The tables a worker thread judges when there are two cores: deletions, the largest group. */
export const WORKER_TABLES: TableName[] = ['data_stores', 'deletions', 'deletion_requests'];

/**
 * Fast look-ups for judging: the version in force at an instant (without
 * re-sorting), and each version's clauses by id.
 *
 * @param versions published versions, earliest first.
 * @returns byVersion and versionAt.
 */
export function versionIndex(versions: PolicyVersion[]) {
  const byVersion = new Map<PolicyVersion, Map<string, Clause>>(versions.map((v) => [v, new Map(v.clauses.map((c) => [c.id, c]))]));
  const starts = versions.map(effectiveInstant);
  const versionAt = (t: number): PolicyVersion | undefined => {
    let found: PolicyVersion | undefined;
    for (let i = 0; i < versions.length && starts[i]! <= t; i++) found = versions[i];
    return found;
  };
  return { byVersion, versionAt };
}

/**
 * The rule kinds of every clause id of the versions.
 *
 * @param versions published versions.
 * @returns clause id -> rule kinds it has had.
 */
export function kindsOf(versions: PolicyVersion[]): Map<string, Set<string>> {
  const kinds = new Map<string, Set<string>>();
  for (const version of versions) for (const clause of version.clauses) kinds.set(clause.id, (kinds.get(clause.id) ?? new Set()).add(clause.rule));
  return kinds;
}

/**
 * Read the given tables and judge the clauses that depend only on them.
 *
 * @param setup versions, reference data, as-of.
 * @param records the records folder (undefined: judge the policy's own clauses only).
 * @param discovered the folder's tables.
 * @param tables which tables to read here.
 * @param withPolicyClauses also judge clauses that read no table (amendment.advance-notice).
 * @param onProgress progress after each file.
 * @returns tallies, findings, errors, rows read, and the indexes (for attestations).
 */
export async function judgeTables(
  setup: JudgeSetup,
  records: string | undefined,
  discovered: Awaited<ReturnType<typeof discoverRecords>> | undefined,
  tables: ReadonlySet<TableName>,
  withPolicyClauses: boolean,
  onProgress?: (rows: number, file: string) => void,
): Promise<Judged & { indexes: Indexes }> {
  const { versions, asOf } = setup;
  const { byVersion, versionAt } = versionIndex(versions);
  const tallies: Record<string, Tally> = {};
  const findings: Finding[] = [];
  const indexes = new Indexes(asOf);
  const context: CheckContext = {
    asOf,
    versions,
    indexes,
    reference: setup.reference,
    inForce(clauseId, kind, t): InForce | undefined {
      if (t > asOf) return undefined;
      const version = versionAt(t);
      const clause = version && byVersion.get(version)!.get(clauseId);
      return clause && clause.rule === kind ? { version: version!, clause } : undefined;
    },
    judge(clause, status, details) {
      const t = (tallies[clause] ??= { subjects: 0, passed: 0, violations: 0, pending: 0 });
      t.subjects++;
      if (status === 'pass') {
        t.passed++;
        return;
      }
      if (status === 'violation') t.violations++;
      else t.pending++;
      const { explanation, ...rest } = details();
      findings.push(setup.explain ? { clause, status, ...rest, explanation } : { clause, status, ...rest });
    },
  };

  // One evaluator per clause id and rule kind (a clause keeps its id when its kind changes);
  // none for a kind whose tables are not all present (the clause is unchecked) or not read here.
  const present = new Set<TableName>(discovered?.tables.keys() ?? []);
  const evaluators: ClauseEvaluator[] = [];
  const kindsById = kindsOf(versions);
  for (const [id, kinds] of kindsById) {
    for (const name of kinds) {
      const kind = ruleKind(name);
      if (!kind?.evaluator || kind.tables.some((t) => !present.has(t) || !tables.has(t))) continue;
      if (kind.tables.length === 0 && !withPolicyClauses) continue;
      evaluators.push(kind.evaluator(id, context));
    }
  }
  if (tables.has('attestations')) indexes.use('attestations');

  let rows = 0;
  const errors: Judged['errors'] = [];
  if (records !== undefined && discovered) {
    const mine = { tables: new Map([...discovered.tables].filter(([t]) => tables.has(t))), errors: [] };
    const result = await readRecords(records, {
      discovered: mine,
      clauseIds: kindsById,
      // One handler per table, built once: the index builder and every evaluator reading it.
      handler: (table) => {
        const list = [indexes.handler(table), ...evaluators.map((e) => e.rows?.[table])].filter((h) => h !== undefined);
        if (list.length === 0) return undefined;
        if (list.length === 1) return list[0];
        return (row, source) => {
          for (const handle of list) handle(row, source);
        };
      },
      onTableDone: (table) => indexes.release(table),
      ...(onProgress ? { onProgress: (n: number, file: { name: string }) => onProgress(n, file.name) } : {}),
    });
    rows = result.rows;
    errors.push(...result.errors);
  }
  if (errors.length === 0) for (const evaluator of evaluators) evaluator.finish?.();
  return { tallies, findings, errors, rows, indexes };
}

/**
 * Put both threads' results together.
 *
 * @param a one result.
 * @param b the other.
 * @returns summed tallies, all findings, all errors, all rows.
 */
export function mergeJudged(a: Judged, b: Judged): Judged {
  const tallies: Record<string, Tally> = { ...a.tallies };
  for (const [id, t] of Object.entries(b.tallies)) {
    const x = tallies[id];
    tallies[id] = x ? { subjects: x.subjects + t.subjects, passed: x.passed + t.passed, violations: x.violations + t.violations, pending: x.pending + t.pending } : t;
  }
  return { tallies, findings: [...a.findings, ...b.findings], errors: [...a.errors, ...b.errors], rows: a.rows + b.rows };
}

/**
 * Integrity errors in reading order (tables in READ_ORDER, then as found),
 * whichever thread found them.
 *
 * @param errors errors tagged with their table.
 * @returns the same errors, ordered.
 */
export function orderErrors<T extends { table?: TableName }>(errors: T[]): T[] {
  const rank = (e: T) => (e.table === undefined ? -1 : READ_ORDER.indexOf(e.table));
  return errors.map((e, i) => [e, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([e]) => e);
}

/**
 * At most `max` errors, then one saying how many more there were.
 *
 * @param errors all errors.
 * @param max how many to keep.
 * @returns the kept errors.
 */
export function capErrors(errors: RecordError[], max = 10_000): RecordError[] {
  if (errors.length <= max) return errors;
  return [...errors.slice(0, max), { file: '', line: null, field: null, message: `${errors.length - max} further error(s) not shown` }];
}
