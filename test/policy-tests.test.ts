// `codicil test` (docs/spec/tests.md): the bundled DPA's suite through the
// real executable on every engine (this is how `npm test` runs it), and the
// fixture suites of test/fixtures/policy-tests/<suite>/policy/: the version
// switch, amendment notice, invalid case files, failing cases, records
// folders and --update. Goldens sit next to each suite's policy/;
// UPDATE_FIXTURES=1 rewrites them (review the diff), a missing one fails.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, loadPolicy, TABLE_NAMES } from '../engine/index.ts';
import { FOLDER_ENGINES } from '../engine/engines/index.ts';
import { reportDifferences } from '../engine/policy-tests/compare.ts';
import { formatCaseText } from '../engine/policy-tests/format-text.ts';
import { runPolicyTests, type CaseResult } from '../engine/policy-tests/run.ts';
import { rewriteExpect } from '../engine/policy-tests/update.ts';
import type { Outcome } from '../engine/policy-tests/compare.ts';
import { readYaml } from '../engine/parse/yaml-data.ts';
import { assertProperty } from './property.ts';
import { assertAsyncProperty } from './property.ts';
import { publishedTemplate, root, stagePolicy } from './helpers.ts';
import { golden, run } from './policy-tests-cli.ts';

const fixtures = join(root, 'test', 'fixtures', 'policy-tests');

/** A fixture suite's policy, staged under test/output/ with the real reference data. */
const stage = (suite: string) => stagePolicy(join(fixtures, suite, 'policy'), join('policy-tests', suite));

interface JsonResult {
  exitCode: number;
  summary: { cases: number; passed: number; failed: number; invalid: number; updated: number };
  engines: string[];
  cases: {
    file: string;
    status: string;
    warnings: string[];
    runs: { engine: string; findings?: { clause: string; status: string; version: string; key: Record<string, string> }[]; judged: Record<string, { subjects: number; passed: number; violations: number; pending: number }> }[];
  }[];
}

