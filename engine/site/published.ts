import type { PublishedVersion } from '../generated/published-version.ts';
import type { Policy, PolicyVersion } from '../model/types.ts';
import { effectiveInstant, inForceUntil } from '../model/in-force.ts';

/**
 * The machine-readable JSON of a version, as the site publishes it.
 *
 * @param policy the policy (for when the version stops being in force).
 * @param version one of its published versions.
 * @returns data valid against schemas/published-version.schema.json.
 */
export function publishedVersion(policy: Policy, version: PolicyVersion): PublishedVersion {
  const until = inForceUntil(policy, version);
  return {
    document: version.document,
    title: version.title,
    version: version.version,
    effective: version.effective,
    published: version.published,
    material: version.material,
    summary: version.summary,
    inForce: { from: new Date(effectiveInstant(version)).toISOString(), until: until === undefined ? null : new Date(until).toISOString() },
    sections: version.sections.map((s) => ({ number: s.number, title: s.title, anchor: s.anchor })),
    clauses: version.clauses.map((c) => ({
      id: c.id,
      rule: c.rule,
      attestation: c.attestation,
      section: c.section,
      anchor: c.id,
      text: c.text,
      parameters: Object.fromEntries(Object.values(c.params).map((p) => [p.name, { value: p.value, words: p.bindings.map((b) => b.words) }])),
    })),
    interpretations: version.interpretations.map(({ position: _p, ...i }) => i),
  };
}
