/**
 * Reading the files of a policy folder safely: only regular files, after
 * resolving symbolic links (which must stay inside the policy folder), of a
 * bounded size. A FIFO, a device, a directory or a link loop named like a
 * policy file is refused with an error on that file — never opened in a way
 * that can block, never read without bound.
 */
import { constants } from 'node:fs';
import { entryKind } from '../io/file-errors.ts';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { Stats } from 'node:fs';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';

/** Size limits of policy files, in bytes. */
export const FILE_LIMITS = Object.freeze({
  /** A version file or a change notice (the DPA is 12 KiB). */
  version: 512 * 1024,
  /** A reference data file (the EEA list is 2 KiB). */
  reference: 256 * 1024,
  /** versions.lock (about 120 bytes a version). */
  lock: 256 * 1024,
  /** Version files and change notices in a document folder. */
  files: 1_000,
  /** organization.yaml (the example is under 1 KiB). */
  organization: 64 * 1024,
  /** A policy test case file (a worked example is 1–3 KiB; inline records make it longer). */
  testCase: 512 * 1024,
  /** Files and folders looked at in tests/, subfolders included. */
  testEntries: 10_000,
});

/** The outcome of {@link readPolicyFile}. */
export type PolicyFileRead =
  | { status: 'ok'; bytes: Uint8Array }
  /** No such file (and no link by that name). */
  | { status: 'missing' }
  /** Refused; the reason is reported on the file. */
  | { status: 'refused' };

/** Options of {@link readPolicyFile}. */
export interface ReadOptions {
  /** The real path of the folder the file must stay in; omit for a file the user named directly. */
  within?: string;
  /**
   * For a file the user named directly (no `within`): the real path of the
   * folder a symbolic link must lead into. The file itself may be anywhere,
   * but a link is followed only as lint follows one.
   */
  linksWithin?: string;
  /** Largest size read, in bytes. */
  limit: number;
}

/**
 * Whether a real path lies inside a folder.
 *
 * @param path a real path.
 * @param folder a real folder path.
 * @returns true when path is the folder or below it.
 */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * What a file-system entry that is not a regular file is, in words, for messages.
 *
 * @param stats the entry's stats.
 * @returns e.g. "a directory", "a FIFO (named pipe)".
 */
export const kindOf = (stats: Stats): string => entryKind(stats, 'not a regular file');

const reason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'the links form a loop';
  if (code === 'ENOENT') return 'its target does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error as Error).message;
};

/**
 * Read a policy file's bytes, refusing anything but a regular file of at most
 * `limit` bytes inside the policy folder. Problems are reported on `file`
 * (with the path as shown in messages) and never thrown.
 *
 * @param file the file, for messages.
 * @param path the path to read.
 * @param options the folder it must stay in, and the size limit.
 * @returns the bytes, `missing`, or `refused` (reported on `file`).
 */
export async function readPolicyFile(file: VFile, path: string, options: ReadOptions): Promise<PolicyFileRead> {
  const shown = file.path || path;
  let entry: Stats;
  try {
    entry = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    report(file, errors.fileUnreadable, [shown, reason(error)]);
    return { status: 'refused' };
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    if (entry.isSymbolicLink()) report(file, errors.brokenLink, [shown, reason(error)]);
    else report(file, errors.fileUnreadable, [shown, reason(error)]);
    return { status: 'refused' };
  }
  const within = options.within ?? (entry.isSymbolicLink() ? options.linksWithin : undefined);
  if (within !== undefined && !isInside(real, within)) {
    report(file, errors.linkOutside, [shown, real, within]);
    return { status: 'refused' };
  }
  let target: Stats;
  try {
    target = await stat(real);
  } catch (error) {
    report(file, errors.fileUnreadable, [shown, reason(error)]);
    return { status: 'refused' };
  }
  if (!target.isFile()) {
    report(file, errors.notRegularFile, [shown, kindOf(target)]);
    return { status: 'refused' };
  }
  if (target.size > options.limit) {
    report(file, errors.fileTooLarge, [shown, target.size, options.limit]);
    return { status: 'refused' };
  }
  // O_NONBLOCK: should the entry have become a FIFO since, opening it cannot block;
  // O_NOFOLLOW: nor can it have become a link. fstat then confirms what was opened.
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    report(file, errors.fileUnreadable, [shown, reason(error)]);
    return { status: 'refused' };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) {
      report(file, errors.notRegularFile, [shown, kindOf(opened)]);
      return { status: 'refused' };
    }
    // Read at most one byte past the limit: a file growing meanwhile is still refused.
    const buffer = Buffer.alloc(options.limit + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > options.limit) {
      report(file, errors.fileTooLarge, [shown, length, options.limit]);
      return { status: 'refused' };
    }
    return { status: 'ok', bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, length) };
  } catch (error) {
    report(file, errors.fileUnreadable, [shown, reason(error)]);
    return { status: 'refused' };
  } finally {
    await handle.close();
  }
}
