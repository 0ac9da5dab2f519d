// Waivers (docs/spec/waivers.md), point by point: when a waiver is in effect
// (the boundary instants exactly at created and at expires), what it covers,
// expired and unused waivers, the counts and exit codes, every kind of
// invalid waiver file (exit 2, file and line, nothing judged), the same
// report on every folder engine, the policy folder's waivers.yaml and
// --waivers, lint's expiry warnings, and policy tests that never apply the
// policy folder's waivers. The output formats are in report-formats.test.ts.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { check, lint, loadPolicy, renderCheck, type CheckReport, type Finding } from '../engine/index.ts';
import { subprocessorList } from '../engine/site/subprocessors.ts';
import { FOLDER_ENGINES } from '../engine/engines/index.ts';
import { reportDifferences } from '../engine/policy-tests/compare.ts';
import { runPolicyTests } from '../engine/policy-tests/run.ts';
import { formatJson } from '../engine/report/json.ts';
import { applyWaivers, MAX_WAIVER_DAYS, WAIVER_FILE_LIMIT, type Waiver } from '../engine/waivers/index.ts';
import { expectGoldenJson, root } from './helpers.ts';
import { assertProperty } from './property.ts';
import { run } from './policy-tests-cli.ts';

const fixtures = join(root, 'test', 'fixtures', 'waivers');
const examples = join(root, 'examples', 'records');
const policy = join(root, 'policy');
const AS_OF = Date.parse('2025-06-30T12:00:00Z');
const out = join(root, 'test', 'output', 'waivers');
const DAY = 86_400_000;

/** A valid waiver, as readWaivers returns it. */
function waiver(over: Partial<Waiver> & Pick<Waiver, 'id'>): Waiver {
  return {
    clause: 'deletion.on-termination',
    match: { request_id: 'DEL-1' },
    reason: 'Legal hold.',
    approved_by: 'dpo@example.com',
    created: '2025-06-01',
    expires: '2025-07-01',
    createdAt: Date.parse('2025-06-01T00:00:00Z'),
    expiresAt: Date.parse('2025-07-01T00:00:00Z'),
    source: { file: 'waivers.yaml', line: 1 },
    index: 0,
    ...over,
  };
}

/** One waiver as written in a waiver file. */
const yamlWaiver = (id: string, clause: string, match: Record<string, string>, created: string, expires: string, reason = 'Court-ordered legal hold.'): string =>
  `- id: ${id}\n  clause: ${clause}\n  match: ${JSON.stringify(match)}\n  reason: ${reason}\n  approved_by: dpo@studiolm.example\n  created: ${created}\n  expires: ${expires}\n`;

const finding = (key: Record<string, string>, clause = 'deletion.on-termination'): Finding => ({ clause, status: 'violation', key, version: '1.0.0', message: 'late', source: null });

