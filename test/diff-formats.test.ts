// `codicil diff` on the example amendment history, in every format, against
// expected files in test/fixtures/diff-formats/. UPDATE_FIXTURES=1 rewrites them.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFragment, serialize } from 'parse5';
import { main } from '../engine/cli/main.ts';
import { DIFF_FORMATS, diff, diffVersions, lint, renderAmendment } from '../engine/index.ts';
import { expectGolden, root } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'diff-formats');
const policy = join(root, 'examples', 'amendments', 'policy');
const pairs = [
  ['1.0.0', '1.0.1'],
  ['1.0.1', '1.1.0'],
  ['1.1.0', '1.2.0'],
];
const EXT = { text: 'txt', json: 'json', markdown: 'md', html: 'html', notice: 'notice.md' } as const;

async function run(args: string[]) {
  let stdout = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: () => {}, color: false });
  return { code, stdout };
}

describe('codicil diff formats', () => {
  for (const [a, b] of pairs) {
    it.each(DIFF_FORMATS)(`${a}...${b}: %s`, async (format) => {
      const { code, stdout } = await run(['diff', `dpa@${a}`, `dpa@${b}`, '--policy', policy, '--format', format]);
      expect(code).toBe(0);
      expectGolden(join(dir, `${a}...${b}.${EXT[format]}`), stdout);
    });
  }

  // A second organization's full rewrite (test/fixtures/documents/northwind): reasons by place, the weightiest
  // first, and its text aligned by section and paragraph — moved, added, removed, reworded.
  it.each(['text', 'markdown'] as const)('northwind dpa 1.1.0...2.0.0 (a rewrite): %s', async (format) => {
    const { code, stdout } = await run(['diff', 'dpa@1.1.0', 'dpa@2.0.0', '--policy', join(root, 'test', 'fixtures', 'documents', 'northwind'), '--format', format]);
    expect(code).toBe(0);
    expectGolden(join(dir, `northwind-dpa-1.1.0...2.0.0.${EXT[format]}`), stdout);
  });

  it('the HTML redline marks insertions and deletions and is well formed', async () => {
    const { stdout } = await run(['diff', 'dpa@1.0.1', 'dpa@1.1.0', '--policy', policy, '--format', 'html']);
    expect(stdout).toContain('<del>72</del><ins>48</ins>');
    expect(stdout).toContain('<del>14</del><ins>7</ins>');
    // Parsed as a browser parses (parse5, with every parse error reported): a fragment has no doctype; nothing else may be wrong.
    const problems: string[] = [];
    const fragment = parseFragment(stdout, { onParseError: (e) => problems.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
    expect(problems).toEqual([]);
    expect(fragment.childNodes.map((n) => n.nodeName)).toEqual(['section', '#text']);
    // Every element is closed where it was opened: serializing the parsed tree gives back the same text.
    expect(serialize(fragment)).toBe(stdout);
  });

  it('sanitizes the HTML: policy text can never inject markup', async () => {
    const { formatAmendmentHtml } = await import('../engine/index.ts');
    const json = JSON.parse((await run(['diff', 'dpa@1.0.1', 'dpa@1.1.0', '--policy', policy, '--format', 'json'])).stdout);
    json.clauses[0].redline = [{ type: 'insert', text: '<script>alert(1)</script><img src=x onerror=alert(1)>' }];
    const html = formatAmendmentHtml(json);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&#x3C;script>');
  });

  it('compares a draft file (e.g. in a pull request) with a published version', async () => {
    const draftDir = join(root, 'test', 'output', 'drafts');
    mkdirSync(draftDir, { recursive: true });
    const draft = readFileSync(join(policy, 'dpa', '1.2.0.md'), 'utf8')
      .replace('version: 1.2.0', 'version: 1.3.0')
      .replace('status: published', 'status: draft')
      .replace(':param[48 hours]{name=within}', ':param[36 hours]{name=within}');
    writeFileSync(join(draftDir, '1.3.0.md'), draft);
    const { code, stdout } = await run(['diff', 'dpa@1.2.0', join(draftDir, '1.3.0.md'), '--policy', policy, '--format', 'json']);
    expect(code).toBe(0);
    const amendment = JSON.parse(stdout);
    expect(amendment.to).toMatchObject({ version: '1.3.0', status: 'draft' });
    expect(amendment.parameters).toEqual([expect.objectContaining({ clause: 'incident.notify-within', fromWords: '48 hours', toWords: '36 hours', direction: 'stricter' })]);
  });

  it('exits 2 on unknown versions and bad usage', async () => {
    expect((await run(['diff', 'dpa@9.9.9', 'dpa@1.0.0', '--policy', policy])).code).toBe(2);
    expect((await run(['diff', 'tos@1.0.0', 'dpa@1.0.0', '--policy', policy])).code).toBe(2);
    expect((await run(['diff', 'dpa@1.0.0', '--policy', policy])).code).toBe(2);
    expect((await run(['diff', 'dpa@1.0.0', 'dpa@1.0.1', '--policy', policy, '--format', 'pdf'])).code).toBe(2);
    expect((await run(['diff', 'dpa@1.0.0', 'no/such/file.md', '--policy', policy])).code).toBe(2);
  });
});

describe('codicil diff reads an amendment forward only (review: a notice went back in time)', () => {
  const runAll = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
    return { code, stdout, stderr };
  };
  const ofVersion = (version: string, edit: (text: string) => string = (t) => t) => {
    const out = join(root, 'test', 'output', 'diff-order');
    mkdirSync(out, { recursive: true });
    const text = readFileSync(join(policy, 'dpa', '1.2.0.md'), 'utf8').replace('version: 1.2.0', `version: ${version}`).replace('status: published', 'status: draft');
    writeFileSync(join(out, `${version}.md`), edit(text));
    return join(out, `${version}.md`);
  };

  it.each(DIFF_FORMATS)('refuses TO before FROM in every format (%s): exit 2, nothing on stdout, the swap to make', async (format) => {
    const { code, stdout, stderr } = await runAll(['diff', 'dpa@1.0.1', 'dpa@1.0.0', '--policy', policy, '--format', format]);
    expect(code).toBe(2);
    const words = 'version 1.0.0 comes before version 1.0.1: an amendment reads from the earlier version to the later (backwards, every change would be told the wrong way round)';
    if (format === 'json') {
      // A program reads JSON: the refusal is JSON on stdout, as lint gives it.
      expect(stderr).toBe('');
      const refused = JSON.parse(stdout) as { ok: boolean; errors: number; messages: { file: string; line: number; code: string; message: string; hint: string }[] };
      expect(refused).toEqual({ ok: false, errors: 1, messages: [expect.objectContaining({ file: expect.stringMatching(/(^|\/)examples\/amendments\/policy\/dpa\/1\.0\.0\.md$/), line: 4, code: 'CODICIL-U003', message: words })] });
      expect(refused.messages[0]!.hint).toContain('Swap them: codicil diff dpa@1.0.0 dpa@1.0.1 shows what 1.0.1 changed.');
      return;
    }
    expect(stdout).toBe('');
    expect(stderr).toContain(`/dpa/1.0.0.md:4:1  error  ${words}  [CODICIL-U003]`);
    expect(stderr).toContain('hint: Swap them: codicil diff dpa@1.0.0 dpa@1.0.1 shows what 1.0.1 changed.');
  });

  it('a policy folder that cannot be read, or holds no document, is that mistake (review: it blamed the version id)', async () => {
    const missing = await runAll(['diff', 'dpa@1.0.0', 'dpa@1.0.1', '--policy', join(root, 'test', 'output', 'no such folder')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the policy folder');
    expect(missing.stderr).toContain('[CODICIL-P001]');
    expect(missing.stderr).not.toContain('CODICIL-U001');
    const empty = join(root, 'test', 'output', 'diff-empty-policy');
    mkdirSync(empty, { recursive: true });
    const none = await runAll(['diff', 'dpa@1.0.0', 'dpa@1.0.1', '--policy', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`error  the policy folder ${empty} holds no document (a folder such as dpa/ of version files such as 1.0.0.md)  [CODICIL-U001]`);
  });

  it('refuses a file too large as JSON when JSON is asked for (review: empty stdout, text on stderr)', async () => {
    const big = join(root, 'test', 'output', 'diff-order', 'big.md');
    mkdirSync(join(big, '..'), { recursive: true });
    writeFileSync(big, 'a'.repeat(600_000));
    const { code, stdout, stderr } = await runAll(['diff', 'dpa@1.0.0', big, '--policy', policy, '--format', 'json']);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ ok: false, errors: 1, messages: [expect.objectContaining({ file: big, code: 'CODICIL-P008' })] });
  });

  it('refuses a draft file that comes before the version it is compared with, as given', async () => {
    const draft = ofVersion('1.1.5');
    const { code, stderr } = await runAll(['diff', 'dpa@1.2.0', draft, '--policy', policy]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${draft}:4:1  error  version 1.1.5 comes before version 1.2.0`);
    expect(stderr).toContain(`hint: Swap them: codicil diff ${draft} dpa@1.2.0 shows what 1.2.0 changed.`);
  });

  it('the same version on both sides: "No changes." for the diff, a refused notice', async () => {
    expect(await runAll(['diff', 'dpa@1.0.0', 'dpa@1.0.0', '--policy', policy])).toEqual({ code: 0, stdout: 'dpa 1.0.0 → 1.0.0 (effective 2024-12-02, published 2024-12-02)\nNo changes.\n', stderr: '' });
    const notice = await runAll(['diff', 'dpa@1.0.0', 'dpa@1.0.0', '--policy', policy, '--format', 'notice']);
    expect(notice.code).toBe(2);
    expect(notice.stdout).toBe('');
    expect(notice.stderr).toContain('error  both sides are version 1.0.0: a change notice announces a later version than the one it amends  [CODICIL-U003]');
  });

  it('two texts of one version: the diff shows them without a declaration, which is of the version’s own amendment', async () => {
    const edited = ofVersion('1.2.0', (t) => t.replace(':param[48 hours]{name=within}', ':param[96 hours]{name=within}'));
    const text = await runAll(['diff', 'dpa@1.2.0', edited, '--policy', policy]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[1]).toBe('Material change');
    const markdown = await runAll(['diff', 'dpa@1.2.0', edited, '--policy', policy, '--format', 'markdown']);
    expect(markdown.stdout).toContain('**Material change**:');
    expect(markdown.stdout).not.toContain('declared');
    // A later version keeps its declaration.
    expect((await runAll(['diff', 'dpa@1.0.0', 'dpa@1.0.1', '--policy', policy])).stdout.split('\n')[1]).toBe('Not material (declared: not material)');
  });

  it('a comparison over several versions declares what each of them declared: material when one did', async () => {
    // 1.3.0 declares its own change (a word) not material; 1.1.0 and 1.2.0, on the way from 1.0.1, declared theirs material.
    const next = ofVersion('1.3.0', (t) => t.replace('material: true', 'material: false').replace('effective: 2025-10-01', 'effective: 2026-03-01').replace(':effective[October 1, 2025]', ':effective[March 1, 2026]') + '\nWe also fixed a typo.\n');
    const over = await runAll(['diff', 'dpa@1.0.1', next, '--policy', policy]);
    expect(over.code).toBe(0);
    expect(over.stdout.split('\n')[1]).toBe('Material change (declared: material)');
    const overMarkdown = await runAll(['diff', 'dpa@1.0.1', next, '--policy', policy, '--format', 'markdown']);
    expect(overMarkdown.stdout).toContain('**Material change** (declared material):');
    // From the version just before it, only its own declaration.
    const own = await runAll(['diff', 'dpa@1.2.0', next, '--policy', policy]);
    expect(own.stdout.split('\n')[1]).toMatch(/ \(declared: not material\)$/);
    // 1.0.0 → 1.0.1 passes through nothing: 1.0.1's own "not material".
    expect((await runAll(['diff', 'dpa@1.0.0', 'dpa@1.0.1', '--policy', policy, '--format', 'markdown'])).stdout).toContain('Not material (declared not material).');
  });

  it('a clause withdrawn by removing only its mark: its words are shown as they stay, not struck, and lint warns that the promise is no longer checked', async () => {
    const withdrawn = ofVersion('1.4.0', (t) =>
      t
        .replace('effective: 2025-10-01', 'effective: 2026-03-01')
        .replace(':effective[October 1, 2025]', ':effective[March 1, 2026]')
        .replace('summary: "Fictional example amendment: Postmark is named as the email sub-processor."', 'summary: Withdraws dsr.await-instructions.\nwithdrawn:\n  - clause: dsr.await-instructions\n    reason: dropped')
        .replace(':clause[await your instructions (unless required by law to respond directly)]{id=dsr.await-instructions rule=dsr-await-instructions}', 'await your instructions (unless required by law to respond directly)'),
    );
    const text = await runAll(['diff', 'dpa@1.2.0', withdrawn, '--policy', policy]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('  dsr.await-instructions §9 Data Subject Rights: withdrawn; its words stay in the text, no longer checked — dropped\n    await your instructions (unless required by law to respond directly)\n');
    expect(text.stdout).not.toContain('[-await your instructions');
    const markdown = await runAll(['diff', 'dpa@1.2.0', withdrawn, '--policy', policy, '--format', 'markdown']);
    expect(markdown.stdout).toContain('  > await your instructions (unless required by law to respond directly)\n');
    expect(markdown.stdout).not.toContain('<del>await your instructions');
    const html = await runAll(['diff', 'dpa@1.2.0', withdrawn, '--policy', policy, '--format', 'html']);
    expect(html.stdout).not.toContain('<del>await your instructions');
    // lint: the version in the policy folder, a warning at withdrawn:.
    const copy = join(root, 'test', 'output', 'diff-withdrawn-kept');
    cpSync(policy, copy, { recursive: true });
    writeFileSync(join(copy, 'dpa', '1.4.0.md'), readFileSync(withdrawn, 'utf8').replace('status: draft', 'status: published'));
    const linted = await lint({ policy: copy });
    expect(linted.messages.filter((m) => m.code === 'CODICIL-V014').map((m) => [m.severity, m.line, m.message])).toEqual([
      ['warning', 11, 'clause dsr.await-instructions is withdrawn in 1.4.0, but its words stay in the text unchanged (“await your instructions (unless required by law to respond directly)”): customers still read the promise, and codicil no longer checks it'],
    ]);
  });

  it('a later version that reads as the earlier one, dates aside: "No changes.", and no notice of nothing', async () => {
    const unedited = ofVersion('1.3.0', (t) => t.replace('effective: 2025-10-01', 'effective: 2026-03-01').replace(':effective[October 1, 2025]', ':effective[March 1, 2026]'));
    expect((await runAll(['diff', 'dpa@1.2.0', unedited, '--policy', policy])).stdout).toMatch(/\nNo changes\.\n$/);
    const notice = await runAll(['diff', 'dpa@1.2.0', unedited, '--policy', policy, '--format', 'notice']);
    expect(notice.code).toBe(2);
    expect(notice.stdout).toBe('');
    expect(notice.stderr).toContain('error  version 1.3.0 reads word for word as version 1.2.0 (dates aside): a change notice would announce no change  [CODICIL-U003]');
  });

  it('a notice is drafted against the version TO amends: over a version in between it would say TO replaces a version it does not', async () => {
    const skipping = await runAll(['diff', 'dpa@1.0.0', 'dpa@1.2.0', '--policy', policy, '--format', 'notice']);
    expect(skipping.code).toBe(2);
    expect(skipping.stdout).toBe('');
    expect(skipping.stderr).toContain('/dpa/1.2.0.md:4:1  error  version 1.2.0 amends version 1.1.0, not 1.0.0: its change notice would tell customers it replaces a version it does not replace  [CODICIL-U003]');
    expect(skipping.stderr).toContain('hint: Draft the notice against the version it amends (the last published one before it): codicil diff dpa@1.1.0 dpa@1.2.0 --format notice.');
    // The plain diff of the same range is shown, and the notice against the version amended is drafted.
    expect((await runAll(['diff', 'dpa@1.0.0', 'dpa@1.2.0', '--policy', policy])).code).toBe(0);
    const notice = await runAll(['diff', 'dpa@1.1.0', 'dpa@1.2.0', '--policy', policy, '--format', 'notice']);
    expect([notice.code, notice.stderr]).toEqual([0, '']);
    expect(notice.stdout).toContain('It replaces version 1.1.0.');
    // A draft in a pull request amends the last published version, whatever drafts come before it.
    const draft = ofVersion('1.4.0', (t) => t.replace(':param[48 hours]{name=within}', ':param[24 hours]{name=within}'));
    expect((await runAll(['diff', 'dpa@1.2.0', draft, '--policy', policy, '--format', 'notice'])).code).toBe(0);
    expect((await runAll(['diff', 'dpa@1.1.0', draft, '--policy', policy, '--format', 'notice'])).stderr).toContain('version 1.4.0 amends version 1.2.0, not 1.1.0');
  });

  it('a version file whose note contradicts its means= is refused alike, named by id or by path (review: only the path form was)', async () => {
    const staged = join(root, 'test', 'output', 'diff-note', 'policy');
    cpSync(policy, staged, { recursive: true });
    const file = join(staged, 'dpa', '1.2.0.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(':param[promptly]{name=within means="48 hours"}', ':param[promptly]{name=within means="48 hours" note="We notify you within 24 hours."}'));
    const byId = await runAll(['diff', 'dpa@1.1.0', 'dpa@1.2.0', '--policy', staged]);
    const byPath = await runAll(['diff', 'dpa@1.1.0', file, '--policy', staged]);
    expect([byId.code, byPath.code]).toEqual([2, 2]);
    for (const run of [byId, byPath]) expect(run.stderr).toContain('[CODICIL-P234]');
  });

  it('the library refuses as the command does, and never renders a notice going back in time', async () => {
    const backwards = await diff({ from: 'dpa@1.1.0', to: 'dpa@1.0.1', policy });
    expect(backwards.ok ? [] : backwards.errors.map((e) => [e.code, e.line])).toEqual([['CODICIL-U003', 4]]);
    const notice = await diff({ from: 'dpa@1.1.0', to: 'dpa@1.1.0', policy, purpose: 'notice' });
    expect(notice.ok).toBe(false);
    const forward = await diff({ from: 'dpa@1.0.1', to: 'dpa@1.1.0', policy });
    if (!forward.ok) throw new Error('the example amendment must diff');
    expect(() => renderAmendment(diffVersions(forward.to, forward.from), 'notice')).toThrow(/CODICIL|comes before version 1\.1\.0/);
    // A plain diff over a version in between gives the version TO amends: its notice is refused as the command refuses it.
    const skipping = await diff({ from: 'dpa@1.0.0', to: 'dpa@1.2.0', policy });
    if (!skipping.ok) throw new Error('a plain diff may compare any two versions');
    expect(skipping.amends).toBe('1.1.0');
    expect(() => renderAmendment(skipping.amendment, 'notice', { amends: skipping.amends! })).toThrow(/version 1\.2\.0 amends version 1\.1\.0, not 1\.0\.0/);
    const amended = await diff({ from: 'dpa@1.1.0', to: 'dpa@1.2.0', policy });
    if (!amended.ok) throw new Error('the example amendment must diff');
    expect(renderAmendment(amended.amendment, 'notice', { amends: amended.amends! })).toContain('It replaces version 1.1.0.');
  });
});
