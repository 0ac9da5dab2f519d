/**
 * Which version an amendment is measured against: the published text it
 * replaces, not a draft in between (a draft only when nothing before it is
 * published). Lint measures materiality and notice against it, `draft`
 * carries withdrawals by it, and a change notice announces a version against it.
 */
import { compareSemver } from './load-policy.ts';
import type { PolicyVersion } from './types.ts';

/**
 * The version a version amends.
 *
 * @param versions the document's versions.
 * @param version the amending version's number (it need not be among them: a draft in a pull request).
 * @returns the last published version before it, else the last version before it; undefined for the first.
 */
export function amendedVersion(versions: readonly PolicyVersion[], version: string): PolicyVersion | undefined {
  const before = versions.filter((v) => compareSemver(v.version, version) < 0).sort((a, b) => compareSemver(a.version, b.version));
  return before.findLast((v) => v.status === 'published') ?? before.at(-1);
}
