// `codicil diff` on the example amendment history, in every format, against
// expected files in test/fixtures/diff-formats/. UPDATE_FIXTURES=1 rewrites them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFragment, serialize } from 'parse5';
import { main } from '../engine/cli/main.ts';
import { DIFF_FORMATS } from '../engine/index.ts';
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
