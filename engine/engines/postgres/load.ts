/**
 * `codicil load`: put a records folder into PostgreSQL, for trying the
 * postgres engine and for its tests. It validates the folder first (as
 * `check --engine js` does), then, in one transaction, creates the tables
 * and loads them with COPY: an invalid folder loads nothing, and a failure
 * half-way leaves the database as it was.
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
import { table as tableDefinition, TABLE_NAMES, type TableDefinition, type TableName } from '../../records/tables.ts';
import { connect, connectionProblem, LOCK_TIMEOUT_SECONDS } from './connect.ts';
import { postgresDialect as d } from './dialect.ts';

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
  /** Drop record tables that exist already (else they are refused). */
  replace?: boolean;
}

/** What was loaded, or why nothing was. */
export type LoadResult = { ok: true; tables: { table: TableName; rows: number }[] } | { ok: false; errors: RecordError[] };

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
 * Load a records folder into a database schema.
 *
 * @param options the folder, the database, the layout.
 * @returns the tables loaded, or the errors (nothing loaded).
 */
export async function loadRecords(options: LoadOptions): Promise<LoadResult> {
  const schema = options.schema ?? 'public';
  const layout = options.columns ?? 'typed';
  const discovered = await discoverRecords(options.records);
  const rows = new Map<TableName, Record<string, unknown>[]>();
  const unstorable: RecordError[] = [];
  const read = await readRecords(options.records, {
    discovered: { tables: discovered.tables, errors: [] },
    clauseIds: options.clauseIds,
    handler: (table) => (row, source) => {
      // PostgreSQL text cannot hold U+0000: say so, rather than let COPY fail.
      for (const [field, value] of Object.entries(row)) {
        if (typeof value === 'string' && value.includes('\u0000')) unstorable.push(recordError(source.file, source.line, problem('databaseUnreadable', [`${field} holds the character U+0000, which PostgreSQL text cannot hold`], field)));
      }
      (rows.get(table) ?? rows.set(table, []).get(table)!).push({ ...row });
    },
  });
  const invalid = [...discovered.errors, ...read.errors, ...unstorable];
  if (invalid.length > 0) return { ok: false, errors: invalid };
  let client: pg.Client;
  const failure = (error: unknown): LoadResult => ({ ok: false, errors: [recordError(`postgres:${schema}`, null, problem('databaseUnreadable', [connectionProblem(error, options.database)]))] });
  try {
    client = await connect(options.database);
  } catch (error) {
    return failure(error);
  }
  try {
    await client.query('BEGIN');
    // A table in use elsewhere is waited for a while, never forever.
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT_SECONDS * 1000}ms'`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${d.id(schema)}`);
    const { rows: existing } = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2)', [schema, [...TABLE_NAMES]]);
    if (existing.length > 0 && !options.replace) {
      await client.query('ROLLBACK');
      return { ok: false, errors: existing.map((r) => recordError(`postgres:${schema}.${r.table_name}`, null, problem('databaseUnreadable', [`table ${schema}.${r.table_name} exists already: codicil load never overwrites a table unless told to (--replace)`]))) };
    }
    for (const r of existing) await client.query(`DROP TABLE ${d.id(schema)}.${d.id(r.table_name)}`);
    const loaded: { table: TableName; rows: number }[] = [];
    for (const name of READ_ORDER) {
      const list = rows.get(name);
      if (!discovered.tables.has(name)) continue;
      const definition = tableDefinition(name);
      const qualified = `${d.id(schema)}.${d.id(name)}`;
      await client.query(createTable(definition, qualified, layout));
      const fields = definition.fields.map((f) => f.name);
      const copy = client.query(copyFrom(`COPY ${qualified} (${fields.map((f) => d.id(f)).join(', ')}) FROM STDIN WITH (FORMAT csv)`));
      // An absent value is an unquoted empty cell (NULL); every string is quoted (so an empty one is a string).
      const csv = stringify({ quoted_string: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });
      await pipeline(Readable.from((list ?? []).map((row) => fields.map((f) => row[f] ?? undefined))), csv, copy);
      loaded.push({ table: name, rows: list?.length ?? 0 });
    }
    await client.query('COMMIT');
    return { ok: true, tables: loaded };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    return failure(error);
  } finally {
    await client.end().catch(() => {});
  }
}
