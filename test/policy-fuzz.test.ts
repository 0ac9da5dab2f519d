// Fuzzing lint, diff and lock over whole policy folders: starting from the
// example amendment history (four versions, notices, a lock, reference data),
// random files get arbitrary bytes or a mutation of their bytes, or become a
// FIFO, a directory, a link loop, a link out of the folder or to nothing; new
// entries named like versions appear. Whatever happens: exit 0 (valid) or 2,
// every message a catalogue error with its file (and its line where a line
// exists), no internal error or trace, and bounded time — through the library,
// the CLI's main() and the real executable. Seeded (FC_SEED=… replays a run).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, lint, type LintMessage } from '../engine/index.ts';
import { main } from '../engine/cli/main.ts';
import { root, runs } from './helpers.ts';

const source = join(root, 'examples', 'amendments', 'policy');
const FILES = ['dpa/1.0.0.md', 'dpa/1.0.1.md', 'dpa/1.1.0.md', 'dpa/1.2.0.md', 'dpa/1.1.0.notice.md', 'dpa/1.2.0.notice.md', 'dpa/versions.lock', 'reference/eea.yaml', 'reference/adequacy.yaml', 'reference/vocabulary.yaml', 'dpa/9.9.9.md', 'dpa/2.0.0.notice.md'];

type Change =
  | { kind: 'bytes'; file: number; bytes: Uint8Array }
  | { kind: 'mutate'; file: number; at: number; bytes: Uint8Array; cut: number }
  | { kind: 'entry'; file: number; entry: 'fifo' | 'directory' | 'loop' | 'outside' | 'dev-zero' | 'dangling' | 'empty' };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), file: fc.nat({ max: FILES.length - 1 }), bytes: fc.uint8Array({ maxLength: 600 }) }),
  fc.record({ kind: fc.constant('mutate' as const), file: fc.nat({ max: FILES.length - 1 }), at: fc.nat(), bytes: fc.oneof(fc.uint8Array({ maxLength: 8 }), fc.constantFrom(...['\u0000', '\xff', '\r\n', ':constructor', '*a *b **', '>>>>>>>>', ':param[0 hours]{name=within}', '&x\n*x', '---\n', '\uFFFE'].map((s) => Uint8Array.from(Buffer.from(s, 'utf8'))))), cut: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('entry' as const), file: fc.nat({ max: FILES.length - 1 }), entry: fc.constantFrom('fifo' as const, 'directory' as const, 'loop' as const, 'outside' as const, 'dev-zero' as const, 'dangling' as const, 'empty' as const) }),
);

let sample = 0;
/** A fresh copy of the example policy with the changes applied. */
function fuzzedPolicy(changes: Change[]): string {
  const dir = join('test', 'output', 'fuzz', String(sample++ % 8));
  const abs = join(root, dir);
  rmSync(abs, { recursive: true, force: true });
  mkdirSync(abs, { recursive: true });
  cpSync(source, abs, { recursive: true });
  for (const c of changes) {
    const path = join(abs, FILES[c.file]!);
    rmSync(path, { recursive: true, force: true });
    if (c.kind === 'bytes') writeFileSync(path, c.bytes);
    else if (c.kind === 'mutate') {
      let original: Buffer;
      try {
        original = readFileSync(join(source, FILES[c.file]!));
      } catch {
        original = Buffer.alloc(0);
      }
      const at = original.length === 0 ? 0 : c.at % original.length;
      writeFileSync(path, Buffer.concat([original.subarray(0, at), c.bytes, original.subarray(Math.min(original.length, at + c.cut))]));
    } else if (c.entry === 'fifo') execFileSync('mkfifo', [path]);
    else if (c.entry === 'directory') mkdirSync(path);
    else if (c.entry === 'loop') symlinkSync(path, path);
    else if (c.entry === 'outside') symlinkSync(join(root, 'package.json'), path);
    else if (c.entry === 'dev-zero') symlinkSync('/dev/zero', path);
    else if (c.entry === 'dangling') symlinkSync(`${path}.nowhere`, path);
    else writeFileSync(path, '');
  }
  return dir;
}

/** Codes about a file as a whole (no line to point at); every other message must have one. */
const WHOLE_FILE = new Set(['CODICIL-P001', 'CODICIL-P002', 'CODICIL-P004', 'CODICIL-P005', 'CODICIL-P006', 'CODICIL-P007', 'CODICIL-P008', 'CODICIL-P009', 'CODICIL-P011', 'CODICIL-R001', 'CODICIL-R003', 'CODICIL-V101', 'CODICIL-V102', 'CODICIL-V105', 'CODICIL-U001']);

