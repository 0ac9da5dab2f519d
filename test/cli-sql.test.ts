// `codicil sql`: the SQL a check runs, printed for review — and it is the SQL
// that runs: the printed statements, run on a fresh DuckDB, judge as check does.
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
    expect(one.stdout.match(/^-- /gm)).toHaveLength(1);
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
    expect(one.stdout.match(/^-- .*/gm)).toEqual(['-- document terms', expect.stringMatching(/^-- terms\.change-notice: judged by amendment-notice/)]);
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
});
