// The duckdb engine reads a JSONL file in parallel and numbers each record by
// its place in the staged table, so the staging must keep the file's order.
// DuckDB keeps it for a reader followed by projections (batch insert); a join
// (which DuckDB makes of a long IN list) does not. keepsOrder refuses any
// other plan before a line could be wrong.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../engine/index.ts';
import { DUCKDB_MACROS, duckdbDialect as d } from '../engine/engines/duckdb/dialect.ts';
import { keepsOrder, restage } from '../engine/engines/duckdb/engine.ts';
import { fastDocs, jsonlDocs, stageDocs } from '../engine/engines/duckdb/stage-docs.ts';
import { table } from '../engine/records/tables.ts';
import { root } from './helpers.ts';

const dir = join(root, 'test', 'output', 'duckdb-order');

async function withDuckdb<T>(threads: string, run: (c: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(':memory:', { threads });
  const c = await db.connect();
  try {
    for (const macro of DUCKDB_MACROS) await c.run(macro);
    return await run(c);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('staging keeps the order of a JSONL file', () => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'lines.jsonl');
  writeFileSync(file, '{"a":"x"}\n');

  it.each(['1', '2'])('every table’s staging is a plan that keeps it (%s threads)', async (threads) => {
    await withDuckdb(threads, async (c) => {
      for (const name of TABLE_NAMES) {
        await expect(keepsOrder(c, `CREATE TABLE t AS ${stageDocs(table(name), d, jsonlDocs(file, false))}`), name).resolves.toBeUndefined();
        // The fast way too (every table has one: its fields' names need no escape).
        await expect(keepsOrder(c, `CREATE TABLE t AS ${fastDocs(table(name), d, jsonlDocs(file, false))!}`), `${name} (fast)`).resolves.toBeUndefined();
      }
    });
  });

  it('a plan with a join is refused (a long IN list, as the enum check once was)', async () => {
    await withDuckdb('2', async (c) => {
      const inList = `CREATE TABLE t AS SELECT doc, doc IN ('a', 'b', 'c', 'd', 'e', 'f', 'g') AS ok FROM ${jsonlDocs(file, false)}`;
      await expect(keepsOrder(c, inList)).rejects.toThrow(/would not keep the file's order \(plan: CREATE_TABLE_AS → HASH_JOIN → \(branches\)/);
      await expect(keepsOrder(c, `CREATE TABLE t AS SELECT doc FROM ${jsonlDocs(file, false)} ORDER BY doc`)).rejects.toThrow(/would not keep the file's order/);
    });
  });

  it('and the rows of a file of several row groups are numbered by their lines, on two threads', async () => {
    // Enum values of every kind, so that the enum checks are exercised; 300 000 lines are several of DuckDB's batches.
    const rights = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'];
    const lines: string[] = [];
    for (let i = 0; i < 300_000; i++) {
      lines.push(i % 1000 === 999 ? '' : JSON.stringify({ id: `R-${i}`, customer_id: 'C', right: rights[i % rights.length], received_at: '2025-01-01T00:00:00Z' }));
    }
    const big = join(dir, 'dsr_requests.jsonl');
    writeFileSync(big, `${lines.join('\n')}\n`);
    await withDuckdb('2', async (c) => {
      // As the engine stages it: the fast way, then the lines it left (the blank ones) in place.
      const create = `CREATE TABLE t AS ${fastDocs(table('dsr_requests'), d, jsonlDocs(big, false))!}`;
      await keepsOrder(c, create);
      await c.run(create);
      expect((await c.runAndReadAll('SELECT count(*) AS n FROM t WHERE _blank IS NULL')).getRowObjectsJS()).toEqual([{ n: 300n }]);
      await c.run(restage(table('dsr_requests'), 't'));
      const reader = await c.runAndReadAll(`SELECT count(*) AS n, count(*) FILTER (WHERE NOT _blank AND id <> 'R-' || rowid) AS misplaced, count(*) FILTER (WHERE _blank) AS blank, count(*) FILTER (WHERE NOT _blank AND NOT _ok) AS invalid FROM t`);
      expect(reader.getRowObjectsJS()[0]).toEqual({ n: 300_000n, misplaced: 0n, blank: 300n, invalid: 0n });
    });
  });
});
