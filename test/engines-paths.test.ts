// A file or folder name is a name, on every engine: DuckDB's readers take a
// path as a glob pattern, so a shard named `[_]hidden.jsonl` made the duckdb
// engine read `_hidden.jsonl` (a file discovery leaves out) and judge it, and
// a records folder named `recs[1]` made it read the sibling `recs1/`
// (review: a real violation disappeared on duckdb only).
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../engine/index.ts';
import { FOLDER_ENGINES } from '../engine/engines/index.ts';
import { root } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'codicil-paths-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const policy = join(root, 'policy');
const asOf = new Date('2025-06-30T12:00:00Z');
// A-17's backup deletion, 48 hours late in the export; "in time" in the decoy.
const LATE = '"backups-eu","completed_at":"2025-03-03T10:00:00Z"';
const IN_TIME = '"backups-eu","completed_at":"2025-03-01T12:00:00Z"';

/** The findings of each folder engine, as JSON (without the engine's name). */
async function findings(records: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const engine of FOLDER_ENGINES) {
    const report = await check({ records, policy, asOf, engine });
    expect(report.errors ?? [], engine).toEqual([]);
    out[engine] = JSON.stringify(report.findings);
  }
  return out;
}

describe('names with glob characters', () => {
  it('reads a shard named with brackets, stars and question marks as itself, never a file it matches', async () => {
    const records = join(work, 'shards');
    cpSync(join(root, 'examples', 'records'), records, { recursive: true });
    const shard = join(records, 'deletions', 'part-0001.jsonl');
    const text = readFileSync(shard, 'utf8');
    expect(text).toContain(LATE);
    renameSync(shard, join(records, 'deletions', '[_]hidden*?.jsonl'));
    writeFileSync(join(records, 'deletions', '_hidden*?.jsonl'), text.replace(LATE, IN_TIME));
    const found = await findings(records);
    expect(new Set(Object.values(found)).size).toBe(1);
    expect(found.js).toContain('"clause":"deletion.no-backup-copies"');
  });

  it('reads a records folder named with brackets, never the sibling it matches', async () => {
    const records = join(work, 'recs[1]');
    cpSync(join(root, 'examples', 'records'), records, { recursive: true });
    const sibling = join(work, 'recs1');
    cpSync(join(root, 'examples', 'records'), sibling, { recursive: true });
    const shard = join(sibling, 'deletions', 'part-0001.jsonl');
    writeFileSync(shard, readFileSync(shard, 'utf8').replace(LATE, IN_TIME));
    const found = await findings(records);
    expect(new Set(Object.values(found)).size).toBe(1);
    expect(found.js).toContain('"clause":"deletion.no-backup-copies"');
  });
});
