/**
 * Reads a records folder table by table, validating every row and the
 * integrity across rows (keys, references). Valid rows are handed to the
 * caller as they are read; every error is collected.
 */
import { discoverRecords, type RecordFile, type RecordFormat } from './discover.ts';
import { table, type TableDefinition, type TableName } from './tables.ts';
import { KeyHashes, hashKey } from './key-hashes.ts';
import { rowValidator } from './validate-row.ts';
import type { RecordError } from './errors.ts';
import type { FormatReader } from './readers/types.ts';
import { readJsonl } from './readers/jsonl.ts';
import { readCsv } from './readers/csv.ts';
import { readJson } from './readers/json.ts';
import { readYaml } from './readers/yaml.ts';

const READERS: Record<RecordFormat, FormatReader> = { jsonl: readJsonl, csv: readCsv, json: readJson, yaml: readYaml };

/**
 * Tables in reading order: every table is read after the tables it
 * references, and the tables rules index (triggers, completions) before the
 * tables whose rows are the subjects judged.
 */
export const READ_ORDER: TableName[] = [
  'data_stores',
  'incidents',
  'subprocessors',
  'attestations',
  // Each index table is followed by the table judged against it, so the
  // index can be dropped as soon as it has served (lower peak memory).
  'incident_notices',
  'incident_impacts',
  'deletions',
  'deletion_requests',
  'confidentiality_agreements',
  'access_grants',
  'subprocessor_locations',
  'dsr_requests',
];

/** Where a row came from. */
export interface RowSource {
  file: string;
  line: number;
}

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
  discovered?: Awaited<ReturnType<typeof discoverRecords>>;
  /** Most errors kept (the rest are counted). Default 10 000. */
  maxErrors?: number;
}

/** What {@link readRecords} found. */
export interface ReadResult {
  /** Tables present in the folder. */
  present: Set<TableName>;
  errors: RecordError[];
  /** Rows read (valid or not). */
  rows: number;
}

// Composite keys are length-prefixed, so no character inside an id can make two keys collide.
const keyOf = (row: Record<string, unknown>, fields: string[]): string => (fields.length === 1 ? String(row[fields[0]!]) : fields.map((f) => { const v = String(row[f]); return `${v.length}:${v}`; }).join(''));
const describeKey = (row: Record<string, unknown>, fields: string[]): string => fields.map((f) => `${f}=${JSON.stringify(row[f])}`).join(', ');

// Where a key was first seen, packed in one number (file index, line) so a
// keyed table costs one map entry per row and no object.
const pack = (fileIndex: number, line: number): number => fileIndex * 2 ** 32 + line;
const unpack = (packed: number): { fileIndex: number; line: number } => ({ fileIndex: Math.floor(packed / 2 ** 32), line: packed % 2 ** 32 });

/** Tables other tables reference: their keys are kept for look-ups. */
const REFERENCED = new Set<TableName>(
  READ_ORDER.flatMap((name) => Object.values(table(name).references)).filter((t): t is TableName => t !== 'policy:clause'),
);

/** Referenced table -> the last table (in READ_ORDER) that refers to it. */
const LAST_REFERENCE = new Map<TableName, TableName>(
  READ_ORDER.flatMap((name) => Object.values(table(name).references).filter((t): t is TableName => t !== 'policy:clause').map((t) => [t, name] as [TableName, TableName])),
);

/**
 * Read a table again to turn candidate hashes into exact duplicate-key
 * errors: only keys whose hash repeated are kept, as strings.
 */
