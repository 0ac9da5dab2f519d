/**
 * The `duckdb` engine (the default): records are staged in an embedded
 * DuckDB, validated in SQL, and judged by the plans compiled to SQL.
 * JSONL (and Parquet) is read by DuckDB itself, in parallel and out of core;
 * CSV, JSON and YAML, and any JSONL file DuckDB's line reader cannot vouch
 * for, are read by the reference readers and appended. Every error carries
 * the same code, file, line and words as on the `js` engine.
 */
import { tmpdir, totalmem } from 'node:os';
import { makeTemporaryFolderSync, removeTemporaryFolderSync, whenStopped } from '../../io/temporary.ts';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { DiscoveredRecords, RecordFile } from '../../records/discover.ts';
import { ErrorList } from '../../records/error-list.ts';
import { problem, recordError } from '../../records/errors.ts';
import { describeKey, leavesRowsUnread, READ_ORDER } from '../../records/integrity.ts';
import { MAX_ERRORS, shownValue } from '../../records/limits.ts';
import { READERS } from '../../records/read.ts';
import { readJsonLine } from '../../records/readers/jsonl.ts';
import type { RowSink } from '../../records/readers/types.ts';
import { table as tableDefinition, type TableDefinition, type TableName } from '../../records/tables.ts';
import { parseTimestamp } from '../../schemas/timestamp.ts';
import { rowValidator, SEQ, type RowVerdict } from '../../records/validate-row.ts';
import type { ClauseToJudge } from '../../rules/in-force.ts';
import type { Outcome } from '../../rules/outcome.ts';
import { num, outcomeOf } from '../sql/outcome-rows.ts';
import { compileClause } from '../sql/compile.ts';
import { danglingQueries, duplicateQueries, referencedKey } from '../sql/integrity.ts';
import { refOk, stageColumns, type StageColumn } from '../sql/stage.ts';
import { count, tallyOf, type AttestationRow, type Judged, type JudgeInput, type Tally } from '../types.ts';
import type { EngineOptions } from '../index.ts';
import { DUCKDB_MACROS, duckdbDialect as d } from './dialect.ts';
import { plainRecordLines } from './canonical.ts';
import { readParquetDoc } from './parquet-doc.ts';
import { prescanJsonl } from './prescan.ts';
import { keepLeadingByteOrderMark } from './text.ts';
import { fastDocs, fileColumns, jsonlDocs, literalPath, parquetDocs, parquetInvalidUtf8, parquetTyped, plainComputed, plainDocs, stageDocs } from './stage-docs.ts';

type Row = Record<string, unknown>;


/** Rows of a query, as plain objects (BIGINT as number). */
async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/** One file of the check, numbered across tables. */
interface StagedFile {
  file: RecordFile;
  id: number;
  /** Its table's place in READ_ORDER, and its own place among the table's files. */
  tableRank: number;
  index: number;
  /** How its rows are numbered: by their order (a JSONL file read by DuckDB), or by a `_line` column; undefined until staged. */
  numbered?: 'order' | 'column';
  /** Whether its table holds rows of blank lines (`_blank`); undefined until staged (then it may). */
  blankRows?: boolean;
  /** Whether a problem of the whole file left rows of it unread (records/integrity.ts). */
  rowsUnread?: boolean;
  /** Whether its rows are in its record table's shared table (read by the reference reader), not a table of its own. */
  shared?: boolean;
  /** Whether it is one of many shards of its table, and small ({@link SMALL_SHARD}). */
  smallShard?: boolean;
  /** Whether it is a JSONL file proved plainly valid and read by DuckDB's JSON reader ({@link stagePlain}). */
  plain?: boolean;
  /** The staged columns its table does not hold, computed where it is read instead (a plain file's, stage-docs.ts). */
  computed?: Map<string, string>;
}

/**
 * A JSONL file is read by the reference reader instead of DuckDB when its
 * table has more than {@link MANY_SHARDS} files and it is smaller than
 * {@link SMALL_SHARD} bytes: DuckDB's staging costs a dozen statements and a
 * table per file (review: 1 000 one-row shards took a minute, js 4 s), the
 * reference reader a few milliseconds for such a file, and its rows go to the
 * table's one shared table.
 */
const MANY_SHARDS = 16;
const SMALL_SHARD = 256 * 1024;

/**
 * The table holding the rows of a record table's files read by the reference
 * reader, each with its file: one table, however many files (review: a table
 * of 5 000 one-row shards, each a DuckDB table and a branch of the view, ran
 * out of memory after minutes; DuckDB gives every table its own blocks).
 */
const sharedTable = (name: TableName): string => d.id(`_read_${name}`);

/** What is known of a record table's shared table: whether it holds rows of blank lines (undefined until its staging columns are dropped). */
interface SharedTable {
  blankRows?: boolean;
}

/** The record tables whose files the reference reader read, each with its shared table. */
type SharedTables = Map<TableName, SharedTable>;

/** The table holding one file's staged rows (stage-docs.ts). */
const fileTable = (id: number): string => d.id(`_file_${id}`);

/**
 * CREATE TABLE for a file whose rows carry their line (read by the reference
 * reader, or not read at all), unless DuckDB staged it already; the file is
 * then numbered by that column.
 *
 * @param staged the file.
 * @returns the statement.
 */
function createFileTable(staged: StagedFile): string {
  staged.numbered ??= 'column';
  return `CREATE TABLE IF NOT EXISTS ${fileTable(staged.id)} (${fileColumns(tableDefinition(staged.file.table), d, true)
    .map((c) => `${d.id(c.name)} ${c.type}`)
    .join(', ')})`;
}

/** What only staging reads (a record's verdict, and its text to word its problems). */
const AT_STAGING = ['_ok', '_doc'];

/** What only the key and reference checks read (whether a row's key and references are valid). */
const forIntegrity = (name: TableName): string[] => ['_kok', ...Object.keys(tableDefinition(name).references).map(refOk)];

/** The statement that drops a column from a file's staged table. */
const dropColumn = (id: number, column: string): string => `ALTER TABLE ${fileTable(id)} DROP COLUMN ${d.id(column)}`;

/** {@link dropColumn} for each column, as printed (each ending in `;` and a line break). */
const dropStatements = (id: number, columns: string[]): string => columns.map((column) => `${dropColumn(id, column)};\n`).join('');

/**
 * Drop columns no step ahead reads from a file's staged table, and the blank
 * lines' mark when it has none: a BOOLEAN column costs 5 bytes a row, and
 * what DuckDB cannot keep under its memory limit it writes to its temporary
 * files and reads back. Rows keep their place (a dropped column leaves the
 * others as they are), so their lines.
 */
async function dropColumns(connection: DuckDBConnection, staged: StagedFile, columns: string[]): Promise<void> {
  await dropColumnsOf(connection, fileTable(staged.id), staged, columns);
}