describe('applying waivers', () => {
  const w = waiver({ id: 'W-1' });
  const f = finding({ request_id: 'DEL-1', store: 'logs-eu' });

  it('a waiver is in effect from the instant it is created until the instant before it expires', () => {
    const at = (t: number) => applyWaivers([f], [w], t);
    // Before created: nothing, and it is neither expired nor unused.
    expect(at(w.createdAt - 1).findings[0]).toEqual(f);
    expect(at(w.createdAt - 1).unused).toEqual([]);
    expect(at(w.createdAt - 1).summary).toEqual({ total: 1, inEffect: 0, expired: 0, upcoming: 1 });
    // Exactly at created, and one millisecond before expires: waived.
    for (const t of [w.createdAt, w.expiresAt - 1]) {
      expect(at(t).findings[0]).toEqual({ ...f, waiver: { id: 'W-1', reason: 'Legal hold.', approved_by: 'dpo@example.com', expires: '2025-07-01T00:00:00Z' } });
      expect(at(t).summary).toEqual({ total: 1, inEffect: 1, expired: 0, upcoming: 0 });
    }
    // Exactly at expires: expired, the finding says so and is not waived.
    expect(at(w.expiresAt).findings[0]).toEqual({ ...f, expiredWaiver: { id: 'W-1', expired: '2025-07-01T00:00:00Z' } });
    expect(at(w.expiresAt).summary).toEqual({ total: 1, inEffect: 0, expired: 1, upcoming: 0 });
  });

  it('covers the findings of its clause whose key has every match value, and nothing else', () => {
    const findings = [
      finding({ request_id: 'DEL-1', store: 'logs-eu' }),
      finding({ request_id: 'DEL-1', store: 'backups-eu' }),
      finding({ request_id: 'DEL-2', store: 'logs-eu' }),
      finding({ request_id: 'DEL-1', store: 'logs-eu' }, 'deletion.no-backup-copies'),
    ];
    const oneStore = waiver({ id: 'W-1', match: { request_id: 'DEL-1', store: 'logs-eu' } });
    expect(applyWaivers(findings, [oneStore], AS_OF - 20 * DAY).findings.map((x) => x.waiver?.id ?? null)).toEqual(['W-1', null, null, null]);
    const anyStore = waiver({ id: 'W-2', match: { request_id: 'DEL-1' } });
    expect(applyWaivers(findings, [anyStore], AS_OF - 20 * DAY).findings.map((x) => x.waiver?.id ?? null)).toEqual(['W-2', 'W-2', null, null]);
    // A key without the field is not covered (a field not given never matches "anything").
    expect(applyWaivers([finding({ subprocessor: 'DEL-1' })], [anyStore], AS_OF - 20 * DAY).findings[0]!.waiver).toBeUndefined();
  });

  it('of several waivers covering a finding, shows the one that runs longest; each counts as used', () => {
    const short = waiver({ id: 'W-SHORT', index: 0, expiresAt: Date.parse('2025-06-20T00:00:00Z'), expires: '2025-06-20' });
    const long = waiver({ id: 'W-LONG', index: 1 });
    const applied = applyWaivers([f], [short, long], Date.parse('2025-06-10T00:00:00Z'));
    expect(applied.findings[0]!.waiver?.id).toBe('W-LONG');
    expect(applied.unused).toEqual([]);
    // Once the short one has expired, the long one still covers the finding: no expiredWaiver.
    expect(applyWaivers([f], [short, long], Date.parse('2025-06-25T00:00:00Z')).findings[0]).toEqual({ ...f, waiver: expect.objectContaining({ id: 'W-LONG' }) });
  });

  it('a waiver in effect that covers nothing is unused; an expired or upcoming one is not', () => {
    const unused = waiver({ id: 'W-NONE', match: { request_id: 'DEL-9' }, source: { file: 'w.yaml', line: 7 } });
    const applied = applyWaivers([f], [unused], Date.parse('2025-06-10T00:00:00Z'));
    expect(applied.unused).toEqual([{ id: 'W-NONE', clause: 'deletion.on-termination', match: { request_id: 'DEL-9' }, expires: '2025-07-01T00:00:00Z', source: { file: 'w.yaml', line: 7 } }]);
    expect(applyWaivers([f], [unused], unused.expiresAt).unused).toEqual([]);
    expect(applyWaivers([f], [unused], unused.createdAt - 1).unused).toEqual([]);
  });

  it('agrees with the definition of waivers.md on any findings, waivers and as-of (property)', () => {
    const value = fc.constantFrom('1', '2', '3');
    const clause = fc.constantFrom('a.x', 'b.y');
    const key = fc.record({ request_id: value, store: value }, { requiredKeys: [] });
    const arbWaiver = fc
      .record({ clause, match: fc.record({ request_id: value, store: value }, { requiredKeys: [] }).filter((m) => Object.keys(m).length > 0), created: fc.integer({ min: 0, max: 20 }), length: fc.integer({ min: 1, max: 10 }) })
      .map(({ clause: c, match, created, length }) => ({ c, match: match as Record<string, string>, created, length }));
    assertProperty(
      fc.property(fc.array(fc.record({ clause, key }), { maxLength: 12 }), fc.array(arbWaiver, { maxLength: 6 }), fc.integer({ min: -1, max: 32 }), (fs, ws, asOf) => {
        const findings = fs.map((x) => finding(x.key as Record<string, string>, x.clause));
        const waivers = ws.map((x, i) => waiver({ id: `W-${i}`, clause: x.c, match: x.match, createdAt: x.created, expiresAt: x.created + x.length, index: i }));
        const applied = applyWaivers(findings, waivers, asOf);
        const covers = (w: Waiver, x: Finding) => w.clause === x.clause && Object.entries(w.match).every(([k, v]) => Object.hasOwn(x.key, k) && x.key[k] === v);
        const best = (list: Waiver[]) => [...list].sort((a, b) => b.expiresAt - a.expiresAt || a.index - b.index)[0];
        expect(applied.findings).toHaveLength(findings.length);
        findings.forEach((x, i) => {
          const live = best(waivers.filter((w) => covers(w, x) && w.createdAt <= asOf && asOf < w.expiresAt));
          const dead = best(waivers.filter((w) => covers(w, x) && w.expiresAt <= asOf));
          const got = applied.findings[i]!;
          expect(got.waiver?.id).toBe(live?.id);
          expect(got.expiredWaiver?.id).toBe(live ? undefined : dead?.id);
          expect({ ...got, waiver: undefined, expiredWaiver: undefined }).toEqual({ ...x, waiver: undefined, expiredWaiver: undefined });
        });
        const unused = waivers.filter((w) => w.createdAt <= asOf && asOf < w.expiresAt && !findings.some((x) => covers(w, x)));
        expect(applied.unused.map((u) => u.id)).toEqual(unused.map((u) => u.id));
      }),
    );
  });
});

