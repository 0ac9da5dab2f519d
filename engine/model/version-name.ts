import { basename } from 'node:path';
import type { PolicyVersion } from './types.ts';

/**
 * The version a version's file name gives it (`1.1.0.md` → `1.1.0`): its
 * permanent id, whatever the front matter declares. A version's file, lock
 * entry and notice are found by this name, never by the declared version:
 * when the two differ (CODICIL-P104) the declared one may name another file,
 * or none.
 *
 * @param v a parsed version.
 * @returns the version its file name gives (the declared one when it was read from no file).
 */
export function fileVersion(v: PolicyVersion): string {
  return v.file ? basename(v.file).replace(/\.md$/, '') : v.version;
}

/**
 * Whether a version's file name and front matter name the same version.
 *
 * @param v a parsed version.
 * @returns false when parseVersion reported CODICIL-P104 on its file.
 */
export function nameAgrees(v: PolicyVersion): boolean {
  return fileVersion(v) === v.version;
}
