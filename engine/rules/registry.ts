import type { RuleKind } from './define.ts';
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
