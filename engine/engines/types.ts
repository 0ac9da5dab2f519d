/**
 * What every engine is given and gives back (engines.md): the same records,
 * policy and as-of in; the same errors, tallies, outcome rows and
 * attestations out. `check` turns them into the one report.
 */
import type { PolicyVersion, ReferenceData } from '../model/types.ts';
import type { RecordError } from '../records/errors.ts';
import type { RowSource } from '../records/read.ts';
import type { TableName } from '../records/tables.ts';
import type { ClauseToJudge } from '../rules/in-force.ts';
import type { Outcome } from '../rules/outcome.ts';

/** What judging needs to know. */
export interface JudgeInput {
  /** Published versions, earliest first. */
  versions: PolicyVersion[];
  reference: ReferenceData;
  /** The replayed instant (ms). */
  asOf: number;
  /** The clauses to judge, each with its rule kind and versions. */
  clauses: ClauseToJudge[];
  /** Every clause id of the policy (attestations must name one). */
  clauseIds: ReadonlySet<string>;
  /** Progress, as rows are read. */
  onProgress?: (rows: number, file: string) => void;
  /** Explanations will be written: outcome rows carry where each completion comes from. */
  explain?: boolean;
  /**
   * Which reader staged each file: the engine's own (`native`, e.g. DuckDB reading JSONL; `plain`, DuckDB's
   * JSON reader on a JSONL file proved plainly valid, engines/duckdb/canonical.ts) or the reference reader.
   */
  onFileRead?: (file: string, reader: 'plain' | 'native' | 'reference') => void;
}

/** Subjects judged for one clause. */
export interface Tally {
  subjects: number;
  passed: number;
  violations: number;
  pending: number;
}

/** One attestations row. */
export interface AttestationRow {
  clause: string;
  by: string;
  attestedAt: number;
  expiresAt: number;
  source: RowSource;
}

/** What an engine found. */
export interface Judged {
  /** Tables present. */
  present: Set<TableName>;
  /** Integrity errors (nothing else counts when there is one), in report order. */
  errors: RecordError[];
  /** Rows read. */
  rows: number;
  /** Per clause id: subjects judged. */
  tallies: Map<string, Tally>;
  /** Violations and pendings. */
  outcomes: Outcome[];
  /** Every attestations row. */
  attestations: AttestationRow[];
}

/**
 * A tally, made on first use.
 *
 * @param tallies the tallies.
 * @param clause the clause id.
 * @returns its tally.
 */
export function tallyOf(tallies: Map<string, Tally>, clause: string): Tally {
  let t = tallies.get(clause);
  if (!t) tallies.set(clause, (t = { subjects: 0, passed: 0, violations: 0, pending: 0 }));
  return t;
}

/**
 * Count judged subjects.
 *
 * @param tally the clause's tally.
 * @param status how they were judged.
 * @param n how many (default one).
 */
export function count(tally: Tally, status: Outcome['status'], n = 1): void {
  tally.subjects += n;
  if (status === 'pass') tally.passed += n;
  else if (status === 'violation') tally.violations += n;
  else tally.pending += n;
}

/** Where a database engine's record tables are, and how their columns are typed (`codicil sql`; check reads both from the database). */
export interface SqlLayout {
  /** The schema of the record tables (default public). */
  schema?: string;
  /** typed: timestamptz and boolean columns, as `codicil load` writes them by default; text: every column text. */
  columns?: 'typed' | 'text';
}
