/**
 * Test datasets: read a records folder into plain rows, and write rows back
 * in any format and sharding, so properties can compare the findings.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as csv } from 'csv-stringify/sync';
import { stringify as yaml } from 'yaml';
import { readRecords, TABLE_NAMES, type TableName } from '../engine/index.ts';

/** Rows of every table. */
export type Dataset = Partial<Record<TableName, Record<string, unknown>[]>>;

/** How one table is written. */
export interface Layout {
  format: 'jsonl' | 'csv' | 'json' | 'yaml';
  /** Number of shards (1 = a single file). */
  shards: number;
}

/**
 * Read a records folder into rows (it must be valid).
 *
 * @param dir the folder.
 * @returns the rows of each table.
 */
export async function readDataset(dir: string): Promise<Dataset> {
  const data: Dataset = {};
  const result = await readRecords(dir, {
    clauseIds: { has: () => true },
    handler: (table) => (row) => void (data[table] ??= []).push({ ...row }),
  });
  if (result.errors.length > 0) throw new Error(`dataset ${dir} is invalid: ${JSON.stringify(result.errors[0])}`);
  return data;
}

function serialize(rows: Record<string, unknown>[], format: Layout['format']): string {
  switch (format) {
    case 'jsonl':
      return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    case 'json':
      return JSON.stringify(rows, null, 1);
    case 'yaml':
      return rows.length === 0 ? '[]\n' : yaml(rows);
    case 'csv': {
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      if (columns.length === 0) columns.push('id');
      return csv(rows.map((r) => columns.map((c) => (r[c] === undefined ? '' : String(r[c])))), { header: true, columns });
    }
  }
}

/**
 * Write a dataset into a fresh folder.
 *
 * @param dir the folder (emptied first).
 * @param data rows per table.
 * @param layout format and sharding per table (default: one JSONL file).
 */
export function writeDataset(dir: string, data: Dataset, layout: Partial<Record<TableName, Layout>> = {}): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const table of TABLE_NAMES) {
    const rows = data[table];
    if (!rows) continue;
    const { format, shards } = layout[table] ?? { format: 'jsonl', shards: 1 };
    const ext = format === 'yaml' ? 'yaml' : format;
    if (shards <= 1) {
      writeFileSync(join(dir, `${table}.${ext}`), serialize(rows, format));
      continue;
    }
    mkdirSync(join(dir, table));
    const size = Math.ceil(rows.length / shards);
    for (let i = 0; i < shards; i++) {
      const part = rows.slice(i * size, (i + 1) * size);
      if (part.length === 0) continue; // an empty export is refused
      writeFileSync(join(dir, table, `part-${String(i + 1).padStart(4, '0')}.${ext}`), serialize(part, format));
    }
  }
}
