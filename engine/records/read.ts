/**
 * Reads a records folder table by table in this process (the `js` engine),
 * validating every row and the integrity across rows (keys, references).
 * Valid rows are handed to the caller as they are read; every error is
 * collected, in the order every engine reports them.
 */
import { discoverRecords, type DiscoveredRecords, type RecordFile, type RecordFormat } from './discover.ts';
import { table, type TableDefinition, type TableName } from './tables.ts';
import { KeyHashes, hashKey } from './key-hashes.ts';
import { rowValidator, SEQ, type RowVerdict } from './validate-row.ts';
import { problem, recordError, type RecordError, type RecordProblem } from './errors.ts';
import { ErrorList } from './error-list.ts';
import { shownValue } from './limits.ts';
import { parseTimestamp } from '../schemas/timestamp.ts';
import { describeKey, keyOf, leavesRowsUnread, READ_ORDER, REFERENCED, LAST_REFERENCE } from './integrity.ts';
import type { FormatReader, RowSink } from './readers/types.ts';
import { readJsonl } from './readers/jsonl.ts';
import { readCsv } from './readers/csv.ts';
import { readJson } from './readers/json.ts';
import { readYaml } from './readers/yaml.ts';

export { READ_ORDER } from './integrity.ts';

/** The readers of the formats this process reads (Parquet is read by DuckDB only). */
export const READERS: Partial<Record<RecordFormat, FormatReader>> = { jsonl: readJsonl, csv: readCsv, json: readJson, yaml: readYaml };

import type { RowSource } from './source.ts';

export type { RowSource } from './source.ts';

/** Options of {@link readRecords}. */
export interface ReadOptions {
  /**
   * The handler of a table's valid rows (asked once per table), called in
   * reading order; not called once any error was found.
   */
  handler: (tableName: TableName) => ((row: Record<string, unknown>, source: RowSource) => void) | undefined;
  /** Ids a `policy:clause` reference may name. */
  clauseIds: { has(id: string): boolean };
  /** Called when every file of a table has been read. */
  onTableDone?: (tableName: TableName) => void;
  /** Called after each file with the rows read so far (for progress bars). */
  onProgress?: (rows: number, file: RecordFile) => void;
  /** The folder's tables, when the caller discovered them already. */
  discovered?: DiscoveredRecords;
  /** Hand valid rows over with their timestamps as epoch milliseconds (parsed once, by validation). */
  instants?: boolean;
}

/** What {@link readRecords} found. */
export interface ReadResult {
  /** Tables present in the folder. */
  present: Set<TableName>;
  /** Every error, in report order, at most MAX_ERRORS and then a count of the rest. */
  errors: RecordError[];
  /** Rows read (valid or not). */
  rows: number;
}

// Where a key was first seen, packed in one number (file index, line) so a
// keyed table costs one map entry per row and no object.
const pack = (fileIndex: number, line: number): number => fileIndex * 2 ** 32 + line;
const unpack = (packed: number): { fileIndex: number; line: number } => ({ fileIndex: Math.floor(packed / 2 ** 32), line: packed % 2 ** 32 });

/** Whether a row's key fields are all valid: only then does it take part in key checks. */
const keyValid = (definition: TableDefinition, verdict: RowVerdict): boolean => definition.key.every((f) => !verdict.bad.has(f));

/**
 * Read one file with its format's reader. A sink sees every row with its
 * verdict; problems of the file itself go to `onProblem`.
 */
async function readFile(
  file: RecordFile,
  definition: TableDefinition,
  validate: ReturnType<typeof rowValidator>,
  onRow: (values: Record<string, unknown>, line: number, verdict: RowVerdict) => void,
  onProblem: (line: number | null, p: RecordProblem, isRow: boolean) => void,
): Promise<void> {
  const reader = READERS[file.format];
  if (!reader) {
    onProblem(null, problem('parquetNeedsDuckdb', []), false);
    return;
  }
  const sink: RowSink = {
    row: (values, line, repeated) => onRow(values, line, validate(values, repeated)),
    badRow: (line, p) => onProblem(line, p, true),
    fileProblem: (line, p) => onProblem(line, p, false),
  };
  await reader(file, definition, sink);
}

/**
 * Read a table again to turn candidate hashes into exact duplicate-key
 * errors: only keys whose hash repeated are kept, as strings.
 */
async function confirmDuplicates(files: RecordFile[], definition: TableDefinition, candidates: Set<number>, validate: ReturnType<typeof rowValidator>, errors: ErrorList, tableRank: number): Promise<void> {
  const firstSeen = new Map<string, string>();
  for (const [fileIndex, file] of files.entries()) {
    await readFile(
      file,
      definition,
      validate,
      (values, line, verdict) => {
        if (!keyValid(definition, verdict)) return;
        const key = keyOf(values, definition.key);
        if (!candidates.has(hashKey(key))) return;
        const first = firstSeen.get(key);
        if (first === undefined) firstSeen.set(key, `${file.name}:${line}`);
        else errors.add(recordError(file.name, line, problem('duplicateKey', [describeKey(values, definition.key), first], definition.key.join(', '))), [tableRank, fileIndex, line, SEQ.duplicateKey]);
      },
      () => {},
    );
  }
}