/** {@link dropColumns} of any staged table: a file's, or a shared one ({@link sharedTable}). */
async function dropColumnsOf(connection: DuckDBConnection, table: string, holder: { blankRows?: boolean; computed?: Map<string, string> }, columns: string[]): Promise<void> {
  columns = columns.filter((column) => !holder.computed?.has(column));
  if (holder.blankRows === undefined) {
    const [{ n }] = (await rows(connection, `SELECT count(*) FILTER (WHERE _blank) AS n FROM ${table}`)) as [{ n: number }];
    holder.blankRows = n > 0;
    if (!holder.blankRows) columns = [...columns, '_blank'];
  }
  for (const column of columns) await connection.run(`ALTER TABLE ${table} DROP COLUMN ${d.id(column)}`);
}

/**
 * A record table as every query reads it: the staged rows of its files, with
 * their file and line, blank lines left out (sql/stage.ts's columns but those
 * dropped).
 *
 * @param name the record table.
 * @param files its files: their numbers, how their rows are numbered, whether blank lines are rows.
 * @param dropped the columns dropped from its files' tables.
 * @returns CREATE VIEW.
 */
function tableView(name: TableName, files: Pick<StagedFile, 'id' | 'numbered' | 'blankRows' | 'computed'>[], dropped: string[] = AT_STAGING, shared?: SharedTable): string {
  const staged = stageColumns(tableDefinition(name), d).filter((c) => !dropped.includes(c.name));
  const columns = staged.filter((c) => c.name !== '_file' && c.name !== '_line').map((c) => d.id(c.name));
  const held = (f: Pick<StagedFile, 'computed'>) =>
    staged.filter((c) => c.name !== '_file' && c.name !== '_line').map((c) => (f.computed?.has(c.name) ? `${f.computed.get(c.name)!} AS ${d.id(c.name)}` : d.id(c.name)));
  const parts = files.map((f) => `SELECT ${f.id} AS _file, ${f.numbered === 'order' ? 'rowid + 1' : '_line'} AS _line, ${held(f).join(', ')} FROM ${fileTable(f.id)}${f.blankRows === false ? '' : ' WHERE NOT _blank'}`);
  if (shared) parts.push(`SELECT _file, _line, ${columns.join(', ')} FROM ${sharedTable(name)}${shared.blankRows === false ? '' : ' WHERE NOT _blank'}`);
  // A table present without a file that could be listed (an empty shard folder): no rows.
  if (parts.length === 0) parts.push(`SELECT ${staged.map((c) => `CAST(NULL AS ${c.type}) AS ${d.id(c.name)}`).join(', ')} WHERE false`);
  return `CREATE OR REPLACE VIEW ${d.id(name)} AS ${parts.join('\nUNION ALL ')}`;
}

/**
 * The SQL this engine runs for a check, for review (`codicil sql`): staging
 * and validation of each table (as read from `<records>/<table>.jsonl`), the
 * key and reference checks, and one judging query per clause.
 *
 * @param input the policy's clauses, reference data and as-of.
 * @returns titled statements.
 */
export function duckdbStatements(input: JudgeInput): { title: string; sql: string; clause?: string }[] {
  const out: { title: string; sql: string; clause?: string }[] = [{ title: 'setup: milliseconds from microseconds, rounded down', sql: DUCKDB_MACROS.map((m) => `${m};`).join('\n') }];
  // codicil reads the rows these queries find, puts their problems in words and judges nothing; a pasted
  // script stops instead (review: run by hand, it judged the valid rows and never said a row was refused).
  const stop = (what: string, found: string) => `SELECT error(${d.str(`${what}: nothing is judged (codicil check names each one)`)}) WHERE EXISTS (${found});`;
  for (const [i, name] of READ_ORDER.entries()) {
    const definition = tableDefinition(name);
    const docs = jsonlDocs(`<records>/${name}.jsonl`, false);
    const fast = fastDocs(definition, d, docs);
    const invalid = `SELECT rowid + 1 AS _line, _doc FROM ${fileTable(i)} WHERE NOT _blank AND NOT _ok ORDER BY _line`;
    out.push({
      title: fast ? `${name}: staged and validated (records.md), plainly written lines in one parse, then the others; the records that break records.md` : `${name}: staged and validated (records.md); the records that break records.md`,
      sql: `CREATE TABLE ${fileTable(i)} AS\n${fast ?? stageDocs(definition, d, docs)};\n${fast ? `${restage(definition, fileTable(i))};\n` : ''}${invalid};\n${stop(`${name}: a record breaks records.md`, invalid)}\n${dropStatements(i, AT_STAGING)}${tableView(name, [{ id: i, numbered: 'order' }])};`,
    });
    if (definition.key.length > 0) {
      const duplicates = duplicateQueries(definition, d, d.id(name)).rows;
      out.push({ title: `${name}: duplicate keys`, sql: `${duplicates};\n${stop(`${name}: a key is given twice`, duplicates)}` });
    }
    for (const [field, target] of Object.entries(definition.references)) {
      const isTable = target !== 'policy:clause';
      const dangling = danglingQueries(field, target, d, d.id(name), isTable ? d.id(target) : undefined, isTable ? referencedKey(tableDefinition(target as TableName)) : undefined, [...input.clauseIds]).rows;
      out.push({ title: `${name}.${field}: references to ${target}`, sql: `${dangling};\n${stop(`${name}.${field}: a reference names no ${target === 'policy:clause' ? 'clause' : `row of ${target}`}`, dangling)}` });
    }
  }
  out.push({
    title: 'when no record has an error: what only the key and reference checks read is dropped',
    sql: READ_ORDER.map((name, i) => `${dropStatements(i, forIntegrity(name))}${tableView(name, [{ id: i, numbered: 'order' }], [...AT_STAGING, ...forIntegrity(name)])};`).join('\n'),
  });
  for (const clause of input.clauses) {
    if (clause.kind.plan.shape === 'attestation') continue;
    const { sql } = compileClause(clause, { dialect: d, asOf: input.asOf, versions: input.versions, reference: input.reference, relation: (table) => d.id(table), versionFile: (v) => READ_ORDER.length + input.versions.indexOf(v), lateFacts: true });
    out.push({ title: `${clause.id}: judged by ${clause.kind.kind} — ${clause.kind.description}`, sql: `${sql};`, clause: clause.id });
  }
  return out;
}

/** The least memory DuckDB is given by default. */
const MIN_DEFAULT_MEMORY = 512 * 2 ** 20;

/**
 * DuckDB's memory limit when none is given: three fifths of the records' size
 * on disk (a Parquet file counted four times its size), at least 512 MiB — or
 * DuckDB's own (80% of RAM) when that is less. A fixed
 * low limit ran out of memory on large folders (some of DuckDB's steps
 * cannot spill: 400MB failed at 100 M rows, 1GB did not), DuckDB's own let a
 * 10 M-row check grow to 2 GB; this bounds small checks and lets large ones
 * grow with their records (README "Benchmark").
 *
 * @param discovered the records folder's tables.
 * @returns e.g. `512MiB`, or undefined for DuckDB's own.
 */
