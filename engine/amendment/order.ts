/**
 * Which way a comparison runs through a document's history. Versions follow
 * one another by number (lint holds their effective dates to that order), so
 * an amendment reads from an earlier version to a later one: read the other
 * way, a stricter deadline would be told as a looser one and a withdrawn
 * clause as a new commitment, under the earlier version's dates.
 */
import { compareSemver } from '../model/load-policy.ts';
import type { NoAmendmentReason } from '../errors/catalogue.ts';
import type { Amendment, VersionRef } from './types.ts';

/** Where the later side of a comparison stands: after the earlier side, the same version, or before it. */
export type Course = 'forward' | 'same' | 'backward';

/** Why two versions are not an amendment to show: TO comes first, or (for a notice) announces nothing new, or amends another version than FROM. */
export type NoAmendment = NoAmendmentReason;

/**
 * Where TO stands from FROM in the document's history.
 *
 * @param from the earlier side as given.
 * @param to the later side as given.
 * @returns forward, same (one version number on both sides) or backward.
 */
export function courseOf(from: Pick<VersionRef, 'version'>, to: Pick<VersionRef, 'version'>): Course {
  const order = compareSemver(to.version, from.version);
  return order > 0 ? 'forward' : order === 0 ? 'same' : 'backward';
}

/**
 * Why an amendment cannot be shown for a purpose. Any view refuses one that
 * runs backwards; a change notice also refuses the same version on both
 * sides, a later version whose text is the same (it would announce no
 * change), and FROM other than the version TO amends (it would say TO
 * replaces a version it does not).
 *
 * @param amendment the comparison.
 * @param purpose `diff` (any format but the notice) or `notice`.
 * @param amends the version TO amends in the document's history, when known (model/amends.ts).
 * @returns the reason, or undefined when it can be shown.
 */
export function noAmendment(amendment: Amendment, purpose: 'diff' | 'notice', amends?: string): NoAmendment | undefined {
  const course = courseOf(amendment.from, amendment.to);
  if (course === 'backward') return 'backward';
  if (purpose === 'diff') return undefined;
  if (course === 'same') return 'same-version';
  if (amendment.empty) return 'same-text';
  return amends !== undefined && amends !== amendment.from.version ? 'not-amended' : undefined;
}

/**
 * What legal declared about the change a comparison shows: TO's
 * `material:`, which is about TO's own amendment — so only when TO comes
 * after FROM; for two texts of one version, or a comparison backwards, it
 * would describe another change than the one shown.
 *
 * @param amendment the comparison.
 * @returns the declaration, or undefined when none applies.
 */
export function declaredMaterial(amendment: Amendment): boolean | undefined {
  return courseOf(amendment.from, amendment.to) === 'forward' ? amendment.to.material : undefined;
}
