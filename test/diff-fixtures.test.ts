// Each folder of test/fixtures/diff holds two version files and the expected
// structured amendment (expected.json). UPDATE_FIXTURES=1 rewrites them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { diffVersions, loadPolicy, parseVersion, renderAmendment, type PolicyVersion } from '../engine/index.ts';
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

describe('a clause replaced (withdrawn with movedTo)', () => {
  const amendment = (name: string) => diffVersions(version(join(dir, name, 'from.md'), `${name}/1.0.0.md`), version(join(dir, name, 'to.md'), `${name}/1.1.0.md`));

  it('on the same terms: told to customers as replaced on the same terms, never as a term less favourable or a new commitment (review)', () => {
    const notice = renderAmendment(amendment('clause-replaced-same-terms'), 'notice');
    expect(notice).toContain('- `dsr.notify-customer` is replaced by `dsr.tell-customer` on the same terms.');
    expect(notice).not.toMatch(/less favourable|a stronger commitment|A new commitment/);
  });

  it('in the same words with a longer deadline: material, the term told as less favourable (review: it was not material)', () => {
    const a = amendment('clause-replaced-looser-same-words');
    expect(a.materiality.material).toBe(true);
    const notice = renderAmendment(a, 'notice');
    expect(notice).toContain('(`dsr.tell-customer`): promptly (96 hours) instead of promptly (48 hours); less favourable to you.');
    expect(notice).toContain('- `dsr.notify-customer` is replaced by `dsr.tell-customer`.');
    expect(notice).not.toContain('A new commitment');
  });
});