export function defaultMemoryLimit(discovered: DiscoveredRecords | undefined): string | undefined {
  // Parquet is compressed: its records take several times its size once read (counted as text four times its size).
  let bytes = 0;
  for (const files of discovered?.tables.values() ?? []) for (const file of files) bytes += file.format === 'parquet' ? 4 * file.size : file.size;
  // Three fifths: at 10 M rows the tables fit and one join spills 30 MB (half: 0.2 s more), and the peak
  // RSS stays about 830 MB, DuckDB giving back what it keeps before each clause (judge()).
  const limit = Math.max(MIN_DEFAULT_MEMORY, (bytes * 3) / 5);
  return limit >= 0.8 * totalmem() ? undefined : `${Math.ceil(limit / 2 ** 20)}MiB`;
}

/**
 * Judge a records folder on DuckDB: the records are staged and validated
 * once, table after table, and each document's clauses judged over them as
 * soon as the tables they read are.
 *
 * @param records the records folder (undefined: only the policy's own clauses).
 * @param discovered the folder's tables.
 * @param inputs each document's clauses and versions, with the reference data and as-of.
 * @param options threads and memory limit.
 * @returns for each input: errors, tallies, outcomes and attestations.
 */
export async function judgeWithDuckdb(records: string | undefined, discovered: DiscoveredRecords | undefined, inputs: JudgeInput[], options: EngineOptions): Promise<Judged[]> {
  keepLeadingByteOrderMark();
  const temp = makeTemporaryFolderSync(tmpdir(), 'codicil-duckdb-');
  const settings: Record<string, string> = { temp_directory: temp };
  if (options.threads !== undefined) settings.threads = String(options.threads);
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit(discovered);
  if (memoryLimit !== undefined) settings.memory_limit = memoryLimit;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(':memory:', settings);
  } catch (error) {
    // A size or count it cannot take (--memory-limit 99999999TB): an error of the run, never an internal one.
    removeTemporaryFolderSync(temp);
    const shown = [options.memoryLimit === undefined ? '' : `--memory-limit ${options.memoryLimit}`, options.threads === undefined ? '' : `--threads ${options.threads}`].filter(Boolean).join(', ') || 'its defaults';
    const words = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    return runError(records, inputs, problem('engineSettingsRefused', [shown, words]));
  }
  const connection = await instance.connect();
  // On a signal, the query stops and the `finally` below closes DuckDB before its spill folder goes:
  // removed under it, its threads would write there again.
  whenStopped(temp, () => connection.interrupt());
  try {
    await connection.run("SET TimeZone = 'UTC'");
    for (const macro of DUCKDB_MACROS) await connection.run(macro);
    return await judge(connection, records, discovered, inputs);
  } catch (error) {
    // Memory is the one failure of DuckDB itself that a user can act on: an error of the run, never a crash.
    if (!outOfMemory(error)) throw error;
    const words = error instanceof Error ? error.message : String(error);
    const limit = options.memoryLimit === undefined ? `its default limit here, ${memoryLimit ?? '80% of RAM'}` : `--memory-limit ${options.memoryLimit}`;
    const reason = words.split('\n')[0]!.replace(/^(Out of Memory Error|Failed to append): /, '');
    return runError(records, inputs, problem('engineOutOfMemory', [limit, reason]));
  } finally {
    connection.closeSync();
    instance.closeSync();
    removeTemporaryFolderSync(temp);
  }
}

/** What every document gets when DuckDB itself fails (an error of the run, not of the records): nothing judged. */
function runError(records: string | undefined, inputs: JudgeInput[], p: ReturnType<typeof problem>): Judged[] {
  return inputs.map(() => ({ present: new Set<TableName>(), errors: [recordError(records ?? '.', null, p)], rows: 0, tallies: new Map(), outcomes: [], attestations: [] }));
}

/** Whether DuckDB's query was interrupted (on a signal, see io/temporary.ts). */
function interrupted(error: unknown): boolean {
  return /^INTERRUPT Error/.test(error instanceof Error ? error.message : String(error));
}

/**
 * Whether DuckDB ran out of memory. It says so as "Out of Memory Error: …",
 * as "failed to pin block …", or through its appender as "Failed to append:
 * could not allocate …".
 */
function outOfMemory(error: unknown): boolean {
  return /^Out of Memory Error|\b(could not|failed to) (allocate|pin) /.test(error instanceof Error ? error.message : String(error));
}

async function judge(connection: DuckDBConnection, records: string | undefined, discovered: DiscoveredRecords | undefined, inputs: JudgeInput[]): Promise<Judged[]> {
  // Each clause's findings are read from DuckDB and made outcomes on this thread while DuckDB works on
  // what comes next (it waits for DuckDB otherwise, and DuckDB for it): at 10 M rows the 68 000 findings
  // took 0.45 s with one core idle. Read in order, and always to the end before DuckDB is closed.
  let reading: Promise<void> = Promise.resolve();
  const later = (read: () => Promise<void>): void => {
    reading = reading.then(read);
    // Handled here, thrown where it is awaited: a read that fails while DuckDB is still judging is never an unhandled rejection.
    reading.catch(() => undefined);
  };
  try {
    const judged = await judgeTables(connection, records, discovered, inputs, later);
    await reading;
    return judged;
  } finally {
    await reading.catch(() => undefined);
  }
}

