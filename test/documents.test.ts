// A policy folder with several documents: Northwind Analytics' Terms of
// Service, Privacy Policy and Data Processing Addendum (a second
// organization, test/fixtures/documents/northwind), each with its own
// versions, lock and notices. Linted, diffed, drafted, locked and checked
// through the command line, as its legal team would.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, draftVersion, FORMATS, loadPolicy, renderCheck } from '../engine/index.ts';
import type { CheckFormat, CheckReport } from '../engine/index.ts';
import { run } from './policy-tests-cli.ts';
import { expectGolden, root, stagePolicy, strictXml } from './helpers.ts';

const northwind = join(root, 'test/fixtures/documents/northwind');
const records = join(root, 'test/fixtures/documents-records/northwind');
// The expected file of each format of `codicil check`, as in test/report-formats.test.ts.
const GOLDEN_EXT = { text: 'txt', json: 'json', junit: 'xml', sarif: 'sarif.json', github: 'github.txt', markdown: 'md' } as const;

describe('a policy of three documents', () => {
  it('reads every document with its own versions, title and audience', async () => {
    const { policy, failed } = await loadPolicy(northwind);
    expect(failed).toBe(false);
    expect(policy.documents.map((d) => [d.document, d.title, d.versions.map((v) => v.version)])).toEqual([
      ['dpa', 'Data Processing Addendum', ['1.0.0', '1.1.0', '2.0.0']],
      ['privacy', 'Privacy Policy', ['1.0.0']],
      ['terms', 'Terms of Service', ['1.0.0', '1.1.0']],
    ]);
    expect(policy.documents.map((d) => d.audience)).toEqual(['Customers of Northwind Analytics on a paid plan', 'Visitors of northwind.example and people who hold a Northwind Analytics account', 'Anyone who creates a Northwind Analytics account']);
    // policy.document and policy.versions keep their meaning: the first document.
    expect(policy.document).toBe('dpa');
    expect(policy.versions).toBe(policy.documents[0]!.versions);
  });

  it('lints clean, and says so for each document', async () => {
    const { code, stdout } = await run(['lint', '--policy', northwind]);
    expect(code).toBe(0);
    expect(stdout).toBe('✓ policy of 3 documents: dpa 3 version(s) [1.0.0 (published), 1.1.0 (published), 2.0.0 (published)], 47 clauses; privacy 1 version(s) [1.0.0 (published)], 3 clauses; terms 2 version(s) [1.0.0 (published), 1.1.0 (published)], 6 clauses; 0 warning(s)\n');
    const json = JSON.parse((await run(['lint', '--policy', northwind, '--format', 'json'])).stdout);
    expect(json.policy).toEqual({
      document: 'dpa',
      versions: ['1.0.0', '1.1.0', '2.0.0'],
      documents: [
        { document: 'dpa', title: 'Data Processing Addendum', audience: 'Customers of Northwind Analytics on a paid plan', versions: ['1.0.0', '1.1.0', '2.0.0'] },
        { document: 'privacy', title: 'Privacy Policy', audience: 'Visitors of northwind.example and people who hold a Northwind Analytics account', versions: ['1.0.0'] },
        { document: 'terms', title: 'Terms of Service', audience: 'Anyone who creates a Northwind Analytics account', versions: ['1.0.0', '1.1.0'] },
      ],
    });
  });

  it('diffs DOCUMENT@VERSION of any document, and refuses versions of two documents', async () => {
    const terms = await run(['diff', 'terms@1.0.0', 'terms@1.1.0', '--policy', northwind]);
    expect(terms.code).toBe(0);
    expect(terms.stdout).toMatch(/^terms 1\.0\.0 → 1\.1\.0 \(effective 2025-01-01/);
    expect(terms.stdout).toContain('EUR [-49-]{+59+}');
    const across = await run(['diff', 'terms@1.0.0', 'dpa@1.1.0', '--policy', northwind]);
    expect(across.code).toBe(2);
    expect(across.stderr).toContain('terms@1.0.0 is a version of terms and dpa@1.1.0 of dpa: an amendment compares two versions of one document');
    const unknown = await run(['diff', 'cookies@1.0.0', 'terms@1.1.0', '--policy', northwind]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the policy has no document cookies (documents: dpa, privacy, terms)');
    const missing = await run(['diff', 'privacy@1.0.0', 'privacy@2.0.0', '--policy', northwind]);
    expect(missing.stderr).toContain('privacy@2.0.0 does not exist (versions of privacy: 1.0.0)');
    // A file is read as a version of the document its header names.
    const file = await run(['diff', 'dpa@1.0.0', join(northwind, 'dpa/1.1.0.md'), '--policy', northwind]);
    expect(file.code).toBe(0);
    expect(file.stdout).toContain('breach.notify within: 72 hours → 48 hours stricter');
  });

  it('drafts a version of the document named, as DOCUMENT VERSION or DOCUMENT@VERSION, and asks which one when there are several', async () => {
    const unnamed = await draftVersion({ policy: northwind, version: '1.2.0', effective: '2026-01-01', published: '2025-11-01', write: false });
    expect(unnamed).toEqual({ ok: false, problems: [expect.stringContaining('holds 3 documents (dpa, privacy, terms): name the one to draft, e.g. codicil draft dpa@1.2.0')] });
    const named = await draftVersion({ policy: northwind, document: 'privacy', version: '1.1.0', effective: '2026-01-01', published: '2025-11-01', write: false });
    expect(named.ok && [named.document, named.from, named.file]).toEqual(['privacy', '1.0.0', join('test/fixtures/documents/northwind/privacy/1.1.0.md')]);
    const staged = stagePolicy(northwind, 'documents/draft');
    const cli = await run(['draft', 'terms@1.2.0', '--effective', '2026-01-01', '--published', '2025-11-01', '--policy', staged]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('npx codicil diff terms@1.1.0');
    expect(readFileSync(join(root, staged, 'terms/1.2.0.md'), 'utf8')).toContain('version: 1.2.0');
    expect((await run(['lint', '--policy', staged])).code).toBe(0);
  });

  it('locks each document in its own folder', async () => {
    const staged = stagePolicy(northwind, 'documents/lock');
    for (const d of ['dpa', 'privacy', 'terms']) rmSync(join(root, staged, d, 'versions.lock'));
    const { code, stdout } = await run(['lock', '--policy', staged]);
    expect(code).toBe(0);
    expect(stdout).toBe(['dpa', 'privacy', 'terms'].map((d) => `Locked ${{ dpa: '1.0.0, 1.1.0, 2.0.0', privacy: '1.0.0', terms: '1.0.0, 1.1.0' }[d]} in ${join(staged, d, 'versions.lock')}.\n`).join(''));
    for (const d of ['dpa', 'privacy', 'terms']) expect(readFileSync(join(root, staged, d, 'versions.lock'), 'utf8')).toBe(readFileSync(join(northwind, d, 'versions.lock'), 'utf8'));
  });
});

describe('the new rule kinds, on every engine', () => {
  it('judge the worked examples of the Northwind policy: deletion on request and after termination, information requests, notices of inability, notice content, one word binding two clauses', async () => {
    const { code, stdout } = await run(['test', '--policy', northwind, '--engine', 'all', '--format', 'json']);
    const result = JSON.parse(stdout);
    expect(result.summary).toEqual({ cases: 6, passed: 6, failed: 0, invalid: 0, updated: 0 });
    expect(result.engines).toEqual(expect.arrayContaining(['js', 'duckdb']));
    // Each case found what it expects, violations and pendings alike (not a vacuous pass).
    expect(result.cases.flatMap((c: { expected: { findings: { clause: string }[] } }) => c.expected.findings.map((f) => f.clause)).sort()).toEqual(['audit.information-requests', 'breach.content', 'deletion.backups', 'deletion.on-request', 'inability.notify', 'requests.forward']);
    expect(code).toBe(0);
  });
});

describe('check with several documents', () => {
  const judge = (engine: 'js' | 'duckdb') => check({ policy: northwind, records, asOf: Date.parse('2025-06-30T12:00:00Z'), engine }) as Promise<CheckReport>;

  it("judges every document's clauses by that document's versions, and names the document of each finding", async () => {
    const report = await judge('js');
    expect(report.exitCode).toBe(1);
    expect(report.policy.documents?.map((d) => [d.document, d.versions])).toEqual([
      ['dpa', ['1.0.0', '1.1.0', '2.0.0']],
      ['privacy', ['1.0.0']],
      ['terms', ['1.0.0', '1.1.0']],
    ]);
    expect(report.findings?.map((f) => [f.document, f.clause, f.status, f.version])).toEqual([['dpa', 'breach.notify', 'violation', '1.1.0']]);
    // Each document's amendment notice is judged on its own versions.
    expect(report.coverage.filter((c) => c.rule === 'amendment-notice').map((c) => [c.document, c.clause, c.subjects])).toEqual([
      ['dpa', 'amendment.notice', 2],
      ['terms', 'terms.change-notice', 1],
    ]);
    // Attestations may name a clause of any document.
    expect(report.coverage.filter((c) => c.rule === 'attestation' && c.status !== 'missing').map((c) => [c.document, c.clause, c.status])).toEqual([
      ['dpa', 'security.measures', 'attested'],
      ['privacy', 'rights.access', 'expired'],
      ['terms', 'account.security', 'attested'],
    ]);
    expect(report.summary.rows).toBe(6);
  });

  it('gives the same report on every engine', async () => {
    const [js, duckdb] = await Promise.all([judge('js'), judge('duckdb')]);
    expect({ ...duckdb, engine: 'js' }).toEqual(js);
  });

  it('reads the records once on DuckDB, however many documents judge them', async () => {
    const reads: string[] = [];
    const report = await check({ policy: northwind, records, asOf: Date.parse('2025-06-30T12:00:00Z'), engine: 'duckdb', onFileRead: (file) => reads.push(file) });
    expect(report.policy.documents).toHaveLength(3);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads).toEqual([...new Set(reads)]);
  });

  it('names every document, with its versions, and the document of each finding, in every format', async () => {
    const report = await judge('js');
    const recordsDir = 'test/fixtures/documents-records/northwind';
    const out = Object.fromEntries(FORMATS.map((f) => [f, renderCheck(report, f, { recordsDir })])) as Record<CheckFormat, string>;
    // Each format whole, against its expected file (test/fixtures/report/northwind.*).
    for (const f of FORMATS) expectGolden(join(root, 'test/fixtures/report', `northwind.${GOLDEN_EXT[f]}`), out[f]);
    // The command line prints the same.
    const cli = await run(['check', '--policy', northwind, '--records', recordsDir, '--as-of', '2025-06-30T12:00:00Z', '--engine', 'js', '--format', 'markdown']);
    expect(cli.stdout).toBe(out.markdown);

    const documents = 'dpa (versions 1.0.0, 1.1.0, 2.0.0; applies to Customers of Northwind Analytics on a paid plan), privacy (versions 1.0.0; applies to Visitors of northwind.example and people who hold a Northwind Analytics account), terms (versions 1.0.0, 1.1.0; applies to Anyone who creates a Northwind Analytics account)';
    const lines = (text: string) => text.split('\n');

    // text: every document in the header; each clause and finding as DOCUMENT/CLAUSE, judged by DOCUMENT@VERSION.
    expect(lines(out.text)[0]).toBe(`codicil check — policy documents ${documents}, as of 2025-06-30T12:00:00.000Z`);
    expect(lines(out.text)).toEqual(expect.arrayContaining([
      'dpa/breach.notify (§4) — 1 checked, 1 violation(s), 0 pending',
      '  ✗ violation  incident_id NW-1, customer_id C-1: notified 48h 0m 1s after becoming aware; the DPA allows 48 hours (incident_impacts.jsonl:1) [judged by dpa@1.1.0]',
      'terms/terms.change-notice (§5) — 1 checked, 0 violations, 0 pending',
      '  expired   privacy/rights.access (dpo@northwind.example, expired 2025-03-01T00:00:00Z)',
      '  attested  terms/account.security (ciso@northwind.example, valid until 2026-01-01T00:00:00Z)',
    ]));

    // json: the documents with their versions, and the document of every finding and clause.
    const json = JSON.parse(out.json);
    expect(json.policy.documents.map((d: { document: string; versions: string[] }) => `${d.document}@${d.versions.join(',')}`)).toEqual(['dpa@1.0.0,1.1.0,2.0.0', 'privacy@1.0.0', 'terms@1.0.0,1.1.0']);
    expect(json.findings.map((f: { document: string; clause: string; version: string }) => [f.document, f.clause, f.version])).toEqual([['dpa', 'breach.notify', '1.1.0']]);
    expect(json.coverage.filter((c: { document: string }) => c.document !== 'dpa').map((c: { document: string; clause: string }) => `${c.document}/${c.clause}`)).toEqual(['privacy/rights.access', 'privacy/rights.erasure', 'privacy/security.same-measures', 'terms/account.security', 'terms/service.status-page', 'terms/terms.change-notice']);

    // markdown: every document in the header; clauses and findings as DOCUMENT/CLAUSE.
    expect(lines(out.markdown)[2]).toBe('Policy of 3 documents: **dpa** (versions 1.0.0, 1.1.0, 2.0.0; applies to Customers of Northwind Analytics on a paid plan), **privacy** (versions 1.0.0; applies to Visitors of northwind.example and people who hold a Northwind Analytics account), **terms** (versions 1.0.0, 1.1.0; applies to Anyone who creates a Northwind Analytics account), as of `2025-06-30T12:00:00.000Z`.');
    expect(lines(out.markdown)).toEqual(expect.arrayContaining([
      '| `privacy/rights.access` | 2 | ⚠️ expired | 0 | 0 | 0 |',
      '| `terms/terms.change-notice` | 5 | ✅ checked | 1 | 0 | 0 |',
      '| `dpa/breach.notify` | violation | incident\\_id NW-1, customer\\_id C-1 | notified 48h 0m 1s after becoming aware; the DPA allows 48 hours | incident\\_impacts.jsonl:1 |',
    ]));

    // junit: one suite per document, named with its versions; each clause's class is its document.
    expect(strictXml(out.junit)).toEqual([]);
    const suites = [...out.junit.matchAll(/<testsuite name="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)].map(([, name, body]) => ({ name, cases: [...body!.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map(([, c, n]) => `${c} ${n}`) }));
    expect(suites.map((x) => x.name)).toEqual(['policy dpa (versions 1.0.0, 1.1.0, 2.0.0) as of 2025-06-30T12:00:00.000Z', 'policy privacy (versions 1.0.0) as of 2025-06-30T12:00:00.000Z', 'policy terms (versions 1.0.0, 1.1.0) as of 2025-06-30T12:00:00.000Z']);
    expect(suites[0]!.cases).toHaveLength(17);
    for (const c of suites[0]!.cases) expect(c).toMatch(/^codicil\.dpa dpa\/[\w.-]+$/);
    expect(suites.slice(1).map((x) => x.cases)).toEqual([
      ['codicil.privacy privacy/rights.access', 'codicil.privacy privacy/rights.erasure', 'codicil.privacy privacy/security.same-measures'],
      ['codicil.terms terms/account.security', 'codicil.terms terms/service.status-page', 'codicil.terms terms/terms.change-notice'],
    ]);

    // sarif: a rule per DOCUMENT/CLAUSE, the finding judged by DOCUMENT@VERSION, the run lists the documents.
    const sarif = JSON.parse(out.sarif);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(report.coverage.map((c) => `${c.document}/${c.clause}`));
    expect(sarif.runs[0].results.map((r: { ruleId: string; message: { text: string } }) => [r.ruleId, r.message.text])).toEqual([['dpa/breach.notify', 'violation: incident_id NW-1, customer_id C-1: notified 48h 0m 1s after becoming aware; the DPA allows 48 hours (judged by dpa@1.1.0)']]);
    expect(sarif.runs[0].properties.documents).toEqual(json.policy.documents.map(({ document, versions, audience }: { document: string; versions: string[]; audience: string }) => ({ document, versions, audience })));

    // github: every annotation titled DOCUMENT/CLAUSE; the summary lists the documents with their versions.
    expect(lines(out.github)[0]).toBe('::error file=test/fixtures/documents-records/northwind/incident_impacts.jsonl,line=1,title=dpa/breach.notify violation::incident_id NW-1, customer_id C-1: notified 48h 0m 1s after becoming aware; the DPA allows 48 hours');
    for (const line of lines(out.github).slice(0, -2)) expect(line).toMatch(/title=(dpa|privacy|terms)\/[\w.-]+ /);
    expect(lines(out.github)).toContain('::notice title=privacy/rights.access expired::attestation expired');
    expect(lines(out.github).at(-2)).toBe('::notice title=codicil check::1 violation(s), 0 pending, 5 subject(s) checked (4 passed) from 6 record(s); 11 clause(s) unchecked; attestations: 2 attested, 5 missing, 1 expired — documents dpa (versions 1.0.0, 1.1.0, 2.0.0), privacy (versions 1.0.0), terms (versions 1.0.0, 1.1.0)');
  });

  it('keeps a single-document report exactly as it was: no document named, no documents list', async () => {
    const report = await check({ policy: join(root, 'policy'), records: join(root, 'examples/records'), asOf: Date.parse('2025-06-30T12:00:00Z'), engine: 'js' });
    expect(Object.keys(report.policy)).toEqual(['document', 'versions']);
    expect(report.findings?.some((f) => 'document' in f)).toBe(false);
    expect(report.coverage.some((c) => 'document' in c)).toBe(false);
  });
});
