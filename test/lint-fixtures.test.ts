// Each folder of test/fixtures/lint is a policy with its expected lint
// output (expected.txt): valid-* lint clean, warning-* pass with warnings
// only, the others fail. Set UPDATE_FIXTURES=1 to rewrite them, then review the diff.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, formatLintText } from '../engine/index.ts';
import { expectGolden, root, stagePolicy } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'lint');
const cases = readdirSync(dir).filter((name) => !name.startsWith('.')).sort();

describe('lint fixtures', () => {
  it.each(cases)('%s', async (name) => {
    const staged = stagePolicy(join(dir, name), join('lint', name));
    const result = await lint({ policy: staged });
    const text = formatLintText(result).split(`${staged}/`).join('');
    expectGolden(join(dir, name, 'expected.txt'), text);
    // A fixture named valid-* lints clean, one named warning-* passes with warnings only; every other one fails.
    expect(result.ok).toBe(name.startsWith('valid') || name.startsWith('warning-'));
    if (name.startsWith('valid')) expect(result.warnings).toBe(0);
    if (name.startsWith('warning-')) expect(result.warnings).toBeGreaterThan(0);
  });
});
