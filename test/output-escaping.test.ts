// Every string that reaches an output format is escaped for it: JUnit stays
// valid XML 1.0 whatever the ids and messages hold (checked with saxes, a
// strict parser); the terminal, GitHub annotations, Markdown and the diff's
// HTML never receive raw control or escape characters; SARIF and JSON keep
// the data exact; values from data are shortened to 200 characters + "…".
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHtml } from 'parse5';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { check, diff, formatLintText, formatTestJson, formatTestJunit, formatTestText, renderAmendment, renderCheck, runPolicyTests, type Amendment, type CheckReport, type LintResult, type PolicyTestResult } from '../engine/index.ts';
import { root, stagePolicy, strictXml } from './helpers.ts';

const asOf = new Date('2025-06-30T12:00:00Z');
const examples = await check({ records: join(root, 'examples', 'records'), policy: join(root, 'policy'), asOf, explain: true });
const broken = await check({ records: join(root, 'test', 'fixtures', 'check', 'integrity', 'records'), policy: join(root, 'policy'), asOf });

/** Hostile strings: ANSI escapes, NUL, a lone surrogate, U+FFFE, bidi overrides, line breaks, markup, a 50 000-character value. */
const hostile = [
  '\u001b[31mRED\u001b[0m\u001b]8;;http://evil\u0007link\u001b]8;;\u0007',
  'nul\u0000 bell\u0007 del\u007f c1\u0085 vt\u000b',
  'lone \uD800 surrogate, \uFFFE non-character',
  'bidi \u202Eevil\u202C and \u2066isolate\u2069',
  'two\nlines\r\nand \r return',
  '<script>alert(1)</script> & | * _ ` [x](javascript:alert(1)) ~~s~~ ::error::x %0A 100%',
  'x'.repeat(50_000),
];
// What no output may carry raw: C0 controls (a format may keep its own line breaks), DEL, C1, lone surrogates, bidi controls.
const RAW = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Noncharacter_Code_Point}|[\uD800-\uDFFF]/u;
// XML 1.0's Char production.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function nastyReport(value: string): CheckReport {
  const f = examples.findings![0]!;
  return {
    ...examples,
    policy: { document: value, versions: [value] },
    coverage: [{ ...examples.coverage[0]!, clause: value, section: value, status: 'unchecked', missingTables: [value] }, ...examples.coverage.slice(1)],
    findings: [{ ...f, clause: value, key: { [value]: value }, message: `message ${value}`, version: value, source: { file: value, line: 3 }, explanation: [value] }],
  };
}
function nastyErrors(value: string): CheckReport {
  return { ...broken, errors: [{ ...broken.errors![0]!, file: value, field: value, message: value }] };
}


