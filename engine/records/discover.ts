import { readdir, stat } from 'node:fs/promises';
import { join, extname, basename } from 'node:path';
import { isTableName, TABLE_NAMES, type TableName } from './tables.ts';
import type { RecordError } from './errors.ts';

/** The formats a table can be written in. */
export type RecordFormat = 'jsonl' | 'json' | 'csv' | 'yaml';

/** One file holding rows of a table. */
export interface RecordFile {
  table: TableName;
  path: string;
  /** The path shown in findings and errors (relative to the records folder). */
  name: string;
  format: RecordFormat;
}

const FORMATS: Record<string, RecordFormat> = { '.jsonl': 'jsonl', '.json': 'json', '.csv': 'csv', '.yaml': 'yaml', '.yml': 'yaml' };

const ignored = (name: string): boolean => name.startsWith('.') || name.startsWith('_') || name === 'README.md';

/**
 * Find the tables of a records folder: `<table>.<ext>` files and
 * `<table>/` shard folders. A name that is not a table is an error, never
 * skipped (unless it starts with `.` or `_`, or is README.md).
 *
 * @param dir the records folder.
 * @returns the files of each table present (shards in name order), and errors.
 */
export async function discoverRecords(dir: string): Promise<{ tables: Map<TableName, RecordFile[]>; errors: RecordError[] }> {
  const tables = new Map<TableName, RecordFile[]>();
  const errors: RecordError[] = [];
  const error = (file: string, message: string) => errors.push({ file, line: null, field: null, message });
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    error(dir, `cannot read the records folder: ${(e as Error).message}`);
    return { tables, errors };
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (ignored(entry.name)) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDir = (await stat(path)).isDirectory();
      } catch (e) {
        error(entry.name, `cannot read ${entry.name}: ${(e as Error).message}`);
        continue;
      }
    }
    const ext = isDir ? '' : extname(entry.name).toLowerCase();
    const name = isDir ? entry.name : basename(entry.name, extname(entry.name));
    if (!isTableName(name) || (!isDir && !FORMATS[ext])) {
      error(entry.name, isTableName(name) ? `unknown format ${ext || '(none)'}: a table is .jsonl, .json, .csv, .yaml or .yml` : `${JSON.stringify(name)} is not a record table (known: ${TABLE_NAMES.join(', ')}); a misnamed file is never skipped`);
      continue;
    }
    if (tables.has(name)) {
      error(entry.name, `table ${name} is given more than once; shard a large table into a folder ${name}/ instead`);
      continue;
    }
    const files: RecordFile[] = [];
    if (isDir) {
      for (const shard of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        if (ignored(shard.name)) continue;
        const format = FORMATS[extname(shard.name).toLowerCase()];
        if (!shard.isFile() || !format) {
          error(join(entry.name, shard.name), `a shard of ${name} must be a .jsonl, .json, .csv, .yaml or .yml file`);
          continue;
        }
        files.push({ table: name, path: join(path, shard.name), name: join(entry.name, shard.name), format });
      }
    } else {
      files.push({ table: name, path, name: entry.name, format: FORMATS[ext]! });
    }
    tables.set(name, files);
  }
  return { tables, errors };
}
