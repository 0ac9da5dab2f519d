// Properties of the parser: it never throws, it is deterministic, and clause
// ids and parameters do not depend on section numbering.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { loadPolicy, parseVersion, renderVersionHtml } from '../engine/index.ts';
import { projection, root } from './helpers.ts';

const { policy } = await loadPolicy(join(root, 'policy'));
const dpa = readFileSync(join(root, 'policy', 'dpa', '1.0.0.md'), 'utf8');
const parse = (value: string, path = 'p/1.0.0.md') => {
  const file = new VFile({ path, value });
  return { version: parseVersion(file, { reference: policy.reference }), file };
};

// Pieces of Markdown and codicil syntax, valid and broken, to build documents from.
const fragment = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '---\n', 'document: dpa\n', 'version: 1.0.0\n', 'effective: 2025-01-01\n', 'status: published\n', 'material: yes\n', 'title: [x\n',
    '# T\n', '## 1. A\n', '### 1.1 B\n', '## 1. A\n', '- item\n', '| a | b |\n|---|---|\n| c | d |\n',
    ':clause{id=a.b rule=attestation}', ':clause[x]{id=a.b}', ':clause{#a.b}', ':clause[', ']{id=', ':::clause{id=c.d rule=subprocessor-category}\n', ':::\n',
    ':param[72 hours]{name=within}', ':param[]{name=x}', ':param[promptly]{name=within means="bad"}', ':param[Email Services]{name=categories}',
    ':effective[December 2, 2024]', ':effective[nope]', ':::callout\n', '<script>alert(1)</script>', '{', '}', '[', ']', '\\', '\n', '\n\n', '  ', ':', '"',
    'rule=incident-notice-deadline', 'rule=nope', 'stores=live', '\u0000', '\uFEFF', '\r\n',
  ),
);
const markdown = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));

describe('parser properties', () => {
  it('never throws on arbitrary input, and reports problems as messages', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const { version, file } = parse(text);
        for (const m of file.messages) expect(m.ruleId).toMatch(/^CODICIL-[A-Z]\d{3}$/);
        if (version) expect(() => renderVersionHtml(version)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const a = parse(text);
        const b = parse(text);
        expect(JSON.stringify(projection(a.version, a.file))).toBe(JSON.stringify(projection(b.version, b.file)));
        if (a.version && b.version) expect(renderVersionHtml(a.version)).toBe(renderVersionHtml(b.version));
      }),
      { numRuns: 150 },
    );
  });

  it('never publishes raw HTML, whatever the input', () => {
    fc.assert(
      fc.property(markdown, fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>'), (text, html) => {
        const { version } = parse(`${dpa}\n${text}\n\n${html}\n`);
        if (!version) return;
        const out = renderVersionHtml(version);
        expect(out).not.toMatch(/<script|onerror|javascript:/i);
      }),
      { numRuns: 60 },
    );
  });

  it('finds the same clause ids and parameters however the sections are numbered', () => {
    const base = parse(dpa);
    const summary = (v: typeof base.version) => v!.clauses.map((c) => ({ id: c.id, rule: c.rule, anchor: c.sectionAnchor, params: c.params }));
    const headings = dpa.split('\n').filter((line) => /^#{2,3} \d/.test(line)).length;
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat({ max: 99 }), { minLength: 1, maxLength: 3 }), { minLength: headings, maxLength: headings }), (numbers) => {
        let i = 0;
        const renumbered = dpa.replace(/^(#{2,3}) \d+(?:\.\d+)*\.? /gm, (_m, hashes: string) => `${hashes} ${numbers[i++]!.join('.')}. `);
        const { version, file } = parse(renumbered);
        expect(file.messages.filter((m) => m.fatal)).toEqual([]);
        // Positions are the same: only digits on heading lines changed, and columns of clauses do not depend on them.
        expect(JSON.parse(JSON.stringify(summary(version)))).toEqual(JSON.parse(JSON.stringify(summary(base.version))));
      }),
      { numRuns: 60 },
    );
  });
});
