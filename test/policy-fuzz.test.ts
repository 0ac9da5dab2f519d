// Fuzzing lint, diff and lock over whole policy folders: starting from the
// example amendment history (four versions, notices, a lock, reference data),
// random files get arbitrary bytes or a mutation of their bytes, or become a
// FIFO, a directory, a link loop, a link out of the folder or to nothing; new
// entries named like versions appear. Whatever happens: exit 0 (valid) or 2,
// every message a catalogue error with its file (and its line where a line
// exists), no internal error or trace, and bounded time — through the library,
// the CLI's main() and the real executable. Seeded (FC_SEED=… replays a run).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, lint, type LintMessage } from '../engine/index.ts';
import { main } from '../engine/cli/main.ts';
import { root, runs } from './helpers.ts';
import { fuzzedFolder, policyChanges, POLICY_SOURCE as source, wellFormed, type Change } from './fuzz.ts';

/** A fresh copy of the example policy with the changes applied. */
const fuzzedPolicy = (changes: Change[]): string => fuzzedFolder('fuzz', changes);

const changes = policyChanges;

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
