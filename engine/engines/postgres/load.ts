/**
 * `codicil load`: put a records folder into PostgreSQL, for trying the
 * postgres engine and for its tests. It validates the folder first (as
 * `check --engine js` does), then, in one transaction, creates the tables
 * and loads them with COPY: an invalid folder loads nothing, and a failure
 * half-way leaves the database as it was. Only the tables the folder holds
 * are created (or, told to, replaced): the schema's other record tables stay
 * as they were, and are named in the result.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { from as copyFrom } from 'pg-copy-streams';
import type pg from 'pg';
import { discoverRecords } from '../../records/discover.ts';
import { problem, recordError, type RecordError } from '../../records/errors.ts';
import { READ_ORDER } from '../../records/integrity.ts';
import { readRecords } from '../../records/read.ts';
import type { RowSource } from '../../records/source.ts';
import { table as tableDefinition, TABLE_NAMES, type FieldDefinition, type TableDefinition, type TableName } from '../../records/tables.ts';
import { parseTimestamp } from '../../schemas/timestamp.ts';
import { connect, connectionProblem, LOCK_TIMEOUT_SECONDS } from './connect.ts';
import { scrubbed } from './connection-string.ts';
import { postgresDialect as d } from './dialect.ts';
import { TIMESTAMPTZ_READ } from './relations.ts';

/** Options of {@link loadRecords}. */
export interface LoadOptions {
  /** The records folder. */
  records: string;
  /** The database URL. */
  database: string;
  /** The schema to create the tables in (default `public`; created when missing). */
  schema?: string;
  /** Clause ids attestations may name (the policy's). */
  clauseIds: ReadonlySet<string>;
  /** `typed` (timestamptz, boolean, keys and required fields enforced) or `text` (every column text, as a CSV export). */
  columns?: 'typed' | 'text';
  /** Replace the record tables the folder holds that exist already (else they are refused); other tables are never touched. */
  replace?: boolean;
}

/** What was loaded, or why nothing was. */
export type LoadResult =
  | {
      ok: true;
      /** The tables loaded, in load order; `replaced` when a table of that name was dropped first. */
      tables: { table: TableName; rows: number; replaced: boolean }[];
      /** The schema's record tables the folder does not hold: left as they were, and judged by `check` with the rest. */
      kept: TableName[];
    }
  | { ok: false; errors: RecordError[] };

/** How long a load waits for another codicil load into the same schema to end. */
const LOAD_WAIT_SECONDS = 300;

/** The first key of the advisory lock a load holds on its schema (the second is the schema's name, hashed): "codi" in ASCII. */
const LOAD_LOCK = 0x636f6469;

/** The kinds of pg_class that load writes and replaces: an ordinary table, a partitioned one. */
const TABLE_KINDS = new Set(['r', 'p']);

/** The kinds of pg_class that check reads as a record table (engine.ts). */
const READ_KINDS = new Set(['r', 'p', 'v', 'm', 'f']);

/** What a relation of another kind is, in words. */
const RELATION_KINDS: Record<string, string> = {
  v: 'a view',
  m: 'a materialized view',
  f: 'a foreign table',
  S: 'a sequence',
  i: 'an index',
  I: 'a partitioned index',
  c: 'a composite type',
  t: 'a TOAST table',
};

/** A valid row: where it was read, and its values in the order of the table's columns. */
interface LoadRow {
  source: RowSource;
  values: unknown[];
}

/** CREATE TABLE for a record table in a layout. */
export function createTable(table: TableDefinition, qualified: string, layout: 'typed' | 'text'): string {
  const columns = table.fields.map((f) => {
    if (layout === 'text') return `${d.id(f.name)} text`;
    const type = f.kind === 'boolean' ? 'boolean' : f.kind === 'timestamp' ? 'timestamptz' : 'text';
    return `${d.id(f.name)} ${type}${f.required ? ' NOT NULL' : ''}`;
  });
  if (layout === 'typed' && table.key.length > 0) columns.push(`PRIMARY KEY (${table.key.map((k) => d.id(k)).join(', ')})`);
  return `CREATE TABLE ${qualified} (${columns.join(', ')})`;
}

/**
 * A valid RFC 3339 timestamp as a timestamptz column takes it: the same
 * instant in UTC (PostgreSQL refuses offsets past ±15:59, which RFC 3339
 * allows), year 0000 as PostgreSQL's 1 BC, the fraction cut at microseconds
 * (the js engine cuts at milliseconds). Null when the instant falls outside
 * years 0000–9999 in UTC, where the postgres engine reads no timestamptz
 * (relations.ts).
 *
 * @param value a timestamp the row's validation accepted.
 * @returns the text to write, or null.
 */
