// Materiality a lawyer agrees with, case by case (the fixtures of
// test/fixtures/diff; their full amendments are pinned by diff-fixtures):
// what the customer reads decides, never how it is annotated.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffVersions, formatAmendmentHtml, renderAmendment, loadPolicy } from '../engine/index.ts';
import { qualifierCounts } from '../engine/amendment/materiality.ts';
import { alignBlocks } from '../engine/amendment/align.ts';
import { readerBlocks } from '../engine/amendment/blocks.ts';
import { alignVersions } from '../engine/amendment/amendment.ts';
import { readFileSync } from 'node:fs';
import { VFile } from 'vfile';
import { parseVersion } from '../engine/index.ts';
import { root } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'diff');
const { policy: reference } = await loadPolicy(join(root, 'policy'));
/** A fixture version; it must parse cleanly. */
function version(path: string, name: string) {
  const file = new VFile({ path: name, value: readFileSync(path, 'utf8') });
  const v = parseVersion(file, { reference: reference.reference });
  if (!v || file.messages.some((m) => m.fatal)) throw new Error(`${path} does not parse cleanly`);
  return v;
}
const amend = (name: string) => diffVersions(version(join(dir, name, 'from.md'), `${name}/1.0.0.md`), version(join(dir, name, 'to.md'), `${name}/1.1.0.md`));
const kinds = (name: string) => amend(name).materiality.details.map((d) => d.kind);
const { policy: northwind } = await loadPolicy(join(root, 'test/fixtures/documents/northwind'));
const bundled = reference;
const [, dpa11, dpa20] = northwind.versions;

describe('materiality', () => {
  it('marking words that did not change (clauses, parameters, interpretations) is never material', () => {
    const a = amend('annotation-only');
    expect(a.clauses.map((c) => [c.id, c.change])).toEqual([
      ['incident.notify-within', 'added'],
      ['deletion.on-termination', 'added'],
    ]);
    expect(a.materiality).toEqual({ material: false, reasons: [], details: [] });
    // A rule kind or an attribute changed on the same words is annotation too.
    expect(amend('rule-changed').materiality.details.some((d) => /checked as|rule/.test(d.text))).toBe(false);
    expect(amend('scope-changed').materiality.material).toBe(false);
  });

  it('a definite term replaced by a vague one is looser, whatever its interpretation', () => {
    const a = amend('definite-to-vague');
    expect(a.parameters).toMatchObject([{ clause: 'subprocessor.advance-notice', param: 'notice', direction: 'looser', vague: true, fromWords: 'thirty days', toWords: 'reasonable notice (30 days)' }]);
    expect(a.materiality.material).toBe(true);
    expect(a.materiality.reasons).toEqual(['§2 Sub-processors (subprocessor.advance-notice): looser for the customer: notice thirty days → reasonable notice (30 days): a definite term replaced by a vague one, whatever its interpretation']);
  });

  it('a deadline removed is looser, not "changed"', () => {
    const a = amend('deadline-removed');
    expect(a.parameters).toMatchObject([{ clause: 'incident.notify-within', param: 'within', direction: 'looser', fromWords: '72 hours', toWords: null }]);
    expect(a.materiality.details).toMatchObject([{ kind: 'looser', weight: 1, clause: 'incident.notify-within' }]);
  });

  it('new obligations in the customer’s favour are no reason: a new clause, a new duty in a list', () => {
    const a = amend('obligation-added-in-favour');
    expect(a.clauses.map((c) => [c.id, c.change])).toEqual([
      ['incident.document', 'modified'],
      ['incident.cooperate', 'added'],
    ]);
    expect(a.materiality.material).toBe(false);
    expect(amend('clause-added').materiality.material).toBe(false);
  });

  it('more of what a clause allows is looser: a new item in the authorized sub-processors', () => {
    expect(kinds('narrowing-list-item')).toEqual(['passage-added']);
    expect(kinds('category-added')).toEqual(['new-subprocessor-category', 'passage-added']);
  });

  it('"without" of "without undue delay" is no qualifier; "not" and "only" are', () => {
    expect(amend('without-undue-delay').materiality.material).toBe(false);
    expect([...qualifierCounts('without undue delay, and no later than 72 hours, not exceeding 30 days, from 2 May 2025').keys()]).toEqual([]);
    expect([...qualifierCounts('we will not share it without your consent, and only in the EEA').entries()]).toEqual([
      ['not', 1],
      ['without', 1],
      ['only', 1],
    ]);
    expect(kinds('narrowing-negation')).toEqual(['qualifier', 'wording']);
  });

  it('a new obligation beside others in one paragraph is in the customer’s favour: its words are no rewording of theirs, its qualifiers not theirs', () => {
    const a = amend('obligation-added-beside-others');
    expect(a.clauses.map((c) => [c.id, c.change])).toEqual([['dsr.record', 'added']]);
    expect(a.materiality).toEqual({ material: false, reasons: [], details: [] });
    // The paragraph is still the same paragraph, changed (not one removed and one added).
    const { from, to } = { from: version(join(dir, 'obligation-added-beside-others', 'from.md'), 'x/1.0.0.md'), to: version(join(dir, 'obligation-added-beside-others', 'to.md'), 'x/1.1.0.md') };
    expect(alignVersions(from, to).filter((x) => x.change !== 'equal').map((x) => [x.change, x.from?.clauses, x.to?.clauses])).toEqual([['modified', ['dsr.notify-customer'], ['dsr.notify-customer', 'dsr.record']]]);
    // The other way round, the withdrawal is the one reason: not also a passage removed or a qualifier dropped.
    expect(amend('obligation-removed-beside-others').materiality.reasons).toEqual(['§4 Requests (dsr.record): obligation withdrawn: “keep a record of every request a data subject makes, unless you…”']);
    // Northwind 2.0.0: “promptly” governs a duty kept and a new one (inability.notify); only the kept duties' rewording counts.
    const northwindRewrite = diffVersions(dpa11!, dpa20!);
    expect(northwindRewrite.materiality.details.filter((d) => d.clauses.includes('inability.notify'))).toEqual([]);
    expect(northwindRewrite.materiality.reasons).toContain('§2 Data Processing (requests.forward, requests.no-direct-answer): substantive wording change (15 words)');
  });

  it('a line break in a table cell or a list item is no new row: reasons name the real row of the real section', () => {
    const blocks = readerBlocks(dpa20!);
    const of = (title: string, kind: string) => blocks.filter((b) => b.section?.title === title && b.kind === kind).map((b) => b.text);
    expect(of('Annex I — Details of Processing', 'row')).toHaveLength(5);
    expect(of('Annex I — Details of Processing', 'row')[4]).toBe('Transfers Module Two (controller to processor) of the Standard Contractual Clauses, Clause 7 (docking clause) included, Clause 11 (redress) without the optional wording');
    // An HTML ordered list is items, as a Markdown one is.
    expect(of('Annex II — Technical and Organisational Measures', 'item')).toHaveLength(4);
    expect(of('Annex II — Technical and Organisational Measures', 'row')).toEqual([]);
    expect(diffVersions(dpa11!, dpa20!).materiality.details.filter((d) => d.kind === 'qualifier')).toMatchObject([{ where: 'Annex I — Details of Processing, row 5', within: 'row 5', section: { title: 'Annex I — Details of Processing' }, text: 'added the qualifier “without”' }]);
    const a = amend('html-row-line-break');
    expect(a.materiality.reasons).toEqual(['Annex I — Details of Processing, row 3: added the qualifier “without”', 'text outside the obligations: substantive wording change (22 words: Annex I — Details of Processing 15, Annex II — Measures 7)']);
    expect(a.outside.blocks.map((b) => [b.where, b.change])).toEqual([
      ['Annex I — Details of Processing, row 3', 'added'],
      ['Annex II — Measures, item 3', 'added'],
    ]);
  });

  it('locates every reason, the weightiest first, and never says §null', () => {
    const a = diffVersions(dpa11!, dpa20!);
    const weights = a.materiality.details.map((d) => d.weight);
    expect(weights).toEqual([...weights].sort());
    expect(a.materiality.details[0]).toMatchObject({ kind: 'looser', clause: 'requests.forward', where: '§2 Data Processing (requests.forward)' });
    for (const d of a.materiality.details) expect(d.where).not.toMatch(/null|undefined/);
    const unnumbered = amend('unnumbered-sections');
    for (const format of ['text', 'markdown', 'html', 'notice', 'json'] as const) expect(renderAmendment(unnumbered, format), format).not.toMatch(/§null|§undefined|section null/);
    expect(formatAmendmentHtml(unnumbered)).toContain('Section removed: Introduction');
  });
});

