// The README documents every lint code and rule kind, and the test command CI runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errors, ruleKindNames } from '../engine/index.ts';
import { root } from './helpers.ts';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('lists every error code of the catalogue', () => {
    for (const entry of Object.values(errors)) expect(readme).toContain(`| \`${entry.code}\` | ${entry.title} |`);
  });
  it('lists every rule kind', () => {
    for (const kind of ruleKindNames()) expect(readme).toContain(`| \`${kind}\` |`);
  });
  it('gives the test command that .ci/run runs', () => {
    const command = /\*\*Run every test\*\* \| `([^`]+)`/.exec(readme)?.[1];
    expect(command).toBe('npm ci && npm test');
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toContain(`\n${command}\n`);
  });
});
