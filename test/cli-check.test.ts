import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { root } from './helpers.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false, progress: false });
  return { code, stdout, stderr };
}
const examples = join(root, 'examples', 'records');
const policy = join(root, 'policy');

describe('codicil check (exit codes of cli.md)', () => {
  it('exits 1 with violations, and prints the JSON report of the contract', async () => {
    const { code, stdout } = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-06-30T12:00:00Z', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.asOf).toBe('2025-06-30T12:00:00.000Z');
    expect(report.policy).toEqual({ document: 'dpa', versions: ['1.0.0'] });
    expect(report.summary).toMatchObject({ violations: 11, pending: 7 });
    expect(report.errors).toBeUndefined();
    expect(report.coverage).toContainEqual(expect.objectContaining({ clause: 'incident.notify-within', status: 'checked', subjects: 5 }));
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        clause: 'incident.notify-within',
        status: 'violation',
        key: { incident_id: 'INC-2025-002', customer_id: 'C-100' },
        version: '1.0.0',
        message: 'notified 80h after becoming aware; the DPA allows 72 hours',
        source: { file: 'incident_impacts.jsonl', line: 4 },
      }),
    );
    for (const f of report.findings) expect(['violation', 'pending']).toContain(f.status);
  });

  it('exits 0 when nothing is violated (pending allowed)', async () => {
    const { code, stdout } = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-02-01T00:00:00Z', '--format', 'json']);
    const report = JSON.parse(stdout);
    expect(report.summary.violations).toBe(0);
    expect(code).toBe(0);
  });

  it('exits 2 with errors and no findings on invalid records', async () => {
    const { code, stdout } = await run(['check', '--records', join(root, 'test/fixtures/check/integrity/records'), '--policy', policy, '--format', 'json']);
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.findings).toBeUndefined();
    expect(report.errors.length).toBeGreaterThan(10);
    for (const e of report.errors) expect(Object.keys(e).sort()).toEqual(['code', 'field', 'file', 'line', 'message']);
  });

  it('exits 2 on an invalid policy, judging nothing', async () => {
    const { code, stdout } = await run(['check', '--records', examples, '--policy', join(root, 'test/fixtures/lint/unknown-rule-kind'), '--format', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).findings).toBeUndefined();
  });

  it('with --strict, unchecked clauses and missing attestations fail (exit 1)', async () => {
    const args = ['check', '--records', join(root, 'test/fixtures/check/no-records/records'), '--policy', policy, '--as-of', '2025-06-30T12:00:00Z'];
    expect((await run(args)).code).toBe(0);
    expect((await run([...args, '--strict'])).code).toBe(1);
  });

  it('exits 2 on bad usage', async () => {
    expect((await run(['check'])).code).toBe(2);
    expect((await run(['check', '--records', examples, '--as-of', '2025-06-30T12:00:00'])).code).toBe(2);
    expect((await run(['check', '--records', examples, '--as-of', 'yesterday'])).code).toBe(2);
    expect((await run(['check', '--records', examples, '--format', 'xml'])).code).toBe(2);
  });

  it('accepts a date as --as-of, meaning 00:00 UTC', async () => {
    const { stdout } = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-06-30', '--format', 'json']);
    expect(JSON.parse(stdout).asOf).toBe('2025-06-30T00:00:00.000Z');
  });

  it('explains findings with --explain, and never colours without a terminal', async () => {
    const { stdout } = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-06-30T12:00:00Z', '--explain']);
    expect(stdout).toContain('rule: first notice ≤ aware_at + PT72H = 2025-04-06T12:00:00Z (inclusive)');
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('runs as `npx codicil check` and respects NO_COLOR', () => {
    let out = '';
    try {
      execFileSync('npx', ['--no-install', 'codicil', 'check', '--records', 'examples/records', '--format', 'json', '--as-of', '2025-06-30T12:00:00Z'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      const e = error as { status: number; stdout: string };
      expect(e.status).toBe(1);
      out = e.stdout;
    }
    expect(JSON.parse(out).summary.violations).toBe(11);

    // Colour needs a terminal: `script` runs the real CLI on a pseudo-terminal, with and without NO_COLOR.
    const onTerminal = (env: NodeJS.ProcessEnv) =>
      spawnSync('script', ['-q', '-e', '-c', 'node bin/codicil.js check --records examples/records --as-of 2025-06-30T12:00:00Z', '/dev/null'], { cwd: root, encoding: 'utf8', env, timeout: 60_000 });
    const { NO_COLOR: _unset, ...colourful } = process.env;
    const coloured = onTerminal(colourful);
    expect(coloured.status).toBe(1);
    expect(coloured.stdout).toContain('\u001b[31m✗ violation');
    const plain = onTerminal({ ...colourful, NO_COLOR: '1' });
    expect(plain.status).toBe(1);
    expect(plain.stdout).toContain('✗ violation');
    expect(plain.stdout).not.toMatch(/\u001b\[[0-9;]*m/);
  });
});

describe('codicil check never crashes into a verdict', () => {
  it('exits 2 for a missing records folder, a file instead of a folder, and a broken link', async () => {
    const { mkdirSync, rmSync, symlinkSync, writeFileSync } = await import('node:fs');
    const dir = join(root, 'test', 'output', 'broken-records');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    symlinkSync('/nonexistent/target', join(dir, 'incidents'));
    writeFileSync(join(dir, 'incidents.jsonl'), '{"id":"I-1","aware_at":"2025-01-01T00:00:00Z"}\n');
    for (const records of [dir, join(root, 'no/such/folder'), join(root, 'README.md')]) {
      const { code, stdout } = await run(['check', '--records', records, '--policy', policy, '--format', 'json']);
      expect(code, records).toBe(2);
      expect(JSON.parse(stdout).errors.length, records).toBeGreaterThan(0);
    }
  });
});

describe('DuckDB out of memory', () => {
  // DuckDB says it in three ways (it could not allocate a block or failed to pin one, and through its appender);
  // each found on the example records, at 1MB and 5MB (where 5MB ends moved when staged tables lost columns).
  // The engine knows them by the same words (engines/duckdb/engine.ts).
  it.each(['1MB', '5MB'])('--memory-limit %s too small for the records: exit 2, error D016 in the requested format, nothing judged', async (limit) => {
    const { code, stdout, stderr } = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-06-30T12:00:00Z', '--memory-limit', limit, '--format', 'json']);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(report.findings).toBeUndefined();
    expect(report.errors).toEqual([{ code: 'CODICIL-D016', file: examples, line: null, field: null, message: expect.stringMatching(new RegExp(`^DuckDB ran out of memory \\(--memory-limit ${limit}\\) and judged nothing: (could not|failed to) (allocate|pin) `)) }]);
  });

  it('a --memory-limit DuckDB cannot take: exit 2, error D017 in the requested format, never an internal error (review)', async () => {
    const { code, stdout, stderr } = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-06-30T12:00:00Z', '--memory-limit', '99999999TB', '--format', 'json']);
    expect([code, stderr]).toEqual([2, '']);
    const report = JSON.parse(stdout);
    expect(report.findings).toBeUndefined();
    expect(report.errors).toEqual([{ code: 'CODICIL-D017', file: examples, line: null, field: null, message: 'DuckDB refused its settings (--memory-limit 99999999TB) and judged nothing: Failed to set config' }]);
  });

  it('the text and Markdown reports blame the engine, not the input', async () => {
    const text = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-06-30T12:00:00Z', '--memory-limit', '1MB']);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('Could not judge: 1 error(s) of the engine or database reading it. Nothing was judged.');
    expect(text.stdout).not.toContain('in the input');
    const markdown = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2025-06-30T12:00:00Z', '--memory-limit', '1MB', '--format', 'markdown']);
    expect(markdown.stdout).toContain('\n1 error(s) of the engine or database reading it; nothing was judged.\n');
  });
});

describe('options', () => {
  it('refuses an option the command does not take', async () => {
    const { code, stderr } = await run(['lint', '--records', 'x']);
    expect(code).toBe(2);
    expect(stderr).toContain('codicil lint takes no --records');
    expect((await run(['check', '--records', examples, '--policy', policy, '--out', 'x'])).code).toBe(2);
  });
});

describe('as of a time before the first version takes effect', () => {
  it('judges nothing, says why, and fails with --strict (nothing in force is nothing checked)', async () => {
    for (const engine of ['js', 'duckdb']) {
      const lenient = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2024-12-01T23:59:59Z', '--format', 'json', '--engine', engine]);
      expect(lenient.code, engine).toBe(0);
      const report = JSON.parse(lenient.stdout);
      expect(report.summary.checked).toBe(0);
      const judged = report.coverage.filter((c: { rule: string }) => c.rule !== 'attestation');
      expect(judged.length).toBeGreaterThan(5);
      for (const c of judged) expect(c).toMatchObject({ status: 'unchecked', reason: 'no version of the policy is in force at as-of (the first takes effect on 2024-12-02)' });
      const strict = await run(['check', '--records', examples, '--policy', policy, '--as-of', '2024-12-01T23:59:59Z', '--format', 'json', '--strict', '--engine', engine]);
      expect(strict.code, engine).toBe(1);
    }
  });
});

describe('a records file the user cannot read', () => {
  // Root reads any file: the CLI then runs without the capabilities that let it (setpriv), as a user would.
  const asUser = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];
  it('is CODICIL-D007 in the same report on every engine (review: duckdb ended in an internal error)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codicil-unreadable-'));
    try {
      cpSync(examples, join(dir, 'records'), { recursive: true });
      chmodSync(join(dir, 'records', 'incidents.jsonl'), 0o000);
      // A shard folder and a shard (review F8: Node's words, with the absolute path).
      chmodSync(join(dir, 'records', 'deletions'), 0o000);
      mkdirSync(join(dir, 'records', 'access_grants'));
      renameSync(join(dir, 'records', 'access_grants.jsonl'), join(dir, 'records', 'access_grants', 'part-1.jsonl'));
      chmodSync(join(dir, 'records', 'access_grants', 'part-1.jsonl'), 0o000);
      const reports = ['js', 'duckdb'].map((engine) => {
        const args = [process.execPath, join(root, 'bin', 'codicil.js'), 'check', '--records', join(dir, 'records'), '--policy', policy, '--as-of', '2025-06-30T12:00:00Z', '--format', 'json', '--engine', engine];
        const r = spawnSync(asUser[0] ?? args[0]!, [...asUser.slice(1), ...(asUser.length > 0 ? args : args.slice(1))], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toBe('');
        const { engine: _engine, ...report } = JSON.parse(r.stdout);
        return report;
      });
      // In words, every file named from the records folder as every other record error (review F8: "EACCES: permission denied, open '/abs/path'").
      expect(reports[0].errors).toEqual([
        { code: 'CODICIL-D007', file: 'deletions', line: null, field: null, message: 'cannot read the file: permission denied' },
        { code: 'CODICIL-D007', file: 'incidents.jsonl', line: null, field: null, message: 'cannot read the file: permission denied' },
        { code: 'CODICIL-D007', file: join('access_grants', 'part-1.jsonl'), line: null, field: null, message: 'cannot read the file: permission denied' },
      ]);
      expect(reports[1]).toEqual(reports[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a check stopped by a signal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codicil-stop-'));
  const records = join(dir, 'records');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    mkdirSync(records);
    // Enough rows that staging takes a while after DuckDB's folder is made, in memory enough never to run out.
    writeFileSync(join(records, 'incidents.jsonl'), Array.from({ length: 1_000_000 }, (_, i) => `{"id":"INC-${i}","aware_at":"2025-01-01T00:00:00Z"}\n`).join(''));
  });

  /** Start `codicil check` as the kernel starts it, with its own temporary folder; its exit, stdout and stderr. */
  function start(engine: string, temp: string) {
    const child = spawn(join(root, 'bin', 'codicil.js'), ['check', '--records', records, '--policy', policy, '--engine', engine, ...(engine === 'duckdb' ? ['--memory-limit', '512MB', '--threads', '1'] : [])], {
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout!.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
    const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (status, signal) => resolve({ status, signal })));
    return { child, out, exited };
  }

  // No `finally` runs on a signal: the executable removes its temporary folders itself
  // (review: an interrupted check left DuckDB's spill files, record values in them, in /tmp).
  it.each([
    ['SIGINT', 0, 130],
    ['SIGTERM', 0, 143],
    // Between two of DuckDB's queries (the file's lines are counted in Node first): the next query is interrupted too.
    ['SIGINT', 20, 130],
  ] as const)('removes its temporary folders on %s (%i ms after DuckDB starts) and exits %i, saying nothing', async (signal, after, code) => {
    const temp = mkdtempSync(join(dir, 'tmp-'));
    const { child, out, exited } = start('duckdb', temp);
    const deadline = Date.now() + 30_000;
    while (readdirSync(temp).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(readdirSync(temp)).toEqual([expect.stringMatching(/^codicil-duckdb-/)]);
    await new Promise((resolve) => setTimeout(resolve, after));
    const sent = Date.now();
    child.kill(signal);
    expect(await exited).toEqual({ status: code, signal: null });
    // DuckDB's query is interrupted, not finished, nor the file read again by the reference reader (an
    // interrupted query was taken for a file DuckDB cannot read); a report cut short is never printed.
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(out).toEqual({ stdout: '', stderr: '' });
    expect(readdirSync(temp)).toEqual([]);
  });

  it('stops at once where no temporary folder is there: the signal’s own action (review: a long diff ran 13 s more)', async () => {
    const temp = mkdtempSync(join(dir, 'tmp-'));
    const { child, exited } = start('js', temp);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    expect(await exited).toEqual({ status: null, signal: 'SIGINT' });
    expect(readdirSync(temp)).toEqual([]);
  });
});