async function judgeTables(connection: DuckDBConnection, records: string | undefined, discovered: DiscoveredRecords | undefined, inputs: JudgeInput[], later: (read: () => Promise<void>) => void): Promise<Judged[]> {
  // What the records need (clause ids, progress) is the same for every document.
  const input = inputs[0]!;
  const present = new Set<TableName>(discovered?.tables.keys() ?? []);
  const errors = new ErrorList();
  const files: StagedFile[] = [];
  for (const [tableRank, name] of READ_ORDER.entries()) {
    const shards = discovered?.tables.get(name) ?? [];
    for (const [index, file] of shards.entries()) files.push({ file, id: files.length, tableRank, index, smallShard: shards.length > MANY_SHARDS && file.size < SMALL_SHARD });
  }
  let rowCount = 0;
  const shared: SharedTables = new Map();
  const own = (name: TableName) => files.filter((f) => f.file.table === name && !f.shared);
  const documents: DocumentJudged[] = inputs.map((document) => ({
    input: document,
    tallies: new Map(),
    outcomes: [],
    attestations: [],
    // The clauses still to judge: those whose tables are all present (the others are unchecked).
    waiting: new Set(document.clauses.filter((clause) => clause.kind.plan.shape !== 'attestation' && clause.kind.tables.every((t) => present.has(t)))),
  }));
  // Tables staged and checked (keys, references); those whose key and reference validity are dropped
  // (no check reads them again); and those dropped whole.
  const checked = new Set<TableName>();
  const trimmed = new Set<TableName>();
  const dropped = new Set<TableName>();
  // Each clause is judged as soon as its tables are checked, and each table dropped as soon as no clause
  // and no reference check reads it again: at 10 M rows, the tables held at once no longer outgrow
  // DuckDB's memory, which spilled them to disk and read them back. A record found wrong later stops
  // the judging, and what was judged is never reported: nothing is judged when a record is wrong.
  const limit = await memoryLimit(connection);
  // Half the limit is kept by DuckDB's block allocator once used, never given back to the system: the
  // blocks of each table and join are reused instead of being mapped again (at 10 M rows 25% fewer
  // page faults, 0.3 s less system time), and the other half is still given back before each clause.
  if (limit !== undefined) await connection.run(`SET block_allocator_memory = '${Math.floor(limit / 2)} bytes'`).catch(() => undefined);
  let given = limit;
  // The findings held in Node count against the memory limit: DuckDB is given what they leave (at
  // least half). At 100 M rows they reach 300 MB while DuckDB still stages and checks later tables.
  // Setting the limit also makes DuckDB give back the memory it keeps beyond what it uses: done before
  // each clause is judged (its joins are the largest), the peak at 10 M rows is 780–800 MB, not up to
  // 1 020 MB, for 0.07 s.
  const fitMemory = async (giveBack = false): Promise<void> => {
    if (limit === undefined || given === undefined) return;
    const held = documents.reduce((sum, document) => sum + document.outcomes.length, 0) * FINDING_BYTES;
    const next = Math.max(limit / 2, limit - held);
    if (Math.abs(next - given) < 2 ** 24 && !giveBack) return;
    try {
      await connection.run(`SET memory_limit = '${Math.floor(next)} bytes'`);
      given = next;
    } catch {
      // More is held than the new limit allows, and cannot be spilled now: kept as it was.
    }
  };
  const judgeWhatIsReady = async (): Promise<void> => {
    if (errors.size > 0) return;
    // Read by no reference check to come (the tables referring to it are checked).
    const served = (name: TableName) => !READ_ORDER.some((other) => present.has(other) && !checked.has(other) && Object.values(tableDefinition(other).references).includes(name));
    for (const name of checked) {
      if (trimmed.has(name) || !served(name)) continue;
      for (const staged of own(name)) await dropColumns(connection, staged, forIntegrity(name));
      const table = shared.get(name);
      if (table) await dropColumnsOf(connection, sharedTable(name), table, forIntegrity(name));
      await connection.run(tableView(name, own(name), [...AT_STAGING, ...forIntegrity(name)], table));
      trimmed.add(name);
    }
    for (const document of documents) {
      for (const clause of document.waiting) {
        if (!clause.kind.tables.every((t) => checked.has(t))) continue;
        document.waiting.delete(clause);
        await fitMemory(true);
        await judgeClause(connection, files, document, clause, later);
      }
    }
    for (const name of checked) {
      // Attestations are read last, for every document.
      if (dropped.has(name) || name === 'attestations' || !served(name)) continue;
      if (documents.some((document) => [...document.waiting].some((clause) => clause.kind.tables.includes(name)))) continue;
      await connection.run(`DROP VIEW IF EXISTS ${d.id(name)}`);
      for (const staged of own(name)) await connection.run(`DROP TABLE IF EXISTS ${fileTable(staged.id)}`);
      if (shared.has(name)) await connection.run(`DROP TABLE IF EXISTS ${sharedTable(name)}`);
      dropped.add(name);
    }
  };
  if (records !== undefined) {
    for (const name of READ_ORDER) {
      for (const staged of files) {
        if (staged.file.table !== name) continue;
        await fitMemory();
        rowCount += await stageFile(connection, staged, errors, shared);
        input.onFileRead?.(staged.file.name, staged.plain ? 'plain' : staged.numbered === 'order' || staged.file.format === 'parquet' ? 'native' : 'reference');
        if (!staged.shared) {
          // A file nothing could be read from is an empty table.
          await connection.run(createFileTable(staged));
          await dropColumns(connection, staged, AT_STAGING);
        }
        input.onProgress?.(rowCount, staged.file.name);
      }
      if (!present.has(name)) continue;
      const table = shared.get(name);
      if (table) await dropColumnsOf(connection, sharedTable(name), table, AT_STAGING);
      await connection.run(tableView(name, own(name), AT_STAGING, table));
      // The tables it refers to come before it (READ_ORDER): its keys and references are checked now.
      await checkIntegrity(connection, name, present, files, input, errors);
      checked.add(name);
      await judgeWhatIsReady();
    }
  }
  // The clauses that read no table (a policy's own versions), with no records or none present.
  await judgeWhatIsReady();
  if (errors.size > 0) return inputs.map(() => ({ present, errors: errors.list(), rows: rowCount, tallies: new Map(), outcomes: [], attestations: [] }));
  if (present.has('attestations')) {
    const rowsRead = await rows(connection, 'SELECT clause, attested_by, attested_at, expires_at, _file, _line FROM attestations');
    for (const document of documents) {
      const at = sourceOf(files, document.input.versions);
      for (const r of rowsRead) document.attestations.push({ clause: r.clause as string, by: r.attested_by as string, attestedAt: num(r.attested_at), expiresAt: num(r.expires_at), source: at(r._file, r._line) });
    }
  }
  return documents.map((document) => ({ present, errors: [], rows: rowCount, tallies: document.tallies, outcomes: document.outcomes, attestations: document.attestations }));
}

/** What a finding takes in Node's heap, at most (measured: 400 bytes; 27 MB for 68 000 findings). */
const FINDING_BYTES = 512;

/** DuckDB's memory limit in bytes (it shows it as `953.6 MiB`), or undefined. */
async function memoryLimit(connection: DuckDBConnection): Promise<number | undefined> {
  const [{ limit }] = (await rows(connection, "SELECT current_setting('memory_limit') AS limit")) as [{ limit: string }];
  const m = /^(\d+(?:\.\d+)?) (bytes|KiB|MiB|GiB|TiB)$/.exec(limit);
  return m ? Number(m[1]) * 1024 ** ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(m[2]!) : undefined;
}

/** One document's judging, as its clauses are judged. */
interface DocumentJudged {
  input: JudgeInput;
  tallies: Map<string, Tally>;
  outcomes: Outcome[];
  attestations: AttestationRow[];
  waiting: Set<ClauseToJudge>;
}

/** Where a row is, by its file number: a records file, then the document's version files. */
function sourceOf(files: StagedFile[], versions: JudgeInput['versions']): (file: unknown, line: unknown) => { file: string; line: number } {
  const names = [...files.map((f) => f.file.name), ...versions.map((v) => v.file)];
  return (file, line) => ({ file: names[num(file)]!, line: num(line) });
}

/**
 * Judge one clause of a document over the staged records: its findings are
 * read, and its tally counted, by `later` (before the document's outcomes
 * are used).
 */
