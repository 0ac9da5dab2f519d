/**
 * The output folder of `codicil build`, replaced without ever deleting what
 * codicil did not write: the site is built into a fresh folder, and swapped
 * in only when the output is absent, empty, or marked as codicil's own
 * earlier build.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { makeTemporaryFolder, removeTemporaryFolder } from '../io/temporary.ts';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** The file that marks a folder as codicil's build output. */
export const OUTPUT_MARKER = '.codicil-build';

/** Its text (no date: two builds of the same inputs stay byte-identical). */
const MARKER_TEXT = 'Built by `codicil build`. The next build replaces this whole folder; files you put here are deleted then.\n';

/** What the output folder holds now. */
export type OutputState =
  | { ok: true; state: 'absent' | 'empty' | 'earlier-build' }
  | { ok: false; problem: string };

/** The path with every link in its existing part resolved. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(real(parent), basename(path));
  }
}

/** Whether `inner` is `outer` or inside it, as written or with links resolved. */
function within(inner: string, outer: string): 'same' | 'inside' | null {
  for (const [a, b] of [[inner, outer], [real(inner), real(outer)]] as const) {
    const rel = relative(b, a);
    if (rel === '') return 'same';
    if (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`)) return 'inside';
  }
  return null;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** True when the folder holds codicil's marker as a regular file with codicil's text. */
function marked(dir: string): boolean {
  const stat = lstatOrNull(join(dir, OUTPUT_MARKER));
  if (!stat?.isFile() || stat.size > 4096) return false;
  return readFileSync(join(dir, OUTPUT_MARKER), 'utf8') === MARKER_TEXT;
}

/**
 * Whether `out` may be replaced by a new build.
 *
 * @param out the output folder (absolute).
 * @param keep folders that must survive, by what they are (the working
 *   directory, codicil itself): never the output or inside it.
 * @param inputs the folders the build reads, by what they are (policy,
 *   records): never the output, inside it, nor holding it.
 * @returns the folder's state, or why it must not be touched.
 */
export function outputState(out: string, keep: Record<string, string> = {}, inputs: Record<string, string> = {}): OutputState {
  for (const [what, folder] of Object.entries({ ...inputs, ...keep })) {
    const where = within(folder, out);
    if (where) return { ok: false, problem: `${out} ${where === 'same' ? 'is' : 'holds'} ${what}${where === 'same' ? '' : ` (${folder})`}: replacing the output would delete it` };
  }
  // A site written into what the build reads would be read back as input: as a
  // record table (the build fails, blaming the records), or as stray files of the policy (lint fails after).
  for (const [what, folder] of Object.entries(inputs)) {
    if (within(out, folder) === 'inside') return { ok: false, problem: `${out} is inside ${what} (${folder}): the site would be written into what the build reads` };
  }
  let stat: Stats | null;
  try {
    stat = lstatOrNull(out);
  } catch (error) {
    return { ok: false, problem: `cannot read ${out}: ${(error as Error).message}` };
  }
  if (stat === null) return { ok: true, state: 'absent' };
  if (stat.isSymbolicLink()) return { ok: false, problem: `${out} is a symbolic link; codicil builds only into a real folder, never through a link` };
  if (!stat.isDirectory()) return { ok: false, problem: `${out} is a file, not a folder` };
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch (error) {
    return { ok: false, problem: `cannot read ${out}: ${(error as Error).message}` };
  }
  if (entries.length === 0) return { ok: true, state: 'empty' };
  if (marked(out)) return { ok: true, state: 'earlier-build' };
  return { ok: false, problem: `${out} is not empty and is not an earlier codicil build (it has no ${OUTPUT_MARKER} file): building there would delete what it holds` };
}

/**
 * Build into a fresh folder inside `out` (so the swap never crosses file
 * systems, even when `out` is a mount point), then replace what `out` held
 * with what was built — only if {@link outputState} allows, checked again
 * right before the swap. The marker is written first and stays throughout, so
 * an interrupted build leaves a folder the next build may still replace.
 * `rm` never follows links: nothing outside `out` is deleted.
 *
 * @param out the output folder (absolute).
 * @param keep folders that must survive, by what they are.
 * @param inputs the folders the build reads, which must not hold the output either.
 * @param build writes the site into the folder it is given.
 * @returns null when done, or why the output was refused.
 */
export async function replaceOutput(out: string, keep: Record<string, string>, inputs: Record<string, string>, build: (dir: string) => Promise<void>): Promise<string | null> {
  const before = outputState(out, keep, inputs);
  if (!before.ok) return before.problem;
  await mkdir(out, { recursive: true });
  await writeFile(join(out, OUTPUT_MARKER), MARKER_TEXT);
  const fresh = await makeTemporaryFolder(out, '.codicil-new-');
  let done = false;
  try {
    await build(fresh);
    const now = outputState(out, keep, inputs);
    if (!now.ok) return now.problem;
    const own = new Set([OUTPUT_MARKER, basename(fresh)]);
    for (const entry of await readdir(out)) if (!own.has(entry)) await rm(join(out, entry), { recursive: true, force: true });
    for (const entry of await readdir(fresh)) await rename(join(fresh, entry), join(out, entry));
    done = true;
    return null;
  } finally {
    await removeTemporaryFolder(fresh);
    // A failed build leaves an absent or empty output as it was.
    if (!done && before.state !== 'earlier-build') {
      await rm(join(out, OUTPUT_MARKER), { force: true });
      if (before.state === 'absent') await rmdir(out).catch(() => {});
    }
  }
}
