// The duckdb engine stages a Parquet file whose columns are of their
// fields' own types (text as VARCHAR, flags as BOOLEAN, instants as VARCHAR
// or TIMESTAMPTZ) the typed way: values read as they are, no JSON written
// or parsed. Each row must be staged exactly as the JSON way stages it (its
// verdict, values, key and reference validity, and the text the reference
// reader words its problems from): compared column by column, for fixed
// hostile rows and for seeded generated ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { duckdbDialect as d } from '../engine/engines/duckdb/dialect.ts';
import { restage } from '../engine/engines/duckdb/engine.ts';
import { parquetDocs, parquetTyped, stageDocs } from '../engine/engines/duckdb/stage-docs.ts';
import { table } from '../engine/records/tables.ts';
import { duckdbForTests } from './duckdb.ts';
import { root } from './helpers.ts';
import { assertAsyncProperty } from './property.ts';

const dir = join(root, 'test', 'output', 'parquet-typed');
const definition = table('dsr_requests');
const duckdb = duckdbForTests({ threads: '2' });
let c: DuckDBConnection;

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  c = duckdb();
});

type Row = Record<string, string | boolean | null>;

/** Each field's Parquet type: timestamps as text or as instants; a field may have no column. */
interface Layout {
  instants: 'VARCHAR' | 'TIMESTAMPTZ';
  without: string[];
}

