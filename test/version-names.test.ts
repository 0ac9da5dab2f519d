// A version's file name is its permanent id: when a file's front matter
// declares another version (CODICIL-P104), or two files declare one version,
// lint, check and diff name that problem at its file — never an internal
// error (CODICIL-P110), never "does not exist" for a file that is there.
// The lint output itself is pinned by the fixtures file-name-mismatch-published
// and duplicate-version of test/fixtures/lint.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, diff } from '../engine/index.ts';
import { root, stagePolicy } from './helpers.ts';

/** A copy of the real policy whose 1.0.0.md declares version 1.0.1. */
function misnamed(name: string): string {
  const dir = stagePolicy(join(root, 'policy'), join('version-names', name));
  const file = join(root, dir, 'dpa', '1.0.0.md');
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/^version: 1\.0\.0$/m);
  writeFileSync(file, text.replace(/^version: 1\.0\.0$/m, 'version: 1.0.1'));
  return dir;
}

describe('a version file whose front matter declares another version', () => {
  it('check judges nothing and gives only the CODICIL-P104 of that file', async () => {
    const dir = misnamed('check');
    const report = await check({ policy: dir, asOf: new Date('2025-06-30T12:00:00Z') });
    expect(report.exitCode).toBe(2);
    expect(report.errors?.map((e) => [e.code, e.file, e.line])).toEqual([['CODICIL-P104', `${dir}/dpa/1.0.0.md`, 1]]);
  });

  it('diff by id gives that file’s CODICIL-P104, once, whether it is named by its file name or its declared version', async () => {
    const dir = misnamed('diff');
    const result = await diff({ from: 'dpa@1.0.0', to: 'dpa@1.0.1', policy: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.file, e.line, e.message])).toEqual([['CODICIL-P104', `${dir}/dpa/1.0.0.md`, 1, 'file 1.0.0.md declares version 1.0.1']]);
  });
});

describe('two files declaring one version', () => {
  it('diff by id takes the version from the file of its name, and lists each version once', async () => {
    const dir = stagePolicy(join(root, 'policy'), join('version-names', 'duplicate'));
    const abs = join(root, dir, 'dpa');
    writeFileSync(join(abs, '1.1.0.md'), readFileSync(join(abs, '1.0.0.md')));
    const same = await diff({ from: 'dpa@1.0.0', to: 'dpa@1.0.0', policy: dir });
    expect(same.ok && same.from.file).toBe(`${dir}/dpa/1.0.0.md`);
    const copy = await diff({ from: 'dpa@1.0.0', to: 'dpa@1.1.0', policy: dir });
    expect(copy.ok ? [] : copy.errors.map((e) => [e.code, e.file])).toEqual([['CODICIL-P104', `${dir}/dpa/1.1.0.md`]]);
    const none = await diff({ from: 'dpa@1.0.0', to: 'dpa@9.0.0', policy: dir });
    expect(none.ok ? [] : none.errors.map((e) => e.message)).toEqual(['dpa@9.0.0 does not exist (versions of dpa: 1.0.0)']);
  });
});
