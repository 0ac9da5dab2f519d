/**
 * The version in force, as data every engine joins on: for each clause and
 * rule kind, the ranges of time in which a version holding that clause (of
 * that kind) was in force, with the values of its parameters. A subject is
 * judged by the range its trigger falls in (clauses.md, "Temporal rule").
 */
import { effectiveInstant } from '../model/in-force.ts';
import type { Clause, PolicyVersion } from '../model/types.ts';
import type { RuleKind } from './define.ts';

/** One version of a clause and when it was in force. */
export interface ClauseVersion {
  version: PolicyVersion;
  clause: Clause;
  /** In force from (ms, inclusive). */
  from: number;
  /** Until (ms, exclusive), or null for the latest version. */
  until: number | null;
  /** The bound of a deadline plan (ms), or of a coverage plan's deadline clause. */
  boundMs: number;
  /** Codes of list parameters. */
  codes: Record<string, string[]>;
  /** Word parameters (attributes such as `stores`). */
  texts: Record<string, string>;
}

/** A clause judged by one rule kind, with its versions. */
export interface ClauseToJudge {
  id: string;
  kind: Readonly<RuleKind>;
  versions: ClauseVersion[];
}

const durationMs = (clause: Clause | undefined, name: string): number | undefined => {
  const value = clause?.params[name]?.value;
  return value?.type === 'duration' ? value.seconds * 1000 : undefined;
};

/**
 * The versions of a clause of one kind: a version counts when it holds the
 * clause with that kind; its range runs to the next published version.
 *
 * @param versions published versions, earliest first.
 * @param id the clause id.
 * @param kind the rule kind.
 * @returns the clause's versions, earliest first.
 */
export function clauseVersions(versions: PolicyVersion[], id: string, kind: Readonly<RuleKind>): ClauseVersion[] {
  const out: ClauseVersion[] = [];
  versions.forEach((version, i) => {
    const clause = version.clauses.find((c) => c.id === id);
    if (!clause || clause.rule !== kind.kind) return;
    const next = versions[i + 1];
    const plan = kind.plan;
    let boundMs = 0;
    if (plan.shape === 'deadline' && 'param' in plan.bound) boundMs = durationMs(clause, plan.bound.param) ?? 0;
    if (plan.shape === 'coverage') {
      const named = clause.params[plan.deadline.clauseParam]?.value;
      const other = named?.type === 'text' ? version.clauses.find((c) => c.id === named.text) : undefined;
      // lint refuses a clause parameter naming an unknown clause; without one the content is due at once.
      boundMs = durationMs(other, plan.deadline.param) ?? 0;
    }
    const codes: Record<string, string[]> = {};
    const texts: Record<string, string> = {};
    for (const [name, param] of Object.entries(clause.params)) {
      if (param.value.type === 'codes') codes[name] = param.value.codes;
      if (param.value.type === 'text') texts[name] = param.value.text;
    }
    out.push({ version, clause, from: effectiveInstant(version), until: next ? effectiveInstant(next) : null, boundMs, codes, texts });
  });
  return out;
}

/**
 * Every clause to judge, each with every rule kind it has had (a clause keeps
 * its id when its kind changes), in policy order of first appearance.
 *
 * @param versions published versions, earliest first.
 * @param kindOf the registry.
 * @returns the clauses and kinds.
 */
export function clausesToJudge(versions: PolicyVersion[], kindOf: (name: string) => Readonly<RuleKind> | undefined): ClauseToJudge[] {
  const seen = new Map<string, ClauseToJudge>();
  for (const version of versions) {
    for (const clause of version.clauses) {
      const key = `${clause.id}\u0000${clause.rule}`;
      if (seen.has(key)) continue;
      const kind = kindOf(clause.rule);
      if (!kind) continue;
      seen.set(key, { id: clause.id, kind, versions: clauseVersions(versions, clause.id, kind) });
    }
  }
  return [...seen.values()];
}

/**
 * The version of a clause in force at an instant, if the version in force
 * then holds the clause with this kind.
 *
 * @param versions the clause's versions (from {@link clauseVersions}).
 * @param t the instant (ms).
 * @returns the clause version, or undefined.
 */
export function versionAt(versions: ClauseVersion[], t: number): ClauseVersion | undefined {
  for (const v of versions) if (v.from <= t && (v.until === null || t < v.until)) return v;
  return undefined;
}
