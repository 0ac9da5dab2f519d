// `codicil sql --dialect postgres` prints what `check --engine postgres` runs, for the tables as they
// are: in their schema, typed as `codicil load` writes them or all text. Run as printed on a real
// server, the judging queries find what check finds (review: every statement failed on typed
// columns, and the schema was always public).
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { check, loadPolicy, publishedVersions } from '../engine/index.ts';
import { loadRecords } from '../engine/engines/postgres/load.ts';
import { root } from './helpers.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

const asOf = '2025-06-30T12:00:00Z';
const policy = join(root, 'policy');
const records = join(root, 'examples', 'records');
let server: PostgresServer | undefined;

beforeAll(() => {
  server = startPostgres();
}, 120_000);
afterAll(() => server?.stop());

async function printed(args: string[]): Promise<string> {
  let stdout = '';
  const code = await main(['sql', '--dialect', 'postgres', '--as-of', asOf, ...args], { stdout: (t) => void (stdout += t), stderr: () => {} });
  expect(code).toBe(0);
  return stdout.slice(stdout.indexOf('\n\n') + 2);
}

describe('codicil sql --dialect postgres runs as printed', () => {
  for (const columns of ['typed', 'text'] as const) {
    it(`${columns} columns in a schema of their own: every statement runs, and the judging queries find what check finds`, async () => {
      const schema = `sql_${columns}`;
      const { policy: model } = await loadPolicy(policy);
      const loaded = await loadRecords({ records, database: server!.url, schema, clauseIds: new Set(publishedVersions(model).flatMap((v) => v.clauses.map((c) => c.id))), columns });
      expect(loaded.ok).toBe(true);
      const report = await check({ database: server!.url, schema, policy, asOf: new Date(asOf), engine: 'postgres' });
      const client = new pg.Client({ connectionString: server!.url });
      await client.connect();
      let judged = 0;
      try {
        for (const block of (await printed(['--schema', schema, '--columns', columns])).split(/\n(?=-- )/)) {
          const title = /^-- (.*)/.exec(block)![1]!;
          const sql = block.replace(/^-- .*\n/, '').replace(/;\s*$/, '');
          if (!title.includes(': judged by')) {
            // The validating, key and reference queries list nothing on these records.
            expect((await client.query(sql)).rows, title).toEqual([]);
            continue;
          }
          const clause = title.slice(0, title.indexOf(':'));
          const entry = report.coverage.find((c) => c.clause === clause)!;
          if (entry.status !== 'checked') continue;
          const { rows } = await client.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM (${sql}) AS judged GROUP BY status`);
          const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
          judged++;
          expect({ clause, violations: n('violation'), pending: n('pending'), subjects: n('pass') + n('violation') + n('pending') }).toEqual({ clause, violations: entry.violations, pending: entry.pending, subjects: entry.subjects });
        }
      } finally {
        await client.end();
      }
      expect(judged).toBe(report.coverage.filter((c) => c.status === 'checked').length);
      expect(judged).toBeGreaterThanOrEqual(12);
    }, 60_000);
  }
});
