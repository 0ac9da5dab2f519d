// Each output format of `codicil check`, on the example records and on an
// input with errors, against expected files in test/fixtures/report/.
// UPDATE_FIXTURES=1 rewrites them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { convert } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { check, renderCheck, FORMATS, type CheckReport } from '../engine/index.ts';
import { formatSarif } from '../engine/report/sarif.ts';
import { formatGithub } from '../engine/report/github.ts';
import { expectGolden, root, strictXml } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'report');
const asOf = new Date('2025-06-30T12:00:00Z');
const examples = await check({ records: join(root, 'examples', 'records'), policy: join(root, 'policy'), asOf, explain: true });
const broken = await check({ records: join(root, 'test', 'fixtures', 'check', 'integrity', 'records'), policy: join(root, 'policy'), asOf });
const strict = await check({ records: join(root, 'examples', 'records'), policy: join(root, 'policy'), asOf, strict: true });
// Every state of waivers.md: waived (a violation, a pending subject), expired, not yet in effect, unused.
const allStates = join(root, 'test', 'fixtures', 'waivers', 'all-states.yaml');
const waived = await check({ records: join(root, 'examples', 'records'), policy: join(root, 'policy'), asOf, explain: true, waivers: allStates });
const waivedStrict = await check({ records: join(root, 'examples', 'records'), policy: join(root, 'policy'), asOf, strict: true, waivers: allStates });
// Several documents (Northwind Analytics' policy): its formats are pinned in test/documents.test.ts.
const northwind = await check({ records: join(root, 'test', 'fixtures', 'documents-records', 'northwind'), policy: join(root, 'test', 'fixtures', 'documents', 'northwind'), asOf, engine: 'js' });
// --as-of before the first version took effect: every clause unchecked, with the reason (issue 8: "unchecked: no  records").
const beforeFirst = await check({ records: join(root, 'examples', 'records'), policy: join(root, 'policy'), asOf: new Date('2024-01-01T00:00:00Z') });
const EXT = { text: 'txt', json: 'json', junit: 'xml', sarif: 'sarif.json', github: 'github.txt', markdown: 'md' } as const;

const golden = (name: string, actual: string) => expectGolden(join(dir, name), actual);


const sarifSchema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// The published schema has a pattern that is invalid with the u flag.
const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validSarif = ajv.compile(sarifSchema);

