// DuckDB's memory limit when none is given: three fifths of the records' size on disk,
// at least 512 MiB, and DuckDB's own (80% of RAM) when that is less.
import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultMemoryLimit } from '../engine/engines/duckdb/engine.ts';
import type { DiscoveredRecords, RecordFile } from '../engine/records/discover.ts';

const folder = (...sizes: number[]): DiscoveredRecords => ({
  tables: new Map([['deletions', sizes.map((size, i): RecordFile => ({ table: 'deletions', path: `/r/deletions/${i}.jsonl`, name: `deletions/${i}.jsonl`, format: 'jsonl', size }))]]),
  errors: [],
});

describe('the default memory limit of the duckdb engine', () => {
  it('is 512 MiB for small folders and for no folder', () => {
    expect(defaultMemoryLimit(undefined)).toBe('512MiB');
    expect(defaultMemoryLimit(folder(100 * 2 ** 20))).toBe('512MiB');
  });

  it('grows with the records: three fifths of their size on disk, over every file of every table', () => {
    expect(defaultMemoryLimit(folder(2 * 2 ** 30, 2 * 2 ** 30))).toBe('2458MiB');
  });

  it('counts a Parquet file four times its size (it is compressed)', () => {
    const parquet: DiscoveredRecords = { tables: new Map([['deletions', [{ table: 'deletions', path: '/r/deletions.parquet', name: 'deletions.parquet', format: 'parquet', size: 2 ** 30 }]]]), errors: [] };
    expect(defaultMemoryLimit(parquet)).toBe('2458MiB');
  });

  it('is DuckDB’s own (80% of RAM) when three fifths of the records would be more', () => {
    expect(defaultMemoryLimit(folder(2 * totalmem()))).toBeUndefined();
  });
});
