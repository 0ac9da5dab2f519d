// The record readers: formats, encodings and hostile input.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, discoverRecords, readRecords, type RecordError } from '../engine/index.ts';
import { FOLDER_ENGINES } from '../engine/engines/index.ts';
import { prescanJsonl } from '../engine/engines/duckdb/prescan.ts';
import { MAX_ERRORS } from '../engine/records/limits.ts';
import { root } from './helpers.ts';

const dir = join(root, 'test', 'output', 'readers');

async function read(files: Record<string, string | Uint8Array>) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const rows: Record<string, unknown>[] = [];
  const result = await readRecords(dir, { clauseIds: new Set(), handler: () => (row) => void rows.push(row) });
  return { rows, errors: result.errors as RecordError[] };
}

describe('record readers', () => {
  it('reads CSV with a BOM, keeps numeric ids as strings and empty cells absent', async () => {
    const { rows, errors } = await read({ 'access_grants.csv': '\uFEFFid,person_id,granted_at,revoked_at\r\n007,42,2025-01-01T00:00:00Z,\r\n' });
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ id: '007', person_id: '42', granted_at: '2025-01-01T00:00:00Z' }]);
  });

  it('reads quoted CSV fields with commas, quotes and newlines, and names the line', async () => {
    const { rows, errors } = await read({ 'incidents.csv': 'id,aware_at,summary\nI-1,2025-01-01T00:00:00Z,"a, ""quoted""\nsummary"\nI-2,2025-01-01,x\n' });
    expect(rows).toEqual([{ id: 'I-1', aware_at: '2025-01-01T00:00:00Z', summary: 'a, "quoted"\nsummary' }]);
    expect(errors).toEqual([expect.objectContaining({ file: 'incidents.csv', line: 4, field: 'aware_at' })]);
  });

  it('names the physical line after a quoted CSV field holding CR LF (csv-parse counts each as two lines)', async () => {
    const valid = await read({ 'incidents.csv': 'id,aware_at,summary\r\nI-1,2025-01-01T00:00:00Z,"two\r\nlines"\r\nI-3,2025-01-01T00:00:00Z,"three\r\nmore\r\nlines"\r\n' });
    expect(valid.errors).toEqual([]);
    expect(valid.rows.map((r) => [r.id, r.summary])).toEqual([
      ['I-1', 'two\r\nlines'],
      ['I-3', 'three\r\nmore\r\nlines'],
    ]);
    const { errors } = await read({
      'incidents.csv': 'id,aware_at,summary\r\nI-1,2025-01-01T00:00:00Z,"two\r\nlines"\r\nI-2,2025-01-01,x\r\nI-3,2025-01-01T00:00:00Z,"three\r\nmore\r\nlines"\r\nI-4,2025-01-02,y\r\nI-5,2025-01-01T00:00:00Z,"a"b"\r\n',
    });
    // I-2 is on line 4, I-4 on line 8 and the broken quote on line 9 of the file (an editor's count, LF by LF).
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [4, 'aware_at'],
      [8, 'aware_at'],
      [9, null],
    ]);
    // csv-parse's own words name the same line.
    expect(errors[2]!.message).toMatch(/^not valid CSV: Invalid Closing Quote: got "b" at line 9 instead of delimiter/);

    // A record refused whole (a field too many) holding CR LF in quotes counts it too, in its words as well.
    const refused = await read({ 'incidents.csv': 'id,aware_at,summary\r\nI-1,2025-01-01T00:00:00Z,"two\r\nlines",extra\r\nI-2,2025-01-01,x\r\n' });
    expect(refused.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, null, 'not valid CSV: a record of 4 cells where the header has 3 columns: 1 cell after the last column'],
      [4, 'aware_at', expect.stringContaining('2025-01-01')],
    ]);
  });

  it('a header with a trailing comma, or of one column: the column without a name is said so, and a count of one is singular (review)', async () => {
    const trailing = await read({ 'data_stores.csv': 'id,kind,holds_personal_data,\ndb,primary,true\n' });
    expect(trailing.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [1, '', 'unknown column ""'],
      [2, null, 'not valid CSV: a record of 3 cells where the header has 4 columns: no cell for column 4 (it has no name)'],
    ]);
    const one = await read({ 'data_stores.csv': 'id\ndb,primary\n' });
    expect(one.errors.map((e) => e.message)).toContain('not valid CSV: a record of 2 cells where the header has 1 column: 1 cell after the last column');
  });

  it('a record with a cell left out is named by the columns it has no cell for (a user read "Invalid Record Length: expect 3, got 2")', async () => {
    const { errors } = await read({ 'incidents.csv': 'id,aware_at,summary\nI-1,2025-01-01T00:00:00Z,x\nI-2\nI-3,2025-01-01T00:00:00Z,y,z,w\n' });
    expect(errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, 'aware_at', 'not valid CSV: a record of 1 cell where the header has 3 columns: no cell for aware_at, summary'],
      [4, null, 'not valid CSV: a record of 5 cells where the header has 3 columns: 2 cells after the last column'],
    ]);
  });

  it('a quote never closed is a problem of the file, at its last line: its rows are not read', async () => {
    const { errors } = await read({ 'incidents.csv': 'id,aware_at,summary\r\nI-1,2025-01-01T00:00:00Z,"oops\r\nI-2,2025-01-01T00:00:00Z,x\r\nI-3,2025-01-01T00:00:00Z,y\r\n', 'incident_impacts.jsonl': '{"incident_id":"I-2","customer_id":"C-1"}\n' });
    // No reference to I-2 is called missing: the rows after the quote were never read (review: one D302 per row).
    expect(errors.map((e) => [e.file, e.line, e.message])).toEqual([['incidents.csv', 4, 'not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 4']]);
  });

  it('names where a JSONL line stops being JSON by its column, never as V8\'s "line 1" of the record (a user; review: "after JSON" too)', async () => {
    const { errors } = await read({ 'incidents.jsonl': '{"id":"I-1","aware_at":"2025-01-01T00:00:00Z"}\n{"id":"I-2","aware_at":"2025-01-01T00:00:00Z" "x"}\n{"id":"I-3","aware_at":"2025-01-01T00:00:00Z"} {"id":"I-4"}\n' });
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [2, `not valid JSON: Expected ',' or '}' after property value at column 47`],
      [3, 'not valid JSON: Unexpected non-whitespace character after the JSON value, at column 48'],
    ]);
  });

  it('skips blank JSONL lines and tolerates CRLF', async () => {
    const { rows, errors } = await read({ 'incidents.jsonl': '\r\n{"id":"I-1","aware_at":"2025-01-01T00:00:00Z"}\r\n\r\n   \n{"id":"I-2","aware_at":"2025-01-01T00:00:00Z"}' });
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.id)).toEqual(['I-1', 'I-2']);
  });

  it('treats null as absent in JSON, JSONL and YAML', async () => {
    const { rows, errors } = await read({ 'incidents.json': '[{"id":"I-1","aware_at":"2025-01-01T00:00:00Z","summary":null}]', 'subprocessors.yaml': '- name: a\n  category: email\n  engaged_at: 2025-01-01T00:00:00Z\n  purpose: ~\n' });
    expect(errors).toEqual([]);
    expect(rows).toContainEqual({ id: 'I-1', aware_at: '2025-01-01T00:00:00Z' });
    expect(rows).toContainEqual({ name: 'a', category: 'email', engaged_at: '2025-01-01T00:00:00Z' });
  });

  it('never lets __proto__ become a prototype, in any format', async () => {
    const { errors } = await read({
      'incidents.jsonl': '{"id":"I-1","aware_at":"2025-01-01T00:00:00Z","__proto__":{"admin":true}}\n',
      'subprocessors.yaml': '- name: a\n  category: email\n  engaged_at: 2025-01-01T00:00:00Z\n  __proto__: { admin: true }\n',
      'access_grants.csv': 'id,person_id,granted_at,__proto__\nG-1,P-1,2025-01-01T00:00:00Z,x\n',
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(errors.map((e) => `${e.file} ${e.field}`).sort()).toEqual(['access_grants.csv __proto__', 'incidents.jsonl __proto__', 'subprocessors.yaml __proto__']);
  });

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)];
    const yaml = `- name: bomb\n  category: email\n  engaged_at: 2025-01-01T00:00:00Z\n  purpose: ${bomb.map((l) => `{${l}}`)[0]}\n`;
    const nested = `- name: bomb\n  category: email\n  engaged_at: 2025-01-01T00:00:00Z\n  purpose:\n${bomb.map((l) => `    ${l}`).join('\n')}\n    z: *i\n`;
    for (const text of [yaml, nested]) {
      const { rows, errors } = await read({ 'subprocessors.yaml': text });
      expect(rows).toEqual([]);
      expect(errors.length).toBeGreaterThan(0);
    }
  });

  it('reports invalid UTF-8 instead of replacing it', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"id":"I-1","aware_at":"2025-01-01T00:00:00Z","summary":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}\n')]);
    for (const name of ['incidents.jsonl', 'incidents.csv', 'incidents.json', 'incidents.yaml']) {
      const { rows, errors } = await read({ [name]: bytes });
      expect(rows, name).toEqual([]);
      expect(errors[0]?.message, name).toMatch(/cannot read the file|not valid/);
    }
  });

  it('refuses a lone surrogate escaped in JSONL, JSON and YAML, as no Unicode text, and keeps a pair (review: DuckDB stored it as U+FFFD)', async () => {
    const { rows, errors } = await read({
      'incidents.jsonl': '{"id":"I-1\\ud800","aware_at":"2025-01-01T00:00:00Z"}\n{"id":"I-2","aware_at":"2025-01-01T00:00:00Z","summary":"\\ud83d\\ude00 \\\\ud800"}\n',
      'dsr_requests.json': '[\n{"id":"R-1","customer_id":"C","right":"access","received_at":"2025-01-01T00:00:00Z","\\udfff":1}\n]',
      'subprocessors.yaml': '- name: a\n  category: email\n  engaged_at: 2025-01-01T00:00:00Z\n  purpose: "x\\udc00"\n',
    });
    const words = (s: string) => `${s} is half of a character (a lone surrogate): no Unicode text`;
    expect(errors.map((e) => [e.file, e.line, e.field, e.message])).toEqual([
      ['incidents.jsonl', 1, null, `not valid JSON: ${words('\\ud800')}`],
      ['subprocessors.yaml', 4, 'purpose', `cannot read purpose: ${words('\\udc00')}`],
      ['dsr_requests.json', 2, null, `not valid JSON: ${words('\\udfff')}`],
    ]);
    // A pair is one character; an escaped backslash before "ud800" is text.
    const valid = await read({ 'incidents.jsonl': '{"id":"I-2","aware_at":"2025-01-01T00:00:00Z","summary":"\\ud83d\\ude00 \\\\ud800"}\n' });
    expect(valid.errors).toEqual([]);
    expect(valid.rows).toEqual([{ id: 'I-2', aware_at: '2025-01-01T00:00:00Z', summary: '\u{1f600} \\ud800' }]);
    expect(rows).toEqual([]);
  });

  it('shows a number JSON cannot write as the number it was read as, never as null (review: 1e400 was "got null")', async () => {
    const { errors } = await read({ 'incidents.jsonl': '{"id":1e400,"aware_at":"2025-01-01T00:00:00Z"}\n{"id":"I-2","aware_at":-1e999}\n', 'subprocessors.yaml': '- name: .nan\n  category: email\n  engaged_at: 2025-01-01T00:00:00Z\n' });
    expect(errors.map((e) => e.message)).toEqual(['id must be string (got Infinity)', 'aware_at must be string (got -Infinity)', 'name must be string (got NaN)']);
  });

  it('takes a CRLF line of exactly 1 MiB wherever the reads end, and refuses one a byte longer (review)', async () => {
    const line = (id: string, bytes: number) => {
      const head = `{"id":"${id}","aware_at":"2025-01-01T00:00:00Z","summary":"`;
      return `${head}${'a'.repeat(bytes - head.length - 2)}"}`;
    };
    for (const first of [2 ** 20 - 3, 2 ** 20 - 2, 2 ** 20 - 1, 100]) {
      const { rows, errors } = await read({ 'incidents.jsonl': `${line('I-1', first)}\r\n${line('I-2', 2 ** 20)}\r\n${line('I-3', 2 ** 20 + 1)}\r\n` });
      expect(rows.map((r) => r.id), String(first)).toEqual(['I-1', 'I-2']);
      expect(errors.map((e) => [e.line, e.code]), String(first)).toEqual([[3, 'CODICIL-D012']]);
    }
  });

  it('names a JSON item by the line it starts on', async () => {
    const { errors } = await read({ 'incidents.json': '[\n  {"id": "I-1", "aware_at": "2025-01-01T00:00:00Z"},\n  {\n    "id": "I-2",\n    "aware_at": "soon"\n  }\n]' });
    expect(errors).toEqual([expect.objectContaining({ file: 'incidents.json', line: 3, field: 'aware_at' })]);
  });
});

