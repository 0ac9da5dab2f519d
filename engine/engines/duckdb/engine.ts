/**
 * The `duckdb` engine (the default): records are staged in an embedded
 * DuckDB, validated in SQL, and judged by the plans compiled to SQL.
 * JSONL (and Parquet) is read by DuckDB itself, in parallel and out of core;
 * CSV, JSON and YAML, and any JSONL file DuckDB's line reader cannot vouch
 * for, are read by the reference readers and appended. Every error carries
 * the same code, file, line and words as on the `js` engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { DiscoveredRecords, RecordFile } from '../../records/discover.ts';
import { ErrorList } from '../../records/error-list.ts';
import { problem, recordError } from '../../records/errors.ts';
import { describeKey, READ_ORDER } from '../../records/integrity.ts';
import { shownValue } from '../../records/limits.ts';
import { READERS } from '../../records/read.ts';
import { readJsonLine } from '../../records/readers/jsonl.ts';
import type { RowSink } from '../../records/readers/types.ts';
import { table as tableDefinition, type TableName } from '../../records/tables.ts';
import { parseTimestamp } from '../../records/timestamp.ts';
import { rowValidator, SEQ, type RowVerdict } from '../../records/validate-row.ts';
import type { Outcome, Status } from '../../rules/outcome.ts';
import { compileClause } from '../sql/compile.ts';
import { danglingQueries, duplicateQueries, referencedKey } from '../sql/integrity.ts';
import { createStage, refOk, stageColumns } from '../sql/stage.ts';
import { count, tallyOf, type AttestationRow, type Judged, type JudgeInput, type Tally } from '../types.ts';
import type { EngineOptions } from '../index.ts';
import { DUCKDB_MACROS, duckdbDialect as d } from './dialect.ts';
import { prescanJsonl } from './prescan.ts';
import { jsonlDocs, stageDocs } from './stage-docs.ts';

type Row = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

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
}

/**
 * Judge a records folder on DuckDB.
 *
 * @param records the records folder (undefined: only the policy's own clauses).
 * @param discovered the folder's tables.
 * @param input the policy's clauses, reference data and as-of.
 * @param options threads and memory limit.
 * @returns errors, tallies, outcomes and attestations.
 */
export async function judgeWithDuckdb(records: string | undefined, discovered: DiscoveredRecords | undefined, input: JudgeInput, options: EngineOptions): Promise<Judged> {
  const temp = mkdtempSync(join(tmpdir(), 'codicil-duckdb-'));
  const settings: Record<string, string> = { temp_directory: temp };
  if (options.threads !== undefined) settings.threads = String(options.threads);
  if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', settings);
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    for (const macro of DUCKDB_MACROS) await connection.run(macro);
    return await judge(connection, records, discovered, input);
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(temp, { recursive: true, force: true });
  }
}