async function confirmDuplicates(
  files: RecordFile[],
  definition: TableDefinition,
  candidates: Set<number>,
  validateRow: (values: Record<string, unknown>) => unknown,
  booleans: Set<string>,
  addError: (error: RecordError) => void,
): Promise<void> {
  const firstSeen = new Map<string, string>();
  for (const file of files) {
    const onRow = (values: Record<string, unknown>, line: number) => {
      if (validateRow(values) !== null) return;
      const key = keyOf(values, definition.key);
      if (!candidates.has(hashKey(key))) return;
      const first = firstSeen.get(key);
      if (first === undefined) firstSeen.set(key, `${file.name}:${line}`);
      else addError({ file: file.name, line, field: definition.key.join(', '), message: `duplicate key ${describeKey(values, definition.key)}: already at ${first}` });
    };
    await READERS[file.format](file.path, onRow, () => {}, definition.fieldNames, booleans);
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
  const errors = [...found];
  const maxErrors = options.maxErrors ?? 10_000;
  let dropped = 0;
  const addError = (error: RecordError) => {
    if (errors.length < maxErrors) errors.push(error);
    else dropped++;
  };
  // Keys seen per keyed table. Referenced tables are keyed, so this also resolves references.
  const keys = new Map<TableName, Map<string, number>>();
  let rows = 0;

  for (const name of READ_ORDER) {
    const files = tables.get(name);
    if (!files) continue;
    const definition = table(name);
    const validateRow = rowValidator(definition);
    // Referenced tables keep their keys (other tables look them up); the
    // others only need duplicates found, which hashes do in 8 bytes a row.
    const referenced = REFERENCED.has(name);
    const seen = definition.key.length > 0 && referenced ? new Map<string, number>() : null;
    const hashes = definition.key.length > 0 && !referenced ? new KeyHashes() : null;
    if (seen) keys.set(name, seen);
    const references = Object.entries(definition.references).map(([field, target]) => ({
      field,
      target,
      ids: target === 'policy:clause' ? options.clauseIds : (keys.get(target as TableName) ?? new Map<string, number>()),
    }));
    const booleans = new Set(definition.fields.filter((f) => f.kind === 'boolean').map((f) => f.name));
    const handle = options.handler(name);
    const errorsBefore = errors.length;
    for (const [fileIndex, file] of files.entries()) {
      const onRow = (values: Record<string, unknown>, line: number) => {
        if ((++rows & 0xffff) === 0) options.onProgress?.(rows, file);
        const problems = validateRow(values);
        if (problems !== null) {
          for (const p of problems) addError({ file: file.name, line, field: p.field, message: p.message });
          // A row rejected for another field still names its key: rows that
          // reference it must not get a second, misleading "does not exist".
          if (seen && definition.key.every((f) => typeof values[f] === 'string' && values[f] !== '' && !problems.some((p) => p.field === f))) {
            const key = keyOf(values, definition.key);
            if (!seen.has(key)) seen.set(key, pack(fileIndex, line));
          }
          return;
        }
        let ok = true;
        if (seen) {
          const key = keyOf(values, definition.key);
          const first = seen.get(key);
          if (first !== undefined) {
            const at = unpack(first);
            addError({ file: file.name, line, field: definition.key.join(', '), message: `duplicate key ${describeKey(values, definition.key)}: already at ${files[at.fileIndex]!.name}:${at.line}` });
            ok = false;
          } else seen.set(key, pack(fileIndex, line));
        } else if (hashes) hashes.add(keyOf(values, definition.key));
        for (const { field, target, ids } of references) {
          const id = values[field] as string;
          if (!ids.has(id)) {
            addError({ file: file.name, line, field, message: target === 'policy:clause' ? `clause ${JSON.stringify(id)} does not exist in the policy` : `${field} ${JSON.stringify(id)} does not exist in ${target}${tables.has(target as TableName) ? '' : ` (no ${target} table)`}` });
            ok = false;
          }
        }
        if (ok && handle && errors.length === 0) handle(values, { file: file.name, line });
      };
      const onError = (line: number | null, message: string, field?: string) => {
        if (line !== null) rows++;
        addError({ file: file.name, line, field: field ?? null, message });
      };
      await READERS[file.format](file.path, onRow, onError, definition.fieldNames, booleans);
      options.onProgress?.(rows, file);
    }
    if (hashes) {
      const candidates = hashes.repeated();
      if (candidates.size > 0) await confirmDuplicates(files, definition, candidates, validateRow, booleans, addError);
    }
    // A referenced table's keys are dropped once the last table referring to it is read.
    for (const [target, last] of LAST_REFERENCE) if (last === name) keys.delete(target);
    // Callers merge errors from several readers; each knows its table.
    for (let i = errorsBefore; i < errors.length; i++) (errors[i] as RecordError & { table?: TableName }).table = name;
    options.onTableDone?.(name);
  }
  if (dropped > 0) errors.push({ file: dir, line: null, field: null, message: `${dropped} further error(s) not shown` });
  return { present: new Set(tables.keys()), errors, rows };
}
