import { realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { writeFileReplacing } from '../io/write.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import { byteOrderMark, decodePolicyText } from '../parse/source.ts';
import type { VersionsLock } from '../generated/versions-lock.ts';
import { FILE_LIMITS, readPolicyFile } from './policy-file.ts';
import type { PolicyVersion } from './types.ts';
import { compareSemver, fileVersion, nameAgrees } from './version-name.ts';

/** Name of the lock file in a document folder. */
export const LOCK_FILE = 'versions.lock';

type LockRead = { lock: VersionsLock; lines: KeyLines } | { missing: true } | { refused: true };

/** The line of each object key of a JSON text, by its path (keys joined with NUL). */
type KeyLines = Map<string, number>;

/** JSON.parse's message, and the line it names when it names one. */
function jsonProblem(error: unknown): { problem: string; line: number | undefined } {
  const message = (error as Error).message;
  const m = /line (\d+) column (\d+)/.exec(message);
  return { problem: message, line: m ? Number(m[1]) : undefined };
}

/** The path key of {@link KeyLines}. */
const keyPath = (...keys: string[]): string => keys.join('\0');

/**
 * The keys of a valid JSON text, with their lines, and the first key
 * repeated in one object: JSON.parse keeps the last of two, so a second
 * entry for a locked version would hide the first from lint and from the
 * diff's reader (review: rev-versions 04).
 *
 * @param text a text JSON.parse accepted.
 * @returns the line of each key by its path, and the first repeated key.
 */
function scanKeys(text: string): { lines: KeyLines; repeated?: { key: string; line: number } } {
  const lines: KeyLines = new Map();
  // One frame per open object or array: the keys seen (null for an array) and its path.
  const frames: { keys: Set<string> | null; path: string[] }[] = [];
  let expectKey = false;
  let line = 1;
  let last: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{' || c === '[') {
      const outer = frames.at(-1);
      const path = outer ? (outer.keys ? [...outer.path, last ?? ''] : [...outer.path, '[]']) : [];
      frames.push({ keys: c === '{' ? new Set() : null, path });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') frames.pop();
    else if (c === ',') expectKey = frames.at(-1)?.keys != null;
    else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        const frame = frames.at(-1)!;
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (frame.keys!.has(key)) return { lines, repeated: { key: [...frame.path, key].join('.'), line } };
        frame.keys!.add(key);
        lines.set(keyPath(...frame.path, key), line);
        last = key;
        expectKey = false;
      }
      i = j;
    }
  }
  return { lines };
}

/**
 * What a valid lock says that its document folder contradicts: another
 * document, or an entry naming a file other than its version's (the lock's
 * `file` is shown in messages and must not point elsewhere).
 */
function lockContradictions(lock: VersionsLock, document: string, lines: KeyLines): { problem: string; line: number | undefined }[] {
  const found: { problem: string; line: number | undefined }[] = [];
  if (lock.document !== document) found.push({ problem: `document is "${lock.document}", but the lock is in the folder of document "${document}"`, line: lines.get(keyPath('document')) });
  for (const [version, entry] of Object.entries(lock.versions)) {
    if (entry.file !== `${version}.md`) found.push({ problem: `versions.${version}.file is "${entry.file}", but version ${version}'s file is ${version}.md`, line: lines.get(keyPath('versions', version, 'file')) });
  }
  return found;
}

async function readLock(lockFile: VFile, path: string, within: string, document: string): Promise<LockRead> {
  const read = await readPolicyFile(lockFile, path, { within, limit: FILE_LIMITS.lock });
  if (read.status === 'missing') return { missing: true };
  if (read.status === 'refused') return { refused: true };
  const decoded = decodePolicyText(lockFile, read.bytes);
  if (decoded === null) return { refused: true };
  // A byte-order mark is allowed in every policy file (README, limits); JSON.parse refuses it.
  const text = decoded.slice(byteOrderMark(decoded));
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const { problem, line } = jsonProblem(error);
    report(lockFile, errors.lockInvalid, [problem], line !== undefined ? { line, column: 1 } : undefined);
    return { refused: true };
  }
  const { lines, repeated } = scanKeys(text);
  if (repeated) {
    report(lockFile, errors.lockInvalid, [`the key ${repeated.key} is repeated at line ${repeated.line} (JSON keeps only the last, so one entry would hide another)`], { line: repeated.line, column: 1 });
    return { refused: true };
  }
  const problems = validate('versions-lock.schema.json', data);
  if (problems.length > 0) {
    report(lockFile, errors.lockInvalid, [problems.map((p) => `${p.field} ${p.problem}`).join('; ')]);
    return { refused: true };
  }
  const lock = data as VersionsLock;
  const contradictions = lockContradictions(lock, document, lines);
  for (const c of contradictions) report(lockFile, errors.lockInvalid, [c.problem], c.line !== undefined ? { line: c.line, column: 1 } : undefined);
  return contradictions.length > 0 ? { refused: true } : { lock, lines };
}

/**
 * The highest locked version above a version, if any: a version not yet
 * locked must come after every locked one, as `draft` writes them, or it
 * would rewrite a past that was in force (review: rev-versions 02).
 *
 * @param lock the lock.
 * @param version a version not in it.
 * @returns the latest locked version greater than it.
 */
function lockedAfter(lock: VersionsLock, version: string): string | undefined {
  const later = Object.keys(lock.versions).filter((locked) => compareSemver(locked, version) > 0);
  return later.sort(compareSemver).at(-1);
}

