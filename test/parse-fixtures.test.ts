// Each folder of test/fixtures/parse holds a version file and the model the
// parser must produce from it (expected.json). UPDATE_FIXTURES=1 rewrites them.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { loadPolicy, parseVersion } from '../engine/index.ts';
import { projection, root } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'parse');
const { policy } = await loadPolicy(join(root, 'policy'));

describe('parser fixtures', () => {
  it.each(readdirSync(dir).sort())('%s', (name) => {
    const path = join('fixtures', name, '1.0.0.md');
    const file = new VFile({ path, value: readFileSync(join(dir, name, '1.0.0.md'), 'utf8') });
    const version = parseVersion(file, { reference: policy.reference });
    const actual = JSON.parse(JSON.stringify(projection(version, file)));
    const expectedPath = join(dir, name, 'expected.json');
    if (process.env.UPDATE_FIXTURES || !existsSync(expectedPath)) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  });
});
