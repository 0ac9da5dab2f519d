import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { entryKind } from '../io/file-errors.ts';
import type { Stats } from 'node:fs';
import { join, extname, basename, relative, isAbsolute, sep } from 'node:path';
import { isTableName, TABLE_NAMES, type TableName } from './tables.ts';
import { problem, recordError, type RecordError } from './errors.ts';
import { ErrorList } from './error-list.ts';
import { unreadableWords } from './readers/text.ts';

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
  /** At most MAX_ERRORS of them, then one counting the rest (`furtherErrors`), as every list of record errors. */
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
  let link: Stats | undefined;
  try {
    link = await lstat(path);
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
    const code = (error as NodeJS.ErrnoException).code;
    const words = code === 'ELOOP' ? 'the link loops' : code === 'ENOENT' && link?.isSymbolicLink() ? 'the link is broken: its target does not exist' : unreadableWords(error);
    return { kind: 'refused', error: recordError(name, null, problem('recordFileUnreadable', [words])) };
  }
}


/**
 * Why the records folder cannot be read, in words, without Node's (which
 * name the path again, absolutely).
 *
 * @param error what reading it threw.
 * @returns e.g. "the links form a loop".
 */
function folderWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'there is no such folder';
  if (code === 'ENOTDIR') return 'a part of its path is a file, not a folder';
  return unreadableWords(error);
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
  // Bounded as a check's report is (review: 200 000 misnamed files were 200 000 errors, all held and printed).
  const errors = new ErrorList();
  const add = (error: RecordError): void => errors.add(error, [-1, 0, 0, 0]);
  let root: string;
  let entries;
  try {
    root = await realpath(dir);
    // Review: a FIFO given as the folder was refused in Node's words, its path twice.
    const info = await stat(root);
    if (!info.isDirectory()) {
      add(recordError(dir, null, problem('recordsUnreadable', [dir, `it is ${entryKind(info, 'of another kind')}, not a folder`])));
      return { tables, errors: errors.list() };
    }
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    add(recordError(dir, null, problem('recordsUnreadable', [dir, folderWords(error)])));
    return { tables, errors: errors.list() };
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (ignored(entry.name)) continue;
    const resolved = await resolveEntry(root, join(root, entry.name), entry.name);
    if (resolved.kind === 'refused') {
      add(resolved.error);
      continue;
    }
    const isFolder = resolved.kind === 'folder';
    const ext = isFolder ? '' : extname(entry.name).toLowerCase();
    const name = isFolder ? entry.name : basename(entry.name, extname(entry.name));
    if (!isTableName(name)) {
      add(recordError(entry.name, null, problem('notATable', [name, TABLE_NAMES.join(', ')])));
      continue;
    }
    if (!isFolder && !FORMATS[ext]) {
      add(recordError(entry.name, null, problem('unknownFormat', [ext])));
      continue;
    }
    if (tables.has(name)) {
      add(recordError(entry.name, null, problem('tableTwice', [name])));
      continue;
    }
    const files: RecordFile[] = [];
    if (resolved.kind === 'folder') {
      let shards;
      try {
        shards = await readdir(resolved.path, { withFileTypes: true });
      } catch (error) {
        add(recordError(entry.name, null, problem('recordFileUnreadable', [unreadableWords(error)])));
        continue;
      }
      const before = errors.size;
      for (const shard of shards.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (ignored(shard.name)) continue;
        const shown = join(entry.name, shard.name);
        const format = FORMATS[extname(shard.name).toLowerCase()];
        const file = await resolveEntry(root, join(resolved.path, shard.name), shown);
        if (file.kind === 'refused') add(file.error);
        else if (file.kind === 'folder') add(recordError(shown, null, problem('notARegularFile', [`a folder inside the shard folder ${entry.name}/`])));
        else if (!format) add(recordError(shown, null, problem('unknownFormat', [extname(shard.name).toLowerCase()])));
        else files.push({ table: name, path: file.path, name: shown, format, size: file.size });
      }
      // Every error added since is on one of its shards.
      if (files.length === 0 && errors.size === before) add(recordError(entry.name, null, problem('emptyTable', [])));
    } else {
      files.push({ table: name, path: resolved.path, name: entry.name, format: FORMATS[ext]!, size: resolved.size });
    }
    tables.set(name, files);
  }
  return { tables, errors: errors.list() };
}
