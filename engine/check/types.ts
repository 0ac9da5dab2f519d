import type { RowSource } from '../records/read.ts';
import type { TableName } from '../records/tables.ts';
import type { Clause, PolicyVersion } from '../model/types.ts';

/** How one subject was judged. */
export type Outcome = 'pass' | 'violation' | 'pending';

/** The judgement of one subject of one clause. */
export interface Judgement {
  clause: string;
  status: Outcome;
  /** The subject's key, with the field names of clauses.md. */
  key: Record<string, string>;
  /** The policy version that judged the subject. */
  version: string;
  /** Plain words, with the figures. */
  message: string;
  /** The record the subject comes from (null for judgements of the policy itself). */
  source: RowSource | null;
  /** How it was judged, step by step. */
  explanation: string[];
}

/** A clause and the version it was judged under. */
export interface InForce {
  version: PolicyVersion;
  clause: Clause;
}

/** What a rule kind's evaluator can use. */
export interface CheckContext {
  /** The instant the check replays (events after it have not happened). */
  asOf: number;
  /** The version in force at t and this clause in it, when t ≤ as-of and the clause (of this kind) is in force; otherwise undefined. */
  inForce(clauseId: string, kind: string, t: number): InForce | undefined;
  /** All published versions, earliest first. */
  versions: PolicyVersion[];
  /** Shared indexes built from the index tables. */
  indexes: import('./indexes.ts').Indexes;
  /**
   * Record a judgement. Passes are only counted, so the details (message,
   * explanation) are built only for violations and pendings.
   */
  judge(clause: string, status: Outcome, details: () => Omit<Judgement, 'clause' | 'status'>): void;
  /** Reference data (EEA and adequacy lists). */
  reference: import('../model/types.ts').ReferenceData;
}

/** Evaluates one clause: handlers for the rows of its subject tables, and a final step. */
export interface ClauseEvaluator {
  rows?: Partial<Record<TableName, (row: Record<string, unknown>, source: RowSource) => void>>;
  finish?: () => void;
}

/**
 * The declarative shape of a check: which table holds the subjects, which
 * event starts the clock, which event completes the obligation, and the
 * bound. Written so that the same clause can be compiled to SQL.
 */
export interface CheckPlan {
  subject: string;
  trigger: string;
  completion?: string;
  bound?: string;
}
