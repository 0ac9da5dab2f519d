/**
 * A record table that lives in PostgreSQL, read as a staged table (see
 * sql/stage.ts) without writing anything: a query over the user's table that
 * types and validates every row. A column may be `text` (read exactly as a
 * CSV cell: empty is absent, `true`/`false` for flags, timestamps by
 * records.md's rule) or typed (`timestamptz`, `boolean`); a
 * `timestamp without time zone` has no offset and is refused, as is
 * `character(n)`. A text column is read under the collation "C" whatever
 * its own, and a row's text is at most {@link MAX_RECORD_BYTES}, as a CSV
 * record's is. The user's relation may be a table, a view or a materialized
 * view: nothing here needs a system column.
 */
import { problem, type RecordProblem } from '../../records/errors.ts';
import { MAX_RECORD_BYTES } from '../../records/limits.ts';
import { parseTimestamp } from '../../schemas/timestamp.ts';
import type { FieldDefinition, TableDefinition } from '../../records/tables.ts';
import { refOk } from '../sql/stage.ts';
import { postgresDialect as d } from './dialect.ts';

/** A column of the user's table. */
export interface ColumnInfo {
  name: string;
  /** Its type without modifiers (format_type(atttypid, NULL)). */
  type: string;
  /** Its type as declared, for messages (`character(8)`); the type when not given. */
  declared?: string;
}

// Not character(n): PostgreSQL pads it with blanks that its text cast and
// comparisons drop, so one value would be two ids (`'INC-1   '` in keys,
// `'INC-1'` in joins); a view that casts it to text is read instead.
const TEXT = new Set(['text', 'character varying', 'name']);

// The instants a records file can hold: RFC 3339 has four-digit years, 0000
// (PostgreSQL's 1 BC) to 9999. Outside them (±infinity too) a value is refused
// at its row, and never becomes epoch milliseconds JavaScript cannot date.
const FIRST_INSTANT = "timestamptz '0001-01-01 00:00:00+00 BC'";
const PAST_LAST_INSTANT = "timestamptz '10000-01-01 00:00:00+00'";

/** The same instants in epoch milliseconds: what `codicil load` may write into a timestamptz column. */
export const TIMESTAMPTZ_READ = Object.freeze({ first: parseTimestamp('0000-01-01T00:00:00Z'), pastLast: parseTimestamp('9999-12-31T00:00:00Z') + 86_400_000 });

// A text column is read under "C" (byte equality, as JavaScript's ===), never under its own collation: a
// nondeterministic one (case-insensitive ICU) would make `inc-1` the key `INC-1`, a notice to `c-1` one
// to `C-1`, `TRUE` a flag and `us` a country, and refuses regular expressions. Every comparison, join
// and grouping downstream is over the staged columns, which carry "C" with them.
const cell = (column: string): string => `${d.id(column)} COLLATE "C"`;

/**
 * The most bytes of a typed cell's text (an instant as RFC 3339, or as PostgreSQL prints one out of range,
 * `294276-12-31 23:59:59.999999+00 BC`; a flag): far more than any of them needs.
 */
const TYPED_TEXT_BYTES = 64;

/** How a field is read from its column. */
type Reading = { from: 'absent' } | { from: 'text'; column: string } | { from: 'typed'; column: string } | { from: 'refused'; column: string };

/** The fields that name a row in errors and findings: its key, or its required fields. */
export function rowKeyFields(table: TableDefinition): string[] {
  return table.key.length > 0 ? table.key : table.fields.filter((f) => f.required).map((f) => f.name);
}

/** Whether a table's key is read from its columns (a reference to it can be checked). */
export function keyRead(table: TableDefinition, readings: Map<string, Reading>): boolean {
  return table.key.every((k) => readings.get(k)!.from !== 'refused');
}

/**
 * How each field is read, and the problems of the columns (reported once
 * per table, like a CSV header's).
 *
 * @param table the record table.
 * @param columns the user's columns.
 * @returns the readings and the problems.
 */