describe('the bundled DPA suite (policy/tests)', () => {
  // The executable, on every engine of the registry: what `npm test` and `.ci/run` prove.
  const cli = spawnSync(process.execPath, [join(root, 'bin', 'codicil.js'), 'test', '--engine', 'all', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  const result = JSON.parse(cli.stdout) as JsonResult;

  it('passes on every engine, which agree', () => {
    expect(cli.stderr).toBe('');
    expect(result.summary).toMatchObject({ failed: 0, invalid: 0 });
    expect(result.summary.passed).toBe(result.summary.cases);
    expect(result.engines).toEqual(FOLDER_ENGINES);
    expect(cli.status).toBe(0);
  });

  it('judges every machine-checked clause of the DPA in at least two cases: kept in one, broken or pending in another', async () => {
    const { policy } = await loadPolicy(join(root, 'policy'));
    const latest = policy.versions.at(-1)!;
    // amendment.advance-notice needs a second version: its cases are the version-switch and short-notice suites below.
    const clauses = latest.clauses.filter((c) => !c.attestation && c.rule !== 'amendment-notice').map((c) => c.id);
    expect(clauses.length).toBeGreaterThanOrEqual(11);
    for (const clause of clauses) {
      const judging = result.cases.filter((k) => k.runs.some((r) => r.judged[clause] !== undefined));
      expect(judging.length, `${clause} is judged in ${judging.length} case(s)`).toBeGreaterThanOrEqual(2);
      expect(
        judging.some((k) => k.runs.some((r) => r.judged[clause]!.passed > 0)),
        `${clause}: no case where it is kept`,
      ).toBe(true);
      expect(
        judging.some((k) => k.runs.some((r) => (r.findings ?? []).some((f) => f.clause === clause))),
        `${clause}: no case where it is broken or pending`,
      ).toBe(true);
    }
    // The as-of replay and the invalid record are part of the suite.
    expect(result.cases.filter((k) => k.file.includes('replay')).length).toBeGreaterThanOrEqual(2);
    expect(result.cases.some((k) => k.runs.some((r) => r.findings === undefined))).toBe(true);
  });

  it('is valid for codicil lint, which reads the case files too', async () => {
    const lint = await run(['lint']);
    expect(lint.stdout).not.toContain('CODICIL-T');
    expect(lint.code).toBe(0);
  });
});

describe('fixture suites', () => {
  it('version switch: a request one second before 1.1.0 takes effect is judged by 1.0.0', async () => {
    const policy = stage('version-switch');
    const out = await run(['test', '--policy', policy, '--format', 'json']);
    const json = JSON.parse(out.stdout) as JsonResult;
    expect(out.code).toBe(0);
    expect(json.summary).toEqual({ cases: 3, passed: 3, failed: 0, invalid: 0, updated: 0 });
    const before = json.cases.find((k) => k.file === 'judged-by-1.0.0-one-second-before-1.1.0.yaml')!;
    expect(before.runs[0]!.findings).toEqual([expect.objectContaining({ clause: 'deletion.on-termination', status: 'violation', version: '1.0.0' })]);
    // amendment.advance-notice judged 1.1.0 (published exactly 30 days ahead) and kept it.
    const notice = json.cases.find((k) => k.file === 'amendment-notice-exactly-30-days.yaml')!;
    expect(notice.runs[0]!.judged['amendment.advance-notice']).toEqual({ subjects: 1, passed: 1, violations: 0, pending: 0 });
  });

  it('short notice: a material version published 29 days ahead violates amendment.advance-notice', async () => {
    const policy = stage('short-notice');
    const out = await run(['test', '--policy', policy, '--format', 'json']);
    const json = JSON.parse(out.stdout) as JsonResult;
    expect(out.code).toBe(0);
    expect(json.cases[0]!.runs[0]!.findings).toEqual([expect.objectContaining({ clause: 'amendment.advance-notice', status: 'violation', key: { version: '1.1.0' } })]);
  });

  it('invalid case files: every problem with file, line and code; exit 2; lint reports the same syntax problems', async () => {
    const policy = stage('invalid');
    const out = await run(['test', '--policy', policy]);
    expect(out.code).toBe(2);
    golden(join(fixtures, 'invalid', 'expected.txt'), out.stdout.split(`${policy}/`).join(''));
    // _drafts/ and README.md are not cases.
    expect(out.stdout).toContain('9 case(s): 0 passed, 0 failed, 9 invalid');
    const lint = await run(['lint', '--policy', policy, '--format', 'json']);
    expect(lint.code).toBe(2);
    const codes = (JSON.parse(lint.stdout) as { messages: { code: string; file: string }[] }).messages.map((m) => `${m.file.slice(policy.length + 1)} ${m.code}`);
    // Lint reads syntax and expectations; records are judged (and refused) by `codicil test` only.
    expect([...new Set(codes)].sort()).toEqual([
      'tests/bad-as-of.yaml CODICIL-T002',
      'tests/both-records.yaml CODICIL-T002',
      'tests/contradiction.yaml CODICIL-T003',
      'tests/errors-left-empty.yaml CODICIL-T002',
      'tests/invalid-waivers.yaml CODICIL-T003',
      'tests/invalid-waivers.yaml CODICIL-W004',
      'tests/invalid-waivers.yaml CODICIL-W005',
      'tests/invalid-waivers.yaml CODICIL-W008',
      'tests/invalid-waivers.yaml CODICIL-W009',
      'tests/invalid-waivers.yaml CODICIL-W010',
      'tests/not-yaml.yaml CODICIL-T001',
      'tests/schema.yaml CODICIL-T002',
      'tests/unknown-clause.yaml CODICIL-T004',
    ]);
  });

  it('failing cases: expected and found side by side (text), one failure per case file (junit), data (json); exit 1', async () => {
    const policy = stage('failing');
    for (const format of ['text', 'junit', 'json']) {
      // js named: the goldens hold the engine's name, whatever the default engine is.
      const out = await run(['test', '--policy', policy, '--engine', 'js', '--format', format]);
      expect(out.code, format).toBe(1);
      golden(join(fixtures, 'failing', `expected.${format === 'text' ? 'txt' : format === 'junit' ? 'xml' : 'json'}`), out.stdout.split(`${policy}/`).join('').split(policy).join('POLICY'));
    }
  });

  it('records folders: a case may name one; its YAML tables are not cases; its errors name its files', async () => {
    const policy = stage('records-dir');
    const out = await run(['test', '--policy', policy, '--format', 'json']);
    const json = JSON.parse(out.stdout) as JsonResult;
    expect(json.summary).toEqual({ cases: 2, passed: 2, failed: 0, invalid: 0, updated: 0 });
    expect(out.code).toBe(0);
  });

  it('--engine all runs each case on every engine: one JUnit test case per case file and engine', async () => {
    const policy = stage('version-switch');
    const out = await run(['test', '--policy', policy, '--engine', 'all', '--format', 'junit']);
    expect(out.code).toBe(0);
    const names = [...out.stdout.matchAll(/<testcase classname="codicil\.test\.([a-z]+)" name="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]!.split(':')[0]}`);
    expect(names.sort()).toEqual(FOLDER_ENGINES.flatMap((e) => readdirSync(join(fixtures, 'version-switch', 'policy', 'tests')).map((f) => `${e} ${f}`)).sort());
  });

  it('a policy without cases, and a policy that cannot be read, run nothing: exit 2', async () => {
    const bare = stage('version-switch');
    rmSync(join(root, bare, 'tests'), { recursive: true });
    const none = await run(['test', '--policy', bare]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('no policy test in test/output/policy-tests/version-switch/tests: a case is a .yaml file in it (subfolders allowed)  [CODICIL-T005]');
    expect(none.stdout).toContain('✗ no case was run');
    const broken = await run(['test', '--policy', 'no/such/policy']);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('[CODICIL-P001]');
  });
});

describe('the starter case of codicil init', () => {
  it('passes on the template, says it judges nothing while the DPA is a draft, and judges once it is published', async () => {
    const dir = join(root, 'test', 'output', 'policy-tests', 'init');
    rmSync(dir, { recursive: true, force: true });
    expect((await run(['init', dir])).code).toBe(0);
    const policy = join(dir, 'policy');
    const draft = await run(['test', '--policy', policy]);
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('warning: no version of dpa is published yet, so this case judges nothing');
    const version = join(policy, 'dpa', '1.0.0.md');
    writeFileSync(version, publishedTemplate(readFileSync(version, 'utf8')));
    expect((await run(['lock', '--policy', policy])).code).toBe(0);
    const published = await run(['test', '--policy', policy, '--format', 'json']);
    expect(published.code).toBe(0);
    const json = JSON.parse(published.stdout) as JsonResult;
    expect(json.cases.map((k) => k.warnings)).toEqual([[]]);
    expect(json.cases[0]!.runs[0]!.judged['incident.notify-within']).toMatchObject({ subjects: 1, passed: 1 });
  });
});

describe('a case that judges nothing', () => {
  it('passes as it expects, with a warning that it cannot find a violation (review: a table left out made "72 h + 1 s is a violation" pass silently)', async () => {
    const dir = join(root, 'test', 'output', 'policy-tests', 'judges-nothing');
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(root, 'policy'), join(dir, 'policy'), { recursive: true });
    rmSync(join(dir, 'policy', 'tests'), { recursive: true, force: true });
    mkdirSync(join(dir, 'policy', 'tests'));
    const kase = (notices: string) =>
      `name: notified 72 h + 1 s after is a violation\nas_of: 2025-03-10T00:00:00Z\nrecords:\n  incidents:\n    - { id: INC-1, aware_at: "2025-03-01T00:00:00Z", summary: x }\n  incident_impacts:\n    - { incident_id: INC-1, customer_id: C-1 }\n${notices}expect:\n  exit: 0\n  findings: []\n`;
    writeFileSync(join(dir, 'policy', 'tests', 'no-notices.yaml'), kase(''));
    const silent = await run(['test', '--policy', join(dir, 'policy'), '--engine', 'js', '--format', 'json']);
    expect(silent.code).toBe(0);
    expect((JSON.parse(silent.stdout) as JsonResult).cases[0]!.warnings).toEqual(['every clause that reads its records was unchecked (another table it needs is missing), so this case cannot find a violation']);
    // With the table, the case judges, and fails as it should.
    writeFileSync(join(dir, 'policy', 'tests', 'no-notices.yaml'), kase('  incident_notices:\n    - { incident_id: INC-1, customer_id: C-1, sent_at: "2025-03-04T00:00:01Z", describes_nature: true, describes_data: true, describes_measures: true }\n'));
    const judged = await run(['test', '--policy', join(dir, 'policy'), '--engine', 'js', '--format', 'json']);
    expect(judged.code).toBe(1);
    expect((JSON.parse(judged.stdout) as JsonResult).cases[0]!.warnings).toEqual([]);
  });
});

describe('a case without records', () => {
  const dir = join(root, 'test', 'output', 'policy-tests', 'no-records');
  const tests = join(dir, 'policy', 'tests');
  const stageCases = (cases: Record<string, string>) => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(root, 'policy'), join(dir, 'policy'), { recursive: true, filter: (src) => !src.startsWith(join(root, 'policy', 'tests')) });
    mkdirSync(tests, { recursive: true });
    for (const [name, text] of Object.entries(cases)) writeFileSync(join(tests, name), text);
  };
  const head = 'name: notified 72 h + 1 s after is a violation\nas_of: 2025-03-10T00:00:00Z\n';
  const none = 'expect:\n  exit: 0\n  findings: []\n';

  it('passes with a warning that it judged nothing: records left out or {} (review: it passed silently)', async () => {
    stageCases({
      'left-out.yaml': head + none,
      'empty.yaml': `${head}records: {}\n${none}`,
      // Tables given, even empty, are judged: no incident happened, so none was late.
      'empty-tables.yaml': `${head}records:\n  incidents: []\n  incident_impacts: []\n  incident_notices: []\n${none}`,
    });
    const out = await run(['test', '--policy', join(dir, 'policy'), '--engine', 'js', '--format', 'json']);
    expect(out.code).toBe(0);
    const warnings = Object.fromEntries((JSON.parse(out.stdout) as JsonResult).cases.map((k) => [k.file, k.warnings]));
    const judgedNothing = ['this case gives no records (records is missing or empty), so no clause judged anything and it cannot find a violation'];
    expect(warnings).toEqual({ 'left-out.yaml': judgedNothing, 'empty.yaml': judgedNothing, 'empty-tables.yaml': [] });
  });

  it('judges the policy itself without records: a short notice is found, with no warning', async () => {
    const policy = stage('short-notice');
    const out = await run(['test', '--policy', policy, '--engine', 'js', '--format', 'json']);
    expect(out.code).toBe(0);
    expect((JSON.parse(out.stdout) as JsonResult).cases.map((k) => k.warnings)).toEqual([[]]);
  });
});

describe('an invalid case file lists every problem at once (review: one schema problem hid all others)', () => {
  const dir = join(root, 'test', 'output', 'policy-tests', 'all-problems');
  const waiverItems = [
    '  - id: W1',
    '    clause: deletion.nope',
    '    match: { request_id: DEL-1 }',
    '    reason: r',
    '    approved_by: a',
    '    created: 2025-03-10',
    '    expires: 2026-04-10',
    '  - id: W1',
    '    clause: deletion.on-termination',
    '    match: { requestid: DEL-1 }',
    '    reason: " "',
    '    approved_by: a',
    '    created: 2025-03-10T00:00:00',
    '    expires: 2025-04-10',
  ];
  const problemsOf = async (text: string) => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(root, 'policy'), join(dir, 'policy'), { recursive: true, filter: (src) => !src.startsWith(join(root, 'policy', 'tests')) });
    mkdirSync(join(dir, 'policy', 'tests'));
    writeFileSync(join(dir, 'policy', 'tests', 'case.yaml'), text);
    const result = await runPolicyTests({ policy: join(dir, 'policy'), engines: ['js'] });
    expect(result.exitCode).toBe(2);
    const lint = await run(['lint', '--policy', join(dir, 'policy'), '--format', 'json']);
    const linted = (JSON.parse(lint.stdout) as { messages: { code: string; line: number; file: string }[] }).messages.filter((m) => m.file.endsWith('case.yaml'));
    const problems = result.cases[0]!.problems.map((p) => [p.code.replace('CODICIL-', ''), p.line]);
    // lint reads the case files as test does.
    expect(linted.map((m) => [m.code.replace('CODICIL-', ''), m.line])).toEqual(problems);
    return problems;
  };

  it('a blank reason no longer hides: as_of without offset, unknown clause, duplicate id, unknown match field, created without offset, 396 days, unknown expected clause', async () => {
    const text = ['name: waiver problems', 'as_of: 2025-04-10T00:00:00', 'waivers:', ...waiverItems, 'expect:', '  exit: 0', '  findings:', '    - { clause: nope.nope, status: pending, key: { request_id: DEL-1 } }', ''].join('\n');
    expect(await problemsOf(text)).toEqual([
      ['T002', 2], // as_of without offset
      ['W004', 5], // deletion.nope
      ['W010', 10], // 396 days
      ['W008', 11], // W1 twice
      ['W005', 13], // requestid
      ['T002', 14], // blank reason
      ['W002', 16], // created without offset
      ['T004', 21], // nope.nope
    ]);
  });

  it('says each problem once: a value the schema refused is not refused again for what follows from it', async () => {
    const text = [
      'name: refused values',
      'as_of: 10 March',
      'waivers:',
      '  - { id: W1, clause: Deletion, match: {}, reason: r, approved_by: a, created: 2025-03-10, expires: 2025-04-10 }',
      'expect:',
      '  exit: 3',
      '  findings:',
      '    - { clause: Nope, status: late, key: { request_id: DEL-1 } }',
      '',
    ].join('\n');
    // as_of: T002 once; Deletion: T002 (no clause id), not W004; the empty match: W007 in words, not also T002;
    // exit 3 and status late: T002 each, and no contradiction drawn from them; Nope: T002, not T004.
    expect(await problemsOf(text)).toEqual([
      ['T002', 2],
      ['T002', 4],
      ['W007', 4],
      ['T002', 6],
      ['T002', 8],
      ['T002', 8],
    ]);
  });
});

