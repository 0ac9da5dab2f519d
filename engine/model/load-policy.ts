import { readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { fileErrorWords } from '../io/file-errors.ts';
import { report } from '../errors/report.ts';
import { parseVersion } from '../parse/version.ts';
import { loadReference } from './reference.ts';
import { checkVersionSequence } from './sequence.ts';
import { checkTemplateLeftovers } from './template-leftovers.ts';
import type { KindCatalog } from '../schemas/params.ts';
import { checkLock, LOCK_FILE } from './lock.ts';
import { checkNotices } from './notices.ts';
import { FILE_LIMITS, isInside, readPolicyFile } from './policy-file.ts';
import { capMessages, guarded, guardedFiles, MESSAGES_PER_FILE } from './file-guard.ts';
import { checkReferences } from './references.ts';
import type { Policy, PolicyDocument, PolicyLoad, PolicyVersion, ReferenceData } from './types.ts';

const VERSION_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.md$/;
/** Entries of a policy folder that are not document folders (clauses.md, tests.md, waivers.md). */
const NOT_DOCUMENTS = new Set(['reference', 'tests', 'waivers.yaml']);
const NOTICE_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.notice\.md$/;

// Where versions are named and ordered; load-policy's importers have always taken it from here.
export { compareSemver } from './version-name.ts';
import { compareSemver } from './version-name.ts';

/** Paths in messages are relative to the working directory, as editors and CI annotations expect. */
const shown = (path: string): string => relative(process.cwd(), path) || path;

/**
 * Where a version file of a document is, as the model and its messages show
 * it (a version's `file`, the path of the file's messages).
 *
 * @param dir the policy folder, as given to {@link loadPolicy}.
 * @param document the document id.
 * @param version the version the file is named after.
 * @returns the path shown.
 */
export const versionFilePath = (dir: string, document: string, version: string): string => shown(join(dir, document, `${version}.md`));

/**
 * Names a document folder cannot have: the public site's own pages live at
 * these paths (`/subprocessors/`, `/search/` …), beside `/<document>/`.
 */
export const RESERVED_DOCUMENT_NAMES: ReadonlySet<string> = new Set(['subprocessors', 'search', 'updates', 'schemas', 'pagefind', 'feed', 'rss', 'index', 'assets', 'versions', 'changes']);

/**
 * Read a policy folder into the model: every version of every document,
 * reference data, and all consistency checks across each document's
 * versions (order of effective dates, notice, disappearing clauses, edits
 * to published text) and across documents (links between them).
 *
 * @param dir the policy folder (holds `<document>/` folders and `reference/`).
 * @param kinds the rule kinds clauses may name (the rules layer hands them down).
 * @returns the model, every file with its messages, and whether anything failed.
 */
export async function loadPolicy(dir: string, kinds: KindCatalog): Promise<PolicyLoad> {
  const files: VFile[] = [];
  const folder = new VFile({ path: shown(dir) });
  files.push(folder);
  const empty: Policy = { dir, document: '', title: '', versions: [], documents: [], reference: { eea: emptyList('eea'), adequacy: emptyList('adequacy'), vocabularies: {} } };
  let entries: Dirent[];
  // Links are resolved and must stay inside the folder given, as its real path.
  let within: string;
  try {
    within = await realpath(dir);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    report(folder, errors.policyFolderUnreadable, [shown(dir), folderWords(error)]);
    return { policy: empty, files, failed: true, unreadVersions: 0 };
  }
  const names = await documentFolders(dir, entries, within, folder);
  let reference: ReferenceData | null = null;
  files.push(
    ...(await guardedFiles(folder, async () => {
      const read = await loadReference(dir, within, shown);
      reference = read.reference;
      return read.files;
    })),
  );
  if (names.length === 0) report(folder, errors.noDocument, [shown(dir)]);
  const documents: PolicyDocument[] = [];
  const unread = { versions: 0 };
  for (const document of names) {
    if (RESERVED_DOCUMENT_NAMES.has(document) || !/^[a-z][a-z0-9-]*$/.test(document)) {
      report(folder, errors.documentName, [shown(join(dir, document)), document, RESERVED_DOCUMENT_NAMES.has(document)]);
      continue;
    }
    documents.push(await loadDocument(dir, document, within, reference, folder, files, kinds, unread));
  }
  guarded(folder, () => checkReferences(documents, files));
  const first = documents[0];
  const policy: Policy = {
    dir,
    document: first?.document ?? '',
    title: first?.title ?? '',
    versions: first?.versions ?? [],
    documents,
    reference: reference ?? empty.reference,
  };
  for (const file of files) capMessages(file);
  const failed = files.some((f) => f.messages.some((m) => m.fatal));
  return { policy, files, failed, unreadVersions: unread.versions };
}

/**
 * Read one document folder: its versions (each parsed), the checks across
 * them, its lock and its change notices.
 */
async function loadDocument(dir: string, document: string, within: string, reference: ReferenceData | null, folder: VFile, files: VFile[], kinds: KindCatalog, unread: { versions: number }): Promise<PolicyDocument> {
  const versions: PolicyVersion[] = [];
  const documentFiles = new Map<string, VFile>();
  const docDir = join(dir, document);
  const notices: string[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(docDir)).sort();
  } catch (error) {
    report(folder, errors.policyFolderUnreadable, [shown(docDir), folderWords(error)]);
  }
  // Bounded work on a folder of any size: so many files read, so many strays listed.
  const kept = names.filter((name) => NOTICE_FILE.test(name) || VERSION_FILE.test(name));
  if (kept.length > FILE_LIMITS.files) report(folder, errors.tooManyFiles, [shown(docDir), kept.length, FILE_LIMITS.files]);
  const reading = new Set(kept.slice(0, FILE_LIMITS.files));
  const refusedNames = new Set<string>();
  let strays = 0;
  for (const name of names) {
    if (NOTICE_FILE.test(name)) {
      if (reading.has(name)) notices.push(name);
      continue;
    }
    if (name === LOCK_FILE || name === 'README.md' || name.startsWith('.') || name.startsWith('_')) continue;
    if (!VERSION_FILE.test(name)) {
      if (++strays > MESSAGES_PER_FILE) continue;
      const stray = new VFile({ path: shown(join(docDir, name)) });
      report(stray, errors.unexpectedFile, [name]);
      files.push(stray);
      continue;
    }
    if (!reading.has(name)) continue;
    const path = join(docDir, name);
    const file = new VFile({ path: shown(path) });
    files.push(file);
    const read = await readPolicyFile(file, path, { within, limit: FILE_LIMITS.version });
    if (read.status !== 'ok') {
      // There but refused (a FIFO, a link out, too large): its own error says why; the lock must not call it gone.
      if (read.status !== 'missing') (refusedNames.add(name.slice(0, -3)), unread.versions++);
      continue;
    }
    file.value = read.bytes;
    refuseLoneCr(file, read.bytes);
    documentFiles.set(name.slice(0, -3), file);
    const version = guarded(file, () => parseVersion(file, { document, reference, kinds }));
    if (version) versions.push(version);
    else unread.versions++;
  }
  if (strays > MESSAGES_PER_FILE) report(folder, errors.moreProblems, [strays - MESSAGES_PER_FILE, MESSAGES_PER_FILE]);
  versions.sort((a, b) => compareSemver(a.version, b.version));
  guarded(folder, () => checkVersionSequence(versions, documentFiles, kinds));
  guarded(folder, () => checkTemplateLeftovers(versions, documentFiles));
  files.push(...(await guardedFiles(folder, () => checkLock(docDir, versions, documentFiles, shown, within, refusedNames))));
  files.push(...(await guardedFiles(folder, () => checkNotices(docDir, notices, versions, shown, within))));
  const latest = versions[versions.length - 1];
  return { document, title: latest?.title ?? '', audience: latest?.audience ?? null, versions };
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * A lone CR (not followed by LF) in a version file is an error at its line:
 * versions.lock's hash counts it as a line end, the YAML reader of the
 * header does not (nor does it end a comment there), so a header key could
 * be hidden behind a comment without changing the hash (review:
 * rev-versions 01). Refused anywhere in the file, the simplest rule that
 * keeps the hash and every reader agreeing; CR LF stays the same text as LF.
 *
 * @param file the version's file, for the message.
 * @param bytes its bytes.
 */
function refuseLoneCr(file: VFile, bytes: Uint8Array): void {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF) line++;
    else if (bytes[i] === CR && bytes[i + 1] !== LF) {
      report(file, errors.loneCarriageReturn, [line], { line, column: 1 });
      return;
    }
  }
}

