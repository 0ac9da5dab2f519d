/**
 * The output folder of `codicil build`, replaced without ever deleting what
 * codicil did not write: the site is built into a fresh folder, and swapped
 * in only when the output is absent, empty, or marked as codicil's own
 * earlier build — whose marker lists what that build wrote, so a file put
 * beside it (a `CNAME` for GitHub Pages) stays.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { entryKind } from '../io/file-errors.ts';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { makeTemporaryFolder, removeTemporaryFolder } from '../io/temporary.ts';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The file that marks a folder as codicil's build output. */
export const OUTPUT_MARKER = '.codicil-build';

/** Its first line, then what the build wrote, one name a line (no date: two builds of the same inputs stay byte-identical). */
const MARKER_HEAD = 'Built by `codicil build`. The next build replaces what it wrote, listed below; files you put here are kept.\n';

/** The marker of builds before the list, whose builds replaced the whole folder. */
const MARKER_WHOLE = 'Built by `codicil build`. The next build replaces this whole folder; files you put here are deleted then.\n';

/** Prefix of the folder a build is written into before the swap (one left by a stopped build is the build's too). */
const FRESH_PREFIX = '.codicil-new-';

/** The marker's text for a build that wrote these names. */
const markerText = (written: string[]): string => MARKER_HEAD + [...written].sort().map((name) => `${name}\n`).join('');

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

/**
 * What codicil's marker in a folder says the earlier build wrote: its list,
 * `all` for a marker of the builds that replaced the whole folder, or null
 * when there is no marker of codicil's (not a regular file, or another text).
 */
function written(dir: string): string[] | 'all' | null {
  const stat = lstatOrNull(join(dir, OUTPUT_MARKER));
  if (!stat?.isFile() || stat.size > 1 << 20) return null;
  const text = readFileSync(join(dir, OUTPUT_MARKER), 'utf8');
  if (text === MARKER_WHOLE) return 'all';
  if (!text.startsWith(MARKER_HEAD) || !text.endsWith('\n')) return null;
  const names = text.slice(MARKER_HEAD.length).split('\n').slice(0, -1);
  // Only names of entries: nothing the list says can reach outside the folder.
  return names.every((name) => name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\')) ? names : null;
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
  if (!stat.isDirectory()) return { ok: false, problem: `${out} is ${entryKind(stat, 'of another kind')}, not a folder` };
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch (error) {
    return { ok: false, problem: `cannot read ${out}: ${(error as Error).message}` };
  }
  if (entries.length === 0) return { ok: true, state: 'empty' };
  if (written(out) !== null) return { ok: true, state: 'earlier-build' };
  return { ok: false, problem: `${out} is not empty and is not an earlier codicil build (it has no ${OUTPUT_MARKER} file): building there would delete what it holds` };
}

/**
 * Build into a fresh folder inside `out` (so the swap never crosses file
 * systems, even when `out` is a mount point), then replace what `out` held
 * with what was built — only if {@link outputState} allows, checked again
 * right before the swap. Only what the earlier build wrote is replaced: an
 * entry it did not write stays, and a new one of the same name is refused
 * before anything is deleted. The marker is written first (an earlier
 * build's is kept until the swap) and stays throughout, so an interrupted
 * build leaves a folder the next build may still replace. `rm` never follows
 * links: nothing outside `out` is deleted.
 *
 * @param out the output folder (absolute).
 * @param keep folders that must survive, by what they are.
 * @param inputs the folders the build reads, which must not hold the output either.
 * @param build writes the site into the folder it is given.
 * @returns null when done, or why the output was refused.
 */
/**
 * Remove the folders a build made on the way to its output, from the output
 * up to the first one made, each only if empty (review: a refused `build
 * --out out/deep/site` left `out/deep/`).
 */
async function removeMadeFolders(out: string, made: string | undefined): Promise<void> {
  if (made === undefined) return;
  const first = resolve(made);
  for (let dir = resolve(out); ; dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    if (dir === first || dirname(dir) === dir) return;
  }
}

export async function replaceOutput(out: string, keep: Record<string, string>, inputs: Record<string, string>, build: (dir: string) => Promise<void>): Promise<string | null> {
  const before = outputState(out, keep, inputs);
  if (!before.ok) return before.problem;
  // The first folder made on the way to the output (undefined when it exists): a failed build removes them all.
  const made = await mkdir(out, { recursive: true });
  if (before.state !== 'earlier-build') await writeFile(join(out, OUTPUT_MARKER), markerText([]));
  const fresh = await makeTemporaryFolder(out, FRESH_PREFIX);
  let done = false;
  try {
    await build(fresh);
    const now = outputState(out, keep, inputs);
    if (!now.ok) return now.problem;
    const earlier = written(out)!;
    const ours = (entry: string) => earlier === 'all' || earlier.includes(entry) || entry.startsWith(FRESH_PREFIX);
    const others = new Set((await readdir(out)).filter((entry) => entry !== OUTPUT_MARKER && !ours(entry)));
    const site = await readdir(fresh);
    const taken = site.filter((entry) => others.has(entry));
    if (taken.length > 0) return `${out} holds ${taken.map((t) => JSON.stringify(t)).join(', ')}, which the site also has and an earlier build did not write: move ${taken.length === 1 ? 'it' : 'them'} away (a build deletes only what it wrote)`;
    const replaced = (await readdir(out)).filter((entry) => entry !== OUTPUT_MARKER && entry !== basename(fresh) && ours(entry));
    // Listed before the swap, what is replaced and what replaces it: a swap cut short stays the build's.
    await writeFile(join(out, OUTPUT_MARKER), markerText([...new Set([...replaced.filter((e) => !e.startsWith(FRESH_PREFIX)), ...site])]));
    for (const entry of replaced) await rm(join(out, entry), { recursive: true, force: true });
    for (const entry of site) await rename(join(fresh, entry), join(out, entry));
    await writeFile(join(out, OUTPUT_MARKER), markerText(site));
    done = true;
    return null;
  } finally {
    await removeTemporaryFolder(fresh);
    // A failed build leaves an absent or empty output as it was.
    if (!done && before.state !== 'earlier-build') {
      await rm(join(out, OUTPUT_MARKER), { force: true });
      if (before.state === 'absent') await removeMadeFolders(out, made);
    }
  }
}
