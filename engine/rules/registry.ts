import type { RuleKind } from './define.ts';
import type { KindCatalog, KindInfo } from '../schemas/params.ts';
import { POLICY_VERSIONS } from './plan.ts';
import * as kinds from './kinds/index.ts';

const byName = new Map<string, Readonly<RuleKind>>(Object.values(kinds).map((k) => [k.kind, k]));

/**
 * Look up a rule kind by the name clauses use in `rule=`.
 *
 * @param name e.g. `incident-notice-deadline`.
 * @returns the definition, or undefined when codicil has no such kind.
 */
export function ruleKind(name: string): Readonly<RuleKind> | undefined {
  return byName.get(name);
}

/** @returns the names of every rule kind, sorted. */
export function ruleKindNames(): string[] {
  return [...byName.keys()].sort();
}

/** What parsing knows of a kind (schemas/params.ts), from its definition. */
function info(k: Readonly<RuleKind>): KindInfo {
  const plan = k.plan;
  const versionNotice = plan.shape === 'deadline' && plan.subject.table === POLICY_VERSIONS && 'param' in plan.bound ? plan.bound.param : undefined;
  return { kind: k.kind, params: k.params, required: k.required, attested: plan.shape === 'attestation', ...(versionNotice ? { versionNotice } : {}) };
}

const catalog = new Map([...byName].map(([name, k]) => [name, info(k)]));

/** codicil's rule kinds, as the policy is read with them (handed to parsing and the model). */
export const ruleKinds: KindCatalog = {
  get: (name) => catalog.get(name),
  names: ruleKindNames,
};

/**
 * Whether clauses of a kind are vouched for by attestations rather than judged from records.
 *
 * @param rule the clause's rule kind.
 * @returns true for a kind whose plan is an attestation.
 */
export function attested(rule: string): boolean {
  return ruleKind(rule)?.plan.shape === 'attestation';
}
