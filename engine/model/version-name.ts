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

/**
 * Compare two semantic versions, part by part as whole numbers of any size:
 * as JavaScript numbers, 100000000000000000000.0.0 was not greater than
 * 99999999999999999999.0.0 (and 9007199254740993.0.0 equalled …992.0.0).
 *
 * @returns negative, zero or positive, as for Array.sort.
 */
export function compareSemver(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < 3; i++) {
    const d = comparePart(pa[i] ?? '0', pb[i] ?? '0');
    if (d !== 0) return d;
  }
  return 0;
}

/** Two digit strings compared as numbers (longer is larger, once leading zeros are dropped); anything else as before, by Number. */
function comparePart(a: string, b: string): number {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return Number(a) - Number(b);
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
}
