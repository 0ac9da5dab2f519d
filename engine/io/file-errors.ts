/**
 * Why a file-system call failed, in words. Node's own message names the
 * call and the absolute path (`EACCES: permission denied, open '/abs/path'`),
 * which a report names better by itself; one definition for every command
 * that reads or writes the user's files.
 */

import type { Stats } from 'node:fs';

/**
 * What a file-system entry is, in words, for a message that says it is not
 * what was expected ("… is a FIFO (named pipe), not a folder").
 *
 * @param stats the entry's stats.
 * @param otherwise the words for an entry of none of these kinds.
 * @returns e.g. "a directory", "a FIFO (named pipe)".
 */
export function entryKind(stats: Stats, otherwise: string): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return otherwise;
}

/** The words for an error code, whatever the call. */
const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file size limit is exceeded',
  EROFS: 'the file system is read-only',
  EEXIST: 'a file of that name appeared meanwhile (not overwritten)',
  ELOOP: 'the links form a loop',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a folder on its way is a file',
  ENOENT: 'it is not there',
  ENAMETOOLONG: 'its name is too long for this system',
  EIO: 'an input/output error (a failing disk or network share?)',
};

/**
 * A file-system error in words.
 *
 * @param error the error a `node:fs` call threw.
 * @param own words for some codes where the call makes them clearer (a file being read that is gone: "no longer there").
 * @returns the words, without the call and the path; Node's words for a code not listed.
 */
export function fileErrorWords(error: unknown, own: Readonly<Record<string, string>> = {}): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) {
    const words = own[code] ?? WORDS[code];
    if (words !== undefined) return words;
  }
  const message = error instanceof Error ? error.message : String(error);
  return code === undefined ? message : message.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+ '.*$/s, '') || code;
}