describe('check with waivers (examples/records, every state of waivers.md)', () => {
  const plain = check({ records: examples, policy, asOf: AS_OF, engine: 'js' });
  const reports = Object.fromEntries(
    FOLDER_ENGINES.flatMap((engine) => [false, true].map((strict) => [`${engine}${strict ? ' strict' : ''}`, check({ records: examples, policy, asOf: AS_OF, engine, strict, waivers: join(fixtures, 'all-states.yaml'), explain: true })])),
  ) as Record<string, Promise<CheckReport>>;

  it('gives the same report on every folder engine (only the engine field differs)', async () => {
    for (const strict of ['', ' strict']) {
      const reference = await reports[`js${strict}`]!;
      for (const engine of FOLDER_ENGINES) expect(reportDifferences(reference, await reports[`${engine}${strict}`]!), `${engine}${strict}`).toEqual([]);
      expectGoldenJson(join(fixtures, 'expected', `all-states${strict ? '-strict' : ''}.json`), { exitCode: reference.exitCode, report: JSON.parse(formatJson(reference)) });
    }
  });

  it('keeps waived findings in the report, marked, and counts only the others', async () => {
    const base = await plain;
    const report = await reports.js!;
    // Nothing disappears: the same findings, in the same order.
    expect(report.findings!.map((x) => [x.clause, x.key])).toEqual(base.findings!.map((x) => [x.clause, x.key]));
    const waived = report.findings!.filter((x) => x.waiver);
    expect(waived.map((x) => [x.waiver!.id, x.status, x.key])).toEqual([
      ['W-PENDING', 'pending', { incident_id: 'INC-2025-003', customer_id: 'C-310' }],
      ['W-IN-EFFECT', 'violation', { request_id: 'DEL-1002', store: 'logs-eu' }],
      ['W-ONE-FIELD', 'violation', { request_id: 'DEL-1001', store: 'backups-eu' }],
      ['W-ONE-FIELD', 'pending', { request_id: 'DEL-1003', store: 'backups-eu' }],
    ]);
    expect(waived[1]!.waiver).toEqual({ id: 'W-IN-EFFECT', reason: 'Court-ordered legal hold, case 24-113; deletion deferred.', approved_by: 'dpo@studiolm.example', expires: '2025-12-31T00:00:00Z', ticket: 'LEGAL-42' });
    expect(report.summary).toMatchObject({ violations: base.summary.violations - 2, pending: base.summary.pending - 2, waived: 4 });
    const deletion = report.coverage.find((c) => c.clause === 'deletion.on-termination')!;
    const before = base.coverage.find((c) => c.clause === 'deletion.on-termination')!;
    expect(deletion).toEqual({ ...before, violations: before.violations - 1, waived: 1 });
    expect(report.exitCode).toBe(1);
  });

  it('an expired waiver covers nothing: the finding names it and counts (expired exactly at as-of)', async () => {
    const report = await reports.js!;
    const transfer = report.findings!.find((x) => x.clause === 'transfer.safeguards')!;
    expect(transfer.waiver).toBeUndefined();
    expect(transfer.expiredWaiver).toEqual({ id: 'W-EXPIRED', expired: '2025-06-30T12:00:00Z' });
    // A waiver created one millisecond after as-of is not in effect yet, and not expired either.
    const dsr = report.findings!.find((x) => x.clause === 'dsr.notify-customer' && x.key.request_id === 'DSR-2')!;
    expect(dsr).not.toHaveProperty('waiver');
    expect(dsr).not.toHaveProperty('expiredWaiver');
    expect(report.waivers).toEqual({ file: 'test/fixtures/waivers/all-states.yaml', total: 7, inEffect: 5, expired: 1, upcoming: 1 });
  });

  it('reads a waiver file that begins with a byte-order mark as the same file without (review: it was "not valid YAML")', async () => {
    mkdirSync(out, { recursive: true });
    // The list at the very start (a mark before a comment was read already).
    const list = readFileSync(join(fixtures, 'all-states.yaml'), 'utf8').replace(/^(#.*\n|\n)*/, '');
    expect(list.startsWith('- ')).toBe(true);
    writeFileSync(join(out, 'plain-waivers.yaml'), list);
    writeFileSync(join(out, 'bom-waivers.yaml'), `\uFEFF${list}`);
    const [plain, marked] = await Promise.all(['plain', 'bom'].map((name) => check({ records: examples, policy, asOf: AS_OF, engine: 'js', waivers: join(out, `${name}-waivers.yaml`), explain: true })));
    expect(plain!.exitCode).toBe(1);
    expect(plain!.waivers!.inEffect).toBe(5);
    // The same report, but for the file it names.
    expect(formatJson(marked!).replaceAll('bom-waivers.yaml', 'plain-waivers.yaml')).toBe(formatJson(plain!));
    expect((await lint({ policy, waivers: join(out, 'bom-waivers.yaml') })).messages.filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('refuses a carriage return that ends no line, which editors show as a line end and the YAML reader did not (review: a match field hid behind a comment, and the waiver covered every store)', async () => {
    mkdirSync(out, { recursive: true });
    const honest = readFileSync(join(fixtures, 'all-states.yaml'), 'utf8');
    // W-IN-EFFECT matches request_id DEL-1002 and store logs-eu: its store line behind a comment ended by a lone CR.
    const hidden = honest.replace('  match: { request_id: DEL-1002, store: logs-eu }\n', '  match:\n    request_id: DEL-1002 # legal hold, logs only\r    store: logs-eu\n');
    expect(hidden).not.toBe(honest);
    const line = hidden.slice(0, hidden.indexOf('\r')).split('\n').length;
    writeFileSync(join(out, 'lone-cr-waivers.yaml'), hidden);
    writeFileSync(join(out, 'cr-only-waivers.yaml'), honest.replaceAll('\n', '\r'));
    for (const [name, at] of [['lone-cr', line], ['cr-only', 1]] as const) {
      for (const engine of FOLDER_ENGINES) {
        const report = await check({ records: examples, policy, asOf: AS_OF, engine, waivers: join(out, `${name}-waivers.yaml`) });
        expect(report.exitCode, `${name} ${engine}`).toBe(2);
        expect(report.errors!.map((e) => [e.line, e.message.split(':')[0]]), `${name} ${engine}`).toEqual([[at, 'the waiver file is not valid YAML']]);
        expect(report.errors![0]!.message).toContain('a carriage return (CR) not followed by a line feed');
      }
      expect((await lint({ policy, waivers: join(out, `${name}-waivers.yaml`) })).ok, name).toBe(false);
    }
  });

  it('lists unused waivers; the waiver of an attested obligation is used only with --strict', async () => {
    expect((await reports.js!).unusedWaivers!.map((u) => [u.id, u.source.line])).toEqual([
      ['W-UNUSED', 43],
      ['W-ATTESTATION', 51],
    ]);
    const strict = await reports['js strict']!;
    expect(strict.unusedWaivers!.map((u) => u.id)).toEqual(['W-UNUSED']);
    expect(strict.findings!.find((x) => x.clause === 'security.data-minimization')!.waiver?.id).toBe('W-ATTESTATION');
    expect(strict.coverage.find((c) => c.clause === 'security.data-minimization')).toMatchObject({ status: 'missing', waived: 1 });
  });

  it('exit codes: waived violations do not fail; an unused waiver fails only with --strict', async () => {
    // As of 2025-02-01 the examples keep every clause; with --strict only the missing attestation fails.
    const asOf = Date.parse('2025-02-01T00:00:00Z');
    mkdirSync(out, { recursive: true });
    const attestation = yamlWaiver('W-A', 'security.data-minimization', { attestation: 'security.data-minimization' }, '2025-01-01', '2025-03-01', 'Annual review scheduled.');
    const unused = yamlWaiver('W-U', 'deletion.on-termination', { request_id: 'DEL-9999' }, '2025-01-01', '2025-03-01');
    writeFileSync(join(out, 'attestation.yaml'), attestation);
    writeFileSync(join(out, 'attestation-and-unused.yaml'), attestation + unused);
    const at = (strict: boolean, waivers?: string) => check({ records: examples, policy, asOf, strict, engine: 'js', ...(waivers ? { waivers: join(out, waivers) } : {}) });
    expect((await at(true)).exitCode).toBe(1);
    expect((await at(true, 'attestation.yaml')).exitCode).toBe(0);
    const both = await at(true, 'attestation-and-unused.yaml');
    expect(both.exitCode).toBe(1);
    expect(both.summary).toMatchObject({ violations: 0, waived: 1 });
    expect((await at(false, 'attestation-and-unused.yaml')).exitCode).toBe(0);
    // Only waived violations: exit 0 (examples as of 2025-06-30, every violation waived).
    const report = await plain;
    const all = report.findings!.map((x, i) => yamlWaiver(`W-${i}`, x.clause, x.key, '2025-06-01', '2025-07-01', 'Accepted.')).join('');
    writeFileSync(join(out, 'every-finding.yaml'), all);
    const everything = await check({ records: examples, policy, asOf: AS_OF, engine: 'js', waivers: join(out, 'every-finding.yaml') });
    expect(everything.summary).toMatchObject({ violations: 0, pending: 0, waived: report.findings!.length });
    expect(everything.exitCode).toBe(0);
    expect(everything.findings).toHaveLength(report.findings!.length);
  });
});

describe('an invalid waiver file: exit 2, every problem with file and line, nothing judged', () => {
  const cases: [string, [code: string, line: number][]][] = [
    // `clause: Deletion` is no clause id (W002), said once: not again as an unknown clause (W004).
    ['schema.yaml', [['W002', 1], ['W002', 7], ['W002', 8], ['W002', 9], ['W002', 10], ['W002', 11], ['W002', 13]]],
    ['not-a-list.yaml', [['W002', 1]]],
    ['syntax.yaml', [['W001', 4]]],
    ['alias.yaml', [['W001', 10]]],
    ['duplicate-key.yaml', [['W001', 5]]],
    ['unknown-clause.yaml', [['W004', 2]]],
    ['unknown-key-field.yaml', [['W005', 5], ['W006', 12]]],
    ['duplicate-id.yaml', [['W008', 8]]],
    ['expires-before-created.yaml', [['W009', 7], ['W009', 14]]],
    ['too-long.yaml', [['W010', 15], ['W010', 22], ['W002', 23]]],
    ['empty-match.yaml', [['W007', 3]]],
    ['bad-dates.yaml', [['W002', 6], ['W002', 7]]],
    ['not-utf8.yaml', [['P107', 4]]],
    ['control-character.yaml', [['P108', 4]]],
  ];

  it.each(cases)('%s', async (name, expected) => {
    const file = join(fixtures, 'invalid', name);
    const report = await check({ records: examples, policy, asOf: AS_OF, engine: 'js', waivers: file });
    expect(report.exitCode).toBe(2);
    expect(report.findings).toBeUndefined();
    expect(report.summary.rows).toBe(0);
    expect(report.errors!.map((e) => [e.code.replace('CODICIL-', ''), e.line])).toEqual(expected);
    for (const e of report.errors!) expect(e.file).toBe(`test/fixtures/waivers/invalid/${name}`);
  });

  it('names the problems in words: the waiver, the field, what is wrong', async () => {
    const report = await check({ records: examples, policy, asOf: AS_OF, engine: 'js', waivers: join(fixtures, 'invalid', 'too-long.yaml') });
    expect(report.errors!.map((e) => e.message)).toEqual([
      'waiver W-367-DAYS runs 367 days, from 2024-01-01T00:00:00Z to 2025-01-02T00:00:00Z; a waiver lasts at most 366 days',
      'waiver W-ONE-SECOND-MORE runs more than 366 days, from 2025-01-01T00:00:00Z to 2026-01-02T00:00:01Z; a waiver lasts at most 366 days',
      'waiver W-NO-EXPIRY, expires: is required',
    ]);
    expect(MAX_WAIVER_DAYS).toBe(366);
  });

  it('refuses a --waivers file that does not exist, a FIFO, a directory, and a file beyond the size limit', async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    execFileSync('mkfifo', [join(out, 'fifo.yaml')]);
    mkdirSync(join(out, 'dir.yaml'));
    writeFileSync(join(out, 'big.yaml'), `# ${'x'.repeat(WAIVER_FILE_LIMIT)}\n[]\n`);
    for (const [name, code] of [
      ['missing.yaml', 'CODICIL-W003'],
      ['fifo.yaml', 'CODICIL-P005'],
      ['dir.yaml', 'CODICIL-P005'],
      ['big.yaml', 'CODICIL-P008'],
    ] as const) {
      const report = await check({ records: examples, policy, asOf: AS_OF, engine: 'js', waivers: join(out, name) });
      expect(report.exitCode, name).toBe(2);
      expect(report.errors!.map((e) => [e.code, e.file]), name).toEqual([[code, `test/output/waivers/${name}`]]);
    }
  });

  it('lists at most 1 000 problems of a file, then counts the rest', async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'many.yaml'), '- not a waiver\n'.repeat(3000));
    const report = await check({ records: examples, policy, asOf: AS_OF, engine: 'js', waivers: join(out, 'many.yaml') });
    expect(report.exitCode).toBe(2);
    expect(report.errors).toHaveLength(1001);
    expect(report.errors!.at(-1)).toMatchObject({ code: 'CODICIL-P111', message: '2000 more problem(s) in this file are not shown (the first 1000 are)' });
  });

  it('lists at most 1 000 YAML syntax problems too, then counts the rest (review F6: 80 000 aliases were 80 000 messages)', async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'aliases.yaml'), `x: &a 1\ny: [${Array(3000).fill('*a').join(',')}]\n`);
    const report = await check({ records: examples, policy, asOf: AS_OF, engine: 'js', waivers: join(out, 'aliases.yaml') });
    expect(report.exitCode).toBe(2);
    expect(report.errors).toHaveLength(1001);
    expect(report.errors!.slice(0, 1000).every((e) => e.code === 'CODICIL-W001')).toBe(true);
    expect(report.errors!.at(-1)).toMatchObject({ code: 'CODICIL-P111', line: 2, message: '2000 more problem(s) in this file are not shown (the first 1000 are)' });
    // lint says the same.
    const linted = await lint({ policy, asOf: AS_OF, waivers: join(out, 'aliases.yaml') });
    expect(linted.messages.filter((m) => m.file === 'test/output/waivers/aliases.yaml').map((m) => m.code)).toEqual([...Array(1000).fill('CODICIL-W001'), 'CODICIL-P111']);
  });

  it('exits 2 from the command line, in every format, with the file and line', async () => {
    const file = join('test', 'fixtures', 'waivers', 'invalid', 'duplicate-id.yaml');
    const text = await run(['check', '--records', examples, '--policy', policy, '--waivers', file, '--as-of', '2025-06-30']);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`${file}:8 [id]: waiver id W-1 is used twice (first at line 1)`);
    const github = await run(['check', '--records', 'examples/records', '--policy', policy, '--waivers', file, '--as-of', '2025-06-30', '--format', 'github']);
    // The waiver file is named from the working directory, not the records folder.
    expect(github.stdout).toContain(`::error file=${file},line=8,title=codicil%3A invalid input (id)::waiver id W-1 is used twice (first at line 1)`);
    // cli.md's errors name the field (review: it was null though the words named it).
    const json = await run(['check', '--records', examples, '--policy', policy, '--waivers', file, '--as-of', '2025-06-30', '--format', 'json']);
    expect(JSON.parse(json.stdout).errors).toEqual([{ code: 'CODICIL-W008', file, line: 8, field: 'id', message: 'waiver id W-1 is used twice (first at line 1)' }]);
  });

  it('names the field of each problem in the JSON report: required, typed, dated, matched', async () => {
    mkdirSync(out, { recursive: true });
    const file = join(out, 'fields.yaml');
    writeFileSync(file, '- id: W-3\n  clause: deletion.on-termination\n  match: { request_id: 1002, colour: red }\n  approved_by: dpo@studiolm.example\n  created: "2025-06-01T00:00:00"\n  expires: 2025-12-31\n');
    const json = await run(['check', '--records', examples, '--policy', policy, '--waivers', file, '--as-of', '2025-06-30', '--format', 'json']);
    expect(JSON.parse(json.stdout).errors.map((e: { field: string | null }) => e.field)).toEqual(['reason', 'match.request_id', 'match.colour', 'created']);
  });
});

