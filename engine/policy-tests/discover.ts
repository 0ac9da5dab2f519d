/**
 * Find the case files of a policy's `tests/` folder: every `.yaml` (or
 * `.yml`) file, in subfolders too, except names starting with `.` or `_`
 * and the records folders that cases name with `records_dir` (their YAML
 * files are record tables, not cases).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { CaseContext } from './case-file.ts';
import { readCaseFile, type CaseFile } from './case-file.ts';

/** The tests folder of a policy folder. */
export const TESTS_FOLDER = 'tests';

/** Paths in messages are relative to the working directory, as editors and CI annotations expect. */
const shown = (path: string): string => relative(process.cwd(), path) || path;

const isCase = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');
const hidden = (path: string) => path.split(sep).some((part) => part.startsWith('.') || part.startsWith('_'));

/**
 * Read every case file of a policy.
 *
 * @param policy the policy folder.
 * @param context the policy's document and clause ids (undefined: syntax only).
 * @returns the case files in name order (empty when there is no tests folder).
 */
export async function readCaseFiles(policy: string, context?: CaseContext): Promise<CaseFile[]> {
  const dir = join(policy, TESTS_FOLDER);
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && isCase(e.name)).map((e) => relative(dir, join(e.parentPath, e.name)));
  } catch {
    return [];
  }
  names = names.filter((n) => !hidden(n)).sort();
  const texts = new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
  const recordsDirs = names.flatMap((n) => {
    const dirOf = recordsDirOf(texts.get(n)!);
    return dirOf === undefined ? [] : [{ owner: n, dir: resolve(dir, n, '..', dirOf) }];
  });
  const inRecordsDir = (n: string) => recordsDirs.some((r) => r.owner !== n && !within(r.dir, resolve(dir, r.owner)) && within(r.dir, resolve(dir, n)));
  return names.filter((n) => !inRecordsDir(n)).map((n) => readCaseFile(shown(join(dir, n)), n.split(sep).join('/'), texts.get(n)!, context));
}

/** A case's `records_dir`, if its text says one (read leniently: the case is checked properly later). */
function recordsDirOf(text: string): string | undefined {
  try {
    const data: unknown = parse(text);
    const value = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).records_dir : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function within(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}
