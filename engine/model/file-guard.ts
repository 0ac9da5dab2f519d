/**
 * Guards around reading one policy file: an unexpected exception becomes an
 * error on that file, and a file with thousands of problems lists a bounded
 * number of them.
 */
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';

/** At most this many messages are listed for one file; then a count of the rest. */
export const MESSAGES_PER_FILE = 1_000;

/**
 * Run a reader of one file, turning an unexpected exception into an error on
 * that file (with its code, never a stack trace): the policy then fails, and
 * nothing is judged.
 *
 * @param file the file being read.
 * @param read the reader.
 * @returns what the reader returned, or null when it threw.
 */
export function guarded<T>(file: VFile, read: () => T): T | null {
  try {
    return read();
  } catch (error) {
    report(file, errors.unreadableContent, [error instanceof Error ? error.message : String(error)], { line: 1, column: 1 });
    return null;
  }
}

/**
 * {@link guarded} for a reader that returns files: an exception becomes an
 * error on `file`, and no files.
 *
 * @param file where an exception is reported.
 * @param read the reader.
 * @returns the files read, or none when it threw.
 */
export async function guardedFiles(file: VFile, read: () => Promise<VFile[]>): Promise<VFile[]> {
  try {
    return await read();
  } catch (error) {
    report(file, errors.unreadableContent, [error instanceof Error ? error.message : String(error)], { line: 1, column: 1 });
    return [];
  }
}

/**
 * Keep the first {@link MESSAGES_PER_FILE} messages of a file and replace the
 * rest by one message counting them (an error when any of them was one).
 *
 * @param file a file with its messages.
 */
export function capMessages(file: VFile): void {
  if (file.messages.length <= MESSAGES_PER_FILE) return;
  const rest = file.messages.splice(MESSAGES_PER_FILE);
  const last = file.messages[file.messages.length - 1]!;
  report(file, errors.moreProblems, [rest.length, MESSAGES_PER_FILE], { line: last.line ?? 1, column: last.column ?? 1 }, rest.some((m) => m.fatal) ? 'error' : 'warning');
}