describe('report formats', () => {
  for (const [label, report] of [['examples', examples], ['errors', broken], ['waivers', waived], ['waivers-strict', waivedStrict], ['before-first-version', beforeFirst]] as [string, CheckReport][]) {
    it.each(FORMATS)(`${label}: %s`, (format) => {
      golden(`${label}.${EXT[format]}`, renderCheck(report, format, { recordsDir: 'examples/records', explain: format === 'text' }));
    });
  }

  it('says why a clause is unchecked when no version is in force at --as-of (the reason, never an empty table list)', () => {
    const text = renderCheck(beforeFirst, 'text');
    expect(text).toContain('\nincident.notify-within (§9) — unchecked: no version of the policy is in force at as-of (the first takes effect on 2024-12-02)\n');
    expect(text).not.toMatch(/no {2}records|no records/);
    for (const format of ['junit', 'github'] as const) expect(renderCheck(beforeFirst, format)).toContain('unchecked: no version of the policy is in force at as-of (the first takes effect on 2024-12-02)');
    expect(beforeFirst.coverage.length).toBeGreaterThan(0);
    expect(beforeFirst.coverage.every((c) => c.status === 'unchecked' && c.missingTables === undefined)).toBe(true);
  });

  it('colours the text only when asked', () => {
    expect(renderCheck(examples, 'text')).not.toMatch(/\u001b\[/);
    expect(renderCheck(examples, 'text', { color: true })).toMatch(/\u001b\[31m✗ violation/);
  });

  it.each([
    ['examples', examples],
    ['errors', broken],
    ['strict', strict],
    ['waivers', waived],
    ['waivers-strict', waivedStrict],
    ['several documents', northwind],
  ] as [string, CheckReport][])('SARIF is valid against the SARIF 2.1.0 schema (%s)', (_label, report) => {
    const log = formatSarif(report, 'examples/records');
    expect(validSarif(log), JSON.stringify(validSarif.errors?.slice(0, 3))).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('SARIF locates files by URIs, whatever their names hold (review: a space made the log invalid; %41, # and ? named another file)', () => {
    const folder = '../rec with space/ünï/%41#x?y:z';
    const errors = { ...broken, errors: broken.errors!.map((e) => ({ ...e, file: `a b/${e.file}` })) };
    for (const report of [examples, errors, waivedStrict]) {
      const log = formatSarif(report, folder);
      expect(validSarif(log), JSON.stringify(validSarif.errors?.slice(0, 3))).toBe(true);
      const uris = [...log.runs[0]!.results!.flatMap((r) => r.locations ?? []).map((l) => l.physicalLocation!.artifactLocation!.uri!), ...(log.runs[0]!.artifacts ?? []).map((a) => a.location!.uri!)];
      expect(uris.length).toBeGreaterThan(0);
      for (const uri of uris) {
        expect(uri).not.toMatch(/[ #?ü]/);
        expect(decodeURIComponent(uri)).toMatch(/^(\.\.\/rec with space\/ünï\/%41#x\?y:z\/)?(a b\/)?[a-z0-9_/.-]+$/);
      }
    }
    expect(formatSarif(examples, folder).runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toMatch(/^\.\.\/rec%20with%20space\/%C3%BCn%C3%AF\/%2541%23x%3Fy%3Az\//);
  });

  it('SARIF points every result at a record, and has a rule per clause', () => {
    const log = formatSarif(examples, 'examples/records');
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(examples.findings!.length);
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(examples.coverage.map((c) => c.clause));
    expect(run.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toMatch(/^examples\/records\//);
  });

  it('JUnit is well-formed XML with one test case per clause, failures for violations', () => {
    for (const report of [examples, broken, strict]) {
      const xml = renderCheck(report, 'junit');
      // saxes is a strict XML 1.0 parser: any well-formedness or character error is reported.
      expect(strictXml(xml)).toEqual([]);
      const doc = convert(xml, { format: 'object' }) as { testsuites: { testsuite: { testcase: unknown[] | unknown } } };
      expect(doc.testsuites.testsuite).toBeDefined();
    }
    const xml = renderCheck(examples, 'junit');
    expect(xml.match(/<testcase /g)).toHaveLength(examples.coverage.length);
    expect(xml.match(/<failure /g)).toHaveLength(new Set(examples.findings!.filter((f) => f.status === 'violation').map((f) => f.clause)).size);
  });

  it('waived findings: SARIF suppressions (accepted, with the justification), unused waivers as notifications', () => {
    const log = formatSarif(waived, 'examples/records');
    const results = log.runs[0]!.results!;
    // Every finding is a result, waived ones too.
    expect(results).toHaveLength(waived.findings!.length);
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(waived.findings!.filter((f) => f.waiver).length);
    const legalHold = suppressed.find((r) => r.ruleId === 'deletion.on-termination')!;
    expect(legalHold.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'Court-ordered legal hold, case 24-113; deletion deferred. (waiver W-IN-EFFECT, approved by dpo@studiolm.example, ticket LEGAL-42, until 2025-12-31T00:00:00Z)' }]);
    expect(results.find((r) => r.ruleId === 'transfer.safeguards')!.suppressions).toBeUndefined();
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications!.map((n) => [n.level, n.locations![0]!.physicalLocation!.region!.startLine])).toEqual([
      ['warning', 43],
      ['warning', 51],
    ]);
    expect(formatSarif(waivedStrict).runs[0]!.invocations![0]!.toolExecutionNotifications!.map((n) => n.level)).toEqual(['error']);
  });

  it('waived findings: JUnit does not fail the case, GitHub writes a notice, text and markdown show them apart', () => {
    const xml = renderCheck(waived, 'junit');
    expect(strictXml(xml)).toEqual([]);
    // deletion.on-termination's only violation is waived: its case does not fail; deletion.no-backup-copies' neither.
    const kase = (clause: string) => new RegExp(`<testcase classname="codicil.dpa" name="${clause.replace('.', '\\.')}"(?:/>|>[\\s\\S]*?</testcase>)`).exec(xml)![0];
    expect(kase('deletion.on-termination')).not.toContain('<failure');
    expect(kase('deletion.on-termination')).toContain('waived violation: request_id DEL-1002, store logs-eu');
    expect(kase('deletion.no-backup-copies')).not.toContain('<failure');
    expect(kase('transfer.safeguards')).toContain('waiver W-EXPIRED expired 2025-06-30T12:00:00Z: it no longer covers this finding');
    expect(xml).toContain('<testcase classname="codicil.waivers" name="W-UNUSED">');
    const github = renderCheck(waived, 'github', { recordsDir: 'examples/records' });
    expect(github).toContain('::notice file=examples/records/deletion_requests.jsonl,line=2,title=deletion.on-termination violation (waived%3A W-IN-EFFECT)::request_id DEL-1002, store logs-eu: ');
    expect(github).not.toMatch(/^::error [^\n]*W-IN-EFFECT/m);
    expect(github).toContain('::warning file=test/fixtures/waivers/all-states.yaml,line=43,title=unused waiver W-UNUSED::');
    expect(renderCheck(waivedStrict, 'github')).toContain('::error file=test/fixtures/waivers/all-states.yaml,line=43,title=unused waiver W-UNUSED::');
    const text = renderCheck(waived, 'text');
    const apart = text.slice(text.indexOf('\nWaived ('));
    expect(text.slice(0, text.indexOf('\nWaived ('))).not.toContain('DEL-1002');
    expect(apart).toContain('waived by W-IN-EFFECT until 2025-12-31T00:00:00Z, approved by dpo@studiolm.example (ticket LEGAL-42): Court-ordered legal hold, case 24-113; deletion deferred.');
    const markdown = renderCheck(waived, 'markdown');
    expect(markdown).toContain('### Waived findings');
    expect(markdown.slice(0, markdown.indexOf('### Waived findings'))).not.toContain('DEL-1002');
  });

  it('escapes what a waiver says, in every format', () => {
    const nasty = '100% | *sure* <b>&</b>\nnext\u001b[31m';
    const report: CheckReport = { ...waived, findings: waived.findings!.map((f) => (f.waiver ? { ...f, waiver: { ...f.waiver, reason: nasty, approved_by: 'a,b:c' } } : f)) };
    expect(renderCheck(report, 'markdown')).toContain('100% \\| \\*sure\\* \\<b\\>\\&\\</b\\> next\\\\u001b\\[31m');
    const github = renderCheck(report, 'github');
    expect(github).toContain('100%25 | *sure* <b>&</b>%0Anext\\u001b[31m');
    expect(github).not.toContain('\u001b');
    expect(renderCheck(report, 'text')).not.toContain('\u001b');
    expect(strictXml(renderCheck(report, 'junit'))).toEqual([]);
    expect(renderCheck(report, 'sarif')).not.toContain('\u001b[');
  });

  it('JUnit escapes what XML cannot hold raw', () => {
    const nasty: CheckReport = { ...examples, findings: [{ ...examples.findings![0]!, message: 'a < b & "c" ]]> \'d\'' }] };
    const xml = renderCheck(nasty, 'junit');
    expect(xml).toContain('a &lt; b &amp; "c" ]]&gt; \'d\'');
    expect(strictXml(xml)).toEqual([]);
  });

  it('GitHub annotations escape newlines, percent signs, colons and commas', () => {
    const nasty: CheckReport = { ...examples, findings: [{ ...examples.findings![0]!, clause: 'a:b,c', message: '100% late\nsecond line', source: { file: 'odd,name:x.jsonl', line: 3 } }] };
    const first = formatGithub(nasty, 'rec').split('\n')[0]!;
    expect(first).toBe('::error file=rec/odd%2Cname%3Ax.jsonl,line=3,title=a%3Ab%2Cc violation::grant_id G-2: 100%25 late%0Asecond line');
  });

  it('Markdown escapes table syntax in cells', () => {
    const nasty: CheckReport = { ...examples, findings: [{ ...examples.findings![0]!, message: 'a | b *c*' }] };
    expect(renderCheck(nasty, 'markdown')).toContain('a \\| b \\*c\\*');
  });
});
