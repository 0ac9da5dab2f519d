// The duckdb engine stages a JSONL file the fast way (one parse per record,
// for records written plainly) and the lines it leaves the full way, in
// place. Neither may call a record valid that the reference reader refuses,
// nor stage a value other than the one it reads: each line is compared with
// the reference reader's verdict and values, for fixed hostile lines and for
// seeded mutations of plain ones.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { duckdbDialect as d } from '../engine/engines/duckdb/dialect.ts';
import { restage } from '../engine/engines/duckdb/engine.ts';
import { fastDocs, jsonlDocs } from '../engine/engines/duckdb/stage-docs.ts';
import { MAX_RECORD_BYTES } from '../engine/records/limits.ts';
import { readJsonLine } from '../engine/records/readers/jsonl.ts';
import { table, type TableName } from '../engine/records/tables.ts';
import { rowValidator } from '../engine/records/validate-row.ts';
import { parseTimestamp } from '../engine/schemas/timestamp.ts';
import { duckdbForTests } from './duckdb.ts';
import { root } from './helpers.ts';
import { assertAsyncProperty } from './property.ts';
import { onEveryEngine } from './parity/run.ts';

const dir = join(root, 'test', 'output', 'duckdb-staging');
const duckdb = duckdbForTests({ threads: '2' });
let c: DuckDBConnection;

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  c = duckdb();
});

/** A line as DuckDB staged it, and as the reference reader reads it. */
interface Compared {
  line: string;
  fast: boolean;
  duckdb: { blank: boolean; ok: boolean; values: unknown[] };
  reference: { blank: boolean; ok: boolean; values: unknown[] };
}

/** Stage lines as the engine does (fast, then the rest in place) and read each with the reference reader. */
async function compare(name: TableName, lines: string[]): Promise<Compared[]> {
  const definition = table(name);
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  await c.run(`CREATE OR REPLACE TABLE staged AS ${fastDocs(definition, d, jsonlDocs(file, false))!}`);
  const left = (await c.runAndReadAll('SELECT rowid AS r FROM staged WHERE _blank IS NULL')).getRowObjectsJS().map((r) => Number(r.r));
  await c.run(restage(definition, 'staged'));
  const staged = (await c.runAndReadAll(`SELECT _blank, _ok, ${definition.fields.map((f) => d.id(f.name)).join(', ')} FROM staged ORDER BY rowid`)).getRowsJS();
  expect(staged).toHaveLength(lines.length);
  const validate = rowValidator(definition);
  return lines.map((line, i) => {
    const [blank, ok, ...values] = staged[i]!;
    const reference = { blank: true, ok: false, values: definition.fields.map(() => null as unknown) };
    readJsonLine(line, i + 1, {
      row: (read, _line, repeated) => {
        reference.blank = false;
        reference.ok = validate(read, repeated).problems.length === 0;
        reference.values = definition.fields.map((f) => {
          const value = read[f.name] ?? null;
          // Staged as epoch milliseconds (compared only for a valid record, whose timestamps are instants).
          const ms = f.kind === 'timestamp' && typeof value === 'string' ? parseTimestamp(value) : NaN;
          return Number.isNaN(ms) ? value : BigInt(ms);
        });
      },
      badRow: () => void (reference.blank = false),
      fileProblem: () => void (reference.blank = false),
    });
    return { line, fast: !left.includes(i), duckdb: { blank: blank as boolean, ok: ok as boolean, values }, reference };
  });
}

/** The same verdict, and for a valid record the same values. */
function expectAgreement(compared: Compared[]): void {
  for (const x of compared) {
    expect({ line: x.line, blank: x.duckdb.blank, ok: x.duckdb.ok }).toEqual({ line: x.line, blank: x.reference.blank, ok: x.reference.ok });
    if (x.reference.ok) expect({ line: x.line, values: x.duckdb.values }).toEqual({ line: x.line, values: x.reference.values });
  }
}

const PLAIN: Partial<Record<TableName, string>> = {
  incidents: '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a"}',
  deletions: '{"account_id":"A-1","store":"db","completed_at":"2025-04-21T10:10:07.422+02:00"}',
  data_stores: '{"id":"db","kind":"backup","holds_personal_data":true}',
};

