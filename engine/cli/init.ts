/**
 * `codicil init`: scaffold a policy repository from codicil's templates
 * (templates/init/ and the reference data of policy/reference/). It writes
 * only into a new or empty folder, or — when asked — only the files that are
 * missing; it never overwrites a file and never writes through a link.
 */
import { accessSync, constants, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileErrorWords } from '../io/file-errors.ts';
import { mkdir, rmdir } from 'node:fs/promises';
import { WriteFailed, writeNewFile } from '../io/write.ts';
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

/**
 * What {@link initRepository} did, or why it refused or stopped. When it refuses, `written` is empty: it
 * checks before writing anything that every file can be created. When a write still fails (a race, a full
 * disk), `written` lists the files written before the failure: they stay, and nothing was overwritten.
 */
export type InitResult =
  | { ok: true; dir: string; written: string[]; kept: string[]; skipped: { file: string; reason: string }[] }
  | { ok: false; dir: string; problem: string; written: string[] };

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

/** Why a file-system call failed, in words. */
const reason = (error: unknown): string => fileErrorWords(error, { EEXIST: 'it appeared meanwhile (not overwritten)' });

/**
 * Why `path` (a file or folder to create) cannot be created, or null: the deepest part of its way that
 * exists must be a folder (links followed: they are the user's, above the scaffold) that this user may
 * write and search. Returns that part and the reason.
 */
function cannotCreate(path: string): { at: string; reason: string } | null {
  let child = path;
  let existing = path;
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Missing, below a file, or below a folder this user may not search: look further up.
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EACCES') return { at: existing, reason: `cannot look at ${existing}: ${reason(error)}` };
      const up = dirname(existing);
      if (up === existing) return null;
      child = existing;
      existing = up;
    }
  }
  if (existing === path) return null; // it exists: not ours to judge here (the write refuses to overwrite)
  let stat;
  try {
    stat = statSync(existing);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { at: child, reason: code === 'ENOENT' ? `${existing} is a symbolic link to nothing` : `cannot follow ${existing}: ${reason(error)}` };
  }
  if (!stat.isDirectory()) return { at: child, reason: `${existing} is a file, not a folder` };
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { at: child, reason: code === 'EACCES' || code === 'EPERM' ? `this user may not write in ${existing} (permission denied)` : `cannot write in ${existing}: ${reason(error)}` };
  }
  return null;
}

/** `items`, at most `max` of them, and how many more. */
export function some(items: string[], max = 3): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, and ${items.length - max} more` : '');
}

/**
 * Scaffold a policy repository.
 *
 * @param options the folder, and whether to add only what is missing.
 * @returns the files written and kept, or why nothing (or only part) was written.
 */
export async function initRepository(options: InitOptions = {}): Promise<InitResult> {
  const dir = resolve(options.dir ?? '.');
  const refused = (problem: string): InitResult => ({ ok: false, dir, problem, written: [] });
  const stat = lstatOrNull(dir);
  if (stat !== null && !stat.isDirectory() && !stat.isSymbolicLink()) return refused(`${dir} is a file, not a folder`);
  let entries: string[] = [];
  if (stat !== null) {
    try {
      entries = readdirSync(dir);
    } catch (error) {
      return refused(`cannot read ${dir}: ${(error as Error).message}`);
    }
  }
  const occupied = entries.filter((e) => !(SCAFFOLD_IGNORES as readonly string[]).includes(e)).sort();
  if (occupied.length > 0 && !options.missingOnly) {
    const shown = occupied.slice(0, 5).join(', ') + (occupied.length > 5 ? `, and ${occupied.length - 5} more` : '');
    return refused(`${dir} is not empty (it holds ${shown}): codicil init writes into a new or empty folder, or, with --missing-only, adds only the files that are missing`);
  }
  const toWrite: { file: string; source: string; target: string }[] = [];
  const kept: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const { file, source } of scaffoldFiles()) {
    const problem = obstacle(dir, file);
    if (problem === 'exists') kept.push(file);
    else if (problem !== null) skipped.push({ file, reason: problem });
    else toWrite.push({ file, source, target: join(dir, ...file.split('/')) });
  }
  // Before writing anything: can every file be created? (A file on the way, a folder this user may not write.)
  const blocked = new Map<string, Set<string>>();
  for (const { target } of toWrite) {
    const why = cannotCreate(target);
    if (why !== null) blocked.set(why.reason, (blocked.get(why.reason) ?? new Set()).add(why.at));
  }
  if (blocked.size > 0) {
    return refused([...blocked].map(([why, paths]) => `cannot create ${some([...paths].sort())}: ${why}`).join('; '));
  }
  const written: string[] = [];
  const created: string[] = [];
  for (const { file, source, target } of toWrite) {
    let step = dirname(target);
    try {
      // mkdir names the first folder it created: that one and those below it, up to `step`, are ours.
      const first = await mkdir(step, { recursive: true });
      for (let d = step; first !== undefined; d = dirname(d)) {
        created.push(d);
        if (d === first || dirname(d) === d) break;
      }
      step = target;
      // Whole or not at all, never over a file (or through a link) that appeared meanwhile: a write cut short
      // (a full disk, a file size limit) left a truncated 1.0.0.md that the next --missing-only kept as ours.
      await writeNewFile(target, readFileSync(source));
      written.push(file);
    } catch (error) {
      // Leave no empty folder of ours behind; a folder that holds anything stays (rmdir refuses it).
      for (const folder of [...new Set(created)].sort((a, b) => b.length - a.length)) await rmdir(folder).catch(() => undefined);
      return { ok: false, dir, problem: `cannot write ${step}: ${reason(error instanceof WriteFailed ? error.cause : error)}`, written };
    }
  }
  return { ok: true, dir, written, kept, skipped };
}