async function judge(connection: DuckDBConnection, records: string | undefined, discovered: DiscoveredRecords | undefined, input: JudgeInput): Promise<Judged> {
  const present = new Set<TableName>(discovered?.tables.keys() ?? []);
  const errors = new ErrorList();
  const files: StagedFile[] = [];
  for (const [tableRank, name] of READ_ORDER.entries()) {
    for (const [index, file] of (discovered?.tables.get(name) ?? []).entries()) files.push({ file, id: files.length, tableRank, index });
  }
  let rowCount = 0;
  if (records !== undefined) {
    for (const name of READ_ORDER) if (present.has(name)) await connection.run(createStage(tableDefinition(name), d, name));
    for (const staged of files) {
      rowCount += await stageFile(connection, staged, errors);
      input.onProgress?.(rowCount, staged.file.name);
    }
    await checkIntegrity(connection, present, files, input, errors);
  }
  const tallies = new Map<string, Tally>();
  const outcomes: Outcome[] = [];
  const attestations: AttestationRow[] = [];
  if (errors.size > 0) return { present, errors: errors.list(), rows: rowCount, tallies, outcomes, attestations };

  const names = [...files.map((f) => f.file.name), ...input.versions.map((v) => v.file)];
  const source = (file: unknown, line: unknown) => ({ file: names[num(file)]!, line: num(line) });
  for (const clause of input.clauses) {
    const plan = clause.kind.plan;
    if (plan.shape === 'attestation' || !clause.kind.tables.every((t) => present.has(t))) continue;
    const { sql, columns } = compileClause(clause, {
      dialect: d,
      asOf: input.asOf,
      versions: input.versions,
      reference: input.reference,
      relation: (table) => d.id(table),
      versionFile: (version) => files.length + input.versions.indexOf(version),
    });
    const tally = tallyOf(tallies, clause.id);
    for (const r of await rows(connection, `SELECT status, count(*) AS n FROM (${sql}) AS o GROUP BY status ORDER BY status`)) count(tally, r.status as Status, num(r.n));
    for (const r of await rows(connection, `SELECT * FROM (${sql}) AS o WHERE status <> 'pass'`)) {
      const facts: Record<string, string | number | boolean | null> = {};
      columns.facts.forEach((ref, i) => (facts[ref] = (r[`f${i}`] as string | number | boolean | null | undefined) ?? null));
      const o: Outcome = {
        clause: clause.id,
        kind: clause.kind.kind,
        version: r.version as string,
        status: r.status as Status,
        key: Object.fromEntries(columns.keys.map((k, i) => [k, r[`k${i}`] as string])),
        source: source(r._file, r._line),
        trigger: num(r.trigger_ms),
        facts,
      };
      if (r.reason) o.reason = r.reason as 'late' | 'missed';
      if (r.deadline_ms !== undefined && r.deadline_ms !== null) o.deadline = num(r.deadline_ms);
      if (r.done_ms !== undefined && r.done_ms !== null) o.completion = num(r.done_ms);
      if (r.done_file !== undefined && r.done_file !== null) o.completionSource = source(r.done_file, r.done_line);
      if (r.case_index !== undefined) o.caseIndex = num(r.case_index);
      if (plan.shape === 'coverage') {
        o.anyCompletion = r.any_row === true;
        o.covered = columns.items.filter((_, i) => r[`i${i}`] === true);
      }
      outcomes.push(o);
    }
  }
  if (present.has('attestations')) {
    for (const r of await rows(connection, 'SELECT clause, attested_by, attested_at, expires_at, _file, _line FROM attestations')) {
      attestations.push({ clause: r.clause as string, by: r.attested_by as string, attestedAt: num(r.attested_at), expiresAt: num(r.expires_at), source: source(r._file, r._line) });
    }
  }
  return { present, errors: [], rows: rowCount, tallies, outcomes, attestations };
}

/**
 * Stage one file: natively when DuckDB's line reader can be trusted with it,
 * else through the reference reader.
 *
 * @returns the rows read.
 */
async function stageFile(connection: DuckDBConnection, staged: StagedFile, errors: ErrorList): Promise<number> {
  const { file } = staged;
  if (file.format === 'jsonl') {
    const mode = await prescanJsonl(file.path);
    if (mode !== 'node') {
      const native = await stageJsonl(connection, staged, mode === 'crlf');
      if (native !== undefined) {
        native.problems.forEach(([line, p]) => errors.add(recordError(file.name, line, p), [staged.tableRank, staged.index, line, p.seq]));
        return native.rows;
      }
      // DuckDB could not read it, or its verdict differs from the reference reader's on a record: read it in Node instead.
      await connection.run(`DELETE FROM ${d.id(file.table)} WHERE _file = ${staged.id}`);
    }
  }
  return appendWithReader(connection, staged, errors);
}