describe('a full rewrite is aligned by section and paragraph', () => {
  it('pairs a paragraph only with its own rewording, and marks the others added, removed or moved', () => {
    const aligned = alignBlocks(readerBlocks(dpa11!), readerBlocks(dpa20!));
    for (const x of aligned.filter((y) => y.change === 'modified')) {
      // Word-level only inside a changed paragraph: at least half its words are kept.
      const kept = x.redline!.filter((s) => s.type === 'equal').reduce((n, s) => n + (s.text.match(/\S+/g)?.length ?? 0), 0);
      expect(kept * 2, `${x.from!.text} → ${x.to!.text}`).toBeGreaterThanOrEqual((x.to!.text.match(/\S+/g) ?? []).length - 2);
    }
    // The data subject paragraph of §6 moved to §2 and was reworded: one pair, not a removal and an addition.
    const moved = aligned.find((x) => x.place === 'new' && x.change === 'modified');
    expect(moved?.from?.section?.anchor).toBe('data-subject-requests');
    expect(moved?.to?.section?.anchor).toBe('processing');
    expect(aligned.filter((x) => x.change === 'added').map((x) => x.to!.text)).toContain('Northwind shall impose on each Sub-processor, by written contract, the same data protection obligations as this Addendum imposes on Northwind.');
  });

  it('two unrelated paragraphs are one removed and one added, never interleaved word fragments', () => {
    const v = bundled.versions[0]!;
    const blocks = readerBlocks(v);
    const para = blocks.findIndex((b) => b.kind === 'paragraph' && b.text.length > 150);
    const replaced = blocks.map((b, i) => (i === para ? { ...b, text: 'Our offices are closed on public holidays and every Sunday, and our support team answers questions by chat between nine and five.' } : b));
    const aligned = alignBlocks(blocks, replaced).filter((x) => x.change !== 'equal');
    expect(aligned.map((x) => x.change)).toEqual(['removed', 'added']);
  });
});

