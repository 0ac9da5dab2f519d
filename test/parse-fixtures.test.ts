// Each folder of test/fixtures/parse holds a version file and the model the
// parser must produce from it (expected.json). UPDATE_FIXTURES=1 rewrites them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { VFile } from 'vfile';
import { loadPolicy, parseVersion } from '../engine/index.ts';
import { expectGoldenJson, projection, root } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'parse');
const { policy } = await loadPolicy(join(root, 'policy'));

describe('parser fixtures', () => {
  it.each(readdirSync(dir).sort())('%s', (name) => {
    const path = join('fixtures', name, '1.0.0.md');
    const file = new VFile({ path, value: readFileSync(join(dir, name, '1.0.0.md'), 'utf8') });
    const version = parseVersion(file, { reference: policy.reference });
    const actual = JSON.parse(JSON.stringify(projection(version, file)));
    expectGoldenJson(join(dir, name, 'expected.json'), actual);
  });
});
