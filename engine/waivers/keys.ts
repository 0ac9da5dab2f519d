import type { PolicyVersion } from '../model/types.ts';
import { ruleKind } from '../rules/registry.ts';
import type { WaiverContext } from './types.ts';

/** The key of an attested obligation's finding under --strict: `{ attestation: <clause> }`. */
export const ATTESTATION_KEY = 'attestation';

/**
 * What waivers are checked against: every clause of the published versions
 * (the clauses `check` judges) and the key fields its findings carry — those
 * of its rule kind's plan (`plan.subject.key`), of every kind the clause has
 * had, or `attestation` for an attested obligation — for the policy and for
 * each document apart (two documents may share a clause id).
 *
 * @param document the policy's (first) document id, for messages.
 * @param versions the published versions, of every document the waivers may name.
 * @returns the context.
 */
export function waiverContext(document: string, versions: readonly PolicyVersion[]): WaiverContext {
  const keyFields = new Map<string, string[]>();
  const documents = new Map<string, Map<string, string[]>>();
  for (const version of versions) {
    const ofDocument = documents.get(version.document) ?? new Map<string, string[]>();
    documents.set(version.document, ofDocument);
    for (const clause of version.clauses) {
      const plan = ruleKind(clause.rule)?.plan;
      const fields = clause.attestation || plan?.shape === 'attestation' ? [ATTESTATION_KEY] : plan ? Object.keys(plan.subject.key) : [];
      addFields(keyFields, clause.id, fields);
      addFields(ofDocument, clause.id, fields);
    }
  }
  return { document, keyFields, documents };
}

/** Add a clause's key fields to what is known of it (a clause keeps the fields of every kind it has had). */
function addFields(keyFields: Map<string, string[]>, clause: string, fields: readonly string[]): void {
  const known = keyFields.get(clause) ?? [];
  for (const field of fields) if (!known.includes(field)) known.push(field);
  keyFields.set(clause, known);
}
