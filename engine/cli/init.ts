/**
 * `codicil init`: scaffold a policy repository from codicil's templates
 * (templates/init/ and the reference data of policy/reference/). It writes
 * only into a new or empty folder, or — when asked — only the files that are
 * missing; it never overwrites a file and never writes through a link.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { packageRoot } from './package-root.ts';

/** What a folder may hold and still count as empty: what `git init` and installing codicil's tarball leave. */
export const SCAFFOLD_IGNORES = ['.git', 'node_modules', 'package.json', 'package-lock.json'] as const;

/** Options of {@link initRepository}. */
export interface InitOptions {
  /** The folder to scaffold (default: the working directory). */
  dir?: string;
  /** Add only the files that are missing, keeping every existing one, in a folder that is not empty. */
  missingOnly?: boolean;
}

/** What {@link initRepository} did, or why it refused. */
export type InitResult =
  | { ok: true; dir: string; written: string[]; kept: string[]; skipped: { file: string; reason: string }[] }
  | { ok: false; dir: string; problem: string };

/** Every file of the scaffold: its path in the new repository, and where its text comes from. */
function scaffoldFiles(): { file: string; source: string }[] {
  const root = packageRoot();
  const templates = join(root, 'templates', 'init');
  // npm never packs a .gitignore, and dot-folders are easy to lose: templates name them dot-….
  const named = (path: string) => path.split(sep).map((part) => part.replace(/^dot-/, '.')).join('/');
  const files = readdirSync(templates, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ file: named(relative(templates, join(e.parentPath, e.name))), source: join(e.parentPath, e.name) }));
  const reference = join(root, 'policy', 'reference');
  for (const name of readdirSync(reference)) files.push({ file: `policy/reference/${name}`, source: join(reference, name) });
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Why `file` cannot be written under `dir` (it exists, or a folder on its way is a link or a file), or null. */
function obstacle(dir: string, file: string): string | null {
  const parts = file.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = join(dir, ...parts.slice(0, i));
    const stat = lstatOrNull(path);
    if (stat === null) return null;
    if (stat.isSymbolicLink()) return `${parts.slice(0, i).join('/')} is a symbolic link (not followed)`;
    if (i === parts.length) return 'exists';
    if (!stat.isDirectory()) return `${parts.slice(0, i).join('/')} is a file`;
  }
  return null;
}

/**
 * Scaffold a policy repository.
 *
 * @param options the folder, and whether to add only what is missing.
 * @returns the files written and kept, or why nothing was written.
 */
export async function initRepository(options: InitOptions = {}): Promise<InitResult> {
  const dir = resolve(options.dir ?? '.');
  const stat = lstatOrNull(dir);
  if (stat !== null && !stat.isDirectory() && !stat.isSymbolicLink()) return { ok: false, dir, problem: `${dir} is a file, not a folder` };
  let entries: string[] = [];
  if (stat !== null) {
    try {
      entries = readdirSync(dir);
    } catch (error) {
      return { ok: false, dir, problem: `cannot read ${dir}: ${(error as Error).message}` };
    }
  }
  const occupied = entries.filter((e) => !(SCAFFOLD_IGNORES as readonly string[]).includes(e)).sort();
  if (occupied.length > 0 && !options.missingOnly) {
    const shown = occupied.slice(0, 5).join(', ') + (occupied.length > 5 ? `, and ${occupied.length - 5} more` : '');
    return { ok: false, dir, problem: `${dir} is not empty (it holds ${shown}): codicil init writes into a new or empty folder, or, with --missing-only, adds only the files that are missing` };
  }
  const written: string[] = [];
  const kept: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const { file, source } of scaffoldFiles()) {
    const problem = obstacle(dir, file);
    if (problem === 'exists') kept.push(file);
    else if (problem !== null) skipped.push({ file, reason: problem });
    else {
      const target = join(dir, ...file.split('/'));
      await mkdir(dirname(target), { recursive: true });
      // 'wx': never overwrite, and never open through a link created meanwhile.
      await writeFile(target, readFileSync(source), { flag: 'wx' });
      written.push(file);
    }
  }
  return { ok: true, dir, written, kept, skipped };
}
