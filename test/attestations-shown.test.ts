// Which attestation a clause's coverage shows when several hold: the one
// lasting longest, then the latest made, then by who made it — never the
// order the rows arrive in (review: two attestations expiring together
// showed alice on js and duckdb, bob on postgres, whose heap order is not
// the file's). Every engine, both orders of the rows; a real server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../engine/index.ts';
import { root } from './helpers.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

const policy = join(root, 'policy');
const asOf = new Date('2025-06-30T00:00:00Z');
const rows = [
  { clause: 'processing.on-behalf', attested_by: 'alice@example.com', attested_at: '2025-01-01T00:00:00Z', expires_at: '2026-01-01T00:00:00Z' },
  { clause: 'processing.on-behalf', attested_by: 'bob@example.com', attested_at: '2025-02-01T00:00:00Z', expires_at: '2026-01-01T00:00:00Z' },
  // Made on the same day as bob's, by someone whose name sorts after his: bob's is shown.
  { clause: 'processing.on-behalf', attested_by: 'carol@example.com', attested_at: '2025-02-01T00:00:00Z', expires_at: '2026-01-01T00:00:00Z' },
];
const expected = { by: 'bob@example.com', attestedAt: '2025-02-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' };

let server: PostgresServer | undefined;
beforeAll(() => {
  server = startPostgres();
}, 120_000);
afterAll(() => server?.stop());

const shown = (report: Awaited<ReturnType<typeof check>>) => {
  const entry = report.coverage.find((c) => c.clause === 'processing.on-behalf')!;
  const { source: _source, ...attestation } = entry.attestation!;
  return { status: entry.status, attestation };
};

describe('the attestation a clause shows does not depend on the order of the rows', () => {
  for (const [name, order] of [
    ['as written', rows],
    ['reversed', [...rows].reverse()],
  ] as const) {
    it(`${name}: js and duckdb from a file, postgres from a table`, async () => {
      const dir = join(root, 'test', 'output', 'attestations-shown', name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'attestations.jsonl'), order.map((r) => JSON.stringify(r)).join('\n') + '\n');
      for (const engine of ['js', 'duckdb'] as const) expect(shown(await check({ records: dir, policy, asOf, engine })), engine).toEqual({ status: 'attested', attestation: expected });
      const schema = `att_${name.replace(/\W+/g, '_')}`;
      const client = new pg.Client({ connectionString: server!.url });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.attestations (clause text, attested_by text, attested_at text, expires_at text, evidence text)`);
        for (const r of order) await client.query(`INSERT INTO ${schema}.attestations VALUES ($1, $2, $3, $4, NULL)`, [r.clause, r.attested_by, r.attested_at, r.expires_at]);
      } finally {
        await client.end();
      }
      expect(shown(await check({ database: server!.url, schema, policy, asOf, engine: 'postgres' })), 'postgres').toEqual({ status: 'attested', attestation: expected });
    }, 60_000);
  }
});