describe("the policy folder's waivers.yaml", () => {
  const staged = join(out, 'policy');
  const stage = (waivers: string | null) => {
    rmSync(staged, { recursive: true, force: true });
    cpSync(policy, staged, { recursive: true });
    if (waivers !== null) writeFileSync(join(staged, 'waivers.yaml'), waivers);
  };
  // A legal hold on every store of DEL-1 and of DEL-1002.
  const hold = yamlWaiver('W-HOLD-1', 'deletion.on-termination', { request_id: 'DEL-1' }, '2025-01-01', '2025-12-31') + yamlWaiver('W-HOLD-1002', 'deletion.on-termination', { request_id: 'DEL-1002' }, '2025-06-01', '2025-07-15');

  it('is applied by default; --waivers names another file instead; false applies none', async () => {
    stage(hold);
    const byDefault = await check({ records: examples, policy: staged, asOf: AS_OF, engine: 'js' });
    expect(byDefault.waivers).toMatchObject({ file: 'test/output/waivers/policy/waivers.yaml', total: 2 });
    expect(byDefault.findings!.filter((x) => x.waiver).map((x) => x.waiver!.id)).toEqual(['W-HOLD-1002']);
    expect(byDefault.unusedWaivers!.map((u) => u.id)).toEqual(['W-HOLD-1']);
    const other = await check({ records: examples, policy: staged, asOf: AS_OF, engine: 'js', waivers: join(fixtures, 'all-states.yaml') });
    expect(other.waivers!.file).toBe('test/fixtures/waivers/all-states.yaml');
    const none = await check({ records: examples, policy: staged, asOf: AS_OF, engine: 'js', waivers: false });
    expect(none.waivers).toEqual({ file: null, total: 0, inEffect: 0, expired: 0, upcoming: 0 });
    expect(none.summary.waived).toBe(0);
  });

  it('an invalid one stops the check (exit 2) and fails lint', async () => {
    stage('- id: W-1\n  clause: deletion.on-termination\n  match: {}\n');
    const report = await check({ records: examples, policy: staged, asOf: AS_OF, engine: 'js' });
    expect(report.exitCode).toBe(2);
    expect(report.errors!.map((e) => `${e.file}:${e.line} ${e.code}`)).toEqual([
      'test/output/waivers/policy/waivers.yaml:1 CODICIL-W002',
      'test/output/waivers/policy/waivers.yaml:1 CODICIL-W002',
      'test/output/waivers/policy/waivers.yaml:1 CODICIL-W002',
      'test/output/waivers/policy/waivers.yaml:1 CODICIL-W002',
      'test/output/waivers/policy/waivers.yaml:3 CODICIL-W007',
    ]);
    const result = await lint({ policy: staged, asOf: AS_OF });
    expect(result.ok).toBe(false);
    expect(result.messages.filter((m) => m.code.startsWith('CODICIL-W')).map((m) => `${m.line} ${m.code}`)).toEqual(['1 CODICIL-W002', '1 CODICIL-W002', '1 CODICIL-W002', '1 CODICIL-W002', '3 CODICIL-W007']);
  });

  it('must stay inside the policy folder: a link out of it is refused', async () => {
    stage(null);
    symlinkSync(join(fixtures, 'all-states.yaml'), join(staged, 'waivers.yaml'));
    const report = await check({ records: examples, policy: staged, asOf: AS_OF, engine: 'js' });
    expect(report.exitCode).toBe(2);
    expect(report.errors!.map((e) => e.code)).toEqual(['CODICIL-P006']);
  });

  it('never hides a breach from the public sub-processor list', async () => {
    stage(yamlWaiver('W-T', 'transfer.safeguards', { subprocessor: 'mixpanel', country: 'IN' }, '2025-06-01', '2025-07-01') + yamlWaiver('W-C', 'subprocessor.authorized-category', { subprocessor: 'mixpanel' }, '2025-06-01', '2025-07-01') + yamlWaiver('W-N', 'subprocessor.advance-notice', { subprocessor: 'mixpanel' }, '2025-06-01', '2025-07-01'));
    const { policy: model } = await loadPolicy(staged);
    const list = subprocessorList({ policy: model, policyDir: staged, records: examples, asOf: AS_OF, publishBreaches: false, organization: null });
    await expect(list).rejects.toThrow(/breaches the Data Processing Agreement[\s\S]*transfer\.safeguards/);
  });

  it('is never applied to policy tests: a case is judged with its own waivers only', async () => {
    // W-HOLD-1 would waive the late deletion of DEL-1 that the bundled cases expect as a violation.
    stage(hold);
    const result = await runPolicyTests({ policy: staged, engines: ['js'] });
    expect(result.summary.failed).toBe(0);
    expect(result.exitCode).toBe(0);
    const late = result.cases.find((k) => k.file === 'deletions/live-deleted-24-hours-and-1-second-after.yaml')!;
    expect(late.runs[0]!.report.findings!.map((x) => x.waiver)).toEqual([undefined]);
    const waived = result.cases.find((k) => k.file === 'waivers/in-effect-from-the-moment-it-is-created.yaml')!;
    expect(waived.runs[0]!.report.findings![0]!.waiver?.id).toBe('W-2025-001');
    expect(waived.runs[0]!.report.waivers!.file).toBe('waivers/in-effect-from-the-moment-it-is-created.yaml');
  });
});

