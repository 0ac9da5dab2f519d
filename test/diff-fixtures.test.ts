// Each folder of test/fixtures/diff holds two version files and the expected
// structured amendment (expected.json). UPDATE_FIXTURES=1 rewrites them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { diffVersions, loadPolicy, parseVersion, renderAmendment, type PolicyVersion } from '../engine/index.ts';
import { expectGoldenJson, root } from './helpers.ts';
import { plainReasons } from '../engine/render/redline.ts';

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

describe('a sub-processor category added or removed', () => {
  const amendment = (name: string) => diffVersions(version(join(dir, name, 'from.md'), `${name}/1.0.0.md`), version(join(dir, name, 'to.md'), `${name}/1.1.0.md`));

  it('is told in the DPA’s words, not by its code (a user read "a new category: **payment**" where the DPA says "Payment Processors")', () => {
    const added = amendment('category-added');
    expect(added.subprocessors.categoriesAdded).toEqual(['analytics']);
    expect(added.subprocessors.words).toEqual({ analytics: 'Analytics Providers' });
    expect(renderAmendment(added, 'notice')).toContain('- We may engage sub-processors of a new category: **Analytics Providers**.');
    expect(renderAmendment(added, 'html')).toContain('New sub-processor category: Analytics Providers');
    expect(renderAmendment(amendment('category-removed'), 'html')).toContain('Sub-processor category removed: Email Services');
    // The site's changes page (what the customer's lawyer reads), in the same words.
    const [from, to] = [version(join(dir, 'category-added', 'from.md'), 'category-added/1.0.0.md'), version(join(dir, 'category-added', 'to.md'), 'category-added/1.1.0.md')];
    expect(plainReasons(added, { from, to, href: (v) => `/dpa/${v}/` })).toContain('We may engage sub-processors of a new category: Analytics Providers.');
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

describe('a clause moved to another section', () => {
  const amendment = (name: string) => diffVersions(version(join(dir, name, 'from.md'), `${name}/1.0.0.md`), version(join(dir, name, 'to.md'), `${name}/1.1.0.md`));

  it('is told once, as the clause’s move, never also as text outside clauses (review: the same words were listed twice)', () => {
    const a = amendment('clause-moved');
    expect(a.clauses.map((c) => [c.id, c.change, c.moved])).toEqual([['incident.document', 'modified', true]]);
    expect(a.outside).toEqual({ changed: false, changedWords: 0, redline: [], blocks: [] });
    expect(renderAmendment(a, 'text')).not.toContain('Text outside clauses');
  });

  it('leaves every change outside the clauses reported: a reworded paragraph, a retitled heading, a new paragraph, words that moved with a clause', () => {
    const a = amendment('clause-moved-beside-text');
    expect(a.clauses.map((c) => [c.id, c.moved])).toEqual([
      ['incident.document', true],
      ['dsr.notify-customer', true],
    ]);
    expect(a.outside.blocks.map((b) => [b.change, b.where, b.movedFrom ?? null])).toEqual([
      ['modified', '§1 Introduction, paragraph 1', null],
      ['modified', 'the heading of §3 Security Incidents', null],
      ['added', '§4 Requests, paragraph 1', null],
      // "We will … of requests." are words of the text that moved with the clause they frame.
      ['moved', '§5 Deletion, paragraph 1', '§4 Requests, paragraph 1'],
    ]);
  });

  it('leaves the section it left retitled, not removed, and the clause that stayed unmoved (a moved block was counted twice there)', () => {
    const a = amendment('clause-moved-beside-text');
    expect(a.sections.retitled.map((s) => [s.fromTitle, s.title])).toEqual([['Incidents', 'Security Incidents']]);
    expect(a.sections.added).toEqual([]);
    expect(a.clauses.find((c) => c.id === 'incident.notify-within')).toBeUndefined();
  });
});
