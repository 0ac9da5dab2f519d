/**
 * Which documents of a policy a check judges, and with what: the one place
 * that says it, for `check` and for `codicil sql` (which prints what check runs).
 */
import { publishedVersions } from '../model/in-force.ts';
import type { Policy, PolicyVersion } from '../model/types.ts';
import { ruleKind } from '../rules/registry.ts';
import { clausesToJudge, type ClauseToJudge } from '../rules/in-force.ts';

/** One document as a check judges it. */
export interface DocumentToJudge {
  /** With several documents, its id (findings and coverage name it); a single document is not named. */
  named: { document: string } | Record<string, never>;
  /** Its published versions, by effective date. */
  versions: PolicyVersion[];
  /** Its clauses with their kinds. */
  clauses: ClauseToJudge[];
}

/**
 * The documents a check judges, in order: every document, each by its own
 * versions (a document is in force by its own effective dates); a further
 * document with no clause published judges nothing and is left out, so its
 * records are not read again. One document: exactly as before, unnamed.
 *
 * @param policy the policy.
 * @returns the documents to judge.
 */
export function documentsToJudge(policy: Policy): DocumentToJudge[] {
  const several = policy.documents.length > 1;
  const out: DocumentToJudge[] = [];
  for (const [index, document] of (several ? policy.documents : [{ document: policy.document, versions: policy.versions }]).entries()) {
    const versions = publishedVersions(document);
    if (index > 0 && versions.every((v) => v.clauses.length === 0)) continue;
    out.push({ named: several ? { document: document.document } : {}, versions, clauses: clausesToJudge(versions, ruleKind) });
  }
  return out;
}

/**
 * Every clause id of every document (attestations may name any of them).
 *
 * @param policy the policy.
 * @returns the ids.
 */
export function policyClauseIds(policy: Policy): Set<string> {
  return new Set(policy.documents.flatMap((d) => d.versions).flatMap((v) => v.clauses.map((c) => c.id)));
}
