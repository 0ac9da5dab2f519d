/**
 * The `postgres` engine: judges the record tables where they live, in one
 * READ ONLY transaction (a consistent snapshot; codicil never writes to the
 * user's database). Each table is read through a validating query
 * (relations.ts), the plans are compiled to SQL through the PostgreSQL
 * dialect, and outcome rows are streamed. Errors and findings name
 * `postgres:SCHEMA.TABLE` and the row's key instead of a file and a line.
 */
import type pg from 'pg';
import type Cursor from 'pg-cursor';
import { ErrorList } from '../../records/error-list.ts';
import { problem, recordError, type RecordError, type RecordProblem } from '../../records/errors.ts';
import { describeKey, READ_ORDER } from '../../records/integrity.ts';
import { MAX_RECORD_BYTES, MAX_SHOWN_VALUE, shownValue, sizeWords } from '../../records/limits.ts';
import { place, type RowSource } from '../../records/source.ts';
import { table as tableDefinition, TABLE_NAMES, type TableName } from '../../records/tables.ts';
import { rowValidator, SEQ } from '../../records/validate-row.ts';
import type { Outcome } from '../../rules/outcome.ts';
import { num, outcomeOf } from '../sql/outcome-rows.ts';
import { compileClause } from '../sql/compile.ts';
import { danglingQueries, duplicateQueries, referencedKey, type RowOrder } from '../sql/integrity.ts';
import { count, tallyOf, type AttestationRow, type Judged, type JudgeInput, type SqlLayout, type Tally } from '../types.ts';
import { connect, connectionProblem, LOCK_TIMEOUT_SECONDS, ROW_SECURITY } from './connect.ts';
import { postgresDialect as d } from './dialect.ts';
import { keyRead, readColumns, stagedRelation, type ColumnInfo } from './relations.ts';

type Row = Record<string, unknown>;

/** Where the records live. */
export interface PostgresSource {
  /** The database URL (postgresql://…). */
  database: string;
  /** The schema holding the record tables (default `public`). */
  schema?: string;
  /** Seconds to wait for a table another session holds locked (default {@link LOCK_TIMEOUT_SECONDS}). */
  lockTimeout?: number;
}

const BY_KEY: RowOrder = { order: '_file, _key, _row', naming: ['_key', '_row'] };

/** Stream a query's rows in batches. */
async function* streamed(client: pg.Client, sql: string): AsyncGenerator<Row[]> {
  // The driver is loaded when a database is read: a check with another engine never loads it.
  const { default: PgCursor } = (await import('pg-cursor')) as { default: typeof Cursor };
  const cursor = client.query(new PgCursor(sql));
  try {
    for (;;) {
      const batch = (await cursor.read(10_000)) as Row[];
      if (batch.length === 0) return;
      yield batch;
    }
  } finally {
    await cursor.close();
  }
}

/**
 * Judge the record tables of a database schema.
 *
 * @param input the policy's clauses, reference data and as-of.
 * @param source the database and schema.
 * @returns errors, tallies, outcomes and attestations.
 */
export async function judgeWithPostgres(inputs: JudgeInput[], source: PostgresSource): Promise<Judged[]> {
  const schema = source.schema ?? 'public';
  const empty = (errors: RecordError[]): Judged[] => inputs.map(() => ({ present: new Set(), errors, rows: 0, tallies: new Map(), outcomes: [], attestations: [] }));
  const unreadable = (reason: string) => empty([recordError(`postgres:${schema}`, null, problem('databaseUnreadable', [reason]))]);
  let client: pg.Client;
  try {
    client = await connect(source.database);
  } catch (error) {
    return unreadable(connectionProblem(error, source.database));
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SET LOCAL TimeZone = 'UTC'");
    // A refused timestamptz is shown as PostgreSQL prints it: in ISO form, whatever the server's default.
    await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
    // Row-level security that would hide rows from this user (through a view too) fails the query instead: never part of a table.
    await client.query('SET LOCAL row_security = off');
    await client.query(`SET LOCAL lock_timeout = '${Math.round((source.lockTimeout ?? LOCK_TIMEOUT_SECONDS) * 1000)}ms'`);
    return await judge(client, schema, inputs);
  } catch (error) {
    return unreadable(connectionProblem(error, source.database));
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  }
}

/**
 * The schema's relations named as a record table in other letters (`"Incidents"`, made by a quoted
 * CREATE or an ORM): as a misnamed file is, each is an error, never an absent table skipped silently.
 */