/** The codes of rules a locked version is only warned of (ErrorDefinition.warningWhenLocked). */
const WARNING_WHEN_LOCKED = new Set(Object.values(errors).filter((d) => 'warningWhenLocked' in d && d.warningWhenLocked).map((d) => d.code));

/**
 * Turn the errors of rules added after versions were locked into warnings
 * in a version locked unedited: upgrading codicil must not leave a policy
 * that can never lint clean (a locked version cannot be corrected).
 *
 * @param file the version's file.
 * @param version its number.
 */
function softenLockedRules(file: VFile, version: string): void {
  for (const message of file.messages) {
    if (!message.fatal || !WARNING_WHEN_LOCKED.has(message.ruleId ?? '')) continue;
    message.fatal = false;
    message.note = `${message.note ?? ''} Version ${version} is locked as published and cannot be corrected: write the next version without it.`.trim();
  }
}

/**
 * Compare the published versions with their hashes in versions.lock: a
 * published text never changes.
 *
 * @param docDir the document folder.
 * @param versions parsed versions.
 * @param files each version's file, by the version its file name gives.
 * @param shown how paths are shown in messages.
 * @param within the real path of the policy folder (the lock must be inside it).
 * @returns the lock file with its messages.
 */
export async function checkLock(docDir: string, versions: PolicyVersion[], files: Map<string, VFile>, shown: (p: string) => string, within: string, refused: ReadonlySet<string> = new Set()): Promise<VFile[]> {
  const path = join(docDir, LOCK_FILE);
  const lockFile = new VFile({ path: shown(path) });
  const published = versions.filter((v) => v.status === 'published');
  const read = await readLock(lockFile, path, within, basename(docDir));
  if ('missing' in read) {
    if (published.length > 0) report(lockFile, errors.lockMissing, [shown(path)]);
    return [lockFile];
  }
  if ('refused' in read) return [lockFile];
  const { lock } = read;
  for (const v of published) {
    // A file whose front matter declares another version (CODICIL-P104) is
    // matched with the lock once the two agree: until then, which entry it
    // answers to is unknown, and the declared one may have no file at all.
    if (!nameAgrees(v)) continue;
    const entry = Object.hasOwn(lock.versions, v.version) ? lock.versions[v.version] : undefined;
    const file = files.get(v.version)!;
    const after = entry ? undefined : lockedAfter(lock, v.version);
    if (after) report(file, errors.publishedBehindLock, [v.version, after], { line: v.fieldLines.version ?? 1, column: 1 });
    else if (!entry) report(file, errors.publishedUnlocked, [v.version], { line: 1, column: 1 });
    else if (entry.sha256 !== v.sha256) report(file, errors.publishedEdited, [v.version], { line: 1, column: 1 });
    else softenLockedRules(file, v.version);
  }
  for (const [version, entry] of Object.entries(lock.versions)) {
    // By file name, as the lock keys its entries. A file that is there but failed to
    // parse has its own errors already, as has one declaring another version
    // (CODICIL-P104): "gone" would mislead. One that parsed as a draft is no longer published.
    const there = versions.find((v) => fileVersion(v) === version);
    const unpublished = there !== undefined && nameAgrees(there) && there.status !== 'published';
    // A file that is there but was refused (a FIFO, a link out of the folder) has its own error: not gone either.
    if ((!files.has(version) && !refused.has(version)) || unpublished) report(lockFile, errors.lockedVersionGone, [version, entry.file]);
  }
  return [lockFile];
}

/**
 * Record the published versions that the lock does not hold yet. Entries
 * already locked are never rewritten: an edited published text stays an error.
 * The new lock is written next to the old one and renamed over it
 * ({@link writeFileReplacing}), so a link named versions.lock is replaced,
 * never followed out of the folder, and a failed write leaves the old lock.
 *
 * @param docDir the document folder.
 * @param document the document id (for a new lock).
 * @param versions parsed versions.
 * @param within the real path of the policy folder (default: the document folder's parent as given).
 * @returns the versions added to the lock.
 * @throws when the existing lock cannot be read, or a version to lock comes before a locked one (lint reports why; `codicil lock` refuses before calling this);
 *   WriteFailed (engine/io/write.ts) when the new lock cannot be written (the old one is then unchanged).
 */
export async function updateLock(docDir: string, document: string, versions: PolicyVersion[], within?: string): Promise<string[]> {
  const path = join(docDir, LOCK_FILE);
  const lockFile = new VFile({ path });
  const read = await readLock(lockFile, path, within ?? (await realpath(join(docDir, '..'))), document);
  if ('refused' in read) throw new Error(`${path} cannot be updated: ${lockFile.messages.map((m) => m.reason).join('; ')}`);
  const next: VersionsLock = 'lock' in read ? read.lock : { document, versions: {} };
  const added: string[] = [];
  for (const v of versions) {
    // Never lock a text under a name its file does not have (`codicil lock` refuses while CODICIL-P104 stands).
    if (v.status !== 'published' || !nameAgrees(v) || Object.hasOwn(next.versions, v.version)) continue;
    // Lock refuses what lint refuses (CODICIL-V015), for callers that did not lint first.
    const after = lockedAfter(next, v.version);
    if (after) throw new Error(`${path}: version ${v.version} cannot be locked: it comes before locked version ${after}`);
    next.versions[v.version] = { file: `${v.version}.md`, sha256: v.sha256 };
    added.push(v.version);
  }
  const sorted: VersionsLock = { document: next.document, versions: Object.fromEntries(Object.entries(next.versions).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) };
  await writeFileReplacing(path, `${JSON.stringify(sorted, null, 2)}\n`);
  return added;
}