describe('repeated JSON keys', () => {
  it('counts every member of a flat object, so a repeated key never hides (property)', async () => {
    const { memberCounts, repeatedKeys } = await import('../engine/records/readers/json-members.ts');
    const fc = (await import('fast-check')).default;
    const { assertProperty } = await import('./property.ts');
    assertProperty(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.json())), fc.nat(), (object, pick) => {
        const text = JSON.stringify(object);
        expect(memberCounts(text, 1)).toEqual([Object.keys(object).length]);
        const keys = Object.keys(object);
        if (keys.length === 0) return;
        // The same object with one key given twice: one more member than JSON.parse keeps.
        const key = keys[pick % keys.length]!;
        const twice = `{${JSON.stringify(key)}:0,${text.slice(1)}`;
        expect(memberCounts(twice, 1)).toEqual([keys.length + 1]);
        expect(repeatedKeys(twice, 1)).toEqual([[key]]);
        // Items of a JSON array, each counted.
        expect(memberCounts(`[${text},${twice}]`, 2)).toEqual([keys.length, keys.length + 1]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('YAML nested deeper than policy YAML may be', () => {
  it('is refused at the line of the level past the limit, once, on every engine that reads YAML (review: the stack overflowed)', async () => {
    const { check } = await import('../engine/index.ts');
    const blocks = Array.from({ length: 3_000 }, (_, i) => `${'  '.repeat(i)}- `).join('\n');
    for (const text of [`${blocks}\n`, `- ${'- '.repeat(20_000)}x\n`]) {
      const { rows, errors } = await read({ 'incidents.yaml': text });
      expect(rows).toEqual([]);
      const line = text.startsWith('- - ') ? 1 : 65;
      expect(errors.map((e) => `${e.code} ${e.file}:${e.line} ${e.message}`)).toEqual([`CODICIL-D105 incidents.yaml:${line} not valid YAML: sequences and mappings nest more than 64 levels deep here`]);
      for (const engine of ['js', 'duckdb'] as const) {
        const report = await check({ records: dir, policy: join(root, 'policy'), asOf: new Date('2025-06-30T00:00:00Z'), engine });
        expect(report.errors!.map((e) => `${e.code} ${e.line} ${e.message}`), engine).toEqual([`CODICIL-D105 ${line} not valid YAML: sequences and mappings nest more than 64 levels deep here`]);
      }
    }
  });
});

// rev-hostile F6, F8, F9: what a hostile records folder gets, in words, bounded.
describe('a records folder that is not a folder: in words, as the waiver file gets them (review F8: Node\'s errno text, the path twice)', () => {
  const work = mkdtempSync(join(tmpdir(), 'codicil-records-kind-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([
    ['a FIFO', 'fifo', (p: string) => execFileSync('mkfifo', [p]), 'it is a FIFO (named pipe), not a folder'],
    ['a link loop', 'loop', (p: string) => (symlinkSync(`${p}-2`, p), symlinkSync(p, `${p}-2`)), 'the links form a loop'],
    ['a file', 'file.jsonl', (p: string) => writeFileSync(p, '{}\n'), 'it is a file, not a folder'],
    ['nothing', 'nowhere', () => {}, 'there is no such folder'],
  ])('%s', async (_name, entry, make, words) => {
    const path = join(work, entry);
    make(path);
    expect((await discoverRecords(path)).errors).toEqual([{ code: 'CODICIL-D001', file: path, line: null, field: null, message: `cannot read the records folder ${path}: ${words}` }]);
  });
});

describe('more errors of the records folder itself than a report lists (review F6: 200 000 misnamed files were 200 000 errors)', () => {
  const work = mkdtempSync(join(tmpdir(), 'codicil-records-names-'));
  const extra = 5;
  beforeAll(() => {
    for (let i = 0; i < MAX_ERRORS + extra; i++) writeFileSync(join(work, `x${String(i).padStart(5, '0')}.jsonl`), '');
    // And one error in a record file, after them.
    writeFileSync(join(work, 'incidents.jsonl'), '{"id":"I-1","aware_at":"2025-03-01"}\n');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('discovery keeps the first MAX_ERRORS and counts the rest', async () => {
    const { errors } = await discoverRecords(work);
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors[0]).toMatchObject({ code: 'CODICIL-D002', file: 'x00000.jsonl' });
    expect(errors[MAX_ERRORS - 1]).toMatchObject({ code: 'CODICIL-D002', file: `x0${MAX_ERRORS - 1}.jsonl` });
    expect(errors.at(-1)).toMatchObject({ code: 'CODICIL-D900', message: `${extra} further error(s) not shown` });
  });

  it.each(FOLDER_ENGINES)('check on %s lists MAX_ERRORS in all, the folder\'s first, and one count of the rest', async (engine) => {
    const report = await check({ records: work, policy: join(root, 'policy'), asOf: new Date('2025-06-30T12:00:00Z'), engine });
    expect(report.exitCode).toBe(2);
    expect(report.errors).toHaveLength(MAX_ERRORS + 1);
    expect(report.errors!.slice(0, MAX_ERRORS).every((e) => e.code === 'CODICIL-D002')).toBe(true);
    expect(report.errors!.at(-1)).toMatchObject({ code: 'CODICIL-D900', message: `${extra + 1} further error(s) not shown` });
  });
});

describe('a UTF-16 records file is called UTF-16 (review F8: "not valid UTF-8 (a corrupted or Windows-1252 export?)")', () => {
  const row = '{"id":"I-1","aware_at":"2025-03-01T09:00:00Z"}\n';
  const utf16be = (text: string) => Buffer.from(Buffer.from(text, 'utf16le').map((_, i, b) => b[i ^ 1]!));
  it.each([
    ['incidents.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(row, 'utf16le')]), 'UTF-16 little-endian'],
    ['incidents.jsonl', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(row)]), 'UTF-16 big-endian'],
    ['incidents.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,aware_at\nI-1,2025-03-01T09:00:00Z\n', 'utf16le')]), 'UTF-16 little-endian'],
    ['incidents.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`[${row}]`, 'utf16le')]), 'UTF-16 little-endian'],
    ['incidents.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('- id: I-1\n')]), 'UTF-16 big-endian'],
    ['incidents.jsonl', Buffer.from([0xff, 0xfe]), 'UTF-16 little-endian'],
  ])('%s (%#), on every folder engine', async (name, bytes, encoding) => {
    const expected = [{ code: 'CODICIL-D019', file: name, line: 1, field: null, message: `the file is ${encoding} (it begins with that byte-order mark), not UTF-8: save it as UTF-8; nothing is guessed` }];
    expect((await read({ [name]: bytes })).errors).toEqual(expected);
    for (const engine of FOLDER_ENGINES) expect((await check({ records: dir, policy: join(root, 'policy'), engine })).errors, engine).toEqual(expected);
  });
});

describe('a 2 GB sparse file, one line of NULs, is refused without being read to its end (review F9: 11-53 s)', () => {
  const work = mkdtempSync(join(tmpdir(), 'codicil-sparse-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** Bytes TextDecoder decoded while `run` ran. */
  async function decodedBy(run: () => Promise<unknown>): Promise<number> {
    let decoded = 0;
    const decode = TextDecoder.prototype.decode;
    TextDecoder.prototype.decode = function (this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions) {
      decoded += input?.byteLength ?? 0;
      return decode.call(this, input, options);
    };
    try {
      await run();
    } finally {
      TextDecoder.prototype.decode = decode;
    }
    return decoded;
  }

  it.each(['jsonl', 'csv'])('%s: the line is too long, said after a few MiB decoded, the same on every folder engine', async (format) => {
    const folder = join(work, format);
    mkdirSync(folder);
    execFileSync('truncate', ['-s', '2G', join(folder, `incidents.${format}`)]);
    const expected = { code: 'CODICIL-D012', file: `incidents.${format}`, line: 1, field: null, message: 'the line is longer than 1 MiB; no record is that long' };
    let errors: RecordError[] = [];
    const decoded = await decodedBy(async () => (errors = (await readRecords(folder, { clauseIds: new Set(), handler: () => undefined })).errors));
    expect(errors[0]).toEqual(expected);
    expect(decoded).toBeLessThan(8 * 2 ** 20);
    if (format === 'jsonl') expect(await prescanJsonl(join(folder, 'incidents.jsonl'))).toBe('node');
    for (const engine of FOLDER_ENGINES) {
      const started = performance.now();
      const report = await check({ records: folder, policy: join(root, 'policy'), engine });
      expect(performance.now() - started, engine).toBeLessThan(10_000);
      expect(report.errors![0], engine).toEqual(expected);
    }
  }, 60_000);
});
