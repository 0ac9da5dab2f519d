// The DuckDB dialect's timestamp rule (GLOB and character tests, then
// DuckDB's cast) reads every text exactly as records.md's own parser does:
// the same instant, or refused by both. A record the SQL refuses but the
// reference accepts would be read again in Node (slow, and unseen by the
// parity suite); one it accepts but the reference refuses would be judged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duckdbDialect as d } from '../engine/engines/duckdb/dialect.ts';
import { parseTimestamp } from '../engine/schemas/timestamp.ts';
import { duckdbForTests } from './duckdb.ts';
import { assertAsyncProperty } from './property.ts';

const duckdb = duckdbForTests();

/** Each text's instant in DuckDB (ms), or null when it refuses it. */
async function inDuckdb(texts: string[]): Promise<(number | null)[]> {
  const values = texts.map((t, i) => `(${i}, ${d.str(t)})`).join(', ');
  const reader = await duckdb().runAndReadAll(`SELECT i, ${d.timestampMs('s')} AS ms FROM (VALUES ${values}) AS t(i, s) ORDER BY i`);
  return reader.getRowsJS().map(([, ms]) => (ms === null ? null : Number(ms)));
}

/** The reference's verdict in the same shape. */
const reference = (text: string): number | null => {
  const ms = parseTimestamp(text);
  return Number.isNaN(ms) ? null : ms;
};

async function expectAgreement(texts: string[]): Promise<void> {
  const sql = await inDuckdb(texts);
  const disagreements = texts.map((t, i) => ({ text: t, duckdb: sql[i], reference: reference(t) })).filter((r) => r.duckdb !== r.reference);
  expect(disagreements).toEqual([]);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('the DuckDB dialect reads timestamps as records.md does', () => {
  it('on fixed cases: every part at and past its bounds', async () => {
    await expectAgreement([
      '2025-03-01T09:30:00Z',
      '2025-03-01t09:30:00z',
      '2025-03-01T09:30:00.5+01:00',
      '2025-03-01T09:30:00.123456789-23:59',
      '2025-03-01T09:30:00.9999999Z',
      '2025-03-01T09:30:00+24:00',
      '2025-03-01T09:30:00+23:60',
      '2025-03-01T09:30:00-00:00',
      '2025-03-01T09:30:00+0100',
      '2025-03-01T09:30:00.Z',
      '2025-03-01T09:30:00.+01:00',
      '2025-03-01T09:30:00..1Z',
      '2025-03-01T09:30:00',
      '2025-03-01 09:30:00Z',
      '2025-03-01T24:00:00Z',
      '2025-03-01T23:59:60Z',
      '2025-02-29T00:00:00Z',
      '2024-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2025-04-31T00:00:00Z',
      '2025-00-10T00:00:00Z',
      '2025-13-10T00:00:00Z',
      '2025-01-00T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999+00:00',
      '1969-12-31T23:59:59.9995Z',
      '2025-03-01T09:30:00Zz',
      '2025-03-01T09:30:00+01:00Z',
      '2025-03-01T09:30:00Z ',
      ' 2025-03-01T09:30:00Z',
      '2025-03-01T09:30:00z\n',
      '２025-03-01T09:30:00Z',
      '2025-03-01T09:30:0٣Z',
      '2025-03-01T09:30:00+01:0é',
      '+12025-03-01T09:30:00Z',
      '2025-3-01T09:30:00Z',
      '',
    ]);
  });

  it('on generated texts: valid timestamps, and each of them edited', async () => {
    const part = (min: number, max: number, width: number) => fc.integer({ min, max }).map((n) => pad(n, width));
    const timestamp = fc
      .tuple(
        part(0, 9999, 4),
        part(0, 13, 2),
        part(0, 32, 2),
        fc.constantFrom('T', 't', ' ', 'x'),
        part(0, 25, 2),
        part(0, 61, 2),
        part(0, 61, 2),
        fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{0,12}$/)),
        fc.oneof(fc.constantFrom('Z', 'z', '', 'ZZ'), fc.tuple(fc.constantFrom('+', '-', '−'), part(0, 25, 2), fc.constantFrom(':', ''), part(0, 61, 2)).map((p) => p.join(''))),
      )
      .map(([y, mo, da, t, h, mi, s, f, o]) => `${y}-${mo}-${da}${t}${h}:${mi}:${s}${f}${o}`);
    const edit = fc.tuple(timestamp, fc.nat({ max: 40 }), fc.constantFrom('', '0', '9', '-', ':', '.', 'T', 'Z', '+', ' ', 'é', '٣', '*', '[', '\\', "'"), fc.constantFrom('insert', 'replace')).map(([text, at, c, how]) => {
      const i = Math.min(at, text.length);
      return how === 'insert' ? text.slice(0, i) + c + text.slice(i) : text.slice(0, i) + c + text.slice(i + 1);
    });
    await assertAsyncProperty(
      fc.asyncProperty(fc.array(fc.oneof(timestamp, edit), { minLength: 200, maxLength: 200 }), async (texts) => {
        await expectAgreement(texts);
      }),
      { numRuns: 50 },
    );
  });
});
