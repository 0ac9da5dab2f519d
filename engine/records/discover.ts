import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, extname, basename, relative, isAbsolute, sep } from 'node:path';
import { isTableName, TABLE_NAMES, type TableName } from './tables.ts';
import { problem, recordError, type RecordError } from './errors.ts';

/** The formats a table can be written in. */
export type RecordFormat = 'jsonl' | 'json' | 'csv' | 'yaml' | 'parquet';

/** One file holding rows of a table. */
export interface RecordFile {
  table: TableName;
  /** The file to open (links resolved). */
  path: string;
  /** The path shown in findings and errors (relative to the records folder). */
  name: string;
  format: RecordFormat;
  /** Size in bytes. */
  size: number;
}

/** A records folder's tables, and what was wrong with it. */
export interface DiscoveredRecords {
  tables: Map<TableName, RecordFile[]>;
  errors: RecordError[];
}

const FORMATS: Record<string, RecordFormat> = { '.jsonl': 'jsonl', '.json': 'json', '.csv': 'csv', '.yaml': 'yaml', '.yml': 'yaml', '.parquet': 'parquet' };

const ignored = (name: string): boolean => name.startsWith('.') || name.startsWith('_') || name === 'README.md';

/** What an entry of the folder turned out to be, links followed (inside the folder only). */
type Entry = { kind: 'file'; path: string; size: number } | { kind: 'folder'; path: string } | { kind: 'refused'; error: RecordError };

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function resolveEntry(root: string, path: string, name: string): Promise<Entry> {
  try {
    const link = await lstat(path);
    let real = path;
    if (link.isSymbolicLink()) {
      real = await realpath(path);
      if (!inside(root, real)) return { kind: 'refused', error: recordError(name, null, problem('recordLinkOutside', [real])) };
    }
    const info = link.isSymbolicLink() ? await stat(real) : link;
    if (info.isFile()) return { kind: 'file', path: real, size: info.size };
    if (info.isDirectory()) return { kind: 'folder', path: real };
    const what = info.isFIFO() ? 'a named pipe (FIFO)' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isSocket() ? 'a socket' : 'not a file';
    return { kind: 'refused', error: recordError(name, null, problem('notARegularFile', [what])) };
  } catch (error) {
    return { kind: 'refused', error: recordError(name, null, problem('recordFileUnreadable', [(error as NodeJS.ErrnoException).code === 'ELOOP' ? 'the link loops' : (error as Error).message])) };
  }
}

/**
 * Find the tables of a records folder: `<table>.<ext>` files and `<table>/`
 * shard folders. A name that is not a table is an error, never skipped
 * (unless it starts with `.` or `_`, or is README.md). Only regular files are
 * read; links are followed only when they stay inside the folder.
 *
 * @param dir the records folder.
 * @returns the files of each table present (shards in name order), and errors.
 */
export async function discoverRecords(dir: string): Promise<DiscoveredRecords> {
  const tables = new Map<TableName, RecordFile[]>();
  const errors: RecordError[] = [];
  let root: string;
  let entries;
  try {
    root = await realpath(dir);
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    errors.push(recordError(dir, null, problem('recordsUnreadable', [dir, (error as Error).message])));
    return { tables, errors };
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (ignored(entry.name)) continue;
    const resolved = await resolveEntry(root, join(root, entry.name), entry.name);
    if (resolved.kind === 'refused') {
      errors.push(resolved.error);
      continue;
    }
    const isFolder = resolved.kind === 'folder';
    const ext = isFolder ? '' : extname(entry.name).toLowerCase();
    const name = isFolder ? entry.name : basename(entry.name, extname(entry.name));
    if (!isTableName(name)) {
      errors.push(recordError(entry.name, null, problem('notATable', [name, TABLE_NAMES.join(', ')])));
      continue;
    }
    if (!isFolder && !FORMATS[ext]) {
      errors.push(recordError(entry.name, null, problem('unknownFormat', [ext])));
      continue;
    }
    if (tables.has(name)) {
      errors.push(recordError(entry.name, null, problem('tableTwice', [name])));
      continue;
    }
    const files: RecordFile[] = [];
    if (resolved.kind === 'folder') {
      let shards;
      try {
        shards = await readdir(resolved.path, { withFileTypes: true });
      } catch (error) {
        errors.push(recordError(entry.name, null, problem('recordFileUnreadable', [(error as Error).message])));
        continue;
      }
      for (const shard of shards.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (ignored(shard.name)) continue;
        const shown = join(entry.name, shard.name);
        const format = FORMATS[extname(shard.name).toLowerCase()];
        const file = await resolveEntry(root, join(resolved.path, shard.name), shown);
        if (file.kind === 'refused') errors.push(file.error);
        else if (file.kind === 'folder') errors.push(recordError(shown, null, problem('notARegularFile', [`a folder inside the shard folder ${entry.name}/`])));
        else if (!format) errors.push(recordError(shown, null, problem('unknownFormat', [extname(shard.name).toLowerCase()])));
        else files.push({ table: name, path: file.path, name: shown, format, size: file.size });
      }
      if (files.length === 0 && !errors.some((e) => e.file.startsWith(`${entry.name}${sep}`))) errors.push(recordError(entry.name, null, problem('emptyTable', [])));
    } else {
      files.push({ table: name, path: resolved.path, name: entry.name, format: FORMATS[ext]!, size: resolved.size });
    }
    tables.set(name, files);
  }
  return { tables, errors };
}
