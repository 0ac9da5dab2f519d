import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import type { VersionsLock } from '../generated/versions-lock.ts';
import type { PolicyVersion } from './types.ts';

/** Name of the lock file in a document folder. */
export const LOCK_FILE = 'versions.lock';

async function readLock(path: string): Promise<{ lock: VersionsLock | null; problem: string | null; missing: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { lock: null, problem: null, missing: true };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { lock: null, problem: (error as Error).message, missing: false };
  }
  const problems = validate('versions-lock.schema.json', data);
  if (problems.length > 0) return { lock: null, problem: problems.map((p) => `${p.field} ${p.problem}`).join('; '), missing: false };
  return { lock: data as VersionsLock, problem: null, missing: false };
}

/**
 * Compare the published versions with their hashes in versions.lock: a
 * published text never changes.
 *
 * @param docDir the document folder.
 * @param versions parsed versions.
 * @param files each version's file, by version.
 * @param shown how paths are shown in messages.
 * @returns the lock file with its messages.
 */
export async function checkLock(docDir: string, versions: PolicyVersion[], files: Map<string, VFile>, shown: (p: string) => string): Promise<VFile[]> {
  const path = join(docDir, LOCK_FILE);
  const lockFile = new VFile({ path: shown(path) });
  const published = versions.filter((v) => v.status === 'published');
  const { lock, problem, missing } = await readLock(path);
  if (missing) {
    if (published.length > 0) report(lockFile, errors.lockMissing, [shown(path)]);
    return [lockFile];
  }
  if (!lock) {
    report(lockFile, errors.lockInvalid, [problem!]);
    return [lockFile];
  }
  for (const v of published) {
    const entry = lock.versions[v.version];
    const file = files.get(v.version)!;
    if (!entry) report(file, errors.publishedUnlocked, [v.version], { line: 1, column: 1 });
    else if (entry.sha256 !== v.sha256) report(file, errors.publishedEdited, [v.version], { line: 1, column: 1 });
  }
  for (const [version, entry] of Object.entries(lock.versions)) {
    // A file that is there but failed to parse has its own errors already; "gone" would mislead.
    if (!published.some((v) => v.version === version) && !files.has(version)) report(lockFile, errors.lockedVersionGone, [version, entry.file]);
  }
  return [lockFile];
}

/**
 * Record the published versions that the lock does not hold yet. Entries
 * already locked are never rewritten: an edited published text stays an error.
 *
 * @param docDir the document folder.
 * @param versions parsed versions.
 * @returns the versions added to the lock.
 */
export async function updateLock(docDir: string, document: string, versions: PolicyVersion[]): Promise<string[]> {
  const path = join(docDir, LOCK_FILE);
  const { lock, problem, missing } = await readLock(path);
  if (!lock && !missing) throw new Error(`${path} is invalid: ${problem}`);
  const next: VersionsLock = lock ?? { document, versions: {} };
  const added: string[] = [];
  for (const v of versions) {
    if (v.status !== 'published' || next.versions[v.version]) continue;
    next.versions[v.version] = { file: `${v.version}.md`, sha256: v.sha256 };
    added.push(v.version);
  }
  const sorted: VersionsLock = { document: next.document, versions: Object.fromEntries(Object.entries(next.versions).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) };
  await writeFile(path, `${JSON.stringify(sorted, null, 2)}\n`);
  return added;
}