export function readColumns(table: TableDefinition, columns: ColumnInfo[]): { readings: Map<string, Reading>; problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  const readings = new Map<string, Reading>();
  for (const c of columns) if (!table.fieldNames.has(c.name)) problems.push(problem('unknownColumn', [c.name], c.name));
  for (const field of table.fields) {
    const c = columns.find((x) => x.name === field.name);
    if (!c) readings.set(field.name, { from: 'absent' });
    else if (TEXT.has(c.type)) readings.set(field.name, { from: 'text', column: c.name });
    else if ((field.kind === 'boolean' && c.type === 'boolean') || (field.kind === 'timestamp' && c.type === 'timestamp with time zone')) readings.set(field.name, { from: 'typed', column: c.name });
    else {
      readings.set(field.name, { from: 'refused', column: c.name });
      const wanted = field.kind === 'boolean' ? 'boolean or text' : field.kind === 'timestamp' ? 'timestamptz or text' : 'text';
      problems.push(
        field.kind === 'timestamp' && c.type === 'timestamp without time zone'
          ? problem('columnWithoutOffset', [c.name], c.name)
          : problem('columnType', [c.name, c.declared ?? c.type, wanted], c.name),
      );
    }
  }
  return { readings, problems };
}

/** The value of a field (typed as staged) and whether the row's value is valid. */
function field(f: FieldDefinition, reading: Reading): { value: string; ok: string; text: string } {
  const nullOf = f.kind === 'boolean' ? 'boolean' : f.kind === 'timestamp' ? 'bigint' : 'text';
  if (reading.from === 'absent') return { value: `CAST(NULL AS ${nullOf})`, ok: f.required ? 'false' : 'true', text: 'CAST(NULL AS text)' };
  const col = reading.from === 'text' ? cell(reading.column) : d.id(reading.column);
  // A refused column is reported once, not for every row.
  if (reading.from === 'refused') return { value: `CAST(NULL AS ${nullOf})`, ok: 'true', text: 'CAST(NULL AS text)' };
  if (reading.from === 'typed') {
    if (f.kind === 'boolean') return { value: col, ok: f.required ? `${col} IS NOT NULL` : 'true', text: `CAST(${col} AS text)` };
    const inRange = `(${col} >= ${FIRST_INSTANT} AND ${col} < ${PAST_LAST_INSTANT})`;
    const at = (format: string) => `to_char(${col} AT TIME ZONE 'UTC', '${format}-MM-DD"T"HH24:MI:SS.US"Z"')`;
    return {
      value: `CASE WHEN ${inRange} THEN CAST(floor(extract(epoch from ${col}) * 1000) AS bigint) END`,
      ok: f.required ? `coalesce(${inRange}, false)` : `coalesce(${inRange}, true)`,
      // RFC 3339 text in range (to_char writes 1 BC as 0001: it is year 0000); outside, as PostgreSQL prints it, refused in its words.
      text: `CASE WHEN ${inRange} THEN (CASE WHEN ${col} < timestamptz '0001-01-01 00:00:00+00' THEN '0000' || ${at('')} ELSE ${at('YYYY')} END) ELSE CAST(${col} AS text) END`,
    };
  }
  // A text column: exactly a CSV cell.
  const value = `nullif(${col}, '')`;
  const present = `${value} IS NOT NULL`;
  const absentOk = f.required ? 'false' : 'true';
  switch (f.kind) {
    case 'boolean':
      return { value: `CASE ${value} WHEN 'true' THEN true WHEN 'false' THEN false END`, ok: `CASE WHEN ${present} THEN ${value} IN ('true', 'false') ELSE ${absentOk} END`, text: col };
    case 'timestamp':
      return { value: d.timestampMs(value), ok: `CASE WHEN ${present} THEN ${d.timestampMs(value)} IS NOT NULL ELSE ${absentOk} END`, text: col };
    case 'enum':
    case 'country':
      return { value, ok: `CASE WHEN ${present} THEN ${value} IN (${f.allowed!.map(d.str).join(', ')}) ELSE ${absentOk} END`, text: col };
    default:
      return { value, ok: `CASE WHEN ${present} THEN true ELSE ${absentOk} END`, text: col };
  }
}

