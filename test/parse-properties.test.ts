// Properties of the parser over policy text. Samples are VALID version files
// (the DPA and the example amendment history) with a few mutations applied —
// fragments of Markdown and codicil syntax inserted, lines deleted, duplicated
// or swapped, a front matter value changed — so that most of them get past
// the front matter and exercise sections, clauses, parameters, rendering and
// the diff. Each property runs with this run's seed (FC_SEED=… replays one;
// fast-check prints it on failure); counterexamples found are kept as fixed
// cases at the end of this file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { diffVersions, loadPolicy, parseVersion, renderVersionHtml, type PolicyVersion } from '../engine/index.ts';
import { activeMarkup, projection, root, runs } from './helpers.ts';

const { policy } = await loadPolicy(join(root, 'policy'));
const dpa = readFileSync(join(root, 'policy', 'dpa', '1.0.0.md'), 'utf8');
const bases = [dpa, ...['1.0.1', '1.1.0', '1.2.0'].map((v) => readFileSync(join(root, 'examples', 'amendments', 'policy', 'dpa', `${v}.md`), 'utf8'))];
const parse = (value: string | Uint8Array, path = 'p/1.0.0.md') => {
  const file = new VFile({ path, value });
  return { version: parseVersion(file, { reference: policy.reference }), file };
};
const baseVersions = bases.map((text) => parse(text).version!);

// Pieces of Markdown and codicil syntax, valid and broken.
const fragment = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      '# T\n', '## 1. A\n', '### 1.1 B\n', '## 1. A\n', '- item\n', '  - nested\n', '1. one\n', '> quote\n', '| a | b |\n|---|---|\n| c | d |\n', '```\ncode\n```\n', '***\n',
      ':clause{id=a.b rule=attestation}', ':clause[x]{id=a.b}', ':clause{#a.b}', ':clause[', ']{id=', ':::clause{id=c.d rule=subprocessor-category}\n', ':::\n', '::::clause{id=e.f rule=attestation}\n',
      ':clause[Notify :param[72 hours]{name=within}]{id=incident.notify-within}', ':clause[x]{id=incident.notify-within rule=incident-notice-deadline}',
      ':param[72 hours]{name=within}', ':param[]{name=x}', ':param[promptly]{name=within means="bad"}', ':param[promptly]{name=within means="0 hours"}', ':param[999999999999 hours]{name=within}', ':param[Email Services]{name=categories}',
      ':effective[December 2, 2024]', ':effective[nope]', ':::callout\n', ':constructor', ':toString[x]', ':__proto__', ':clause[x]{id=a.b rule=constructor}', ':param[x]{name=hasOwnProperty}',
      '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{', '}', '[', ']', '[x](javascript:alert(1))', '*', '**', '_', '~~', '`', '\\', '\n', '\n\n', '  ', ':', '"', '&amp;', 'www.x.com', 'a@b.co',
      'rule=incident-notice-deadline', 'rule=nope', 'stores=live', 'id=', '\u0000', '\u001b[31m', '\uFEFF', '\r\n', '\r', '\t', '\uFFFE', '\u202E',
      'withdrawn:\n  - clause: a.b\n', 'material: maybe\n', 'x: &a [1]\ny: *a\n',
    ),
  },
);

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'front'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fragment }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('front' as const), at: fc.nat(), text: fragment }) },
);

/** Apply mutations to a valid document: edits land in the body, except `front`, which edits a front matter line. */
function mutate(text: string, mutations: Mutation[]): string {
  const bodyStart = text.indexOf('\n---\n', 4) + 5;
  let front = text.slice(0, bodyStart);
  let body = text.slice(bodyStart);
  for (const m of mutations) {
    if (m.op === 'front') {
      const lines = front.split('\n');
      const i = 1 + (m.at % Math.max(1, lines.length - 3));
      lines[i] = `${lines[i]!.split(':')[0]}: ${m.text}`;
      front = lines.join('\n');
      continue;
    }
    if (m.op === 'insert') {
      const at = m.at % (body.length + 1);
      body = body.slice(0, at) + m.text + body.slice(at);
    } else if (m.op === 'delete') {
      const at = m.at % (body.length + 1);
      body = body.slice(0, at) + body.slice(at + m.length);
    } else {
      const lines = body.split('\n');
      const i = m.at % lines.length;
      if (m.op === 'duplicate') lines.splice(i, 0, lines[i]!);
      else [lines[i], lines[m.with % lines.length]] = [lines[m.with % lines.length]!, lines[i]!];
      body = lines.join('\n');
    }
  }
  return front + body;
}

const document = fc.record({ base: fc.nat({ max: bases.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }) }).map(({ base, mutations }) => ({ base, text: mutate(bases[base]!, mutations) }));

