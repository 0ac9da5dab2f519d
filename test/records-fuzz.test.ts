// Hostile records folders, on every folder engine and through the real CLI:
// whatever the bytes or the file-system entries, check ends in bounded time
// with exit 2 and errors naming the file (and the line, where there is one),
// never a trace, never a verdict.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, TABLE_NAMES } from '../engine/index.ts';
import { FOLDER_ENGINES } from '../engine/engines/index.ts';
import { root } from './helpers.ts';
import { assertAsyncProperty } from './property.ts';

const policy = join(root, 'policy');
const asOf = new Date('2025-06-30T00:00:00Z');
const work = join(root, 'test', 'output', 'records-fuzz');
const node = join(root, 'node_modules', 'node', 'bin', 'node');

function folder(name: string): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Run the real executable, as CI would, and read its JSON report. */
function cli(dir: string) {
  const result = spawnSync(node, [join(root, 'bin', 'codicil.js'), 'check', '--records', dir, '--policy', policy, '--as-of', '2025-06-30', '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('records fuzz: arbitrary bytes in a table file', () => {
  it('every folder engine ends with errors naming the file and line, or a clean read, never a trace', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(
        fc.constantFrom(...TABLE_NAMES),
        fc.constantFrom('jsonl', 'csv', 'json', 'yaml'),
        fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }).map((s) => new TextEncoder().encode(s)), fc.json().map((s) => new TextEncoder().encode(`${s}\n${s}`))),
        async (table, ext, bytes) => {
          const dir = folder('bytes');
          writeFileSync(join(dir, `${table}.${ext}`), bytes);
          for (const engine of FOLDER_ENGINES) {
            const started = performance.now();
            const report = await check({ records: dir, policy, asOf, engine });
            expect(performance.now() - started, engine).toBeLessThan(20_000);
            if (report.exitCode === 2) {
              expect(report.findings).toBeUndefined();
              for (const e of report.errors!) {
                expect(e.file, `${engine}: ${e.message}`).toMatch(new RegExp(`^${table}\\.${ext}$`));
                expect(e.code).toMatch(/^CODICIL-D\d{3}$/);
              }
              // A problem of the content is at a line; only the file as a whole has none.
              for (const e of report.errors!) if (!['CODICIL-D007', 'CODICIL-D008', 'CODICIL-D009'].includes(e.code)) expect(e.line, `${engine}: ${e.message}`).not.toBeNull();
            } else expect(report.errors).toBeUndefined();
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 300_000);
});

describe('records fuzz: file-system entries named like tables', () => {
  const cases: [string, (dir: string) => void, string][] = [
    ['a FIFO', (dir) => execFileSync('mkfifo', [join(dir, 'incidents.jsonl')]), 'CODICIL-D005'],
    ['a link to /dev/zero', (dir) => symlinkSync('/dev/zero', join(dir, 'incidents.jsonl')), 'CODICIL-D006'],
    ['a link loop', (dir) => symlinkSync(join(dir, 'incidents.jsonl'), join(dir, 'incidents.jsonl')), 'CODICIL-D007'],
    ['a link out of the folder', (dir) => symlinkSync(join(root, 'examples', 'records', 'incidents.jsonl'), join(dir, 'incidents.jsonl')), 'CODICIL-D006'],
    ['a folder with a table file’s name', (dir) => mkdirSync(join(dir, 'incidents.jsonl')), 'CODICIL-D002'],
    ['a folder inside a shard folder', (dir) => mkdirSync(join(dir, 'deletions', 'more'), { recursive: true }), 'CODICIL-D005'],
    ['a FIFO as a shard', (dir) => (mkdirSync(join(dir, 'deletions')), execFileSync('mkfifo', [join(dir, 'deletions', 'part-1.jsonl')])), 'CODICIL-D005'],
    ['an empty shard folder', (dir) => mkdirSync(join(dir, 'deletions')), 'CODICIL-D010'],
    ['a 0-byte JSONL export', (dir) => writeFileSync(join(dir, 'incidents.jsonl'), ''), 'CODICIL-D010'],
    ['a JSON table over 64 MiB', (dir) => writeFileSync(join(dir, 'incidents.json'), Buffer.alloc(65 * 2 ** 20, 32)), 'CODICIL-D008'],
  ];
  it.each(cases)('%s: exit 2 with the code, on every engine and through the CLI, in bounded time', async (name, make, code) => {
    const dir = folder(name.replace(/\W+/g, '-'));
    make(dir);
    for (const engine of FOLDER_ENGINES) {
      const report = await check({ records: dir, policy, asOf, engine });
      expect(report.exitCode, engine).toBe(2);
      expect(report.errors!.map((e) => e.code), engine).toContain(code);
    }
    const run = cli(dir);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { errors: { code: string; file: string }[] };
    expect(report.errors.map((e) => e.code)).toContain(code);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
