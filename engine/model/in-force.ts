import type { Policy, PolicyVersion } from './types.ts';

/**
 * The instant a version takes effect: 00:00 UTC on its effective date.
 *
 * @param version a policy version.
 * @returns milliseconds since the epoch.
 */
export function effectiveInstant(version: Pick<PolicyVersion, 'effective'>): number {
  return Date.parse(`${version.effective}T00:00:00Z`);
}

/**
 * The published versions, ordered by effective date (drafts are never in force).
 *
 * @param policy the policy.
 * @returns the versions that can be in force, earliest first.
 */
export function publishedVersions(policy: Pick<Policy, 'versions'>): PolicyVersion[] {
  return policy.versions.filter((v) => v.status === 'published').sort((a, b) => effectiveInstant(a) - effectiveInstant(b));
}

/**
 * Which version is in force at an instant: the published version with the
 * latest effective date at or before it. A version is in force from 00:00 UTC
 * on its effective date until the next version's.
 *
 * @param policy the policy.
 * @param instant a Date, or milliseconds since the epoch.
 * @returns the version in force, or undefined before the first version.
 */
export function versionInForce(policy: Pick<Policy, 'versions'>, instant: Date | number): PolicyVersion | undefined {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  let found: PolicyVersion | undefined;
  for (const version of publishedVersions(policy)) {
    if (effectiveInstant(version) <= t) found = version;
    else break;
  }
  return found;
}

/**
 * When a version stops being in force: the next published version's effective instant.
 *
 * @param policy the policy.
 * @param version one of its published versions.
 * @returns milliseconds since the epoch, or undefined while it is the latest.
 */
export function inForceUntil(policy: Pick<Policy, 'versions'>, version: PolicyVersion): number | undefined {
  const versions = publishedVersions(policy);
  const next = versions[versions.indexOf(version) + 1];
  return next ? effectiveInstant(next) : undefined;
}