async function misnamed(client: pg.Client, schema: string): Promise<RecordError[]> {
  const { rows } = await client.query<{ relname: string; table: string }>(
    `SELECT c.relname, lower(c.relname COLLATE "C") AS table FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND lower(c.relname COLLATE "C") = ANY($2) AND NOT (c.relname = ANY($2)) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
     ORDER BY c.relname COLLATE "C"`,
    [schema, [...TABLE_NAMES]],
  );
  return rows.map((r) => recordError(`postgres:${schema}.${r.relname}`, null, problem('misnamedTable', [r.relname, r.table])));
}

/** A row's key (JSON) with each value cut as errors show values: a row refused for its size may have a key of that size. */
function cutKey(key: string): string {
  const values = JSON.parse(key) as Record<string, string | null>;
  const cut = (v: string | null) => (v !== null && v.length > MAX_SHOWN_VALUE ? `${v.slice(0, MAX_SHOWN_VALUE)}…` : v);
  return JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, cut(v)])));
}

async function judge(client: pg.Client, schema: string, inputs: JudgeInput[]): Promise<Judged[]> {
  // What the tables need (clause ids) is the same for every document; one transaction reads them all.
  const input = inputs[0]!;
  // pg_catalog, not information_schema: a table the user may not read must be an error, not an absent table.
  const { rows: schemas } = await client.query('SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1', [schema]);
  if (schemas.length === 0) throw Object.assign(new Error(`schema ${schema} does not exist`), { code: 'schema' });
  const { rows: tableRows } = await client.query<{ relname: string; readable: boolean; hidden: boolean }>(
    `SELECT c.relname, has_table_privilege(c.oid, 'SELECT') AS readable, row_security_active(c.oid) AS hidden
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`,
    [schema, [...TABLE_NAMES]],
  );
  const unreadable = tableRows.filter((r) => !r.readable).map((r) => `${schema}.${r.relname}`);
  if (unreadable.length > 0) throw Object.assign(new Error(`permission denied for ${unreadable.join(', ')}`), { code: '42501' });
  // Named here, all at once; under a view, row_security = off makes the read fail (connect.ts words it).
  const hidden = tableRows.filter((r) => r.hidden).map((r) => `${schema}.${r.relname}`);
  if (hidden.length > 0) throw Object.assign(new Error(hidden.join(', ')), { code: ROW_SECURITY });
  const { rows: columnRows } = await client.query<{ table_name: string; column_name: string; data_type: string; declared: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, NULL) AS data_type,
       format_type(a.atttypid, a.atttypmod) AS declared
     FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'v', 'm', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
    [schema, [...TABLE_NAMES]],
  );
  const present = new Set<TableName>(tableRows.map((r) => r.relname as TableName));
  const columnsOf = (t: TableName): ColumnInfo[] => columnRows.filter((r) => r.table_name === t).map((r) => ({ name: r.column_name, type: r.data_type, declared: r.declared }));
  const fileOf = (t: TableName) => `postgres:${schema}.${t}`;
  const tables = READ_ORDER.filter((t) => present.has(t));
  const errors = new ErrorList();
  for (const [i, e] of (await misnamed(client, schema)).entries()) errors.add(e, [-1, 0, 0, i]);
  const relations = new Map<TableName, string>();
  // Tables some of whose keys are not read: their key column is refused, or a row of theirs is too long to read.
  const unkeyed = new Set<TableName>();
  const sourceOf = (t: TableName, key: unknown): RowSource => ({ file: fileOf(t), line: null, key: JSON.parse(key as string) as Record<string, string> });
  const add = (t: TableName, key: unknown, ordinal: number, p: RecordProblem, seq: number) => {
    const error = recordError(fileOf(t), null, p);
    if (key !== undefined && key !== null) error.key = JSON.parse(key as string) as Record<string, string>;
    errors.add(error, [READ_ORDER.indexOf(t), 0, ordinal, seq]);
  };
  let rowCount = 0;
  for (const t of tables) {
    const definition = tableDefinition(t);
    const { readings, problems } = readColumns(definition, columnsOf(t));
    for (const p of problems) add(t, undefined, 0, p, SEQ.syntax);
    if (!keyRead(definition, readings)) unkeyed.add(t);
    const qualified = `${d.id(schema)}.${d.id(t)}`;
    const { relation, invalid } = stagedRelation(definition, qualified, tables.indexOf(t), readings);
    relations.set(t, relation);
    rowCount += num((await client.query(`SELECT count(*) AS n FROM ${qualified}`)).rows[0].n);
    // The words of each invalid row: the reference validator, on the row's text as a CSV cell reads it.
    const validate = rowValidator(definition);
    const booleans = new Set(definition.fields.filter((f) => f.kind === 'boolean').map((f) => f.name));
    let ordinal = 0;
    for await (const batch of streamed(client, invalid)) {
      for (const r of batch) {
        ordinal++;
        if (r._fits === false) {
          add(t, cutKey(r._key as string), ordinal, problem('lineTooLong', [sizeWords(MAX_RECORD_BYTES)]), SEQ.syntax);
          // Its key is not read: a reference to it cannot be told from one to no row (records/integrity.ts).
          unkeyed.add(t);
          continue;
        }
        const values: Row = {};
        for (const f of definition.fields) {
          const text = r[f.name] as string | null;
          if (text === null || text === '' || readings.get(f.name)!.from === 'refused') continue;
          values[f.name] = booleans.has(f.name) ? (text === 'true' ? true : text === 'false' ? false : text) : text;
        }
        const verdict = validate(values);
        if (verdict.problems.length === 0) throw new Error(`internal: a row of ${fileOf(t)} failed a check in SQL that records.md does not make (${String(r._key)})`);
        for (const p of verdict.problems) add(t, r._key, ordinal, p, p.seq);
      }
    }
  }
  const byFile = (id: unknown) => tables[num(id)]!;
  for (const t of tables) {
    const definition = tableDefinition(t);
    if (definition.key.length > 0) {
      const q = duplicateQueries(definition, d, relations.get(t)!, BY_KEY);
      const n = num((await client.query(q.count)).rows[0].n);
      if (n > 0) {
        const { rows: found } = await client.query(q.rows);
        found.forEach((r: Row, i: number) => {
          const first = place(sourceOf(byFile(r.first_file), r.first_key));
          add(t, r._key, 1_000_000 + i, problem('duplicateKey', [describeKey(r, definition.key), first], definition.key.join(', ')), SEQ.duplicateKey);
        });
        errors.hidden(n - found.length);
      }
    }
    for (const [i, [field, target]] of Object.entries(definition.references).entries()) {
      const targetPresent = target !== 'policy:clause' && present.has(target as TableName);
      // Into a table some of whose keys are not read (already an error), no reference can be found or missed.
      if (targetPresent && unkeyed.has(target as TableName)) continue;
      const q = danglingQueries(field, target, d, relations.get(t)!, targetPresent ? relations.get(target as TableName) : undefined, targetPresent ? referencedKey(tableDefinition(target as TableName)) : undefined, [...input.clauseIds], BY_KEY);
      const n = num((await client.query(q.count)).rows[0].n);
      if (n === 0) continue;
      const { rows: found } = await client.query(q.rows);
      found.forEach((r: Row, j: number) => {
        const id = shownValue(r.value);
        const p = target === 'policy:clause' ? problem('unknownClause', [id], field) : problem('danglingReference', [field, id, target, !present.has(target as TableName)], field);
        add(t, r._key, 2_000_000 + j, p, SEQ.reference + i);
      });
      errors.hidden(n - found.length);
    }
  }
  if (errors.size > 0) return inputs.map(() => ({ present, errors: errors.list(), rows: rowCount, tallies: new Map(), outcomes: [], attestations: [] }));
  const judged: Judged[] = [];
  for (const document of inputs) judged.push({ present, errors: [], rows: rowCount, ...(await judgeDocument(client, present, tables, relations, sourceOf, document)) });
  return judged;
}