/** Everything codicil does with a version file: parse, render, diff against its base. */
function exercise(base: number, text: string): { version: PolicyVersion | null; file: VFile } {
  const started = performance.now();
  const { version, file } = parse(Buffer.from(text, 'utf8'));
  for (const m of file.messages) {
    expect(m.ruleId).toMatch(/^CODICIL-[A-Z]\d{3}$/);
    expect(m.ruleId).not.toBe('CODICIL-P110');
    expect(m.line ?? 1).toBeGreaterThanOrEqual(1);
  }
  if (version) {
    const html = renderVersionHtml(version);
    expect(activeMarkup(html)).toEqual([]);
    const d = diffVersions(baseVersions[base]!, version);
    expect(typeof d.materiality.material).toBe('boolean');
  }
  expect(performance.now() - started).toBeLessThan(5_000);
  return { version, file };
}

describe('parser properties (mutated valid documents)', () => {
  it('most samples get past the front matter (the properties below exercise rendering, not only P101)', () => {
    // A calibration of the generator, on a fixed sample: with the run's random seed it fell to 0.65–0.70 one seed in
    // ten (seed 9 gives 0.70), failing CI by chance. The properties below keep the run's seed.
    const samples = fc.sample(document, { numRuns: 200, seed: 20261129 });
    const parsed = samples.filter(({ text }) => parse(text).version !== null).length;
    expect(parsed / samples.length).toBeGreaterThan(0.7);
  });

  it('never throws, reports every problem as a catalogue message with a line, and stays fast', () => {
    fc.assert(
      fc.property(document, ({ base, text }) => {
        exercise(base, text);
      }),
      runs(250),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(document, ({ text }) => {
        const a = parse(text);
        const b = parse(text);
        expect(JSON.stringify(projection(a.version, a.file))).toBe(JSON.stringify(projection(b.version, b.file)));
        if (a.version && b.version) expect(renderVersionHtml(a.version)).toBe(renderVersionHtml(b.version));
      }),
      runs(100),
    );
  });

  it('reads the same model from the bytes and from the text', () => {
    fc.assert(
      fc.property(document, ({ text }) => {
        // Lone surrogates cannot be written as UTF-8; they are refused from a string and replaced when encoded.
        fc.pre(text.isWellFormed());
        const a = parse(text);
        const b = parse(Buffer.from(text, 'utf8'));
        expect(JSON.stringify(projection(b.version, b.file))).toBe(JSON.stringify(projection(a.version, a.file)));
        expect(b.version?.sha256).toBe(a.version?.sha256);
      }),
      runs(100),
    );
  });

  it('never publishes active markup (scripts, handlers, javascript: links), whatever the input', () => {
    fc.assert(
      fc.property(document, fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>'), ({ text }, html) => {
        const { version } = parse(`${text}\n\n${html}\n`);
        if (!version) return;
        expect(activeMarkup(renderVersionHtml(version))).toEqual([]);
      }),
      runs(60),
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
      runs(60),
    );
  });
});

// Counterexamples the properties found, kept as fixed cases (each failed before its fix).
describe('parser counterexamples', () => {
  it.each([
    // Object.prototype names looked up as directive names: "allowed.includes is not a function".
    ['a directive named constructor', `${dpa}\n:constructor\n`],
    ['a directive named toString with a label', `${dpa}\n:toString[x]\n`],
    // A parameter named like an Object.prototype member reached render as a function value.
    ['a parameter named toString', `${dpa}\n:clause[:param[72 hours]{name=toString}]{id=a.c rule=incident-notice-deadline}\n`],
    ['words that read as Object.prototype members', `${dpa}\n:clause[:param[constructor hours]{name=within}]{id=a.f rule=incident-notice-deadline}\n`],
    // A line of > thousands deep overflowed the parser's stack.
    ['a line of 10 000 >', `${dpa}\n${'>'.repeat(10_000)}\n`],
    // An alias in the front matter threw "Excessive alias count".
    ['an alias in the front matter', dpa.replace('---\n', '---\nx: &a [1]\ny: *a\n')],
  ])('%s', (_name, text) => {
    expect(() => exercise(0, text)).not.toThrow();
  });
});

describe('raw HTML counterexample', () => {
  // Found by the property (seed 1707855470): an invalid clause id holding "[x](javascript:alert(1))" is
  // rendered as text in data-clause, never as a link.
  it('renders a link-like clause id as text', () => {
    const { version } = parse(dpa.replace('{id=audit.allow-audits', '{id=[x](javascript:alert(1))audit.allow-audits'));
    const html = renderVersionHtml(version!);
    expect(activeMarkup(html)).toEqual([]);
    expect(html).toContain('data-clause="[x](javascript:alert(1))audit.allow-audits"');
  });
});