async function judgeClause(connection: DuckDBConnection, files: StagedFile[], document: DocumentJudged, clause: ClauseToJudge, later: (read: () => Promise<void>) => void): Promise<void> {
  const { input } = document;
  const source = sourceOf(files, input.versions);
  const { sql, subjectCount, columns } = compileClause(clause, {
    dialect: d,
    asOf: input.asOf,
    versions: input.versions,
    reference: input.reference,
    relation: (table) => d.id(table),
    versionFile: (version) => files.length + input.versions.indexOf(version),
    lateFacts: true,
    completionSources: input.explain ?? true,
  });
  const tally = tallyOf(document.tallies, clause.id);
  // Judged once: the subjects are counted (nothing is judged for that), the findings read as they
  // are judged, and every other subject passed — never every outcome row kept or judged twice.
  const [{ n: subjects }] = (await rows(connection, subjectCount)) as [{ n: number }];
  let findings = 0;
  // Materialized, not streamed: a streamed query is judged with less parallelism (twice as slow
  // at 10 M rows); the findings are kept anyway, and read a chunk at a time. Each finding comes as
  // one JSON text made on DuckDB's threads (its numbers are instants and lines, exact in a double):
  // reading its values one at a time through the driver took half as long again.
  const result = await connection.run(`SELECT CAST(to_json(outcomes) AS VARCHAR) AS finding FROM (${sql}) AS outcomes WHERE status <> 'pass'`);
  later(async () => {
    for await (const batch of result.yieldRowsJs()) for (const [text] of batch) {
      const r = JSON.parse(text as string) as Record<string, unknown>;
      const o = outcomeOf(r, clause, columns, {
        source: (row) => source(row._file, row._line),
        completionSource: (row) => (row.done_file === undefined || row.done_file === null ? undefined : source(row.done_file, row.done_line)),
      });
      count(tally, o.status);
      findings++;
      document.outcomes.push(o);
    }
    count(tally, 'pass', subjects - findings);
  });
}

/**
 * Stage one file: natively when DuckDB's line reader can be trusted with it,
 * else through the reference reader.
 *
 * @returns the rows read.
 */
async function stageFile(connection: DuckDBConnection, staged: StagedFile, errors: ErrorList, shared: SharedTables): Promise<number> {
  const { file } = staged;
  if (file.format === 'parquet') return stageParquet(connection, staged, errors);
  if (file.format === 'jsonl' && !staged.smallShard) {
    const plain = await stagePlain(connection, staged);
    if (plain !== undefined) return plain;
    const mode = await prescanJsonl(file.path);
    if (mode !== 'node') {
      const native = await stageJsonl(connection, staged, mode === 'crlf');
      if (native !== undefined) {
        native.problems.forEach(([line, p]) => errors.add(recordError(file.name, line, p), [staged.tableRank, staged.index, line, p.seq]));
        return native.rows;
      }
      // DuckDB could not read it, or its verdict differs from the reference reader's on a record: read it in Node instead.
      await connection.run(`DROP TABLE IF EXISTS ${fileTable(staged.id)}`);
      staged.numbered = undefined;
    }
  }
  return appendWithReader(connection, staged, errors, shared);
}

/**
 * Stage a JSONL file whose every line is the compact form of a valid record
 * (canonical.ts) with DuckDB's JSON reader, typed and without a check per
 * row: the proof runs in Node while DuckDB reads.
 *
 * @returns the rows read, or undefined (nothing staged) when the file is not
 *   such a file or DuckDB could not read it.
 */
async function stagePlain(connection: DuckDBConnection, staged: StagedFile): Promise<number | undefined> {
  const definition = tableDefinition(staged.file.table);
  const table = fileTable(staged.id);
  const create = `CREATE TABLE ${table} AS ${plainDocs(definition, d, staged.file.path)}`;
  const failed = (error: unknown): false => {
    if (outOfMemory(error) || interrupted(error)) throw error;
    return false;
  };
  // DuckDB is set reading before the proof starts: the proof holds this thread a chunk at a time, and
  // each step of DuckDB's waited for a chunk's end (at 10 M rows DuckDB sat idle 0.15 s in all).
  try {
    await keepsOrder(connection, create);
  } catch (error) {
    failed(error);
    return undefined;
  }
  const read = connection.run(create).then(() => true, failed);
  const [lines, wasRead] = await Promise.all([plainRecordLines(staged.file.path, definition), read]);
  if (lines !== undefined && wasRead) {
    // One row a line, as the proof counted them (never a row DuckDB made or dropped otherwise).
    const [{ n }] = (await rows(connection, `SELECT count(*) AS n FROM ${table}`)) as [{ n: number }];
    if (n === lines) {
      staged.numbered = 'order';
      staged.plain = true;
      // No blank line; the other staged columns are the same on every row (computed where the table is read).
      staged.blankRows = false;
      staged.computed = plainComputed(definition, d);
      return lines;
    }
  }
  await connection.run(`DROP TABLE IF EXISTS ${table}`);
  return undefined;
}

/**
 * Stage a Parquet file (only DuckDB reads Parquet): its columns must be
 * fields of the table; each row is validated as a JSON record.
 *
 * @returns the rows read.
 */
async function stageParquet(connection: DuckDBConnection, staged: StagedFile, errors: ErrorList): Promise<number> {
  const { file } = staged;
  const definition = tableDefinition(file.table);
  const fail = (line: number | null, p: ReturnType<typeof problem>) => {
    if (line === null && leavesRowsUnread(p)) staged.rowsUnread = true;
    errors.add(recordError(file.name, line, p), [staged.tableRank, staged.index, line ?? 0, SEQ.syntax]);
  };
  let described: Row[];
  try {
    described = await rows(connection, `DESCRIBE SELECT * FROM read_parquet(${d.str(literalPath(file.path))})`);
  } catch (error) {
    if (interrupted(error)) throw error;
    fail(null, problem('recordFileUnreadable', [parquetReason((error as Error).message, file)]));
    return 0;
  }
  const columns = described.map((r) => ({ name: r.column_name as string, type: r.column_type as string }));
  for (const c of columns) if (!definition.fieldNames.has(c.name)) fail(null, problem('unknownColumn', [c.name], c.name));
  // A text field is read from text (or bytes): a date, a time, an instant, an interval or a UUID is not text,
  // though DuckDB writes each as a JSON string (a number or a flag is refused at its rows, as in JSONL).
  for (const field of definition.fields) {
    const c = columns.find((x) => x.name === field.name);
    if (c && field.kind !== 'timestamp' && field.kind !== 'boolean' && NOT_TEXT.test(c.type)) fail(null, problem('columnType', [c.name, c.type, 'text'], c.name));
  }
  for (const c of columns) {
    if (c.type !== 'BLOB' || !definition.fieldNames.has(c.name)) continue;
    try {
      const invalid = await rows(connection, parquetInvalidUtf8(file.path, c.name, MAX_ERRORS, d));
      for (const r of invalid) fail(r.line as number, problem('recordInvalidUtf8', [], c.name));
      errors.hidden(((invalid[0]?.total as number | undefined) ?? 0) - invalid.length);
    } catch (error) {
      if (interrupted(error)) throw error;
      // A file DuckDB cannot read to the end is refused below, where it is staged.
    }
  }
  let reason = '';
  const known = columns.filter((c) => definition.fieldNames.has(c.name));
  const native = await stageNative(connection, staged, parquetDocs(file.path, known, d), readParquetDoc, {
    failed: (message) => (reason = message),
    lines: true,
    fast: parquetTyped(definition, d, file.path, known),
  });
  if (native === undefined) {
    fail(null, problem('recordFileUnreadable', [parquetReason(reason, file)]));
    return 0;
  }
  if (native.rows === 0) fail(1, problem('emptyTable', []));
  native.problems.forEach(([line, p]) => errors.add(recordError(file.name, line, p), [staged.tableRank, staged.index, line, p.seq]));
  return native.rows;
}