/** Judge one document's clauses over the validated tables, in the same transaction. */
async function judgeDocument(
  client: pg.Client,
  present: Set<TableName>,
  tables: TableName[],
  relations: Map<TableName, string>,
  sourceOf: (t: TableName, key: unknown) => RowSource,
  input: JudgeInput,
): Promise<Pick<Judged, 'tallies' | 'outcomes' | 'attestations'>> {
  const tallies = new Map<string, Tally>();
  const outcomes: Outcome[] = [];
  const attestations: AttestationRow[] = [];
  const byFile = (id: unknown) => tables[num(id)]!;
  const versionFiles = input.versions.map((v) => v.file);
  const sourceAt = (file: unknown, line: unknown, key: unknown): RowSource =>
    key !== null && key !== undefined ? sourceOf(byFile(file), key) : { file: versionFiles[num(file) - tables.length]!, line: num(line) };
  for (const clause of input.clauses) {
    const plan = clause.kind.plan;
    if (plan.shape === 'attestation' || !clause.kind.tables.every((t) => present.has(t))) continue;
    const { sql, subjectCount, columns } = compileClause(clause, {
      dialect: d,
      asOf: input.asOf,
      versions: input.versions,
      reference: input.reference,
      relation: (t) => relations.get(t as TableName)!,
      versionFile: (v) => tables.length + input.versions.indexOf(v),
      rowKeys: true,
      completionSources: input.explain ?? true,
    });
    const tally = tallyOf(tallies, clause.id);
    // Judged once, as on DuckDB: the subjects counted, the findings read, every other subject passed.
    const subjects = num((await client.query(subjectCount)).rows[0].n);
    let findings = 0;
    for await (const batch of streamed(client, `SELECT * FROM (${sql}) AS o WHERE status <> 'pass'`)) {
      for (const r of batch) {
        const o = outcomeOf(r, clause, columns, {
          source: (row) => sourceAt(row._file, row._line, row._key),
          completionSource: (row) => (row.done_key === undefined || row.done_key === null ? undefined : sourceOf(byFile(row.done_file), row.done_key)),
        });
        count(tally, o.status);
        findings++;
        outcomes.push(o);
      }
    }
    count(tally, 'pass', subjects - findings);
  }
  if (present.has('attestations')) {
    for (const r of (await client.query(`SELECT clause, attested_by, attested_at, expires_at, _key FROM ${relations.get('attestations')!} AS a`)).rows as Row[]) {
      attestations.push({ clause: r.clause as string, by: r.attested_by as string, attestedAt: num(r.attested_at), expiresAt: num(r.expires_at), source: sourceOf('attestations', r._key) });
    }
  }
  return { tallies, outcomes, attestations };
}