export function timestamptzInput(value: string): string | null {
  const fraction = /^.{19}(\.\d+)/.exec(value)?.[1] ?? '';
  const seconds = parseTimestamp(value.slice(0, 19) + value.slice(19 + fraction.length));
  if (!(seconds >= TIMESTAMPTZ_READ.first && seconds < TIMESTAMPTZ_READ.pastLast)) return null;
  const utc = new Date(seconds).toISOString().slice(0, 19);
  const text = `${utc}${fraction.slice(0, 7)}Z`;
  return utc.startsWith('0000') ? `0001${text.slice(4)} BC` : text;
}

/** Why a field's value cannot be written as codicil reads it back, or null. */
function unstorable(field: FieldDefinition, value: unknown, layout: 'typed' | 'text'): string | null {
  if (typeof value !== 'string') return null;
  if (value.includes('\u0000')) return 'holds the character U+0000, which PostgreSQL text cannot hold';
  if (layout === 'typed' && field.kind === 'timestamp' && timestamptzInput(value) === null) {
    const side = parseTimestamp(value) < TIMESTAMPTZ_READ.first ? 'before 0000-01-01T00:00:00Z' : 'on or after 10000-01-01T00:00:00Z';
    return `${value} is ${side} in UTC: a timestamptz column keeps the instant alone, and codicil reads one only within the years 0000–9999 in UTC`;
  }
  return null;
}

/** A row's values as the columns of a layout take them. */
function columnValues(definition: TableDefinition, row: Record<string, unknown>, layout: 'typed' | 'text'): unknown[] {
  return definition.fields.map((f) => {
    const value = row[f.name] ?? undefined;
    return layout === 'typed' && f.kind === 'timestamp' && typeof value === 'string' ? timestamptzInput(value) : value;
  });
}

/**
 * The record error of a value COPY refused: PostgreSQL names the line of
 * the data (one row a line, in load order) and often the column, from which
 * the record's file and line follow. Null when it names no line.
 *
 * @param error what node-postgres threw.
 * @param table the table being copied.
 * @param rows its rows, in the order they were sent.
 * @param url the database URL (kept out of the words).
 * @returns the error, or null.
 */
function copyRefusal(error: unknown, table: TableName, rows: LoadRow[], url: string): RecordError | null {
  const e = error as { where?: unknown; message?: unknown };
  const at = typeof e.where === 'string' ? /\bCOPY [^,]+, line (\d+)(?:, column ([^:]+))?/.exec(e.where) : null;
  const row = at ? rows[Number(at[1]) - 1] : undefined;
  if (!at || !row) return null;
  const words = `was refused by PostgreSQL: ${scrubbed(String(e.message ?? error), url)}`;
  return recordError(row.source.file, row.source.line, problem('valueNotStorable', at[2] ? [at[2], words] : [`a value of this ${table} record`, words], at[2] ?? null));
}

/**
 * Load a records folder into a database schema.
 *
 * @param options the folder, the database, the layout.
 * @returns the tables loaded and those of the schema left as they were, or the errors (nothing loaded).
 */
