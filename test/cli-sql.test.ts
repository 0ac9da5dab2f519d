// `codicil sql`: the SQL a check runs, printed for review — and it is the SQL
// that runs: the printed statements, run on a fresh DuckDB, judge as check does.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { check } from '../engine/index.ts';
import { readDataset, writeDataset } from './dataset.ts';
import { root } from './helpers.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

const asOf = '2025-06-30T12:00:00Z';
/** The statements, after the preamble (a comment block, then a blank line). */
const body = (stdout: string): string => stdout.slice(stdout.indexOf('\n\n') + 2);

/** Run printed statements, block by block, on a fresh DuckDB: the judging queries' counts per clause, or the error that stopped the run. */
async function runPrinted(printed: string): Promise<{ counts: Map<string, { violations: number; pending: number; subjects: number }> } | { stopped: string }> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const counts = new Map<string, { violations: number; pending: number; subjects: number }>();
  try {
    for (const block of body(printed).split(/\n(?=-- )/)) {
      const title = /^-- (.*)/.exec(block)![1]!;
      const sql = block.replace(/^-- .*\n/, '');
      if (title.includes(': judged by')) {
        const rows = (await connection.runAndReadAll(`SELECT status, count(*) AS n FROM (${sql.replace(/;\s*$/, '')}) GROUP BY status`)).getRowObjectsJS();
        const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
        counts.set(title.slice(0, title.indexOf(':')), { violations: n('violation'), pending: n('pending'), subjects: n('pass') + n('violation') + n('pending') });
      } else {
        for (const statement of sql.split(/;\n/).filter((s) => s.trim())) await connection.run(statement);
      }
    }
    return { counts };
  } catch (error) {
    return { stopped: (error as Error).message };
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

describe('codicil sql', () => {
  it('prints the staging, the integrity checks and one judging query per clause judged by records or the policy', async () => {
    const { code, stdout } = await run(['sql', '--as-of', asOf]);
    expect(code).toBe(0);
    for (const clause of ['incident.notify-within', 'deletion.on-termination', 'transfer.safeguards', 'amendment.advance-notice']) expect(stdout).toContain(`-- ${clause}: judged by`);
    expect(stdout).toContain('-- deletions: duplicate keys');
    expect(stdout).toContain('-- deletions.store: references to data_stores');
    expect(stdout).not.toMatch(/INTERVAL/i);
  });

  it('prints one clause, and refuses a clause no SQL judges', async () => {
    const one = await run(['sql', '--clause', 'dsr.notify-customer', '--as-of', asOf]);
    expect(one.code).toBe(0);
    expect(body(one.stdout).match(/^-- /gm)).toHaveLength(1);
    const none = await run(['sql', '--clause', 'security.encryption-in-transit']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no clause security.encryption-in-transit is judged by a rule that SQL runs');
  });

  it('with several documents, prints the statements of each document under its heading, as check runs them', async () => {
    const northwind = join(root, 'test/fixtures/documents/northwind');
    const { code, stdout } = await run(['sql', '--policy', northwind, '--as-of', asOf]);
    expect(code).toBe(0);
    expect(stdout.match(/^-- document .*/gm)).toEqual(['-- document dpa', '-- document privacy', '-- document terms']);
    const terms = stdout.slice(stdout.indexOf('-- document terms'));
    expect(terms).toContain('-- terms.change-notice: judged by amendment-notice');
    expect(terms).not.toContain('-- breach.notify: judged by');
    expect(stdout.slice(0, stdout.indexOf('-- document privacy'))).toContain('-- breach.notify: judged by incident-notice-deadline');
    const one = await run(['sql', '--policy', northwind, '--clause', 'terms.change-notice', '--as-of', asOf]);
    expect(body(one.stdout).match(/^-- .*/gm)).toEqual(['-- document terms', expect.stringMatching(/^-- terms\.change-notice: judged by amendment-notice/)]);
    // A single document prints no heading: the output is as before.
    expect((await run(['sql', '--as-of', asOf])).stdout).not.toMatch(/^-- document /m);
  });

  it('runs as printed: on a fresh DuckDB, the judging queries find what check finds', async () => {
    const dir = join(root, 'test', 'output', 'cli-sql', 'records');
    writeDataset(dir, await readDataset(join(root, 'examples', 'records')));
    const printed = (await run(['sql', '--as-of', asOf])).stdout.replaceAll('<records>', dir);
    const report = await check({ records: dir, policy: join(root, 'policy'), asOf: new Date(asOf) });
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const statements = printed.split(/\n(?=-- )/);
      let judged = 0;
      for (const block of statements) {
        const title = /^-- (.*)/.exec(block)![1]!;
        const sql = block.replace(/^-- .*\n/, '');
        if (title.includes(': judged by')) {
          const clause = title.slice(0, title.indexOf(':'));
          const entry = report.coverage.find((c) => c.clause === clause)!;
          if (entry.status !== 'checked') continue;
          const rows = (await connection.runAndReadAll(`SELECT status, count(*) AS n FROM (${sql.replace(/;\s*$/, '')}) GROUP BY status`)).getRowObjectsJS();
          const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
          judged++;
          expect({ clause, violations: n('violation'), pending: n('pending'), subjects: n('pass') + n('violation') + n('pending') }).toEqual({ clause, violations: entry.violations, pending: entry.pending, subjects: entry.subjects });
        } else {
          for (const statement of sql.split(/;\n/).filter((s) => s.trim())) await connection.run(statement);
        }
      }
      expect(judged).toBe(report.coverage.filter((c) => c.status === 'checked').length);
      expect(judged).toBeGreaterThanOrEqual(12);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });

  it('says what it reads and when: the records folder, the tables, as-of, what runs outside SQL', async () => {
    const duck = (await run(['sql', '--as-of', asOf])).stdout;
    expect(duck.slice(0, duck.indexOf('\n\n')).split('\n')).toEqual([
      '-- codicil sql --dialect duckdb: the statements codicil check runs, compiled from the rule plans, for review.',
      '-- <records> stands for the records folder; each table is read here as <records>/TABLE.jsonl, one file per table,',
      '-- and every table must be there (check also reads CSV, JSON, YAML, Parquet and shard folders, and judges a clause',
      '-- whose tables are missing as unchecked).',
      '-- As of 2025-06-30T12:00:00Z (1751284800000 in epoch milliseconds): the instant every query replays.',
      '-- A statement that finds records breaking records.md (or a duplicate key, a reference to nothing) stops the run: check names each one and judges nothing.',
      '-- Outside SQL: waivers (applied to the findings after judging), attestations, and the words of each finding.',
    ]);
    const pg = (await run(['sql', '--dialect', 'postgres', '--schema', 'exports', '--columns', 'text', '--as-of', asOf])).stdout;
    expect(pg).toContain('-- Record tables: schema exports, one table per record table of records.md (text columns: every column text)');
    expect(pg).toContain('FROM "exports"."incidents"');
    expect(pg).not.toContain('"public"');
    for (const option of [['--schema', 'x'], ['--columns', 'text']]) {
      const refused = await run(['sql', ...option]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`${option[0]} is for --dialect postgres (DuckDB reads a records folder) [CODICIL-U001]`);
    }
  });

  it('fails closed as printed: a record that breaks records.md, a duplicate key or a reference to nothing stops the run before anything is judged (review: it judged the valid rows and never said)', async () => {
    const base = await readDataset(join(root, 'examples', 'records'));
    const cases: [string, (lines: string) => string, string][] = [
      ['an instant without an offset', (l) => `${l}{"id":"INC-X","aware_at":"2025-06-01T00:00:00","summary":"x"}\n`, 'incidents: a record breaks records.md: nothing is judged'],
      ['a key given twice', (l) => `${l}${l.split('\n')[0]}\n`, 'incidents: a key is given twice: nothing is judged'],
    ];
    for (const [name, edit, words] of cases) {
      const dir = join(root, 'test', 'output', 'cli-sql', name.replace(/\W+/g, '-'));
      writeDataset(dir, base);
      const file = join(dir, 'incidents.jsonl');
      writeFileSync(file, edit(readFileSync(file, 'utf8')));
      expect((await check({ records: dir, policy: join(root, 'policy'), asOf: new Date(asOf) })).exitCode, name).toBe(2);
      const outcome = await runPrinted((await run(['sql', '--as-of', asOf])).stdout.replaceAll('<records>', dir));
      expect(outcome, name).toEqual({ stopped: expect.stringContaining(words) });
    }
    const dangling = join(root, 'test', 'output', 'cli-sql', 'dangling');
    writeDataset(dangling, base);
    writeFileSync(join(dangling, 'incident_impacts.jsonl'), `${readFileSync(join(dangling, 'incident_impacts.jsonl'), 'utf8')}{"incident_id":"INC-NONE","customer_id":"C-1"}\n`);
    expect(await runPrinted((await run(['sql', '--as-of', asOf])).stdout.replaceAll('<records>', dangling))).toEqual({ stopped: expect.stringContaining('incident_impacts.incident_id: a reference names no row of incidents: nothing is judged') });
  });
});
