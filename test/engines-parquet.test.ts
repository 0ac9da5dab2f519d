// Parquet is a records format of the duckdb engine: typed columns are read as
// what they mean, and the js engine refuses it with a clear error.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { check, table, type TableName } from '../engine/index.ts';
import { MAX_ERRORS, MAX_RECORD_BYTES } from '../engine/records/limits.ts';
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

  // Found by the Parquet column fuzz (test/records-fuzz.test.ts): BINARY
  // columns were read as DuckDB's escaped form (INC-\xC3\xA9), so the id
  // matched no other table and the error blamed the file that named it
  // correctly; bytes that are not UTF-8 were taken as that escaped text.
  it('reads text stored as bytes (BINARY without UTF8) as that text, and refuses bytes that are not UTF-8 at their row', async () => {
    const dir = join(work, 'binary');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const write = async (sql: string) => {
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      try {
        await c.run(`COPY (${sql}) TO '${join(dir, 'incidents.parquet')}' (FORMAT parquet)`);
      } finally {
        c.closeSync();
        db.closeSync();
      }
    };
    await write(`SELECT encode('INC-é') AS id, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS aware_at, encode('Fuite de données') AS summary`);
    writeFileSync(join(dir, 'incident_impacts.jsonl'), `${JSON.stringify({ incident_id: 'INC-é', customer_id: 'C-1' })}\n`);
    const read = await check({ records: dir, policy, asOf });
    expect(read.errors).toBeUndefined();
    expect(read.exitCode).toBe(0);

    rmSync(join(dir, 'incident_impacts.jsonl'));
    await write(`SELECT 'INC-' || i AS id, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS aware_at, CASE WHEN i = 1 THEN encode('ok') ELSE '\\xE9t\\xE9'::BLOB END AS summary FROM range(1, 4) t(i)`);
    const refused = await check({ records: dir, policy, asOf });
    expect(refused.exitCode).toBe(2);
    expect(refused.findings).toBeUndefined();
    expect(refused.errors!.map((e) => [e.code, e.file, e.line, e.field])).toEqual([
      ['CODICIL-D011', 'incidents.parquet', 2, 'summary'],
      ['CODICIL-D011', 'incidents.parquet', 3, 'summary'],
    ]);

    // Many rows: the first MAX_ERRORS listed, the rest counted.
    await write(`SELECT 'INC-' || i AS id, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS aware_at, '\\xFF'::BLOB AS summary FROM range(1, ${MAX_ERRORS + 11}) t(i)`);
    const many = await check({ records: dir, policy, asOf });
    expect(many.errors!.length).toBe(MAX_ERRORS + 1);
    expect(many.errors!.at(-1)!.message).toMatch(/\b10\b/);
  });

  it('names the field of a float that is not finite (NaN, Infinity), as of any number where text is due, not "not valid JSON"', async () => {
    // DuckDB writes such a float as a bare NaN or Infinity, which JSON has not: the row was "not valid JSON" (hostile review).
    const dir = join(work, 'not-finite');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      // A text that holds the words (INC-NaN, "x:Infinity") is text, and stays so.
      await c.run(`COPY (SELECT * FROM (VALUES ('INC-NaN', '2025-03-01T09:00:00Z', 'x:Infinity "NaN"')) AS t(id, aware_at, summary)) TO '${join(dir, 'incidents.parquet')}' (FORMAT parquet)`);
      await c.run(`COPY (SELECT * FROM (VALUES ('INC-NaN', 'nan'::DOUBLE), ('INC-NaN', 'inf'::DOUBLE), ('INC-NaN', '-inf'::DOUBLE), ('INC-NaN', 1.5::DOUBLE)) AS t(incident_id, customer_id)) TO '${join(dir, 'incident_impacts.parquet')}' (FORMAT parquet)`);
    } finally {
      c.closeSync();
      db.closeSync();
    }
    const report = await check({ records: dir, policy, asOf });
    expect(report.exitCode).toBe(2);
    expect(report.errors!.map((e) => `${e.file}:${e.line} ${e.field} ${e.message}`)).toEqual([
      'incident_impacts.parquet:1 customer_id customer_id must be string (got NaN)',
      'incident_impacts.parquet:2 customer_id customer_id must be string (got Infinity)',
      'incident_impacts.parquet:3 customer_id customer_id must be string (got -Infinity)',
      'incident_impacts.parquet:4 customer_id customer_id must be string (got 1.5)',
    ]);
  });

  it('measures such a row as DuckDB wrote it: just under the record limit, it is not "too long" (review)', async () => {
    const dir = join(work, 'not-finite-long');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // An incident whose id pads its row, as DuckDB writes it, to just under the limit, and whose summary is a float NaN
    // (written out for the reader, the NaN takes 16 bytes more).
    const row = (pad: number) => `{"id":"INC-${'x'.repeat(pad)}","aware_at":"2025-03-01T09:00:00Z","summary":NaN}`;
    const pad = MAX_RECORD_BYTES - row(0).length - 4;
    expect(Buffer.byteLength(row(pad))).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(Buffer.byteLength(row(pad)) + 16).toBeGreaterThan(MAX_RECORD_BYTES);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      await c.run(`COPY (SELECT 'INC-' || repeat('x', ${pad}) AS id, '2025-03-01T09:00:00Z' AS aware_at, 'nan'::DOUBLE AS summary) TO '${join(dir, 'incidents.parquet')}' (FORMAT parquet)`);
    } finally {
      c.closeSync();
      db.closeSync();
    }
    const report = await check({ records: dir, policy, asOf });
    expect(report.errors!.map((e) => `${e.file}:${e.line} ${e.field} ${e.message}`)).toEqual(['incidents.parquet:1 summary summary must be string (got NaN)']);
  });

  it('says DuckDB ran out of memory while staging it as an error of the run (D016), not as a file it cannot read', async () => {
    await toParquet(join(work, 'jsonl'), join(work, 'parquet'));
    const report = await check({ records: join(work, 'parquet'), policy, asOf, memoryLimit: '1MB' });
    expect(report.exitCode).toBe(2);
    expect(report.errors!.map((e) => e.code)).toEqual(['CODICIL-D016']);
  });

  it('is refused by the js engine, which names the engine that reads it', async () => {
    const report = await check({ records: join(work, 'parquet'), policy, asOf, engine: 'js' });
    expect(report.exitCode).toBe(2);
    expect(report.errors![0]).toMatchObject({ code: 'CODICIL-D009', message: expect.stringContaining('--engine duckdb') });
  });
});