/** Parquet column types DuckDB renders as JSON strings that are not text. */
const NOT_TEXT = /^(DATE|TIME|INTERVAL|UUID|BIT)/;

/**
 * Why DuckDB cannot read a Parquet file, in its words but without its error
 * class or the file's absolute path (the report names the file).
 *
 * @param message DuckDB's error message.
 * @param file the file.
 * @returns e.g. "not a Parquet file DuckDB can read (No magic bytes found at end of file 'incidents.parquet')".
 */
function parquetReason(message: string, file: RecordFile): string {
  const words = (message.split('\n')[0] ?? '').replace(/^[A-Za-z ]*Error: /, '').replaceAll(file.path, file.name).trim();
  return `not a Parquet file DuckDB can read${words ? ` (${words})` : ''}`;
}

/** Stage a JSONL file in DuckDB; undefined when only the reference reader can read it. */
async function stageJsonl(connection: DuckDBConnection, staged: StagedFile, crlf: boolean): Promise<{ rows: number; problems: [number, RowVerdict['problems'][number]][] } | undefined> {
  const docs = jsonlDocs(staged.file.path, crlf);
  const native = await stageNative(connection, staged, docs, readJsonLine, { fast: fastDocs(tableDefinition(staged.file.table), d, docs) });
  // An empty export: the reference reader says so.
  return native?.rows === 0 ? undefined : native;
}

/** How {@link stageNative} stages a file's records. */
interface NativeWays {
  /** Called with DuckDB's words when it cannot read the file. */
  failed?: (message: string) => void;
  /** Whether the records carry their line (`_line`), instead of being numbered by their order. */
  lines?: boolean;
  /** The fast way's SELECT (stage-docs.ts: fastDocs, parquetTyped), which leaves some rows for the full way. */
  fast?: string | undefined;
}

/**
 * Stage records DuckDB reads itself, then name the problems of the invalid
 * ones with the reference reader; undefined when DuckDB cannot read the file
 * or the reader disagrees that a record is invalid.
 */
async function stageNative(
  connection: DuckDBConnection,
  staged: StagedFile,
  docs: string,
  readDoc: (doc: string, line: number, sink: RowSink) => void,
  ways: NativeWays = {},
): Promise<{ rows: number; problems: [number, RowVerdict['problems'][number]][] } | undefined> {
  const { file } = staged;
  const { failed, lines = false } = ways;
  const definition = tableDefinition(file.table);
  const table = fileTable(staged.id);
  // A file is staged the fast way, then the rows it left (blank, or not written plainly) the full way,
  // in place — unless its first rows say that many would be left: updating many rows costs more than staging
  // all the full way (of 4.2 M lines: 0.5 s to update 10% of them, 1.6 s to stage them all the full way).
  let fast = ways.fast;
  const full = `CREATE TABLE ${table} AS ${stageDocs(definition, d, docs, lines)}`;
  try {
    if (fast !== undefined && (await shareLeft(connection, fast)) > FEW_LEFT) fast = undefined;
    // In parallel, and in the file's order: a JSONL row's place in the table is its line.
    const create = fast === undefined ? full : `CREATE TABLE ${table} AS ${fast}`;
    if (!lines) await keepsOrder(connection, create);
    await connection.run(create);
    if (fast !== undefined) {
      const [{ n: left, all }] = (await rows(connection, `SELECT count(*) FILTER (WHERE _blank IS NULL) AS n, count(*) AS "all" FROM ${table}`)) as [{ n: number; all: number }];
      // The style changed after the first lines: staged again the full way when that is cheaper.
      if (left > MANY_LEFT * all) {
        await connection.run(`DROP TABLE ${table}`);
        if (!lines) await keepsOrder(connection, full);
        await connection.run(full);
      } else if (left > 0) await connection.run(restage(definition, table));
    }
    staged.numbered = lines ? 'column' : 'order';
  } catch (error) {
    // Out of memory is an error of the run (D016), and an interrupted query (a signal) the end of it:
    // neither is a file DuckDB cannot read (the reference reader would read it again).
    if (outOfMemory(error) || interrupted(error)) throw error;
    failed?.((error as Error).message);
    return undefined;
  }
  const line = lines ? '_line' : 'rowid + 1';
  const [{ n }] = (await rows(connection, `SELECT count(*) AS n FROM ${table} WHERE NOT _blank`)) as [{ n: number }];
  // The words of each invalid record come from the reference reader, from the record itself; so does what
  // the key and reference checks read of it, where DuckDB read it otherwise (its JSON parser takes NaN, or a
  // trailing comma inside a value, which the reference reader refuses: such a record has no key).
  const validate = rowValidator(definition);
  const problems: [number, RowVerdict['problems'][number]][] = [];
  const integrity = integrityColumns(definition);
  const fixes: unknown[][] = [];
  let agrees = true;
  // A record the reference reader cannot read at all: its key is not known (records/integrity.ts).
  let unread = false;
  const result = await connection.stream(`SELECT ${line} AS _line, _doc, ${integrity.map((c) => d.id(c.name)).join(', ')} FROM ${table} WHERE NOT _blank AND NOT _ok ORDER BY _line`);
  for await (const batch of result.yieldRowsJs()) {
    for (const [line, doc, ...stagedValues] of batch) {
      const at = num(line);
      let found = 0;
      let read: { values: Row; verdict: RowVerdict } | undefined;
      const sink: RowSink = {
        row: (values, l, repeated) => {
          const verdict = validate(values, repeated);
          found += verdict.problems.length;
          for (const p of verdict.problems) problems.push([l, p]);
          read = { values, verdict };
        },
        badRow: (l, p) => {
          found++;
          unread = true;
          problems.push([l, { ...p, seq: SEQ.syntax }]);
        },
        fileProblem: (l, p) => {
          found++;
          if (leavesRowsUnread(p)) unread = true;
          problems.push([l ?? at, { ...p, seq: SEQ.syntax }]);
        },
      };
      readDoc(doc as string, at, sink);
      if (found === 0) agrees = false;
      // A record the reference reader could not read has no key and no reference.
      const reference = integrityOf(definition, integrity, integrity.map((c) => (read === undefined ? (c.field === undefined ? false : null) : readerValue(definition, c, read.values, read.verdict))));
      if (!sameIntegrity(integrityOf(definition, integrity, stagedValues.map((v) => (typeof v === 'bigint' ? Number(v) : (v ?? null)))), reference)) fixes.push([at, ...reference]);
    }
    if (!agrees) break;
  }
  if (!agrees) return undefined;
  if (fixes.length > 0) await fixIntegrity(connection, staged, integrity, fixes);
  if (unread) staged.rowsUnread = true;
  return { rows: n, problems };
}

