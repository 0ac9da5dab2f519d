/**
 * Whether a path names a program this process may run: an option that names
 * one (`build --chromium`) is refused when it is given, in words, rather
 * than when the program is launched, after minutes of building.
 */
import { accessSync, constants, statSync } from 'node:fs';

/**
 * Why a path is not a program to run, or null when it is one.
 *
 * @param option the option that named it, for the words (`--chromium`).
 * @param path the path given.
 * @returns the problem in words, or null.
 */
export function executableProblem(option: string, path: string): string | null {
  const stat = (() => {
    try {
      return statSync(path);
    } catch {
      return undefined;
    }
  })();
  if (!stat) return `${option} ${JSON.stringify(path)}: no such file`;
  if (!stat.isFile()) return `${option} ${JSON.stringify(path)} is not a file`;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `${option} ${JSON.stringify(path)} is not executable`;
  }
  return null;
}