/**
 * The staged form of a database table, as a parenthesized query.
 *
 * @param table the record table.
 * @param qualified the user's table, schema-qualified and quoted.
 * @param fileId the number it is reported under.
 * @param readings how each field is read.
 * @returns the query, and the query of its invalid rows' text (for naming their problems; `_fits` false for a row too long).
 */
export function stagedRelation(table: TableDefinition, qualified: string, fileId: number, readings: Map<string, Reading>): { relation: string; invalid: string } {
  const fields = table.fields.map((f) => ({ f, ...field(f, readings.get(f.name)!) }));
  const keyFields = rowKeyFields(table);
  const key = `CAST(json_build_object(${keyFields.map((k) => `${d.str(k)}, ${fields.find((x) => x.f.name === k)!.text}`).join(', ')}) AS text)`;
  // Rows of one key are ordered by the text of all their fields, not by ctid: a
  // view has none, and partitions repeat them. Rows alike in every field are
  // named and refused alike, so any order among them gives the same report.
  const row = `CAST(json_build_array(${fields.map((_, i) => `t${i}`).join(', ')}) AS text)`;
  const read = `SELECT ${key} AS _key, ${fields.map((x, i) => `${x.value} AS v${i}, ${x.ok} AS ok${i}, ${x.text} AS t${i}`).join(', ')} FROM ${qualified}`;
  // A row longer than a CSV record may be (its cells' bytes, as csv-parse counts them) is refused whole,
  // as the CSV reader refuses it: none of its values is read, so none is a key or a reference.
  // A typed cell's text is short (at most TYPED_TEXT_BYTES) but costly to write (an instant's is to_char): it is
  // counted only for a row whose text cells come within that of the limit (below it, the row fits whatever they hold).
  const typed = fields.map((x, i) => (readings.get(x.f.name)!.from === 'typed' ? i : -1)).filter((i) => i >= 0);
  const bytes = (i: number) => `coalesce(octet_length(t${i}), 0)`;
  const textSize = fields.map((_, i) => i).filter((i) => !typed.includes(i)).map(bytes).join(' + ') || '0';
  const size = typed.length === 0 ? textSize : `(${textSize}) + CASE WHEN (${textSize}) > ${MAX_RECORD_BYTES - typed.length * TYPED_TEXT_BYTES} THEN ${typed.map(bytes).join(' + ')} ELSE 0 END`;
  const inner = `SELECT *, (${size}) <= ${MAX_RECORD_BYTES} AS _fits FROM (${read}) AS sized`;
  const ok = (i: number) => `(_fits AND ok${i})`;
  const all = ['_fits', ...fields.map((_, i) => `ok${i}`)].join(' AND ');
  const index = (name: string) => fields.findIndex((x) => x.f.name === name);
  const columns = [
    `${fileId} AS _file`,
    'CAST(NULL AS bigint) AS _line',
    '_key',
    `${row} AS _row`,
    `(${all}) AS _ok`,
    // A refused key column (reported once) names no row: no duplicate of NULL keys.
    `(${table.key.map((k) => (readings.get(k)!.from === 'refused' ? 'false' : ok(index(k)))).join(' AND ') || 'false'}) AS _kok`,
    'CAST(NULL AS text) AS _doc',
    ...fields.map((x, i) => `CASE WHEN ${ok(i)} THEN v${i} END AS ${d.id(x.f.name)}`),
    ...Object.keys(table.references).map((f) => `(${ok(index(f))} AND v${index(f)} IS NOT NULL) AS ${d.id(refOk(f))}`),
  ];
  return {
    relation: `(SELECT ${columns.join(', ')} FROM (${inner}) AS raw)`,
    // A row too long is named by `_fits` alone: its text is not sent.
    invalid: `SELECT _key, _fits, ${fields.map((x, i) => `CASE WHEN _fits THEN t${i} END AS ${d.id(x.f.name)}`).join(', ')} FROM (${inner}) AS raw WHERE NOT (${all}) ORDER BY _key, ${row}`,
  };
}