/**
 * Read every table of a records folder.
 *
 * @param dir the records folder.
 * @param options the row handlers, the policy's clause ids, progress.
 * @returns the tables present, all errors, and the number of rows read.
 */
export async function readRecords(dir: string, options: ReadOptions): Promise<ReadResult> {
  const { tables, errors: found } = options.discovered ?? (await discoverRecords(dir));
  const errors = new ErrorList();
  found.forEach((e, i) => errors.add(e, [-1, 0, 0, i]));
  // Keys seen per referenced table: they resolve references and find duplicates.
  const keys = new Map<TableName, Map<string, number>>();
  // Tables with a file whose rows were not all read: references into them are not checked.
  const unread = new Set<TableName>();
  let rows = 0;

  for (const [tableRank, name] of READ_ORDER.entries()) {
    const files = tables.get(name);
    if (!files) continue;
    const definition = table(name);
    const validate = rowValidator(definition);
    // Referenced tables keep their keys (other tables look them up); the
    // others only need duplicates found, which hashes do in 8 bytes a row.
    const referenced = REFERENCED.has(name);
    const seen = definition.key.length > 0 && referenced ? new Map<string, number>() : null;
    const hashes = definition.key.length > 0 && !referenced ? new KeyHashes() : null;
    if (seen) keys.set(name, seen);
    const references = Object.entries(definition.references).map(([field, target], i) => ({
      field,
      target,
      seq: SEQ.reference + i,
      ids: target === 'policy:clause' ? options.clauseIds : (keys.get(target as TableName) ?? new Map<string, number>()),
      absent: target !== 'policy:clause' && !tables.has(target as TableName),
      unchecked: unread.has(target as TableName),
    }));
    const handle = options.handler(name);
    const timestamps = options.instants ? definition.fields.filter((f) => f.kind === 'timestamp').map((f) => f.name) : [];
    for (const [fileIndex, file] of files.entries()) {
      const at = (line: number | null, seq: number): [number, number, number, number] => [tableRank, fileIndex, line ?? 0, seq];
      await readFile(
        file,
        definition,
        validate,
        (values, line, verdict) => {
          if ((++rows & 0xffff) === 0) options.onProgress?.(rows, file);
          for (const p of verdict.problems) errors.add(recordError(file.name, line, p), at(line, p.seq));
          let ok = verdict.problems.length === 0;
          if (keyValid(definition, verdict)) {
            if (seen) {
              const key = keyOf(values, definition.key);
              const first = seen.get(key);
              if (first !== undefined) {
                const { fileIndex: firstFile, line: firstLine } = unpack(first);
                errors.add(recordError(file.name, line, problem('duplicateKey', [describeKey(values, definition.key), `${files[firstFile]!.name}:${firstLine}`], definition.key.join(', '))), at(line, SEQ.duplicateKey));
                ok = false;
              } else seen.set(key, pack(fileIndex, line));
            } else if (hashes) hashes.add(keyOf(values, definition.key));
          }
          for (const { field, target, ids, seq, absent, unchecked } of references) {
            if (unchecked || verdict.bad.has(field)) continue;
            const id = values[field] as string;
            if (ids.has(id)) continue;
            const p = target === 'policy:clause' ? problem('unknownClause', [shownValue(id)], field) : problem('danglingReference', [field, shownValue(id), target, absent], field);
            errors.add(recordError(file.name, line, p), at(line, seq));
            ok = false;
          }
          if (ok && handle && errors.size === 0) {
            for (const f of timestamps) if (typeof values[f] === 'string') values[f] = parseTimestamp(values[f] as string);
            handle(values, { file: file.name, line });
          }
        },
        (line, p, isRow) => {
          if (isRow) rows++;
          if (leavesRowsUnread(p, isRow)) unread.add(name);
          errors.add(recordError(file.name, line, p), at(line, SEQ.syntax));
        },
      );
      options.onProgress?.(rows, file);
    }
    if (hashes) {
      const candidates = hashes.repeated();
      if (candidates.size > 0) await confirmDuplicates(files, definition, candidates, validate, errors, tableRank);
    }
    // A referenced table's keys are dropped once the last table referring to it is read.
    for (const [target, last] of LAST_REFERENCE) if (last === name) keys.delete(target);
    options.onTableDone?.(name);
  }
  return { present: new Set(tables.keys()), errors: errors.list(), rows };
}