describe('several documents sharing a clause id (review: a waiver for dpa also waived dpa-enterprise)', () => {
  // Two DPAs with the same clause ids: dpa, and dpa-enterprise (a copy).
  const staged = join(out, 'two-dpas');
  const waiverFile = join(staged, 'w.yaml');
  const stageTwo = async () => {
    rmSync(staged, { recursive: true, force: true });
    cpSync(policy, join(staged, 'policy'), { recursive: true, filter: (src) => !src.startsWith(join(policy, 'tests')) });
    cpSync(join(policy, 'dpa'), join(staged, 'policy', 'dpa-enterprise'), { recursive: true });
    const version = join(staged, 'policy', 'dpa-enterprise', '1.0.0.md');
    writeFileSync(version, readFileSync(version, 'utf8').replace(/^document: dpa$/m, 'document: dpa-enterprise'));
    rmSync(join(staged, 'policy', 'dpa-enterprise', 'versions.lock'));
    expect((await run(['lock', '--policy', join(staged, 'policy')])).code).toBe(0);
  };
  const hold = (document: string | null) => yamlWaiver('W-HOLD', 'deletion.on-termination', { request_id: 'DEL-1002', store: 'logs-eu' }, '2025-06-01', '2025-12-31').replace('\n  match:', document === null ? '\n  match:' : `\n  document: ${document}\n  match:`);
  const checkWith = async (waivers: string, policyDir = join(staged, 'policy'), records = examples) => {
    writeFileSync(waiverFile, waivers);
    return check({ records, policy: policyDir, asOf: AS_OF, engine: 'js', waivers: waiverFile });
  };

  beforeAll(stageTwo);

  it('a waiver naming its document covers that document\'s findings only; the waiver mark keeps its shape', async () => {
    const report = await checkWith(hold('dpa'));
    const late = report.findings!.filter((f) => f.clause === 'deletion.on-termination' && f.key.request_id === 'DEL-1002' && f.key.store === 'logs-eu');
    expect(late.map((f) => [f.document, f.waiver?.id])).toEqual([
      ['dpa', 'W-HOLD'],
      ['dpa-enterprise', undefined],
    ]);
    expect(Object.keys(late[0]!.waiver!)).toEqual(['id', 'reason', 'approved_by', 'expires']);
    expect(report.unusedWaivers).toEqual([]);
    // dpa-enterprise's late deletion still counts.
    expect(report.exitCode).toBe(1);
  });

  it('an unused waiver that names its document is shown with it, in every format (document/clause, as findings are)', async () => {
    const unused = hold('dpa-enterprise').replace('DEL-1002', 'DEL-NONE');
    const report = await checkWith(unused);
    expect(report.unusedWaivers!.map((u) => [u.id, u.document, u.clause])).toEqual([['W-HOLD', 'dpa-enterprise', 'deletion.on-termination']]);
    // The lines about the waiver (findings elsewhere name the same clause).
    for (const format of ['text', 'markdown', 'github', 'junit', 'sarif'] as const) {
      const out = renderCheck(report, format);
      // JUnit: the waivers' suite (its test case names the waiver, its message the clause).
      const lines = format === 'junit' ? [out.slice(out.indexOf('name="waivers"'))] : out.split('\n').filter((l) => l.includes('W-HOLD') && !l.includes('"id"'));
      expect(lines.length, format).toBeGreaterThan(0);
      expect(lines.join('\n'), format).toContain('dpa-enterprise/deletion.on-termination');
    }
  });

  it('a waiver of a clause that several documents have must name the document (W014, exit 2, at its line)', async () => {
    const report = await checkWith(hold(null));
    expect(report.exitCode).toBe(2);
    expect(report.findings).toBeUndefined();
    expect(report.errors).toEqual([
      { code: 'CODICIL-W014', file: 'test/output/waivers/two-dpas/w.yaml', line: 2, field: 'clause', message: 'waiver W-HOLD names clause deletion.on-termination, which 2 documents have (dpa, dpa-enterprise), but not which document\'s findings it covers' },
    ]);
  });

  it('a document the policy does not have (W015), or one without the clause (W004), is an error at its line', async () => {
    const unknown = await checkWith(hold('dpa-enterprize'));
    expect(unknown.errors!.map((e) => [e.code, e.line, e.field, e.message])).toEqual([['CODICIL-W015', 3, 'document', 'waiver W-HOLD names document dpa-enterprize, which the policy does not have (its documents: dpa, dpa-enterprise)']]);
    const schema = await checkWith(hold('DPA'));
    expect(schema.errors!.map((e) => [e.code, e.line, e.field, e.message])).toEqual([['CODICIL-W002', 3, 'document', 'waiver W-HOLD, document: must be a document id of the policy: its folder’s name, such as dpa']]);
    // Northwind's terms have no deletion clause; its dpa has deletion.live (one document: no need to name it).
    const northwind = join(root, 'test', 'fixtures', 'documents', 'northwind');
    const northwindRecords = join(root, 'test', 'fixtures', 'documents-records', 'northwind');
    const live = (document: string | null) => hold(document).replace('deletion.on-termination', 'deletion.live');
    const wrong = await checkWith(live('terms'), northwind, northwindRecords);
    expect(wrong.errors!.map((e) => [e.code, e.line, e.field, e.message])).toEqual([['CODICIL-W004', 2, 'clause', 'waiver W-HOLD names clause deletion.live, which no published version of terms has']]);
    expect((await checkWith(live(null), northwind, northwindRecords)).errors).toBeUndefined();
    expect((await checkWith(live('dpa'), northwind, northwindRecords)).errors).toBeUndefined();
    // Of no document at all, with several: the policy's, not the first document's.
    expect((await checkWith(hold(null).replace('deletion.on-termination', 'deletion.nowhere'), northwind, northwindRecords)).errors![0]!.message).toBe('waiver W-HOLD names clause deletion.nowhere, which no published version of the policy has');
  });

  it('the same in a policy test: a case\'s waiver names the document, and covers only its finding', async () => {
    const tests = join(staged, 'policy', 'tests');
    mkdirSync(tests, { recursive: true });
    const source = readFileSync(join(policy, 'tests', 'waivers', 'in-effect-from-the-moment-it-is-created.yaml'), 'utf8');
    const finding = '{ clause: deletion.on-termination, status: violation, key: { request_id: DEL-1, store: primary-db }';
    // One finding per document, the same clause, status and key: only dpa's is waived.
    const both = source.replace(/expect:[\s\S]*$/, `expect:\n  exit: 1\n  findings:\n    - ${finding}, waived: true }\n    - ${finding} }\n`);
    writeFileSync(join(tests, 'named.yaml'), both.replace('    clause: deletion.on-termination\n', '    clause: deletion.on-termination\n    document: dpa\n'));
    writeFileSync(join(tests, 'unnamed.yaml'), both);
    const result = await runPolicyTests({ policy: join(staged, 'policy'), engines: ['js'] });
    const [named, unnamed] = result.cases;
    expect(named!.status).toBe('passed');
    expect(named!.runs[0]!.report.findings!.map((f) => [f.document, f.waiver?.id])).toEqual([
      ['dpa', 'W-2025-001'],
      ['dpa-enterprise', undefined],
    ]);
    expect(unnamed!.status).toBe('invalid');
    expect(unnamed!.problems.map((p) => [p.code, p.line, p.field])).toEqual([['CODICIL-W014', 17, 'clause']]);
  });
});

