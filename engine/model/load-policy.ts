import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { parseVersion } from '../parse/version.ts';
import { loadReference } from './reference.ts';
import { checkVersionSequence } from './sequence.ts';
import { checkLock, LOCK_FILE } from './lock.ts';
import { checkNotices } from './notices.ts';
import type { Policy, PolicyLoad, PolicyVersion } from './types.ts';

const VERSION_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.md$/;
/** Entries of a policy folder that are not document folders (clauses.md, tests.md, waivers.md). */
const NOT_DOCUMENTS = new Set(['reference', 'tests', 'waivers.yaml']);
const NOTICE_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\.notice\.md$/;

/**
 * Compare two semantic versions.
 *
 * @returns negative, zero or positive, as for Array.sort.
 */
export function compareSemver(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Paths in messages are relative to the working directory, as editors and CI annotations expect. */
const shown = (path: string): string => relative(process.cwd(), path) || path;

/**
 * Read a policy folder into the model: every version of its document,
 * reference data, and all consistency checks across versions (order of
 * effective dates, notice, disappearing clauses, edits to published text).
 *
 * @param dir the policy folder (holds `<document>/` and `reference/`).
 * @returns the model, every file with its messages, and whether anything failed.
 */
export async function loadPolicy(dir: string): Promise<PolicyLoad> {
  const files: VFile[] = [];
  const folder = new VFile({ path: shown(dir) });
  files.push(folder);
  const empty: Policy = { dir, document: '', title: '', versions: [], reference: { eea: emptyList('eea'), adequacy: emptyList('adequacy'), vocabularies: {} } };
  let entries: string[];
  try {
    // tests/ (policy tests) and waivers.yaml sit beside the document folder and are not documents.
    entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !NOT_DOCUMENTS.has(e.name) && !e.name.startsWith('.')).map((e) => e.name).sort();
  } catch (error) {
    report(folder, errors.policyFolderUnreadable, [shown(dir), (error as Error).message]);
    return { policy: empty, files, failed: true };
  }
  const { reference, files: referenceFiles } = await loadReference(dir);
  files.push(...referenceFiles.map((f) => Object.assign(f, { path: shown(f.path) })));
  if (entries.length === 0) report(folder, errors.noDocument, [shown(dir)]);
  if (entries.length > 1) report(folder, errors.manyDocuments, [entries]);
  const document = entries[0] ?? '';
  const versions: PolicyVersion[] = [];
  const documentFiles = new Map<string, VFile>();
  if (document) {
    const docDir = join(dir, document);
    const notices: string[] = [];
    for (const name of (await readdir(docDir)).sort()) {
      if (NOTICE_FILE.test(name)) {
        notices.push(name);
        continue;
      }
      if (name === LOCK_FILE || name === 'README.md' || name.startsWith('.') || name.startsWith('_')) continue;
      if (!VERSION_FILE.test(name)) {
        const stray = new VFile({ path: shown(join(docDir, name)) });
        report(stray, errors.unexpectedFile, [name]);
        files.push(stray);
        continue;
      }
      const path = join(docDir, name);
      const file = new VFile({ path: shown(path), value: await readFile(path, 'utf8') });
      files.push(file);
      documentFiles.set(name.slice(0, -3), file);
      const version = parseVersion(file, { document, reference });
      if (version) versions.push(version);
    }
    versions.sort((a, b) => compareSemver(a.version, b.version));
    checkVersionSequence(versions, documentFiles);
    files.push(...(await checkLock(docDir, versions, documentFiles, shown)));
    files.push(...(await checkNotices(docDir, notices, versions, shown)));
  }
  const policy: Policy = {
    dir,
    document,
    title: versions[versions.length - 1]?.title ?? '',
    versions,
    reference: reference ?? empty.reference,
  };
  const failed = files.some((f) => f.messages.some((m) => m.fatal));
  return { policy, files, failed };
}

function emptyList(list: 'eea' | 'adequacy') {
  return { list, title: '', updated: '', source: '', countries: [] };
}