/** The columns the key and reference checks read of a file's staged rows: the key's validity and fields, each reference's validity and field. */
function integrityColumns(definition: TableDefinition): StageColumn[] {
  const read = new Set([...definition.key, ...Object.keys(definition.references)]);
  return fileColumns(definition, d, false).filter((c) => c.name === '_kok' || c.name.startsWith(refOk('')) || (c.field !== undefined && read.has(c.field.name)));
}

/**
 * What the key and reference checks read of a row, as {@link integrityColumns}
 * lists it: the validity flags, and a field's value only where a flag it
 * counts for is set (null otherwise: nothing reads it).
 *
 * @param definition the record table.
 * @param columns {@link integrityColumns}.
 * @param read the row's values of those columns (staged, or as the reference reader read them).
 * @returns the values that count.
 */
function integrityOf(definition: TableDefinition, columns: StageColumn[], read: unknown[]): unknown[] {
  const flag = (name: string) => read[columns.findIndex((c) => c.name === name)] === true;
  // A field counts where the key is valid (a key field) or where it is a valid reference.
  return read.map((v, i) => {
    const c = columns[i]!;
    if (c.field === undefined) return v === true;
    const counts = (definition.key.includes(c.field.name) && flag('_kok')) || (Object.hasOwn(definition.references, c.field.name) && flag(refOk(c.field.name)));
    return counts ? v : null;
  });
}

/**
 * The staged value of a column for a record the reference reader read: a
 * field's value when it is valid (an instant in epoch milliseconds, else
 * null), whether the key is valid (`_kok`), whether a reference is (`_rok_*`).
 */
function readerValue(definition: TableDefinition, c: StageColumn, values: Row, verdict: RowVerdict): unknown {
  const good = (f: string) => !verdict.bad.has(f) && values[f] !== undefined && values[f] !== null;
  if (c.name === '_kok') return definition.key.length > 0 && definition.key.every((k) => !verdict.bad.has(k));
  if (c.field === undefined) return good(c.name.slice(refOk('').length));
  if (!good(c.field.name)) return null;
  return c.field.kind === 'timestamp' ? parseTimestamp(values[c.field.name] as string) : values[c.field.name];
}

/** Append a staged value to a row, by its column's type (null as NULL). */
function appendValue(appender: DuckDBAppender, c: StageColumn, v: unknown): void {
  if (v === null || v === undefined) appender.appendNull();
  else if (c.type === 'BOOLEAN') appender.appendBoolean(v as boolean);
  else if (c.type === d.bigint) appender.appendBigInt(BigInt(v as number));
  else appender.appendVarchar(v as string);
}

/** Whether two rows of {@link integrityOf} are the same. */
const sameIntegrity = (a: unknown[], b: unknown[]): boolean => a.every((v, i) => v === b[i]);

/**
 * Write what the reference reader read of invalid rows into their staged
 * row (by line), where DuckDB read otherwise.
 *
 * @param connection the connection.
 * @param staged the file.
 * @param columns {@link integrityColumns}.
 * @param fixes per row: its line, then {@link integrityOf}.
 */
