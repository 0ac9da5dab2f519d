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
 * What legal declared about the change a comparison shows. Each version's
 * `material:` is about its own amendment (from the version before it), so a
 * comparison forward declares what the versions it passes through declared:
 * material when one of them did (a range that skips a material version is
 * still a material change), not material when none did. For two texts of
 * one version, or a comparison backwards, there is no declaration: it would
 * describe another change than the one shown. `diff` and the site both
 * answer with this function.
 *
 * @param amendment the comparison.
 * @param steps the versions it passes through before TO (see {@link stepsOf}); none when FROM and TO follow each other or the history is unknown.
 * @returns the declaration, or undefined when none applies.
 */
export function declaredMaterial(amendment: Amendment, steps: readonly Pick<VersionRef, 'material'>[] = []): boolean | undefined {
  if (courseOf(amendment.from, amendment.to) !== 'forward') return undefined;
  return amendment.to.material || steps.some((v) => v.material);
}

/**
 * The versions a comparison passes through between FROM and TO: the
 * published versions of the document's history after FROM and before TO
 * (drafts are never in force, so they amend nothing).
 *
 * @param history the document's versions.
 * @param from FROM's version number.
 * @param to TO's version number.
 * @returns those versions, in order.
 */
export function stepsOf<V extends Pick<VersionRef, 'version' | 'status'>>(history: readonly V[], from: string, to: string): V[] {
  return history.filter((v) => v.status === 'published' && compareSemver(v.version, from) > 0 && compareSemver(v.version, to) < 0).sort((a, b) => compareSemver(a.version, b.version));
}
