/**
 * Reads a records folder table by table, validating every row and the
 * integrity across rows (keys, references). Valid rows are handed to the
 * caller as they are read; every error is collected.
 */
import { discoverRecords, type RecordFile, type RecordFormat } from './discover.ts';
import { table, type TableName } from './tables.ts';
import { validateRow } from './validate-row.ts';
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
  'confidentiality_agreements',
  'attestations',
  'incident_notices',
  'deletions',
  'subprocessor_locations',
  'incident_impacts',
  'deletion_requests',
  'dsr_requests',
  'access_grants',
];

/** Where a row came from. */
export interface RowSource {
  file: string;
  line: number;
}

/** Options of {@link readRecords}. */
export interface ReadOptions {
  /** Called for each valid row, in reading order. Not called once any error was found. */
  onRow: (tableName: TableName, row: Record<string, unknown>, source: RowSource) => void;
  /** Ids a `policy:clause` reference may name. */
  clauseIds: ReadonlySet<string>;
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

const keyOf = (row: Record<string, unknown>, fields: string[]): string => (fields.length === 1 ? String(row[fields[0]!]) : fields.map((f) => String(row[f])).join('\u0000'));
const describeKey = (row: Record<string, unknown>, fields: string[]): string => fields.map((f) => `${f}=${JSON.stringify(row[f])}`).join(', ');

/**
 * Read every table of a records folder.
 *
 * @param dir the records folder.
 * @param options the row handler, the policy's clause ids, progress.
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
  // Keys seen per keyed table: key -> where first seen. Referenced tables are keyed, so this also resolves references.
  const keys = new Map<TableName, Map<string, RowSource>>();
  let rows = 0;

  for (const name of READ_ORDER) {
    const files = tables.get(name);
    if (!files) continue;
    const definition = table(name);
    const seen = definition.key.length > 0 ? new Map<string, RowSource>() : null;
    if (seen) keys.set(name, seen);
    const references = Object.entries(definition.references);
    const booleans = new Set(definition.fields.filter((f) => f.kind === 'boolean').map((f) => f.name));
    for (const file of files) {
      const onRow = (values: Record<string, unknown>, line: number) => {
        if ((++rows & 0xffff) === 0) options.onProgress?.(rows, file);
        const problems = validateRow(definition, values);
        if (problems.length > 0) {
          for (const p of problems) addError({ file: file.name, line, field: p.field, message: p.message });
          // A row rejected for another field still names its key: rows that
          // reference it must not get a second, misleading "does not exist".
          if (seen && definition.key.every((f) => typeof values[f] === 'string' && values[f] !== '' && !problems.some((p) => p.field === f))) {
            const key = keyOf(values, definition.key);
            if (!seen.has(key)) seen.set(key, { file: file.name, line });
          }
          return;
        }
        const source: RowSource = { file: file.name, line };
        let ok = true;
        if (seen) {
          const key = keyOf(values, definition.key);
          const first = seen.get(key);
          if (first) {
            addError({ file: file.name, line, field: definition.key.join(', '), message: `duplicate key ${describeKey(values, definition.key)}: already at ${first.file}:${first.line}` });
            ok = false;
          } else seen.set(key, source);
        }
        for (const [field, target] of references) {
          const id = String(values[field]);
          const exists = target === 'policy:clause' ? options.clauseIds.has(id) : keys.get(target as TableName)?.has(id) === true;
          if (!exists) {
            addError({ file: file.name, line, field, message: target === 'policy:clause' ? `clause ${JSON.stringify(id)} does not exist in the policy` : `${field} ${JSON.stringify(id)} does not exist in ${target}${tables.has(target as TableName) ? '' : ` (no ${target} table)`}` });
            ok = false;
          }
        }
        if (ok && errors.length === 0) options.onRow(name, values, source);
      };
      const onError = (line: number | null, message: string, field?: string) => {
        if (line !== null) rows++;
        addError({ file: file.name, line, field: field ?? null, message });
      };
      await READERS[file.format](file.path, onRow, onError, definition.fieldNames, booleans);
      options.onProgress?.(rows, file);
    }
  }
  if (dropped > 0) errors.push({ file: dir, line: null, field: null, message: `${dropped} further error(s) not shown` });
  return { present: new Set(tables.keys()), errors, rows };
}