async function fixIntegrity(connection: DuckDBConnection, staged: StagedFile, columns: StageColumn[], fixes: unknown[][]): Promise<void> {
  const table = fileTable(staged.id);
  const fix = d.id(`_fix_${staged.id}`);
  await connection.run(`CREATE TABLE ${fix} (_at BIGINT, ${columns.map((c) => `${d.id(c.name)} ${c.type}`).join(', ')})`);
  const appender = await connection.createAppender(`_fix_${staged.id}`);
  for (const [at, ...values] of fixes) {
    appender.appendBigInt(BigInt(at as number));
    for (const [i, c] of columns.entries()) appendValue(appender, c, values[i]);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const where = staged.numbered === 'order' ? `${table}.rowid + 1 = f._at` : `${table}._line = f._at`;
  await connection.run(`UPDATE ${table} SET ${columns.map((c) => `${d.id(c.name)} = f.${d.id(c.name)}`).join(', ')} FROM ${fix} AS f WHERE ${where}`);
  await connection.run(`DROP TABLE ${fix}`);
}

/** How many of a file's first lines tell its style (see {@link shareLeft}). */
const SAMPLE_LINES = 2000;

/** Staged the fast way when at most this share of the first lines is left for the full way… */
const FEW_LEFT = 0.03;

/** …and staged again the full way when more than this share of all lines was left. */
const MANY_LEFT = 0.2;

/**
 * The share of a file's first lines that the fast way leaves for the full way.
 *
 * @param connection the connection.
 * @param fast the fast way's SELECT over the file.
 * @returns between 0 and 1.
 */
async function shareLeft(connection: DuckDBConnection, fast: string): Promise<number> {
  const [{ n, left }] = (await rows(connection, `SELECT count(*) AS n, count(*) FILTER (WHERE _blank IS NULL) AS "left" FROM (SELECT _blank FROM (${fast}) AS staged LIMIT ${SAMPLE_LINES}) AS sample`)) as [{ n: number; left: number }];
  return n === 0 ? 0 : left / n;
}

/**
 * UPDATE that stages the rows {@link fastDocs} left (`_blank` NULL) the full
 * way, from the line kept in `_doc`, in place (a row keeps its place, so its
 * line).
 *
 * @param definition the record table.
 * @param table the file's staged table.
 * @returns the statement.
 */
export function restage(definition: TableDefinition, table: string): string {
  const columns = fileColumns(definition, d, false).map((c) => d.id(c.name));
  const left = stageDocs(definition, d, `(SELECT rowid AS _line, _doc AS doc FROM ${table} WHERE _blank IS NULL)`, true);
  return `UPDATE ${table} SET ${columns.map((c) => `${c} = _restaged.${c}`).join(', ')} FROM (${left}) AS _restaged WHERE ${table}.rowid = _restaged._line`;
}

/**
 * Refuse to stage a file whose rows DuckDB would not keep in the file's order
 * (a JSONL row's line is its place in the staged table): the plan must be the
 * reader and projections only, inserted in order of the reader's batches when
 * it runs on several threads. Anything else (a join, as DuckDB makes of a
 * long `IN` list) is never a wrong line: the file is read by the reference
 * reader instead, and the parity tests, which expect DuckDB to read every
 * generated file itself, fail.
 *
 * @param connection the connection.
 * @param create the CREATE TABLE … AS statement.
 */
export async function keepsOrder(connection: DuckDBConnection, create: string): Promise<void> {
  const [[, text]] = (await connection.runAndReadAll(`EXPLAIN (FORMAT json) ${create}`)).getRowsJS() as [[unknown, string]];
  const threads = await threadsOf(connection);
  interface Operator {
    name: string;
    children?: Operator[];
  }
  const chain: string[] = [];
  for (let node: Operator | undefined = (JSON.parse(text) as Operator[])[0]; node; node = node.children?.[0]) {
    chain.push(node.name);
    if ((node.children?.length ?? 0) > 1) chain.push('(branches)');
  }
  const [root, ...rest] = chain;
  const inOrder = (root === 'BATCH_CREATE_TABLE_AS' || (root === 'CREATE_TABLE_AS' && threads === 1)) && rest.slice(0, -1).every((op) => op === 'PROJECTION') && ['READ_CSV', 'READ_JSON', 'TABLE_SCAN'].includes(rest.at(-1) ?? '');
  if (!inOrder) throw new Error(`staging would not keep the file's order (plan: ${chain.join(' → ')})`);
}

/** Each connection's threads, read once (the engine never sets them again). */
const threadsRead = new WeakMap<DuckDBConnection, number>();

/** How many threads DuckDB runs a connection's queries on. */
async function threadsOf(connection: DuckDBConnection): Promise<number> {
  let threads = threadsRead.get(connection);
  if (threads === undefined) {
    const [{ n }] = (await rows(connection, "SELECT current_setting('threads') AS n")) as [{ n: number }];
    threadsRead.set(connection, (threads = Number(n)));
  }
  return threads;
}

/** Read a file with the reference reader and append its records to its record table's shared table ({@link sharedTable}). */
async function appendWithReader(connection: DuckDBConnection, staged: StagedFile, errors: ErrorList, shared: SharedTables): Promise<number> {
  const { file } = staged;
  const definition = tableDefinition(file.table);
  const columns = fileColumns(definition, d, true);
  const validate = rowValidator(definition);
  const rank = (line: number | null, seq: number) => [staged.tableRank, staged.index, line ?? 0, seq] as const;
  const reader = READERS[file.format];
  if (!reader) {
    errors.add(recordError(file.name, null, problem('parquetNeedsDuckdb', [])), rank(null, SEQ.syntax));
    return 0;
  }
  if (!shared.has(file.table)) {
    await connection.run(`CREATE TABLE ${sharedTable(file.table)} (_file INTEGER, ${columns.map((c) => `${d.id(c.name)} ${c.type}`).join(', ')})`);
    shared.set(file.table, {});
  }
  staged.shared = true;
  staged.numbered = 'column';
  const appender = await connection.createAppender(`_read_${file.table}`);
  let count = 0;
  const append = (values: Row, line: number, verdict: RowVerdict) => {
    appender.appendInteger(staged.id);
    for (const c of columns) {
      if (c.name === '_blank') appender.appendBoolean(false);
      else if (c.name === '_line') appender.appendBigInt(BigInt(line));
      else if (c.name === '_ok') appender.appendBoolean(verdict.problems.length === 0);
      else if (c.name === '_doc') appender.appendNull();
      else appendValue(appender, c, readerValue(definition, c, values, verdict));
    }
    appender.endRow();
  };
  const sink: RowSink = {
    row: (values, line, repeated) => {
      count++;
      const verdict = validate(values, repeated);
      for (const p of verdict.problems) errors.add(recordError(file.name, line, p), rank(line, p.seq));
      append(values, line, verdict);
    },
    badRow: (line, p) => {
      count++;
      staged.rowsUnread = true;
      errors.add(recordError(file.name, line, p), rank(line, SEQ.syntax));
    },
    fileProblem: (line, p) => {
      if (leavesRowsUnread(p)) staged.rowsUnread = true;
      errors.add(recordError(file.name, line, p), rank(line, SEQ.syntax));
    },
  };
  try {
    await reader(file, definition, sink);
  } finally {
    appender.flushSync();
    appender.closeSync();
  }
  return count;
}

/** Duplicate keys and dangling references of one staged table, in SQL (the tables it refers to are staged before it). */
async function checkIntegrity(connection: DuckDBConnection, name: TableName, present: Set<TableName>, files: StagedFile[], input: JudgeInput, errors: ErrorList): Promise<void> {
  const byId = (id: unknown) => files[num(id)]!;
  const definition = tableDefinition(name);
  if (definition.key.length > 0) {
    const q = duplicateQueries(definition, d, d.id(name));
    // As many distinct hashes as keys proves no key repeats (equal keys hash alike), and costs less than
    // grouping the keys (4.2 M: 0.35 s, not 0.45 s); fewer (a repeated key, or two keys of one hash) are counted exactly.
    const [{ fewer }] = (await rows(connection, `SELECT count(*) - count(DISTINCT hash(${definition.key.map((k) => d.id(k)).join(', ')})) AS fewer FROM ${d.id(name)} WHERE _kok`)) as [{ fewer: number }];
    const [{ n }] = fewer === 0 ? [{ n: 0 }] : ((await rows(connection, q.count)) as [{ n: number }]);
    if (n > 0) {
      const found = await rows(connection, q.rows);
      for (const r of found) {
        const at = byId(r._file);
        const first = byId(r.first_file);
        errors.add(
          recordError(at.file.name, num(r._line), problem('duplicateKey', [describeKey(r, definition.key), `${first.file.name}:${num(r.first_line)}`], definition.key.join(', '))),
          [at.tableRank, at.index, num(r._line), SEQ.duplicateKey],
        );
      }
      errors.hidden(n - found.length);
    }
  }
  for (const [i, [field, target]] of Object.entries(definition.references).entries()) {
    // Into a table with rows unread (already an error), no reference can be told missing.
    if (files.some((f) => f.file.table === target && f.rowsUnread)) continue;
    const targetPresent = target !== 'policy:clause' && present.has(target as TableName);
    const q = danglingQueries(
      field,
      target,
      d,
      d.id(name),
      targetPresent ? d.id(target) : undefined,
      targetPresent ? referencedKey(tableDefinition(target as TableName)) : undefined,
      [...input.clauseIds],
    );
    const [{ n }] = (await rows(connection, q.count)) as [{ n: number }];
    if (n === 0) continue;
    const found = await rows(connection, q.rows);
    for (const r of found) {
      const at = byId(r._file);
      const id = shownValue(r.value);
      const p = target === 'policy:clause' ? problem('unknownClause', [id], field) : problem('danglingReference', [field, id, target, !present.has(target as TableName)], field);
      errors.add(recordError(at.file.name, num(r._line), p), [at.tableRank, at.index, num(r._line), SEQ.reference + i]);
    }
    errors.hidden(n - found.length);
  }
}
