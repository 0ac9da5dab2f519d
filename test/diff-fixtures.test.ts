// Each folder of test/fixtures/diff holds two version files and the expected
// structured amendment (expected.json). UPDATE_FIXTURES=1 rewrites them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { VFile } from 'vfile';
import { diffVersions, loadPolicy, parseVersion, type PolicyVersion } from '../engine/index.ts';
import { expectGoldenJson, root } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'diff');
const { policy } = await loadPolicy(join(root, 'policy'));

/** Parse a fixture version; it must be valid. */
export function version(path: string, name = path): PolicyVersion {
  const file = new VFile({ path: name, value: readFileSync(path, 'utf8') });
  const v = parseVersion(file, { reference: policy.reference });
  const errors = file.messages.filter((m) => m.fatal);
  if (!v || errors.length > 0) throw new Error(`${path}: ${errors.map((m) => `${m.line}:${m.column} ${m.reason}`).join('; ')}`);
  return v;
}

describe('diff fixtures', () => {
  it.each(readdirSync(dir).sort())('%s', (name) => {
    const a = version(join(dir, name, 'from.md'), `${name}/1.0.0.md`);
    const b = version(join(dir, name, 'to.md'), `${name}/1.1.0.md`);
    const actual = JSON.parse(JSON.stringify(diffVersions(a, b)));
    expectGoldenJson(join(dir, name, 'expected.json'), actual);
  });
});