describe('staging a JSONL file on DuckDB: the fast way and the full way agree with the reference reader', () => {
  it('stages plainly written records the fast way, and them only', async () => {
    const plain = [
      PLAIN.incidents!,
      '{"id":"I-2","aware_at":"2025-06-01T00:00:00.5+01:00","summary":"émoji 🙂"}',
      '{"summary":"b","id":"I-3","aware_at":"2025-06-01T00:00:00Z"}',
      '{"id":"I-4","aware_at":"2025-06-01T00:00:00Z"}',
      // As Python's json.dumps writes it, and other blanks between tokens.
      '{"id": "I-5", "aware_at": "2025-06-01T00:00:00Z", "summary": "a, b: c"}',
      '{ "id" :\t"I-6" ,"aware_at":"2025-06-01T00:00:00Z" }  ',
    ];
    const left = ['', '{"id":"I-7","aware_at":"2025-06-01T00:00:00Z","summary":"a\\u00e9"}', '  {"id":"I-8","aware_at":"2025-06-01T00:00:00Z"}'];
    const compared = await compare('incidents', [...plain, ...left]);
    expectAgreement(compared);
    // Keys in any order, values with any character but an escape, optional fields absent, blanks between tokens: all fast.
    expect(compared.map((x) => x.fast)).toEqual([...plain.map(() => true), ...left.map(() => false)]);
    // Booleans too, as Python writes them.
    const stores = await compare('data_stores', ['{"id": "db", "kind": "backup", "holds_personal_data": true}', '{"id":"logs","kind":"logs","holds_personal_data":false}']);
    expectAgreement(stores);
    expect(stores.map((x) => [x.fast, x.duckdb.ok])).toEqual([
      [true, true],
      [true, true],
    ]);
  });

  it('leaves every record that is not exactly its known members to the full way (hostile lines)', async () => {
    const hostile: [TableName, string][] = [
      ['incidents', '{"id":"\\u0049-1","aware_at":"2025-06-01T00:00:00Z","summary":"a"}'],
      ['incidents', '{"\\u0069d":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a"}'],
      ['incidents', '{"id":"I-1","id":"I-2","aware_at":"2025-06-01T00:00:00Z","summary":"a"}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a","x":"y"}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a",}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a"} '],
      ['incidents', '{"id":1,"aware_at":"2025-06-01T00:00:00Z","summary":"a"}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":null}'],
      ['incidents', '{"id":"I-1","aware_at":NaN,"summary":"a"}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a\\"b"}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":{"a":1}}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a"'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01T00:00:00z","summary":"a"}'],
      ['incidents', '{"id":"I-1","aware_at":"2025-06-01 00:00:00Z","summary":"a"}'],
      // An escape that shortens a value, and an unknown member: both make the text longer, never the same.
      ['incidents', '{"id":"\\u0049","x":1,"aware_at":"2025-06-01T00:00:00Z","summary":"a"}'],
      // A key of another case, as long as the field's: an unknown key, the field absent.
      ['incidents', '{"ID":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"a"}'],
      // Blanks with a trailing comma, an unknown or a repeated member, an escape elsewhere in the line.
      ['incidents', '{"id": "I-1", "aware_at": "2025-06-01T00:00:00Z", "summary": "a",}'],
      ['incidents', '{"id": "I-1", "aware_at": "2025-06-01T00:00:00Z", "summary": "a", "x": 1}'],
      ['incidents', '{"id": "I-1", "aware_at": "2025-06-01T00:00:00Z", "summary": "a", "id": "I-2"}'],
      ['incidents', '{"id": "I-1", "aware_at": "2025-06-01T00:00:00Z", "summary": "a", "x\\"": 1}'],
      ['incidents', '{"id": "I-1", "aware_at": "2025-06-01T00:00:00Z", "summary": "a", "x": [1, 2]}'],
      ['incidents', '{"id": "I-1", "aware_at": "2025-06-01T00:00:00Z", "summary": NaN}'],
      ['incidents', '{}'],
      ['incidents', '[]'],
      ['incidents', '{x'],
      ['incidents', `{"id":"I-1","aware_at":"2025-06-01T00:00:00Z","summary":"${'a'.repeat(MAX_RECORD_BYTES)}"}`],
      ['data_stores', '{"id":"db","kind":"backup","holds_personal_data":"true"}'],
      ['data_stores', '{"id":"db","kind":"backup","holds_personal_data":True}'],
      ['data_stores', '{"id":"db","kind":"tape","holds_personal_data":false}'],
      ['data_stores', '{"id":"db","kind":"backup","holds_personal_data":1}'],
      ['deletions', '{"account_id":"A-1","store":"","completed_at":"2025-04-21T10:10:07Z"}'],
      ['deletions', '{"account_id":"A-1","store":"db","completed_at":"2025-04-21T24:10:07Z"}'],
      ['deletions', '{"account_id":"A-1","store":"db","completed_at":"2025-02-30T10:10:07Z"}'],
    ];
    for (const [name, line] of hostile) {
      const [x] = await compare(name, [line]);
      expectAgreement([x!]);
      // Only a record that is exactly its known members, plainly written, is read the fast way.
      if (x!.fast) expect(/^\{\s*("[a-z_]+"\s*:\s*("[^"\\]*"|true|false)\s*(,\s*(?!\})|(?=\})))*\}\s*$/.test(line), line).toBe(true);
    }
  });

  it('agrees with the reference reader on mutated lines (seeded)', async () => {
    const inserts = ['', ',', '}', '"', '\\', 'NaN', ' ', '  ', ', ', ': ', '{', '[1,]', '"id":"x",', '"id":"I-1",', '\u00e9', '\t', '\\u0041', '\\"', 'true', 'false', 'null', '1', '"x":1,', '"store":"db",', '"kind":"backup",', ':', '\\/', '""', '"summary":"b",', '"holds_personal_data":false,', '1e2', '-0', '\u0000'];
    const edit = fc.record({ at: fc.nat(90), cut: fc.nat(4), insert: fc.constantFrom(...inserts) });
    await assertAsyncProperty(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(PLAIN) as TableName[])), fc.array(fc.array(edit, { maxLength: 3 }), { minLength: 1, maxLength: 60 }), async (name, lineEdits) => {
        const lines = lineEdits.map((edits) => {
          let line = PLAIN[name]!;
          for (const e of edits) line = line.slice(0, Math.min(e.at, line.length)) + e.insert + line.slice(Math.min(e.at, line.length) + e.cut);
          // One line per record: a line break would be two.
          return line.replace(/[\r\n]/g, '');
        });
        expectAgreement(await compare(name, lines));
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  // The engine chooses by a file's first lines: fast and the few lines left updated in place; the
  // full way at once when many are not written plainly; the full way again when the style changes
  // after the first lines. Every way must give the js engine's report, and DuckDB read the file itself.
  const escaped = (i: number) => `{"id":"I-${i}","aware_at":"2025-06-01T00:00:00Z","summary":"caf\\u00e9"}`;
  const plainLine = (i: number) => `{"id":"I-${i}","aware_at":"2025-06-01T00:00:00Z","summary":"plain"}`;
  it.each([
    ['a few lines left', (i: number) => (i % 100 === 7 ? escaped(i) : plainLine(i))],
    ['most lines left from the start', (i: number) => (i % 10 === 7 ? plainLine(i) : escaped(i))],
    ['the style changing after the first lines', (i: number) => (i < 2500 ? plainLine(i) : escaped(i))],
  ] as const)('%s: the same report as js, read by DuckDB itself', async (_name, line) => {
    const records = join(dir, `choice-${_name.replace(/\W+/g, '-')}`);
    mkdirSync(records, { recursive: true });
    const lines = Array.from({ length: 6000 }, (_, i) => line(i));
    // One broken line, late in the file, and a blank one: their lines must be right whichever way they were staged.
    lines[5001] = '{"id":"I-5001","aware_at":"2025-06-01T00:00:00","summary":"no offset"}';
    lines[5002] = '';
    writeFileSync(join(records, 'incidents.jsonl'), `${lines.join('\n')}\n`);
    const reference: string[] = [];
    const reports = await onEveryEngine({ records, policy: join(root, 'policy'), asOf: new Date('2025-06-30T00:00:00Z'), onFileRead: (file, reader) => reader === 'reference' && reference.push(file) });
    expect(reports.duckdb).toBe(reports.js);
    expect(reports.js).toContain('"line": 5002');
    expect(reference).toEqual([]);
  });
});
