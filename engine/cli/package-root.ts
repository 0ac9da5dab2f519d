/**
 * Where codicil itself is installed: the folder of its package.json (the
 * repository when run from sources, node_modules/codicil when installed).
 * Only codicil's own files are read from there (the site's sources, the
 * templates of `init`); everything the user names resolves against the
 * working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/**
 * The package's folder, found upwards from this module (sources or compiled output).
 *
 * @returns its absolute path.
 */
export function packageRoot(): string {
  if (found !== undefined) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'codicil') return (found = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('codicil cannot find its own package.json');
    dir = parent;
  }
}

/**
 * codicil's version, from its package.json.
 *
 * @returns the version (`0.1.0`).
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
