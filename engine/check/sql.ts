/**
 * `codicil sql`: the SQL a check runs on a SQL engine, printed for a data
 * team to review — compiled from the same plans the engine runs.
 */
import { loadPolicy } from '../model/load-policy.ts';
import { publishedVersions } from '../model/in-force.ts';
import { ruleKind, ruleKinds } from '../rules/registry.ts';
import { clausesToJudge } from '../rules/in-force.ts';
import { engine, type EngineName } from '../engines/index.ts';

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
  const chosen = engine(options.dialect);
  if (!chosen.statements) return { ok: false, problem: `the ${options.dialect} engine does not run SQL` };
  // As check does: each document judged by its own versions, attestations of any document's clauses;
  // a further document with no clause judges nothing and runs no SQL.
  const several = policy.documents.length > 1;
  const clauseIds = new Set(policy.documents.flatMap((d) => d.versions).flatMap((v) => v.clauses.map((c) => c.id)));
  const statements: CompiledStatement[] = [];
  for (const [index, document] of (several ? policy.documents : [{ document: policy.document, versions: policy.versions }]).entries()) {
    const versions = publishedVersions(document);
    if (index > 0 && versions.every((v) => v.clauses.length === 0)) continue;
    const clauses = clausesToJudge(versions, ruleKind);
    const named = several ? { document: document.document } : {};
    statements.push(...chosen.statements({ versions, reference: policy.reference, asOf: options.asOf ?? Date.now(), clauses, clauseIds }).map((s) => ({ ...named, ...s })));
  }
  if (options.clause === undefined) return { ok: true, statements };
  const one = statements.filter((s) => s.clause === options.clause);
  if (one.length === 0) return { ok: false, problem: `no clause ${options.clause} is judged by a rule that SQL runs (clauses: ${[...new Set(statements.flatMap((s) => (s.clause ? [s.clause] : [])))].join(', ')})` };
  return { ok: true, statements: one };
}