/** Stage a JSONL file in DuckDB; undefined when only the reference reader can read it. */
async function stageJsonl(connection: DuckDBConnection, staged: StagedFile, crlf: boolean): Promise<{ rows: number; problems: [number, RowVerdict['problems'][number]][] } | undefined> {
  const { file } = staged;
  const definition = tableDefinition(file.table);
  try {
    await connection.run(`INSERT INTO ${d.id(file.table)} ${stageDocs(definition, d, jsonlDocs(file.path, staged.id, crlf))}`);
  } catch {
    return undefined;
  }
  const [{ n }] = (await rows(connection, `SELECT count(*) AS n FROM ${d.id(file.table)} WHERE _file = ${staged.id}`)) as [{ n: number }];
  if (n === 0) return undefined; // the reference reader says why (an empty export)
  // The words of each invalid record come from the reference reader, from the record itself.
  const validate = rowValidator(definition);
  const problems: [number, RowVerdict['problems'][number]][] = [];
  let agrees = true;
  const result = await connection.stream(`SELECT _line, _doc FROM ${d.id(file.table)} WHERE _file = ${staged.id} AND NOT _ok ORDER BY _line`);
  for await (const batch of result.yieldRowsJs()) {
    for (const [line, doc] of batch) {
      const at = num(line);
      let found = 0;
      const sink: RowSink = {
        row: (values, l, repeated) => {
          const verdict = validate(values, repeated);
          found += verdict.problems.length;
          for (const p of verdict.problems) problems.push([l, p]);
        },
        badRow: (l, p) => {
          found++;
          problems.push([l, { ...p, seq: SEQ.syntax }]);
        },
        fileProblem: (l, p) => {
          found++;
          problems.push([l ?? at, { ...p, seq: SEQ.syntax }]);
        },
      };
      readJsonLine(doc as string, at, sink);
      if (found === 0) agrees = false;
    }
    if (!agrees) break;
  }
  return agrees ? { rows: n, problems } : undefined;
}

/** Read a file with the reference reader and append its records to the staged table. */
async function appendWithReader(connection: DuckDBConnection, staged: StagedFile, errors: ErrorList): Promise<number> {
  const { file } = staged;
  const definition = tableDefinition(file.table);
  const columns = stageColumns(definition, d);
  const validate = rowValidator(definition);
  const rank = (line: number | null, seq: number) => [staged.tableRank, staged.index, line ?? 0, seq] as const;
  const reader = READERS[file.format];
  if (!reader) {
    errors.add(recordError(file.name, null, problem('parquetNeedsDuckdb', [])), rank(null, SEQ.syntax));
    return 0;
  }
  const appender = await connection.createAppender(file.table);
  let count = 0;
  const append = (values: Row, line: number, verdict: RowVerdict) => {
    const good = (f: string) => !verdict.bad.has(f) && values[f] !== undefined && values[f] !== null;
    for (const c of columns) {
      if (c.name === '_file') appender.appendInteger(staged.id);
      else if (c.name === '_line') appender.appendBigInt(BigInt(line));
      else if (c.name === '_ok') appender.appendBoolean(verdict.problems.length === 0);
      else if (c.name === '_kok') appender.appendBoolean(definition.key.length > 0 && definition.key.every((k) => !verdict.bad.has(k)));
      else if (c.name === '_doc') appender.appendNull();
      else if (c.field) {
        const value = values[c.name];
        if (!good(c.name)) appender.appendNull();
        else if (c.field.kind === 'boolean') appender.appendBoolean(value as boolean);
        else if (c.field.kind === 'timestamp') appender.appendBigInt(BigInt(parseTimestamp(value as string)));
        else appender.appendVarchar(value as string);
      } else appender.appendBoolean(good(c.name.slice(refOk('').length)));
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
      errors.add(recordError(file.name, line, p), rank(line, SEQ.syntax));
    },
    fileProblem: (line, p) => errors.add(recordError(file.name, line, p), rank(line, SEQ.syntax)),
  };
  try {
    await reader(file, definition, sink);
  } finally {
    appender.flushSync();
    appender.closeSync();
  }
  return count;
}

/** Duplicate keys and dangling references, in SQL, over every staged table. */
async function checkIntegrity(connection: DuckDBConnection, present: Set<TableName>, files: StagedFile[], input: JudgeInput, errors: ErrorList): Promise<void> {
  const byId = (id: unknown) => files[num(id)]!;
  for (const name of READ_ORDER) {
    if (!present.has(name)) continue;
    const definition = tableDefinition(name);
    if (definition.key.length > 0) {
      const q = duplicateQueries(definition, d, d.id(name));
      const [{ n }] = (await rows(connection, q.count)) as [{ n: number }];
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
      const targetPresent = target !== 'policy:clause' && present.has(target as TableName);
      const q = danglingQueries(
        definition,
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
}
