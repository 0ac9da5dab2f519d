/**
 * Find the case files of a policy's `tests/` folder: every `.yaml` (or
 * `.yml`) file, in subfolders too, except names starting with `.` or `_`
 * and the records folders that cases name with `records_dir` (their YAML
 * files are record tables, not cases).
 *
 * A case file is a policy file and is read like one (model/policy-file.ts):
 * only a regular file, after resolving links, which must stay inside the
 * policy folder; of a bounded size; strict UTF-8 without control characters;
 * never opened in a way that can block. Anything named like a case that is
 * not such a file — a FIFO, a device, a link to /dev/zero or out of the
 * folder, a link loop — is a refused case (an error on it, never skipped), and
 * so is a link to a folder outside the policy folder.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { VFile } from 'vfile';
import { errors, type ErrorDefinition } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { entryKind } from '../io/file-errors.ts';
import { FILE_LIMITS, isInside, readPolicyFile } from '../model/policy-file.ts';
import { decodePolicyText } from '../parse/source.ts';
import { readYaml } from '../parse/yaml-data.ts';
import type { CaseContext } from './case-file.ts';
import { readCaseFile, refusedCaseFile, type CaseFile } from './case-file.ts';

/** The tests folder of a policy folder. */
export const TESTS_FOLDER = 'tests';

/** Paths in messages are relative to the working directory, as editors and CI annotations expect. */
const shown = (path: string): string => relative(process.cwd(), path) || path;

const isCase = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');
const hidden = (name: string) => name.startsWith('.') || name.startsWith('_');

const linkReason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ELOOP' ? 'the links form a loop' : code === 'ENOENT' ? 'its target does not exist' : (code ?? (error as Error).message);
};

/** What the walk of tests/ found: files named like cases (not yet read), and entries refused on sight. */
interface Found {
  /** Paths relative to tests/. */
  candidates: string[];
  refused: CaseFile[];
}

/**
 * Read every case file of a policy.
 *
 * @param policy the policy folder.
 * @param context the policy's document and clause ids (undefined: syntax only).
 * @returns the case files in name order (empty when there is no tests folder); a
 *   file that could not be read is a case with `refused` set and its error.
 */
