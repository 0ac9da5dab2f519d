/**
 * What `codicil lint` checks of the policy tests: every case file's syntax
 * and schema, and that its expectation can be true (tests.md). Running the
 * cases is `codicil test`'s job.
 */
import type { VFile } from 'vfile';
import { publishedVersions } from '../model/in-force.ts';
import type { Policy } from '../model/types.ts';
import { waiverContext } from '../waivers/index.ts';
import { readCaseFiles } from './discover.ts';

/**
 * The case files of a policy, with their problems as messages.
 *
 * @param dir the policy folder.
 * @param policy its model (for the clause ids an expected finding or a waiver may name).
 * @param unreadVersions version files that could not be read or parsed: then the clause an expected finding or a case's waiver names is not looked for (it may be one of theirs, and their own errors say what to fix).
 * @returns one file per case (none without a tests folder).
 */
export async function lintPolicyTests(dir: string, policy: Policy, unreadVersions = 0): Promise<VFile[]> {
  // A case may name a clause of any document of the policy.
  const clauseIds = unreadVersions > 0 ? undefined : new Set(policy.documents.flatMap((d) => d.versions).flatMap((v) => v.clauses.map((c) => c.id)));
  const waivers = unreadVersions > 0 ? {} : { waivers: waiverContext(policy.document, policy.documents.flatMap((d) => publishedVersions(d))) };
  return (await readCaseFiles(dir, { document: policy.document, clauseIds, ...waivers })).map((c) => c.file);
}