/**
 * One document of a policy as a policy of its own (same folder and
 * reference data): for what works on one document at a time — the version
 * in force, the judging of its clauses, a draft.
 *
 * @param policy the policy.
 * @param document one of its documents.
 * @returns the policy seen through that document.
 */
export function documentPolicy(policy: Policy, document: PolicyDocument): Policy {
  return { ...policy, document: document.document, title: document.title, versions: document.versions, documents: [document] };
}

/**
 * The document folders of a policy folder: its sub-folders (other than
 * reference/ and hidden ones), and links to folders inside it. A link that
 * leads outside, or nowhere, is reported on the policy folder.
 */
async function documentFolders(dir: string, entries: Dirent[], within: string, folder: VFile): Promise<string[]> {
  const names: string[] = [];
  for (const entry of entries) {
    // tests/ (policy tests) and waivers.yaml sit beside the document folders and are not documents.
    if (NOT_DOCUMENTS.has(entry.name) || entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      names.push(entry.name);
      continue;
    }
    if (!entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      report(folder, errors.brokenLink, [shown(path), code === 'ELOOP' ? 'the links form a loop' : code === 'ENOENT' ? 'its target does not exist' : (code ?? (error as Error).message)]);
      continue;
    }
    let target;
    try {
      target = await stat(real);
    } catch {
      continue;
    }
    // A link to a file at the top of the policy folder is not a document, as a file there is not.
    if (!target.isDirectory()) continue;
    if (!isInside(real, within)) report(folder, errors.linkOutside, [shown(path), real, within]);
    else names.push(entry.name);
  }
  return names.sort();
}

function emptyList(list: 'eea' | 'adequacy') {
  return { list, title: '', updated: '', source: '', countries: [] };
}

/** Why a policy folder cannot be read, in words, without Node's (which name the call and the path again). */
function folderWords(error: unknown): string {
  return fileErrorWords(error, { ENOENT: 'there is no such folder', ENOTDIR: 'a part of its path is a file, not a folder' });
}