/** The longest run of text between separators an output puts around a value. */
const longestRun = (text: string) => Math.max(...text.split(/[\s|,:;'"<>=()[\]`]+/).map((w) => w.length));

describe('check report formats', () => {
  it.each(hostile.map((h, i) => [i, h] as const))('hostile value #%i: JUnit is valid XML 1.0', (_i, value) => {
    for (const report of [nastyReport(value), nastyErrors(value)]) {
      const xml = renderCheck(report, 'junit');
      expect(strictXml(xml)).toEqual([]);
      expect(xml).not.toMatch(NOT_XML);
      expect(xml).not.toMatch(RAW);
      expect(longestRun(xml)).toBeLessThanOrEqual(1_001);
    }
  });

  it.each(hostile.map((h, i) => [i, h] as const))('hostile value #%i: text, github and markdown carry no raw control character and shorten values', (_i, value) => {
    for (const report of [nastyReport(value), nastyErrors(value)]) {
      for (const format of ['text', 'github', 'markdown'] as const) {
        const out = renderCheck(report, format, { explain: true });
        expect(out, format).not.toMatch(RAW);
        expect(out, format).not.toMatch(/\r/);
        expect(longestRun(out), format).toBeLessThanOrEqual(1_001);
      }
    }
  });

  it('text shows control characters as \\u escapes and cuts long values at 200 characters', () => {
    const out = renderCheck(nastyReport(hostile[0]!), 'text');
    expect(out).toContain('\\u001b[31mRED\\u001b[0m');
    const long = renderCheck(nastyReport('y'.repeat(5_000)), 'text');
    // Values (ids, keys, files) at 200 characters; a message, which embeds values, at 1 000.
    expect(long).toContain(` ${'y'.repeat(200)}… `);
    expect(long).toContain(`message ${'y'.repeat(992)}…`);
    expect(long).not.toContain('y'.repeat(993));
  });

  it('github escapes line breaks and % in data, and : , in properties, one command a line', () => {
    const out = renderCheck(nastyReport('a:b,c\nd%e'), 'github');
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice)( [^:]*)?::/);
    expect(out).toContain('title=a%3Ab%2Cc%0Ad%25e violation::');
    expect(out).toContain('message a:b,c%0Ad%25e');
  });

  it('markdown escapes table, emphasis, link and HTML syntax', () => {
    const out = renderCheck(nastyReport(hostile[5]!), 'markdown');
    expect(out).toContain('\\<script\\>alert(1)\\</script\\> \\& \\| \\* \\_ \\` \\[x\\](javascript:alert(1)) \\~\\~s\\~\\~');
    expect(out).not.toMatch(/(?<!\\)<script/);
  });

  it('markdown: a value that GFM would make a link (a URL, www., an e-mail address) stays text, as written', () => {
    const values = ['https://evil.example/login', 'HTTP://EVIL.example', 'www.evil.example', 'WWW.evil.example/x', 'ceo@evil.example', 'mailto:ceo@evil.example', 'xmpp:bot@evil.example/r', 'ftp://evil.example'];
    for (const value of values) {
      const report = nastyReport(value);
      for (const errors of [false, true]) {
        const md = renderCheck(errors ? nastyErrors(value) : report, 'markdown', { explain: true });
        const tree = unified().use(remarkParse).use(remarkGfm).parse(md);
        const links: string[] = [];
        const walk = (n: { type: string; url?: string; children?: unknown[] }) => {
          if (n.type === 'link') links.push(n.url!);
          for (const c of n.children ?? []) walk(c as typeof n);
        };
        walk(tree);
        expect(links, `${value} ${errors ? 'errors' : 'findings'}`).toEqual([]);
        // What a reader sees is the value itself (the comment is not shown).
        expect(toString(tree, { includeHtml: false }).replace(/\s+/g, ' '), value).toContain(value);
      }
    }
  });

  it.each(hostile.map((h, i) => [i, h] as const))('hostile value #%i: JSON and SARIF keep the data exact and escaped', (_i, value) => {
    const report = nastyReport(value);
    for (const format of ['json', 'sarif'] as const) {
      const out = renderCheck(report, format);
      expect(out).not.toMatch(RAW);
      const parsed = JSON.parse(out);
      if (format === 'json') expect(parsed.findings[0].message).toBe(`message ${value}`);
      else expect(parsed.runs[0].results[0].ruleId).toBe(value);
    }
  });
});

describe('lint text', () => {
  it('shows control characters in file names and messages as \\u escapes', () => {
    const result: LintResult = {
      ok: false,
      errors: 1,
      warnings: 0,
      policy: { dir: 'p', document: 'dpa', title: '', versions: [], documents: [], reference: { eea: { list: 'eea', title: '', updated: '', source: '', countries: [] }, adequacy: { list: 'adequacy', title: '', updated: '', source: '', countries: [] }, vocabularies: {} } },
      messages: hostile.map((h) => ({ file: `policy/dpa/${h}`, line: 1, column: 1, severity: 'error' as const, code: 'CODICIL-P004', message: h, hint: h })),
    };
    const out = formatLintText(result);
    expect(out).not.toMatch(RAW);
    expect(out).toContain('policy/dpa/\\u001b[31mRED');
    expect(longestRun(out)).toBeLessThanOrEqual(1_001);
  });
});

const amended = await diff({ from: 'dpa@1.0.1', to: 'dpa@1.1.0', policy: join(root, 'examples', 'amendments', 'policy') });
if (!amended.ok) throw new Error('the example amendment must diff');
const result = amended;

describe('diff formats', () => {
  const poison = (value: string): Amendment => {
    const a = structuredClone(result.amendment);
    a.materiality.reasons.push(value);
    a.clauses[0]!.redline = [{ type: 'insert', text: value }, { type: 'equal', text: ` ${value}` }];
    a.clauses[0]!.reason = value;
    a.parameters[0]!.toWords = value;
    a.subprocessors.namedAdded.push(value);
    a.sections.added.push({ anchor: 'x', title: value, from: null, to: '99' });
    return a;
  };

  it.each(hostile.slice(0, 6).map((h, i) => [i, h] as const))('hostile value #%i: no raw control characters in any format; HTML parses without errors', (_i, value) => {
    const amendment = poison(value);
    for (const format of ['text', 'markdown', 'html', 'notice', 'json'] as const) {
      const out = renderAmendment(amendment, format);
      expect(out, format).not.toMatch(RAW);
    }
    const errors: string[] = [];
    parseHtml(renderAmendment(amendment, 'html'), { onParseError: (e) => errors.push(e.code) });
    // parse5 reports a document without a doctype; the fragment has none by design.
    expect(errors.filter((e) => e !== 'missing-doctype')).toEqual([]);
    expect(renderAmendment(amendment, 'html')).not.toMatch(/<script|href="javascript:/i);
    expect(renderAmendment(amendment, 'markdown')).not.toMatch(/(?<!\\|&lt;)<script/);
    expect(renderAmendment(amendment, 'notice')).not.toMatch(/(?<!\\|&lt;)<script/);
  });
});

// Found by fuzzing `codicil test` (issue 8): a case file named
// `\u001b[2J….yaml` or a case `name:` holding ESC or a bidi override reached
// the terminal raw, made the JUnit report invalid XML, and the JSON carried
// the override raw.
describe('codicil test formats', async () => {
  const policy = stagePolicy(join(root, 'policy'), 'output-escaping-tests');
  rmSync(join(root, policy, 'tests'), { recursive: true, force: true });
  mkdirSync(join(root, policy, 'tests'));
  cpSync(join(root, 'policy', 'tests', 'incidents', 'notified-at-exactly-72-hours.yaml'), join(root, policy, 'tests', 'passes.yaml'));
  // A case that fails: a violation where it expects none, so the side-by-side text is rendered.
  writeFileSync(join(root, policy, 'tests', 'fails.yaml'), readFileSync(join(root, 'policy', 'tests', 'incidents', 'notified-72-hours-and-1-second-after.yaml'), 'utf8').replace(/expect:[\s\S]*$/, 'expect:\n  exit: 0\n  findings: []\n'));
  const result = await runPolicyTests({ policy, engines: ['js'] });

  function nasty(value: string): PolicyTestResult {
    const message = { file: value, line: 1, column: 1, severity: 'error' as const, code: 'CODICIL-T002', message: value, hint: value };
    return {
      ...result,
      document: value,
      tests: value,
      problems: [message],
      cases: result.cases.map((k) => ({
        ...k,
        file: value,
        path: value,
        name: value,
        warnings: [value],
        problems: [message],
        runs: k.runs.map((r) => ({ ...r, report: { ...r.report, findings: r.report.findings?.map((f) => ({ ...f, message: value, key: { [value]: value } })) } })),
      })),
    };
  }

  it('the results hold a passing and a failing case', () => {
    expect(result.cases.map((k) => [k.file, k.status])).toEqual([['fails.yaml', 'failed'], ['passes.yaml', 'passed']]);
  });
  it.each(hostile.map((h, i) => [i, h] as const))('hostile value #%i: text without raw control characters, JUnit valid XML, JSON exact', (_i, value) => {
    const text = formatTestText(nasty(value));
    expect(text).not.toMatch(RAW);
    expect(text).not.toMatch(/\r/);
    const junit = formatTestJunit(nasty(value));
    expect(strictXml(junit)).toEqual([]);
    expect(junit).not.toMatch(NOT_XML);
    expect(junit).not.toMatch(RAW);
    const json = formatTestJson(nasty(value));
    expect(json).not.toMatch(RAW);
    expect((JSON.parse(json) as { cases: { name: string }[] }).cases[0]!.name).toBe(value);
  });
});
