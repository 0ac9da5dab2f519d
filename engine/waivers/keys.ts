import type { PolicyVersion } from '../model/types.ts';
import { ruleKind } from '../rules/registry.ts';
import type { WaiverContext } from './types.ts';

/** The key of an attested obligation's finding under --strict: `{ attestation: <clause> }`. */
export const ATTESTATION_KEY = 'attestation';

/**
 * What waivers are checked against: every clause of the published versions
 * (the clauses `check` judges) and the key fields its findings carry — those
 * of its rule kind's plan (`plan.subject.key`), of every kind the clause has
 * had, or `attestation` for an attested obligation.
 *
 * @param document the policy's document id.
 * @param versions the published versions.
 * @returns the context.
 */
export function waiverContext(document: string, versions: readonly PolicyVersion[]): WaiverContext {
  const keyFields = new Map<string, string[]>();
  for (const version of versions) {
    for (const clause of version.clauses) {
      const plan = ruleKind(clause.rule)?.plan;
      const fields = clause.attestation || plan?.shape === 'attestation' ? [ATTESTATION_KEY] : plan ? Object.keys(plan.subject.key) : [];
      const known = keyFields.get(clause.id) ?? [];
      for (const field of fields) if (!known.includes(field)) known.push(field);
      keyFields.set(clause.id, known);
    }
  }
  return { document, keyFields };
}
