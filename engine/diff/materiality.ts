/**
 * Whether an amendment is material, and why. Material is the OR of reasons,
 * so adding a change to a material amendment can never make it immaterial.
 */
import type { Amendment } from './types.ts';

/** Wording edits up to this many changed words in one clause are minor. */
export const MINOR_CLAUSE_WORDS = 5;
/** Wording edits up to this many changed words outside clauses (all together) are minor. */
export const MINOR_OUTSIDE_WORDS = 10;

/**
 * Assess materiality from the changes of an amendment.
 *
 * @param changes the amendment's clause, parameter, sub-processor and text changes.
 * @returns material and every reason for it (none when immaterial).
 */
export function assessMateriality(changes: Pick<Amendment, 'clauses' | 'parameters' | 'subprocessors' | 'outside'>): { material: boolean; reasons: string[] } {
  const reasons: string[] = [];
  for (const p of changes.parameters) {
    if (p.direction === 'looser') reasons.push(`looser for the customer: ${p.description}`);
    else if (p.direction === 'changed') reasons.push(`changed scope: ${p.description}`);
  }
  for (const name of changes.subprocessors.categoriesAdded) reasons.push(`new sub-processor category: ${name}`);
  for (const name of changes.subprocessors.namedAdded) reasons.push(`new named sub-processor: ${name}`);
  for (const c of changes.clauses) {
    if (c.change === 'removed' || c.change === 'withdrawn') reasons.push(`obligation ${c.change}: ${c.id}`);
    if (c.change === 'modified' && c.rule.from !== c.rule.to) reasons.push(`clause ${c.id} is now checked as ${c.rule.to} (was ${c.rule.from})`);
    if (c.change === 'modified' && c.changedWords > MINOR_CLAUSE_WORDS) reasons.push(`substantive wording change in ${c.id} (${c.changedWords} words)`);
  }
  if (changes.outside.changedWords > MINOR_OUTSIDE_WORDS) reasons.push(`substantive wording change outside clauses (${changes.outside.changedWords} words)`);
  return { material: reasons.length > 0, reasons };
}