describe('--update', () => {
  it('rewrites the expect of failing cases only, keeping the rest of each file byte for byte; the suite then passes', async () => {
    const policy = stage('failing');
    const tests = join(root, policy, 'tests');
    const before = Object.fromEntries(readdirSync(tests).map((f) => [f, readFileSync(join(tests, f), 'utf8')]));
    const out = await run(['test', '--policy', policy, '--update']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('4 case(s): 4 passed, 0 failed, 0 invalid, 3 updated (review the diff)');
    expect(readFileSync(join(tests, 'passes.yaml'), 'utf8')).toBe(before['passes.yaml']);
    for (const file of ['wrong-findings.yaml', 'wrong-exit.yaml', 'wrong-errors.yaml']) {
      const text = readFileSync(join(tests, file), 'utf8');
      // Everything above `expect:` is unchanged.
      const head = (t: string) => t.slice(0, t.indexOf('\nexpect:'));
      expect(head(text), file).toBe(head(before[file]!));
      golden(join(fixtures, 'failing', 'updated', file), text);
    }
    expect((await run(['test', '--policy', policy])).code).toBe(0);
  });

  it('fills in an expectation that is incomplete, but never a file that is not a case', async () => {
    const policy = stage('invalid');
    const tests = join(root, policy, 'tests');
    writeFileSync(join(tests, 'contradiction.yaml'), 'name: A case still to be written\nas_of: 2025-03-10T00:00:00Z\n# what codicil finds:\nexpect:\n  exit: 1\n');
    const out = await run(['test', '--policy', policy, '--update']);
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('↻ contradiction.yaml');
    expect(readFileSync(join(tests, 'contradiction.yaml'), 'utf8')).toBe('name: A case still to be written\nas_of: 2025-03-10T00:00:00Z\n# what codicil finds:\nexpect:\n  exit: 0\n  findings: []\n');
    expect(readFileSync(join(tests, 'not-yaml.yaml'), 'utf8')).toBe(readFileSync(join(fixtures, 'invalid', 'policy', 'tests', 'not-yaml.yaml'), 'utf8'));
  });

  it('writes the expect of a CRLF file in CRLF lines, and nothing else of it changes (review: LF lines were mixed in)', async () => {
    const policy = stage('invalid');
    const tests = join(root, policy, 'tests');
    const head = 'name: crlf\r\nas_of: 2025-03-10T00:00:00Z\r\nrecords:\r\n  incidents:\r\n    - { id: INC-1, aware_at: "2025-03-01T09:00:00Z", summary: x }\r\n  incident_impacts:\r\n    - { incident_id: INC-1, customer_id: C-1 }\r\n  incident_notices: []\r\n';
    writeFileSync(join(tests, 'crlf.yaml'), `${head}expect:\r\n  exit: 0\r\n  findings: []\r\n`);
    await run(['test', '--policy', policy, '--update']);
    const text = readFileSync(join(tests, 'crlf.yaml'), 'utf8');
    expect(text.startsWith(`${head}expect:\r\n  exit: 1\r\n  findings:\r\n    - { clause: incident.notify-within, status: violation,`)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('rewrites the expect of a file that starts with a byte-order mark in place, and keeps the mark (review: the splice fell one character early and the file no longer parsed)', async () => {
    const policy = stage('invalid');
    const tests = join(root, policy, 'tests');
    const head = 'name: bom\nas_of: 2025-03-10T00:00:00Z\nrecords:\n  incidents:\n    - { id: INC-1, aware_at: "2025-03-01T09:00:00Z", summary: x }\n  incident_impacts:\n    - { incident_id: INC-1, customer_id: C-1 }\n  incident_notices: []\n';
    for (const [name, mark] of [['plain.yaml', ''], ['bom.yaml', '\uFEFF']] as const) writeFileSync(join(tests, name), `${mark}${head}expect:\n  exit: 0\n  findings: []\n`);
    await run(['test', '--policy', policy, '--update']);
    const plain = readFileSync(join(tests, 'plain.yaml'), 'utf8');
    expect(plain.startsWith(`${head}expect:\n  exit: 1\n  findings:\n    - { clause: incident.notify-within, status: violation,`)).toBe(true);
    expect(readFileSync(join(tests, 'bom.yaml'), 'utf8')).toBe(`\uFEFF${plain}`);
    // And it reads back as the case it now is.
    const again = await run(['test', '--policy', policy, '--format', 'json']);
    const cases = (JSON.parse(again.stdout) as JsonResult).cases;
    expect(cases.filter((c) => c.file === 'bom.yaml' || c.file === 'plain.yaml').map((c) => [c.file, c.status])).toEqual([
      ['bom.yaml', 'passed'],
      ['plain.yaml', 'passed'],
    ]);
  });
});

describe('--update keeps every comment once, where it was', () => {
  const violation: Outcome = { exit: 1, findings: [{ clause: 'incident.notify-within', status: 'violation', key: { incident_id: 'INC-1', customer_id: 'C-1' } }] };
  const clean: Outcome = { exit: 0, findings: [] };
  const invalid: Outcome = { exit: 2, errors: [{ file: 'case.yaml', line: 5, field: 'aware_at', code: 'CODICIL-D208' }] };
  const update = (text: string, outcome: Outcome) => {
    const read = readYaml(text);
    if (!read.ok) throw new Error(`not YAML: ${text}`);
    return rewriteExpect(text, read.doc, outcome);
  };

  it('a comment after the block, after a list ending in a comment (review: written twice, then moved into the findings)', () => {
    const text = 'name: A\nas_of: 2025-04-10T00:00:00Z\nexpect:\n  exit: 0\n  findings: []  # none expected\n# Legal hold case 24-113: see LEGAL-42.\nrecords:\n  incidents: []\n';
    const once = update(text, violation);
    expect(once).toBe('name: A\nas_of: 2025-04-10T00:00:00Z\nexpect:\n  exit: 1\n  findings:\n    - { clause: incident.notify-within, status: violation, key: { incident_id: INC-1, customer_id: C-1 } }\n    # none expected\n# Legal hold case 24-113: see LEGAL-42.\nrecords:\n  incidents: []\n');
    expect(update(once, violation)).toBe(once);
    expect(update(update(once, clean), violation)).toBe(once);
  });

  it('whatever follows the block (comments at column 0, blank lines, another key or the end) stays byte for byte, however often it is rewritten', () => {
    const tailLine = fc.constantFrom('', '# a note', '#', '# records below', '  ', '#  indented words');
    const shape = fc.record({
      before: fc.constantFrom('  findings: []\n', '  findings: []  # none\n', '  findings:\n    - { clause: incident.notify-within, status: pending, key: { incident_id: INC-9, customer_id: C-9 } }\n', '  findings:\n    - { clause: x, status: violation, key: { id: A } }\n    # inside\n', '  errors: []\n  # a map comment\n'),
      tail: fc.array(tailLine, { maxLength: 4 }),
      after: fc.constantFrom('records:\n  incidents: []\n', '', 'records: {}  # none\n'),
      outcomes: fc.array(fc.constantFrom(violation, clean, invalid), { minLength: 1, maxLength: 3 }),
    });
    assertProperty(
      fc.property(shape, ({ before, tail, after, outcomes }) => {
        const rest = tail.map((l) => `${l}\n`).join('') + after;
        let text = `name: A\nas_of: 2025-04-10T00:00:00Z\nexpect:\n  exit: 1\n${before}${rest}`;
        for (const outcome of outcomes) {
          text = update(text, outcome);
          // What follows the block is as it was, and the block is what codicil found.
          expect(text.endsWith(rest)).toBe(true);
          const read = readYaml(text);
          expect(read.ok).toBe(true);
          if (read.ok) expect((read.data as { expect: { exit: number } }).expect.exit).toBe(outcome.exit);
        }
        for (const line of tail.filter((l) => l.startsWith('#') && l.length > 1)) expect(text.split('\n').filter((l) => l === line).length, line).toBe(tail.filter((l) => l === line).length);
        return true;
      }),
    );
  });
});

describe('engines must agree', () => {
  it('finds where two reports differ, ignoring only the engine field', async () => {
    const records = join(root, 'examples', 'records');
    const a = await check({ policy: join(root, 'policy'), records, asOf: Date.parse('2025-06-30T12:00:00Z') });
    const same = await check({ policy: join(root, 'policy'), records, asOf: Date.parse('2025-06-30T12:00:00Z') });
    expect(reportDifferences(a, { ...same, engine: 'another' })).toEqual([]);
    const later = await check({ policy: join(root, 'policy'), records, asOf: Date.parse('2025-07-30T12:00:00Z') });
    const differences = reportDifferences(a, later);
    expect(differences[0]).toEqual({ path: 'asOf', a: '2025-06-30T12:00:00.000Z', b: '2025-07-30T12:00:00.000Z' });
    expect(differences.length).toBeGreaterThan(1);
  });

  it('a disagreement fails the case and says where', async () => {
    const policy = stage('version-switch');
    const result = await runPolicyTests({ policy, engines: ['js'] });
    const kase = result.cases[0]!;
    const other = { ...kase.runs[0]!, engine: 'other', report: { ...kase.runs[0]!.report, summary: { ...kase.runs[0]!.report.summary, checked: 99 } } };
    const failed: CaseResult = { ...kase, status: 'failed', runs: [kase.runs[0]!, other], disagreements: [{ engine: 'other', reference: 'js', differences: reportDifferences(kase.runs[0]!.report, other.report) }] };
    expect(failed.disagreements[0]!.differences).toEqual([{ path: 'summary.checked', a: 1, b: 99 }]);
    expect(formatCaseText(failed, true)).toContain('the engines disagree: other gives another report than js\n      summary.checked: js 1, other 99');
  });
});

describe('the case format', () => {
  it('names exactly the record tables of records.md', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'policy-test.schema.json'), 'utf8')) as { properties: { records: { properties: object } } };
    expect(Object.keys(schema.properties.records.properties).sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('points every record error at the row it is about, wherever the row is written in the case file', async () => {
    const policy = stage('failing');
    const tests = join(root, policy, 'tests');
    const row = fc.record({ bad: fc.boolean(), block: fc.boolean(), blankLines: fc.nat(2), comment: fc.boolean() });
    await assertAsyncProperty(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), async (rows) => {
        rmSync(tests, { recursive: true, force: true });
        mkdirSync(tests);
        const lines = ['name: Rows written every way', 'as_of: 2025-03-10T00:00:00Z', 'records:', '  incidents:'];
        const badLines: number[] = [];
        rows.forEach((r, i) => {
          for (let b = 0; b < r.blankLines; b++) lines.push('');
          if (r.comment) lines.push(`    # row ${i}`);
          const aware = r.bad ? '2025-03-01 09:00' : '2025-03-01T09:00:00Z';
          if (r.bad) badLines.push(lines.length + 1);
          if (r.block) lines.push(`    - id: INC-${i}`, `      aware_at: "${aware}"`);
          else lines.push(`    - { id: INC-${i}, aware_at: "${aware}" }`);
        });
        lines.push('expect:', '  exit: 0', '  findings: []');
        writeFileSync(join(tests, 'rows.yaml'), `${lines.join('\n')}\n`);
        const result = await runPolicyTests({ policy });
        const kase = result.cases[0]!;
        if (badLines.length === 0) return kase.status === 'passed';
        const errors = kase.runs[0]!.report.errors!;
        expect(errors.map((e) => [e.file, e.line, e.field])).toEqual(badLines.map((line) => ['rows.yaml', line, 'aware_at']));
        return kase.status === 'invalid';
      }),
      { numRuns: 12 },
    );
  });
});