export async function readCaseFiles(policy: string, context?: CaseContext): Promise<CaseFile[]> {
  const dir = join(policy, TESTS_FOLDER);
  let root: string;
  try {
    root = await realpath(policy);
  } catch {
    // The policy folder itself cannot be read: that is reported where the policy is read.
    return [];
  }
  const found = await findCases(dir, root);
  const texts = new Map<string, string>();
  const refused: CaseFile[] = [...found.refused];
  // One file at a time: thousands of case files never hold thousands of descriptors.
  for (const name of found.candidates) {
    const path = join(dir, name);
    const file = new VFile({ path: shown(path) });
    const read = await readPolicyFile(file, path, { within: root, limit: FILE_LIMITS.testCase });
    if (read.status === 'missing') continue; // gone since the folder was listed
    const text = read.status === 'ok' ? decodePolicyText(file, read.bytes) : null;
    if (text === null) refused.push(refusedCaseFile(file, posix(name)));
    else texts.set(name, text);
  }
  const recordsDirs = [...texts].flatMap(([n, text]) => {
    const dirOf = recordsDirOf(text);
    return dirOf === undefined ? [] : [{ owner: n, dir: resolve(dir, n, '..', dirOf) }];
  });
  // A records folder of another case holds record tables, not cases: what is in it is the records reader's to judge.
  const inRecordsDir = (n: string) => recordsDirs.some((r) => r.owner !== n && !below(r.dir, resolve(dir, r.owner)) && (resolve(dir, n) === r.dir || below(r.dir, resolve(dir, n))));
  const cases = [...texts].filter(([n]) => !inRecordsDir(n)).map(([n, text]) => readCaseFile(shown(join(dir, n)), posix(n), text, context));
  for (const kase of cases) await checkRecordsDir(kase, policy, root);
  const kept = refused.filter((c) => !inRecordsDir(c.name.split('/').join(sep)));
  return [...cases, ...kept].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const posix = (name: string): string => name.split(sep).join('/');

/**
 * Walk tests/ and its subfolders (links to folders followed when they stay
 * inside the policy folder, each folder once), collecting what is named like
 * a case and refusing, on sight, folders and links that cannot be followed.
 * At most {@link FILE_LIMITS.testEntries} entries are looked at.
 */
async function findCases(dir: string, within: string): Promise<Found> {
  const found: Found = { candidates: [], refused: [] };
  const refuse = <Args extends unknown[]>(name: string, definition: ErrorDefinition<Args>, args: Args) => {
    const file = new VFile({ path: shown(join(dir, name)) });
    report(file, definition, args);
    found.refused.push(refusedCaseFile(file, posix(name)));
  };
  // The tests folder itself: absent is no tests; anything but a folder inside the policy folder is refused.
  let top;
  try {
    top = await lstat(dir);
  } catch {
    return found;
  }
  let real: string;
  try {
    real = await realpath(dir);
  } catch (error) {
    refuse('', top.isSymbolicLink() ? errors.brokenLink : errors.fileUnreadable, [shown(dir), linkReason(error)]);
    return found;
  }
  if (!isInside(real, within)) {
    refuse('', errors.linkOutside, [shown(dir), real, within]);
    return found;
  }
  const target = top.isSymbolicLink() ? await stat(real).catch(() => null) : top;
  // Anything but a folder (a regular file, a FIFO, a device) holds no case: refused, in words about a folder.
  if (!target?.isDirectory()) {
    if (target) refuse('', errors.testsNotFolder, [shown(dir), entryKind(target, 'something else')]);
    return found;
  }

  const visited = new Set<string>([real]);
  const queue: { rel: string; real: string }[] = [{ rel: '', real }];
  // Folders reached through links are walked after every real folder, so that a case is named by where it is.
  const linked: { rel: string; real: string }[] = [];
  let seen = 0;
  for (;;) {
    let folder = queue.shift();
    if (folder === undefined) {
      const next = linked.shift();
      if (next === undefined) break;
      if (visited.has(next.real)) continue; // reached before, or a loop
      visited.add(next.real);
      folder = next;
    }
    let entries: Dirent[];
    try {
      entries = await readdir(folder.real, { withFileTypes: true });
    } catch (error) {
      refuse(folder.rel, errors.fileUnreadable, [shown(join(dir, folder.rel)), linkReason(error)]);
      continue;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (hidden(entry.name)) continue;
      if (++seen > FILE_LIMITS.testEntries) {
        refuse('', errors.tooManyTestEntries, [shown(dir), FILE_LIMITS.testEntries]);
        return found;
      }
      const rel = join(folder.rel, entry.name);
      const path = join(folder.real, entry.name);
      if (entry.isDirectory()) {
        if (!visited.has(path)) (visited.add(path), queue.push({ rel, real: path }));
      } else if (entry.isSymbolicLink()) {
        await followLink(rel, path);
      } else if (isCase(entry.name)) {
        // A FIFO, a device or a socket named like a case: readPolicyFile refuses it without opening it.
        found.candidates.push(rel);
      }
    }
  }
  found.candidates.sort();
  return found;

  async function followLink(rel: string, path: string): Promise<void> {
    let to: string;
    try {
      to = await realpath(path);
    } catch (error) {
      // A link that leads nowhere may have been a case or a folder of cases: never skipped silently.
      refuse(rel, errors.brokenLink, [shown(join(dir, rel)), linkReason(error)]);
      return;
    }
    const info = await stat(to).catch(() => null);
    if (info?.isDirectory()) {
      if (!isInside(to, within)) refuse(rel, errors.linkOutside, [shown(join(dir, rel)), to, within]);
      else linked.push({ rel, real: to });
    } else if (isCase(rel)) {
      // Read as every case file is: the link must stay inside, the target be a regular file.
      found.candidates.push(rel);
    }
  }
}

/**
 * A case's records folder is read as every policy file is: inside the
 * policy folder, after links (a case must not make `codicil test` read
 * records from anywhere on the machine). It must be a folder that is there:
 * a mistyped name is the case file's mistake, at its `records_dir` line —
 * judged, it would be "records that break records.md", and `--update`
 * would pin that error, making the mistake pass.
 */
async function checkRecordsDir(kase: CaseFile, policy: string, root: string): Promise<void> {
  const named = kase.spec?.records_dir;
  if (named === undefined) return;
  const lexical = resolve(kase.path, '..', named);
  let missing = false;
  const real = await realpath(lexical).catch((error: NodeJS.ErrnoException) => {
    missing = error.code === 'ENOENT' || error.code === 'ENOTDIR';
    return undefined;
  });
  if (real === undefined ? !isInside(lexical, resolve(policy)) : !isInside(real, root)) {
    const via = real !== undefined && real !== lexical ? ` (through a link, to ${real})` : '';
    report(kase.file, errors.testInvalid, ['records_dir', `${named} leads outside the policy folder ${shown(policy)}${via}: a case's records folder must be inside it`], kase.recordsDirAt);
    return;
  }
  // Beside inline records the case is refused already (not both). A folder that cannot be read (no permission) is left to the check, which says so of the folder.
  if (kase.spec?.records !== undefined) return;
  const kind = real === undefined ? (missing ? 'missing' : 'folder') : await stat(real).then((s) => (s.isDirectory() ? 'folder' : 'other'), () => 'folder');
  if (kind === 'folder') return;
  const problem = kind === 'missing' ? `there is no folder ${shown(lexical)}` : `${shown(lexical)} is not a folder`;
  report(kase.file, errors.testInvalid, ['records_dir', `${named}: ${problem} (a case's records folder is named from the case file's folder)`], kase.recordsDirAt);
}

/** A case's `records_dir`, if its text says one (read leniently: the case is checked properly later). */
function recordsDirOf(text: string): string | undefined {
  const yaml = readYaml(text);
  const data = yaml.ok ? yaml.data : undefined;
  const value = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).records_dir : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whether path lies strictly below folder (both lexical). */
function below(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}
