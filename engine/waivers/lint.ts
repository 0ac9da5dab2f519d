/**
 * What `codicil lint` checks of the waivers: the waiver file as `check`
 * reads it (every problem an error), and a warning for each waiver that has
 * expired or expires within 30 days of as-of — a decision about to lapse is
 * worth a reminder before its findings count again.
 */
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { publishedVersions } from '../model/in-force.ts';
import type { Policy } from '../model/types.ts';
import { iso } from '../rules/words.ts';
import { waiverContext } from './keys.ts';
import { readWaivers } from './read.ts';

/** Waivers expiring within this many days of as-of get a warning. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * Lint the waiver file of a policy (or the one given).
 *
 * @param policyDir the policy folder.
 * @param policy its model (the clauses waivers may name).
 * @param options the waiver file (default: `waivers.yaml` in the policy folder, if any), as-of (ms), and the
 *   version files that could not be read or parsed (then the clause a waiver names is not looked for: it may be
 *   one of theirs, and their own errors say what to fix).
 * @returns the waiver file with its messages (none when there is no file).
 */
export async function lintWaivers(policyDir: string, policy: Policy, options: { waivers?: string; asOf: number; unreadVersions?: number }): Promise<VFile[]> {
  const context = (options.unreadVersions ?? 0) > 0 ? undefined : waiverContext(policy.document, policy.documents.length > 1 ? policy.documents.flatMap((d) => publishedVersions(d)) : publishedVersions(policy));
  const read = await readWaivers(options.waivers, policyDir, context);
  if (read.path === null) return [];
  for (const waiver of read.waivers ?? []) {
    const place = read.place(`[${waiver.index}].expires`);
    if (waiver.expiresAt <= options.asOf) report(read.file, errors.waiverExpired, [waiver.id, iso(waiver.expiresAt)], place, 'warning');
    else if (waiver.expiresAt - options.asOf <= EXPIRY_WARNING_DAYS * DAY_MS) {
      report(read.file, errors.waiverExpiresSoon, [waiver.id, iso(waiver.expiresAt), Math.ceil((waiver.expiresAt - options.asOf) / DAY_MS), iso(options.asOf)], place, 'warning');
    }
  }
  return [read.file];
}
