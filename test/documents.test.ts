// A policy folder with several documents: Northwind Analytics' Terms of
// Service, Privacy Policy and Data Processing Addendum (a second
// organization, test/fixtures/documents/northwind), each with its own
// versions, lock and notices. Linted, diffed, drafted, locked and checked
// through the command line, as its legal team would.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, draftVersion, loadPolicy } from '../engine/index.ts';
import type { CheckReport } from '../engine/index.ts';
import { run } from './policy-tests-cli.ts';
import { root, stagePolicy } from './helpers.ts';

const northwind = join(root, 'test/fixtures/documents/northwind');
const records = join(root, 'test/fixtures/documents-records/northwind');

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

  it('names the document in every format', async () => {
    const text = await run(['check', '--policy', northwind, '--records', records, '--as-of', '2025-06-30T12:00:00Z', '--engine', 'js']);
    expect(text.stdout).toContain('codicil check — policy documents dpa (versions 1.0.0, 1.1.0, 2.0.0; applies to Customers of Northwind Analytics on a paid plan), privacy');
    expect(text.stdout).toContain('dpa/breach.notify (§4) — 1 checked, 1 violation(s)');
    expect(text.stdout).toContain('expired   privacy/rights.access');
    const github = await run(['check', '--policy', northwind, '--records', records, '--as-of', '2025-06-30T12:00:00Z', '--format', 'github', '--engine', 'js']);
    expect(github.stdout).toContain('title=dpa/breach.notify violation');
    const sarif = JSON.parse((await run(['check', '--policy', northwind, '--records', records, '--as-of', '2025-06-30T12:00:00Z', '--format', 'sarif', '--engine', 'js'])).stdout);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['dpa/breach.notify']);
  });

  it('keeps a single-document report exactly as it was: no document named, no documents list', async () => {
    const report = await check({ policy: join(root, 'policy'), records: join(root, 'examples/records'), asOf: Date.parse('2025-06-30T12:00:00Z'), engine: 'js' });
    expect(Object.keys(report.policy)).toEqual(['document', 'versions']);
    expect(report.findings?.some((f) => 'document' in f)).toBe(false);
    expect(report.coverage.some((c) => 'document' in c)).toBe(false);
  });
});