/**
 * The SQL this engine runs, for review (`codicil sql --dialect postgres`):
 * each table's validating query and one judging query per clause, for
 * tables in a schema (default `public`) whose columns are typed as
 * `codicil load` writes them (timestamptz, boolean), or all text. (`check`
 * reads each column's type from the database; a table of another layout
 * is read the same way, column by column.)
 *
 * @param input the policy's clauses, reference data and as-of.
 * @param layout the schema and the columns' types.
 * @returns titled statements.
 */
export function postgresStatements(input: JudgeInput, layout: SqlLayout = {}): { title: string; sql: string; clause?: string }[] {
  const out: { title: string; sql: string; clause?: string }[] = [];
  const relations = new Map<TableName, string>();
  const columns = layout.columns ?? 'typed';
  const typeOf = (kind: string) => (columns === 'text' ? 'text' : kind === 'timestamp' ? 'timestamp with time zone' : kind === 'boolean' ? 'boolean' : 'text');
  for (const [i, t] of READ_ORDER.entries()) {
    const definition = tableDefinition(t);
    const { readings } = readColumns(definition, definition.fields.map((f) => ({ name: f.name, type: typeOf(f.kind) })));
    const { relation, invalid } = stagedRelation(definition, `${d.id(layout.schema ?? 'public')}.${d.id(t)}`, i, readings);
    relations.set(t, relation);
    out.push({ title: `${t}: rows that break records.md (${columns} columns)`, sql: `${invalid};` });
  }
  // The key and reference checks check runs once every table is read.
  for (const t of READ_ORDER) {
    const definition = tableDefinition(t);
    if (definition.key.length > 0) out.push({ title: `${t}: duplicate keys`, sql: `${duplicateQueries(definition, d, relations.get(t)!, BY_KEY).rows};` });
    for (const [field, target] of Object.entries(definition.references)) {
      const isTable = target !== 'policy:clause';
      out.push({
        title: `${t}.${field}: references to ${target}`,
        sql: `${danglingQueries(field, target, d, relations.get(t)!, isTable ? relations.get(target as TableName) : undefined, isTable ? referencedKey(tableDefinition(target as TableName)) : undefined, [...input.clauseIds], BY_KEY).rows};`,
      });
    }
  }
  for (const clause of input.clauses) {
    if (clause.kind.plan.shape === 'attestation') continue;
    const { sql } = compileClause(clause, { dialect: d, asOf: input.asOf, versions: input.versions, reference: input.reference, relation: (t) => relations.get(t as TableName)!, versionFile: (v) => READ_ORDER.length + input.versions.indexOf(v), rowKeys: true });
    out.push({ title: `${clause.id}: judged by ${clause.kind.kind} — ${clause.kind.description}`, sql: `${sql};`, clause: clause.id });
  }
  return out;
}