export async function loadRecords(options: LoadOptions): Promise<LoadResult> {
  const schema = options.schema ?? 'public';
  const layout = options.columns ?? 'typed';
  const discovered = await discoverRecords(options.records);
  const rows = new Map<TableName, LoadRow[]>();
  const refused: RecordError[] = [];
  const read = await readRecords(options.records, {
    discovered: { tables: discovered.tables, errors: [] },
    clauseIds: options.clauseIds,
    handler: (table) => {
      const definition = tableDefinition(table);
      const list = rows.get(table) ?? rows.set(table, []).get(table)!;
      return (row, source) => {
        // A valid record that PostgreSQL cannot hold as codicil reads it back: said at its line, rather than let COPY fail.
        for (const f of definition.fields) {
          const why = unstorable(f, row[f.name], layout);
          if (why !== null) refused.push(recordError(source.file, source.line, problem('valueNotStorable', [f.name, why], f.name)));
        }
        list.push({ source: { file: source.file, line: source.line }, values: columnValues(definition, row, layout) });
      };
    },
  });
  const invalid = [...discovered.errors, ...read.errors, ...refused];
  if (invalid.length > 0) return { ok: false, errors: invalid };
  let client: pg.Client;
  try {
    client = await connect(options.database);
  } catch (error) {
    return { ok: false, errors: [recordError(`postgres:${schema}`, null, problem('databaseUnreadable', [connectionProblem(error, options.database, 'load')]))] };
  }
  try {
    await client.query('BEGIN');
    // Another codicil load into the schema is waited for (a while, never forever), and this one then sees what it made, as a
    // rerun would (review: of two loads creating a schema at once, one failed on PostgreSQL's catalog index, in its words).
    await client.query(`SET LOCAL lock_timeout = '${LOAD_WAIT_SECONDS * 1000}ms'`);
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOAD_LOCK, schema]);
    } catch (error) {
      if ((error as { code?: unknown }).code !== '55P03') throw error;
      await client.query('ROLLBACK');
      return { ok: false, errors: [recordError(`postgres:${schema}`, null, problem('loadFailed', [`another codicil load into schema ${schema} was still running after ${LOAD_WAIT_SECONDS / 60} minutes: load again once it has ended`]))] };
    }
    // A table in use elsewhere is waited for a while, never forever.
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT_SECONDS * 1000}ms'`);
    // Created only when missing; the lock above keeps another load from creating it meanwhile.
    const { rows: schemas } = await client.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]);
    if (schemas.length === 0) await client.query(`CREATE SCHEMA ${d.id(schema)}`);
    // pg_catalog, not information_schema: every relation of a record table's name, of any kind, whatever the user may do with it.
    const { rows: found } = await client.query<{ relname: TableName; relkind: string }>(
      'SELECT c.relname, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2)',
      [schema, [...TABLE_NAMES]],
    );
    const kinds = new Map(found.map((r) => [r.relname, r.relkind]));
    const existing = new Set(kinds.keys());
    // Only the tables the folder holds are written (review: --replace dropped every record table of the schema, and re-created only the folder's).
    const loading = READ_ORDER.filter((name) => discovered.tables.has(name));
    // A view (or any relation that is no table) of a record table's name is never dropped, --replace or not (review: it was called a table that exists already).
    const inTheWay = loading.filter((name) => existing.has(name) && !TABLE_KINDS.has(kinds.get(name)!));
    if (inTheWay.length > 0) {
      await client.query('ROLLBACK');
      return { ok: false, errors: inTheWay.map((name) => recordError(`postgres:${schema}.${name}`, null, problem('relationNotATable', [`${schema}.${name}`, RELATION_KINDS[kinds.get(name)!] ?? 'a relation other than a table']))) };
    }
    const clashing = loading.filter((name) => existing.has(name));
    if (clashing.length > 0 && !options.replace) {
      await client.query('ROLLBACK');
      return { ok: false, errors: clashing.map((name) => recordError(`postgres:${schema}.${name}`, null, problem('loadFailed', [`table ${schema}.${name} exists already: codicil load never overwrites a table unless told to (--replace replaces the tables the folder holds, and only those)`]))) };
    }
    const loaded: { table: TableName; rows: number; replaced: boolean }[] = [];
    for (const name of loading) {
      const list = rows.get(name) ?? [];
      const definition = tableDefinition(name);
      const qualified = `${d.id(schema)}.${d.id(name)}`;
      if (existing.has(name)) await client.query(`DROP TABLE ${qualified}`);
      await client.query(createTable(definition, qualified, layout));
      const copy = client.query(copyFrom(`COPY ${qualified} (${definition.fields.map((f) => d.id(f.name)).join(', ')}) FROM STDIN WITH (FORMAT csv)`));
      // An absent value is an unquoted empty cell (NULL); every string is quoted (so an empty one is a string).
      const csv = stringify({ quoted_string: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });
      try {
        await pipeline(Readable.from(list.map((row) => row.values)), csv, copy);
      } catch (error) {
        const named = copyRefusal(error, name, list, options.database);
        if (named === null) throw error;
        await client.query('ROLLBACK');
        return { ok: false, errors: [named] };
      }
      loaded.push({ table: name, rows: list.length, replaced: existing.has(name) });
    }
    await client.query('COMMIT');
    // The schema's other relations that check judges as record tables.
    return { ok: true, tables: loaded, kept: TABLE_NAMES.filter((name) => READ_KINDS.has(kinds.get(name) ?? '') && !discovered.tables.has(name)) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    return { ok: false, errors: [recordError(`postgres:${schema}`, null, problem('loadFailed', [connectionProblem(error, options.database, 'load')]))] };
  } finally {
    await client.end().catch(() => {});
  }
}