describe('applying waivers of one document', () => {
  it('a waiver naming a document covers that document\'s findings, and those of a report that names none (one document)', () => {
    const w = waiver({ id: 'W-1', document: 'dpa' });
    const of = (document?: string): Finding => ({ ...finding({ request_id: 'DEL-1' }), ...(document === undefined ? {} : { document }) });
    const applied = applyWaivers([of('dpa'), of('dpa-enterprise'), of()], [w], AS_OF - 20 * DAY);
    expect(applied.findings.map((f) => f.waiver?.id)).toEqual(['W-1', undefined, 'W-1']);
    expect(applyWaivers([of('dpa-enterprise')], [w], AS_OF - 20 * DAY).unused).toEqual([expect.objectContaining({ id: 'W-1', document: 'dpa', clause: 'deletion.on-termination' })]);
  });
});

describe('codicil lint and waivers', () => {
  const file = join(out, 'expiry.yaml');
  const write = (expires: string[], created = '2025-06-01') => writeFileSync(file, expires.map((e, i) => yamlWaiver(`W-${i + 1}`, 'deletion.on-termination', { request_id: `DEL-${i + 1}` }, created, e)).join(''));

  it('warns about waivers expired at --as-of or expiring within 30 days of it (exit 0)', async () => {
    mkdirSync(out, { recursive: true });
    // As of 2025-06-30T12:00:00Z: expired exactly then; expiring exactly 30 days later; one millisecond beyond 30 days.
    write(['2025-06-30T12:00:00Z', '2025-07-30T12:00:00Z', '2025-07-30T12:00:00.001Z', '2025-07-01']);
    const result = await run(['lint', '--waivers', file, '--as-of', '2025-06-30T12:00:00Z', '--format', 'json']);
    expect(result.code).toBe(0);
    const messages = (JSON.parse(result.stdout) as { messages: { file: string; line: number; code: string; severity: string; message: string }[] }).messages.filter((m) => m.code.startsWith('CODICIL-W'));
    expect(messages.map((m) => [m.file, m.line, m.severity, m.code, m.message])).toEqual([
      ['test/output/waivers/expiry.yaml', 7, 'warning', 'CODICIL-W012', 'waiver W-1 expired 2025-06-30T12:00:00Z: it covers nothing any more'],
      ['test/output/waivers/expiry.yaml', 14, 'warning', 'CODICIL-W011', 'waiver W-2 expires 2025-07-30T12:00:00Z, in 30 day(s) (as of 2025-06-30T12:00:00Z)'],
      ['test/output/waivers/expiry.yaml', 28, 'warning', 'CODICIL-W011', 'waiver W-4 expires 2025-07-01T00:00:00Z, in 1 day(s) (as of 2025-06-30T12:00:00Z)'],
    ]);
  });

  it('judges expiry as of now by default', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
    write([day(5)], day(-10));
    const result = await lint({ waivers: file });
    expect(result.messages.filter((m) => m.code.startsWith('CODICIL-W')).map((m) => m.code)).toEqual(['CODICIL-W011']);
  });

  it('fails (exit 2) on an invalid waiver file, with each problem at its line', async () => {
    const result = await run(['lint', '--waivers', join('test', 'fixtures', 'waivers', 'invalid', 'unknown-key-field.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('test/fixtures/waivers/invalid/unknown-key-field.yaml:5:17  error  waiver W-1 matches on “account_id”, which the findings of deletion.on-termination do not have (their key: request_id, store)  [CODICIL-W005]');
    expect(result.stdout).toContain('unknown-key-field.yaml:12:25  error  waiver W-2 matches attestation “security.monitoring”');
  });

  it('accepts the example waivers', async () => {
    const result = await run(['lint', '--waivers', 'examples/waivers.yaml', '--as-of', '2025-06-30T12:00:00Z']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('examples/waivers.yaml:33:12  warning  waiver W-2025-002 expired 2025-06-01T00:00:00Z: it covers nothing any more  [CODICIL-W012]');
  });
});


describe('the example waivers (examples/waivers.yaml, shown by npm start)', () => {
  it('waive the legal hold of DEL-1002 and name the expired waiver of the transfer to India, as examples/records/README.md says', async () => {
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toContain('check --records examples/records --waivers examples/waivers.yaml --as-of 2025-06-30T12:00:00Z');
    for (const engine of FOLDER_ENGINES) {
      const report = await check({ records: examples, policy, asOf: AS_OF, engine, waivers: join(root, 'examples', 'waivers.yaml') });
      expect(report.findings!.filter((f) => f.waiver).map((f) => [f.clause, f.key, f.waiver!.id])).toEqual([['deletion.on-termination', { request_id: 'DEL-1002', store: 'logs-eu' }, 'W-2025-001']]);
      expect(report.findings!.filter((f) => f.expiredWaiver).map((f) => [f.clause, f.key, f.expiredWaiver!.id])).toEqual([['transfer.safeguards', { subprocessor: 'mixpanel', country: 'IN' }, 'W-2025-002']]);
      expect(report.unusedWaivers).toEqual([]);
      expect(report.summary).toMatchObject({ violations: 10, pending: 7, waived: 1 });
    }
    const readme = readFileSync(join(root, 'examples', 'records', 'README.md'), 'utf8');
    expect(readme).toContain('W-2025-001');
    expect(readme).toContain('W-2025-002');
  });
});