function wellFormed(messages: LintMessage[], dir: string): void {
  for (const m of messages) {
    expect(m.code, JSON.stringify(m)).toMatch(/^CODICIL-[A-Z]\d{3}$/);
    expect(m.code, JSON.stringify(m)).not.toBe('CODICIL-P110');
    expect(m.file.startsWith(dir) || m.file.startsWith('/'), JSON.stringify(m)).toBe(true);
    if (!WHOLE_FILE.has(m.code)) expect(m.line, JSON.stringify(m)).toBeGreaterThanOrEqual(1);
    expect(m.message).not.toMatch(/\n\s+at /);
  }
}

const changes = fc.array(change, { minLength: 1, maxLength: 4 });

describe('fuzzing policy folders', () => {
  it('lint: ok or errors with file and line, never a throw, in bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(changes, async (cs) => {
        const dir = fuzzedPolicy(cs);
        const started = performance.now();
        const result = await lint({ policy: dir });
        expect(performance.now() - started).toBeLessThan(15_000);
        wellFormed(result.messages, dir);
        expect(result.ok).toBe(result.messages.every((m) => m.severity === 'warning'));
      }),
      runs(60),
    );
  }, 300_000);

  it('lint --format json through the CLI: exit 0 or 2 and JSON, whatever the folder holds', async () => {
    await fc.assert(
      fc.asyncProperty(changes, async (cs) => {
        const dir = fuzzedPolicy(cs);
        let stdout = '';
        let stderr = '';
        const code = await main(['lint', '--policy', dir, '--format', 'json'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
        expect([0, 2]).toContain(code);
        expect(stderr).toBe('');
        const report = JSON.parse(stdout) as { ok: boolean; messages: LintMessage[] };
        expect(code).toBe(report.ok ? 0 : 2);
        wellFormed(report.messages, dir);
      }),
      runs(25),
    );
  }, 300_000);

  it('diff of a fuzzed version against a published one: an amendment or errors with file and line', async () => {
    await fc.assert(
      fc.asyncProperty(changes, fc.constantFrom('1.0.1', '1.1.0', '1.2.0', '9.9.9'), async (cs, version) => {
        const dir = fuzzedPolicy(cs);
        const started = performance.now();
        const result = await diff({ from: 'dpa@1.0.0', to: join(dir, 'dpa', `${version}.md`), policy: source });
        expect(performance.now() - started).toBeLessThan(15_000);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          wellFormed(result.errors, dir);
        } else expect(typeof result.amendment.materiality.material).toBe('boolean');
      }),
      runs(40),
    );
  }, 300_000);

  it('lock: exit 0 only on a folder that lints clean but for unlocked versions; never writes outside the folder', async () => {
    const sentinel = readFileSync(join(root, 'package.json'), 'utf8');
    await fc.assert(
      fc.asyncProperty(changes, async (cs) => {
        const dir = fuzzedPolicy(cs);
        let stderr = '';
        const code = await main(['lock', '--policy', dir], { stdout: () => {}, stderr: (t) => (stderr += t), color: false });
        expect([0, 2]).toContain(code);
        expect(stderr).not.toMatch(/internal error|\n\s+at /);
        if (code === 0) {
          // What was locked must now lint clean of lock errors.
          const after = await lint({ policy: dir });
          expect(after.messages.filter((m) => m.code.startsWith('CODICIL-V10'))).toEqual([]);
        }
      }),
      runs(25),
    );
    // A link named versions.lock that leads out of the folder is never written through.
    expect(readFileSync(join(root, 'package.json'), 'utf8')).toBe(sentinel);
  }, 300_000);

  it('the real executable: exit 0 or 2, JSON for lint, no trace, for a handful of fuzzed folders', () => {
    const bin = join(root, 'bin', 'codicil.js');
    const samples = fc.sample(changes, { numRuns: 6, seed: runs(0).seed });
    for (const cs of samples) {
      const dir = fuzzedPolicy(cs);
      for (const args of [['lint', '--policy', dir, '--format', 'json'], ['diff', 'dpa@1.0.0', join(dir, 'dpa', '1.1.0.md'), '--policy', source], ['lock', '--policy', dir]]) {
        const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
        expect(run.signal, args.join(' ')).toBeNull();
        expect([0, 2], `${args.join(' ')}: ${run.stderr}`).toContain(run.status);
        expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
        if (args[0] === 'lint') expect(() => JSON.parse(run.stdout)).not.toThrow();
      }
    }
  }, 300_000);
});
