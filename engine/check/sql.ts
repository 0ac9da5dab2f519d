/**
 * `codicil sql`: the SQL a check runs on a SQL engine, printed for a data
 * team to review — compiled from the same plans the engine runs.
 */
import { loadPolicy } from '../model/load-policy.ts';
import { ruleKinds } from '../rules/registry.ts';
import { engine, type EngineName } from '../engines/index.ts';
import type { SqlLayout } from '../engines/types.ts';
import { documentsToJudge, policyClauseIds } from './documents.ts';

/** Options of {@link compiledSql}. */
export interface SqlOptions {
  /** The policy folder (default `policy`). */
  policy?: string;
  /** The engine whose dialect to print. */
  dialect: EngineName;
  /** Only this clause's judging query. */
  clause?: string;
  /** The instant the queries replay (default now). */
  asOf?: number;
  /** A database engine's schema and column types. */
  layout?: SqlLayout;
}

/** One statement a check runs. */
export interface CompiledStatement {
  /** With several documents: the document whose clauses it judges (each document's check stages the records anew). */
  document?: string;
  /** What it does, e.g. "incident.notify-within: judged by …". */
  title: string;
  /** The SQL, as the engine runs it (`<records>` stands for the records folder). */
  sql: string;
  /** The clause it judges, for judging queries. */
  clause?: string;
}

/**
 * The statements a check runs on a SQL engine.
 *
 * @param options policy, dialect, clause, as-of.
 * @returns the statements, or why there are none.
 */
export async function compiledSql(options: SqlOptions): Promise<{ ok: true; statements: CompiledStatement[] } | { ok: false; problem: string }> {
  const { policy, failed } = await loadPolicy(options.policy ?? 'policy', ruleKinds);
  if (failed) return { ok: false, problem: 'the policy has errors; run `codicil lint` and fix them first' };
  const compile = engine(options.dialect).statements;
  if (!compile) return { ok: false, problem: `the ${options.dialect} engine does not run SQL` };
  // What check runs: each document's statements in turn.
  const clauseIds = policyClauseIds(policy);
  const statements: CompiledStatement[] = documentsToJudge(policy).flatMap(({ named, versions, clauses }) =>
    compile({ versions, reference: policy.reference, asOf: options.asOf ?? Date.now(), clauses, clauseIds }, options.layout).map((s) => ({ ...named, ...s })),
  );
  if (options.clause === undefined) return { ok: true, statements };
  const one = statements.filter((s) => s.clause === options.clause);
  if (one.length === 0) return { ok: false, problem: `no clause ${options.clause} is judged by a rule that SQL runs (clauses: ${[...new Set(statements.flatMap((s) => (s.clause ? [s.clause] : [])))].join(', ')})` };
  return { ok: true, statements: one };
}
