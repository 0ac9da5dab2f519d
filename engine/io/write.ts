/**
 * Writing a file of the user's policy folder (a case file `test --update`
 * rewrites, a version `draft` creates, a `versions.lock`): the whole text
 * goes to a temporary file next to it first, which then takes the file's
 * name. A write that fails midway (disk full, quota, file size limit) leaves
 * the file as it was and no temporary file; a link named like the file is
 * replaced, never written through (review: rev-hostile F2, F5).
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileErrorWords } from './file-errors.ts';

/** A file that could not be written: it is as it was (or, when it did not exist, still not there). */
export class WriteFailed extends Error {
  /** The file, as the caller gave it. */
  readonly path: string;
  /** Why, in words. */
  readonly reason: string;

  /**
   * @param path the file, as the caller gave it.
   * @param reason why, in words.
   * @param cause the file system's error.
   */
  constructor(path: string, reason: string, cause: unknown) {
    super(`cannot write ${path}: ${reason}`, { cause });
    this.name = 'WriteFailed';
    this.path = path;
    this.reason = reason;
  }
}

/** Why a write failed, in words. */
const reason = (error: unknown): string => fileErrorWords(error, { ENOENT: 'its folder is gone' });

/**
 * Write a text to a new temporary file in the folder of `path`, whole and
 * synced to disk. On failure the temporary file is removed.
 *
 * @returns the temporary file's path.
 */
async function writeTemporary(path: string, text: string | Uint8Array, mode: number | undefined): Promise<string> {
  // A name of its own: 'wx' never opens a file (or a link) that is already there.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(text);
    if (mode !== undefined) await handle.chmod(mode);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return temporary;
}

/** The permissions of a regular file at `path`, to keep when it is replaced (none for a link or no file). */
async function modeOf(path: string): Promise<number | undefined> {
  const stats = await lstat(path).catch(() => undefined);
  return stats?.isFile() ? stats.mode & 0o777 : undefined;
}

/**
 * Write `text` to `path`, replacing the file there if any (its permissions
 * are kept). The file is never seen half written: it is the old text until
 * the new one is complete.
 *
 * @param path the file.
 * @param text its new text.
 * @throws {WriteFailed} when it cannot be written; the file is then unchanged.
 */
export async function writeFileReplacing(path: string, text: string): Promise<void> {
  let temporary: string | undefined;
  try {
    temporary = await writeTemporary(path, text, await modeOf(path));
    await rename(temporary, path);
  } catch (error) {
    if (temporary !== undefined) await rm(temporary, { force: true });
    throw new WriteFailed(path, reason(error), error);
  }
}

/** Errors of link() on a file system that has no hard links. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Create `path` with `text`, never overwriting a file there, even one
 * created meanwhile. The file appears whole or not at all: the temporary
 * file is linked to its name (which fails when the name is taken).
 *
 * @param path the new file.
 * @param text its text (or bytes).
 * @throws {WriteFailed} when it cannot be written; nothing is then left behind.
 */
export async function writeNewFile(path: string, text: string | Uint8Array): Promise<void> {
  let temporary: string | undefined;
  try {
    temporary = await writeTemporary(path, text, undefined);
    try {
      await link(temporary, path);
    } catch (error) {
      if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      // No hard links here: claim the name ('wx'), then put the complete file in its place.
      await (await open(path, 'wx')).close();
      await rename(temporary, path).catch(async (renameError: unknown) => {
        await rm(path, { force: true });
        throw renameError;
      });
    }
  } catch (error) {
    if (temporary !== undefined) await rm(temporary, { force: true });
    throw new WriteFailed(path, reason(error), error);
  }
  // The file is written; its second name goes (best effort: what is left is a hidden .tmp file).
  await rm(temporary, { force: true }).catch(() => undefined);
}