/** Write rows as a Parquet file of the layout's column types. */
async function writeParquet(rows: Row[], layout: Layout): Promise<{ path: string; columns: { name: string; type: string }[] }> {
  const jsonl = join(dir, 'rows.jsonl');
  const path = join(dir, 'dsr_requests.parquet');
  writeFileSync(jsonl, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const fields = definition.fields.filter((f) => !layout.without.includes(f.name));
  const read = Object.fromEntries(definition.fields.map((f) => [f.name, f.kind === 'boolean' ? 'BOOLEAN' : 'VARCHAR']));
  const select = fields.map((f) => `CAST("${f.name}" AS ${f.kind === 'boolean' ? 'BOOLEAN' : f.kind === 'timestamp' ? layout.instants : 'VARCHAR'}) AS "${f.name}"`);
  await c.run(`COPY (SELECT ${select.join(', ')} FROM read_json('${jsonl}', format = 'newline_delimited', columns = ${JSON.stringify(read).replaceAll('"', "'")})) TO '${path}' (FORMAT parquet)`);
  const columns = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  return { path, columns };
}

/** Stage a file both ways; the rows the typed way left for the JSON way. */
async function stageBoth(path: string, columns: { name: string; type: string }[]): Promise<{ typed: unknown[][]; json: unknown[][]; left: number[] }> {
  const typed = parquetTyped(definition, d, path, columns);
  expect(typed, 'the typed way applies to own-typed columns').toBeDefined();
  await c.run(`CREATE OR REPLACE TABLE typed AS ${typed!}`);
  const left = (await c.runAndReadAll('SELECT _line FROM typed WHERE _blank IS NULL ORDER BY _line')).getRowsJS().map((r) => Number(r[0]));
  await c.run(restage(definition, 'typed'));
  await c.run(`CREATE OR REPLACE TABLE json AS ${stageDocs(definition, d, parquetDocs(path, columns, d), true)}`);
  const all = (name: string) => c.runAndReadAll(`SELECT * FROM ${name} ORDER BY _line`).then((r) => r.getRowsJS());
  return { typed: await all('typed'), json: await all('json'), left };
}

const valid: Row = { id: 'R-1', customer_id: 'C-1', right: 'access', received_at: '2025-01-01T00:00:00Z', customer_notified_at: null, responded_directly_at: null, legally_required: null };

/** Text values a warehouse may hold: empty, quoted, escaped in JSON, control characters, long. */
const TEXTS = ['', 'a', 'I-"q"', 'back\\slash', 'é ü 日本', '\u0000', '\u0001x', '\t', ' spaced ', 'line\nbreak', '\u2028', 'x'.repeat(1000)];
/** Instants as text: valid (offsets, fractions, lower case) and refused. */
const TEXT_INSTANTS = ['2025-01-01T00:00:00Z', '2025-06-30T23:59:59.999+14:00', '1969-12-31T23:59:59.9995z', '2025-01-01t00:00:00-00:01', '2025-01-01 00:00:00Z', '2025-02-30T00:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T00:00:00', '', 'soon'];
/** Instants as DuckDB reads them into TIMESTAMPTZ. */
const TYPED_INSTANTS = ['2025-01-01 00:00:00+00', '2025-06-30 23:59:59.999999+14', '1969-12-31 23:59:59.9995+00', '0001-01-01 00:00:00+00', '9999-12-31 23:59:59.999+00'];

describe('the typed way of staging Parquet', () => {
  it('stages fixed hostile rows exactly as the JSON way, and leaves only rows that could pass the record limit', async () => {
    const rows: Row[] = [
      valid,
      ...TEXTS.map((t, i) => ({ ...valid, id: t, customer_id: `C-${i}` })),
      ...TEXTS.map((t) => ({ ...valid, customer_id: t })),
      ...['ACCESS', '', 'bogus', null].map((right) => ({ ...valid, right })),
      ...TEXT_INSTANTS.map((at, i) => ({ ...valid, id: `T-${i}`, received_at: at, customer_notified_at: at })),
      { ...valid, received_at: null },
      { ...valid, legally_required: true },
      { ...valid, legally_required: false },
      // Text near the record limit: six bytes of JSON for a control character, one for a letter.
      { ...valid, id: 'L-1', customer_id: '\u0001'.repeat(180_000) },
      { ...valid, id: 'L-2', customer_id: 'y'.repeat(1_048_000) },
      { ...valid, id: 'L-3', customer_id: 'y'.repeat(1_048_576) },
    ];
    const { path, columns } = await writeParquet(rows, { instants: 'VARCHAR', without: [] });
    const { typed, json, left } = await stageBoth(path, columns);
    expect(typed).toEqual(json);
    expect(typed).toHaveLength(rows.length);
    // Left: the three long rows only (1-based lines).
    expect(left).toEqual([rows.length - 2, rows.length - 1, rows.length]);
    // The JSON way refuses what it should: the long control characters and the row over the limit.
    const ok = new Map(json.map((r) => [Number(r[1]), r[2]]));
    expect([ok.get(rows.length - 2), ok.get(rows.length - 1), ok.get(rows.length)]).toEqual([false, true, false]);
  });

  it('reads instants typed TIMESTAMPTZ, and a field without a column, as the JSON way does', async () => {
    const rows: Row[] = TYPED_INSTANTS.map((at, i) => ({ ...valid, id: `T-${i}`, received_at: at, customer_notified_at: i % 2 ? at : null }));
    const { path, columns } = await writeParquet(rows, { instants: 'TIMESTAMPTZ', without: ['legally_required', 'responded_directly_at'] });
    const { typed, json, left } = await stageBoth(path, columns);
    expect(typed).toEqual(json);
    expect(left).toEqual([]);
    // Valid rows with their instants in milliseconds, rounded down.
    expect(json.every((r) => r[2] === true)).toBe(true);
  });

  it('is not taken when a column is of another type', () => {
    const columns = definition.fields.map((f) => ({ name: f.name, type: f.kind === 'boolean' ? 'BOOLEAN' : 'VARCHAR' }));
    expect(parquetTyped(definition, d, 'x.parquet', columns)).toBeDefined();
    for (const [name, type] of [['id', 'BIGINT'], ['legally_required', 'VARCHAR'], ['received_at', 'TIMESTAMP'], ['received_at', 'DATE'], ['id', 'BLOB']] as const) {
      expect(parquetTyped(definition, d, 'x.parquet', columns.map((c) => (c.name === name ? { name, type } : c))), `${name} ${type}`).toBeUndefined();
    }
    expect(parquetTyped(definition, d, 'x.parquet', [])).toBeUndefined();
  });

  it('stages generated rows exactly as the JSON way (seeded)', async () => {
    const text = fc.oneof(fc.constantFrom(...TEXTS, null), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }));
    const row = fc.record({
      id: text,
      customer_id: text,
      right: fc.constantFrom('access', 'erasure', 'portability', 'Access', '', null),
      received_at: fc.constantFrom(...TEXT_INSTANTS, null),
      customer_notified_at: fc.constantFrom(...TEXT_INSTANTS, null),
      responded_directly_at: fc.constantFrom(...TEXT_INSTANTS, null),
      legally_required: fc.constantFrom(true, false, null),
    });
    await assertAsyncProperty(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), fc.subarray(['customer_notified_at', 'responded_directly_at', 'legally_required']), async (rows, without) => {
        const { path, columns } = await writeParquet(rows, { instants: 'VARCHAR', without });
        const { typed, json, left } = await stageBoth(path, columns);
        expect(typed).toEqual(json);
        expect(left).toEqual([]);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
