// Parquet is a records format of the duckdb engine: typed columns are read as
// what they mean, and the js engine refuses it with a clear error.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { check, table, type TableName } from '../engine/index.ts';
import { formatJson } from '../engine/report/json.ts';
import { readDataset, writeDataset } from './dataset.ts';
import { root } from './helpers.ts';

const work = join(root, 'test', 'output', 'parquet');
const policy = join(root, 'policy');
const asOf = new Date('2025-06-30T12:00:00Z');

/** Write each JSONL table of a folder as Parquet, timestamps typed TIMESTAMPTZ (or a naive TIMESTAMP, to be refused). */
async function toParquet(from: string, to: string, naive = false, extra = false): Promise<void> {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run("SET TimeZone = 'UTC'");
    for (const file of readdirSync(from)) {
      const name = file.replace(/\.jsonl$/, '') as TableName;
      const fields = table(name).fields;
      const q = (n: string) => `"${n}"`;
      const columns = fields.map((f) => `CAST(${q(f.name)} AS ${f.kind === 'timestamp' ? (naive ? 'TIMESTAMP' : 'TIMESTAMPTZ') : f.kind === 'boolean' ? 'BOOLEAN' : 'VARCHAR'}) AS ${q(f.name)}`);
      if (extra) columns.push("'x' AS notes");
      const types = Object.fromEntries(fields.map((f) => [f.name, 'VARCHAR']));
      await c.run(`COPY (SELECT ${columns.join(', ')} FROM read_json('${join(from, file)}', format = 'newline_delimited', columns = ${JSON.stringify(types).replaceAll('"', "'")})) TO '${join(to, `${name}.parquet`)}' (FORMAT parquet)`);
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('Parquet records (duckdb engine)', () => {
  it('judges Parquet exactly as the same rows in JSONL', async () => {
    const jsonl = join(work, 'jsonl');
    writeDataset(jsonl, await readDataset(join(root, 'examples', 'records')));
    await toParquet(jsonl, join(work, 'parquet'));
    const fromJsonl = await check({ records: jsonl, policy, asOf, explain: true });
    const fromParquet = await check({ records: join(work, 'parquet'), policy, asOf, explain: true });
    expect(fromParquet.exitCode).toBe(1);
    expect(formatJson(fromParquet).replaceAll('.parquet', '.jsonl')).toBe(formatJson(fromJsonl));
  });

  it('refuses a timestamp column without a time zone and a column that is not a field, row by row and once', async () => {
    const jsonl = join(work, 'jsonl-small');
    const data = await readDataset(join(root, 'examples', 'records'));
    writeDataset(jsonl, { incidents: data.incidents });
    await toParquet(jsonl, join(work, 'naive'), true, true);
    const report = await check({ records: join(work, 'naive'), policy, asOf });
    expect(report.exitCode).toBe(2);
    expect(report.errors![0]).toMatchObject({ code: 'CODICIL-D111', file: 'incidents.parquet', line: null, field: 'notes' });
    expect(report.errors!.slice(1).every((e) => e.code === 'CODICIL-D207' && e.field === 'aware_at' && e.line !== null)).toBe(true);
    expect(report.errors!.length).toBe(1 + data.incidents!.length);
  });

  it('is refused by the js engine, which names the engine that reads it', async () => {
    const report = await check({ records: join(work, 'parquet'), policy, asOf, engine: 'js' });
    expect(report.exitCode).toBe(2);
    expect(report.errors![0]).toMatchObject({ code: 'CODICIL-D009', message: expect.stringContaining('--engine duckdb') });
  });
});
