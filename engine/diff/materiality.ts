/**
 * Whether an amendment is material, and why. Material is the OR of reasons,
 * so adding a change to a material amendment can never make it immaterial.
 */
import type { Amendment } from './types.ts';
import { changedLines, type Segment } from './redline.ts';

// Words that turn a promise around or narrow it: adding or dropping one is never "just wording".
const QUALIFIERS = /\b(not|no|never|only|unless|except|without|may|solely)\b/i;

/** A short, one-line excerpt for a reason. */
const excerpt = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 70 ? `${line.slice(0, 67).replace(/\s+\S*$/, '')}…` : line;
};

/**
 * Edits that change a text's reach whatever their size: a whole line (list
 * item, paragraph) removed — or, inside a clause, added — or a qualifier
 * (not, only, unless…) added or dropped.
 */
function narrowing(segments: Segment[], inClause: boolean): string[] {
  const found: string[] = [];
  for (const line of changedLines(segments)) {
    for (const type of inClause ? (['delete', 'insert'] as const) : (['delete'] as const)) {
      const whole = line.every((s) => s.type === type || s.text.trim() === '') && line.some((s) => s.type === type);
      if (whole) found.push(`${type === 'delete' ? 'removed' : 'added'} “${excerpt(line.map((s) => s.text).join(''))}”`);
    }
  }
  for (const s of segments) {
    const qualifier = s.type === 'equal' ? null : QUALIFIERS.exec(s.text);
    if (qualifier) found.push(`${s.type === 'insert' ? 'added' : 'removed'} the qualifier “${qualifier[0]}”`);
  }
  return found;
}

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
    if (c.change === 'replaced' && !c.equivalent) reasons.push(`obligation ${c.id} replaced by ${c.replacedBy} on different terms`);
    if (c.redline) for (const what of narrowing(c.redline, true)) reasons.push(`edit that changes the reach of ${c.id}: ${what}`);
    if (c.change === 'modified' && c.rule.from !== c.rule.to) reasons.push(`clause ${c.id} is now checked as ${c.rule.to} (was ${c.rule.from})`);
    if (c.change === 'modified' && c.changedWords > MINOR_CLAUSE_WORDS) reasons.push(`substantive wording change in ${c.id} (${c.changedWords} words)`);
  }
  if (changes.outside.changedWords > MINOR_OUTSIDE_WORDS) reasons.push(`substantive wording change outside clauses (${changes.outside.changedWords} words)`);
  for (const what of narrowing(changes.outside.redline, false)) reasons.push(`edit that changes the reach of the text outside clauses: ${what}`);
  return { material: reasons.length > 0, reasons };
}
