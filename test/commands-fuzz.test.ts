// Fuzzing the commands that read a whole policy folder and are not covered by
// the policy fuzz (lint, diff, lock): build, test, draft and sql. The example
// amendment history gets arbitrary bytes, byte edits or other file-system
// entries in its files (test/fuzz.ts), and two policy test cases. Whatever
// happens each command ends by itself, in bounded time, with an exit code it
// documents and no trace; it writes only what it was asked to: `test` and
// `sql` nothing, `draft` the new version or nothing, `build --out` its output
// folder or nothing — never the policy folder, a sibling folder or what the
// output folder held when codicil did not write it, and it leaves nothing in
// the temporary folder. Seeded (FC_SEED=… replays a run).
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { compareSemver, lint } from '../engine/index.ts';
import { OUTPUT_MARKER } from '../engine/cli/output.ts';
import { changed, codicil, endedWell, fuzzedFolder, policyChanges, snapshot, type Change } from './fuzz.ts';
import { root, seed } from './helpers.ts';
import { assertAsyncProperty, assertProperty } from './property.ts';

const CASES = ['incidents/notified-at-exactly-72-hours.yaml', 'deletions/live-deleted-at-exactly-24-hours.yaml'];

/** The example history with the changes applied and two policy test cases in tests/. */
function fuzzedPolicy(changes: Change[]): string {
  const dir = fuzzedFolder('commands-fuzz', changes);
  for (const c of CASES) {
    mkdirSync(join(root, dir, 'tests', c, '..'), { recursive: true });
    cpSync(join(root, 'policy', 'tests', c), join(root, dir, 'tests', c));
  }
  return dir;
}

/** Changes to the folder, or none (a quarter of the samples): so that the commands also get as far as doing their work. */
const folderChanges = fc.oneof({ weight: 1, arbitrary: fc.constant([] as Change[]) }, { weight: 3, arbitrary: policyChanges });

/** Run a command in this process, as the CLI's main() does; what it printed and its exit code. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** No internal error, no trace, in time. */
function noTrace(result: { stdout: string; stderr: string; ms: number }, label: string): void {
  expect(result.stderr, label).not.toMatch(/internal error|\n\s+at |^\s+at /m);
  expect(result.stdout, label).not.toMatch(/\n\s+at [\w.<>]+ \(|internal error/);
  expect(result.ms, label).toBeLessThan(20_000);
}

/** The commands and their documented exit codes (their --help and README). */
const commands: fc.Arbitrary<{ args: string[]; exits: number[] }> = fc.constantFrom(
  { args: ['test'], exits: [0, 1, 2] },
  { args: ['test', '--format', 'json'], exits: [0, 1, 2] },
  { args: ['test', '--engine', 'all', '--format', 'junit'], exits: [0, 1, 2] },
  { args: ['sql', '--as-of', '2025-06-30'], exits: [0, 2] },
  { args: ['sql', '--dialect', 'postgres', '--clause', 'incident.notify-within'], exits: [0, 2] },
  { args: ['draft', '9.0.0', '--effective', '2030-01-01', '--published', '2029-01-01'], exits: [0, 2] },
  { args: ['draft', 'dpa', '9.0.0', '--effective', '2031-01-01', '--published', '2030-12-01', '--not-material'], exits: [0, 2] },
);

describe('fuzzing test, sql and draft on policy folders', () => {
  it('each ends well and writes nothing but the drafted version', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(folderChanges, commands, async (cs, command) => {
        const dir = fuzzedPolicy(cs);
        const before = snapshot(join(root, dir));
        const result = await run([...command.args, '--policy', dir]);
        const label = `${command.args.join(' ')} on ${JSON.stringify(cs)}`;
        noTrace(result, label);
        expect(command.exits, `${label}: exit ${result.code}\n${result.stderr}`).toContain(result.code);
        if (result.code === 2) expect(result.stderr + result.stdout, label).not.toBe('');
        if (command.args[0] === 'sql' && result.code === 0) expect(result.stdout, label).toMatch(/\bSELECT\b/);
        if (command.args.includes('json')) expect(() => JSON.parse(result.stdout), label).not.toThrow();
        const written = changed(before, snapshot(join(root, dir)));
        // Only a draft writes, and then one new version; a refused draft writes nothing.
        expect(written, label).toEqual(command.args[0] === 'draft' && result.code === 0 ? ['dpa/9.0.0.md'] : []);
        if (written.length > 0) {
          // What draft writes is a version lint accepts: it starts from the latest version, which draft refuses when it is broken.
          const linted = await lint({ policy: dir });
          expect(linted.messages.filter((m) => m.severity === 'error' && m.file.endsWith('9.0.0.md')), label).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  }, 300_000);

  it('the real executable: the same, for a handful of fuzzed folders', () => {
    const samples = fc.sample(fc.tuple(folderChanges, commands), { numRuns: 6, seed });
    for (const [cs, command] of samples) {
      const dir = fuzzedPolicy(cs);
      const before = snapshot(join(root, dir));
      const result = codicil([...command.args, '--policy', dir]);
      const label = `seed ${seed} (FC_SEED replays): ${command.args.join(' ')} on ${JSON.stringify(cs)}`;
      endedWell(result, command.exits, label);
      expect(changed(before, snapshot(join(root, dir))), label).toEqual(command.args[0] === 'draft' && result.status === 0 ? ['dpa/9.0.0.md'] : []);
    }
  }, 300_000);
});

/** Where `build --out` points: a new folder, an empty one, or somewhere codicil must not replace. */
type Out = 'new' | 'empty' | 'foreign' | 'file' | 'link' | 'fifo-inside' | 'the policy folder' | 'inside the policy folder' | 'the parent';
const outs: Out[] = ['new', 'empty', 'foreign', 'file', 'link', 'fifo-inside', 'the policy folder', 'inside the policy folder', 'the parent'];

describe('fuzzing build --out', () => {
  const tmp = join(root, 'test', 'output', 'commands-fuzz-tmp');

  /** A place for the build: the output and a sibling folder with a file, under test/output/commands-build/. */
  function arrange(out: Out, policy: string): { out: string; area: string; sibling: string } {
    const area = join(root, 'test', 'output', 'commands-build');
    rmSync(area, { recursive: true, force: true });
    const sibling = join(area, 'sibling');
    mkdirSync(sibling, { recursive: true });
    writeFileSync(join(sibling, 'notes.txt'), 'not codicil’s\n');
    let path = join(area, 'site');
    if (out === 'empty') mkdirSync(path);
    else if (out === 'foreign') (mkdirSync(path), writeFileSync(join(path, 'index.html'), 'mine\n'));
    else if (out === 'file') writeFileSync(path, 'a file\n');
    else if (out === 'link') symlinkSync(sibling, path);
    else if (out === 'fifo-inside') (mkdirSync(path), execFileSync('mkfifo', [join(path, 'pipe')]));
    else if (out === 'the policy folder') path = join(root, policy);
    else if (out === 'inside the policy folder') path = join(root, policy, 'dpa');
    else if (out === 'the parent') path = area;
    return { out: path, area, sibling };
  }

  it('exit 0 with codicil’s output in --out, or exit 2 and nothing changed; never a write outside --out', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(folderChanges, fc.oneof({ weight: 2, arbitrary: fc.constantFrom<Out>('new', 'empty') }, { weight: 3, arbitrary: fc.constantFrom(...outs) }), async (cs, out) => {
        const policy = fuzzedPolicy(cs);
        const place = arrange(out, policy);
        rmSync(tmp, { recursive: true, force: true });
        mkdirSync(tmp, { recursive: true });
        const policyBefore = snapshot(join(root, policy));
        const areaBefore = snapshot(place.area);
        const result = codicil(['build', '--policy', policy, '--out', place.out, '--as-of', '2025-06-30', '--no-pdf'], { env: { TMPDIR: tmp } });
        const label = `build --out ${out} on ${JSON.stringify(cs)}`;
        endedWell(result, [0, 2], label, 60_000);
        expect(changed(policyBefore, snapshot(join(root, policy))), `${label}: the policy folder`).toEqual([]);
        expect(readdirSync(tmp), `${label}: left in TMPDIR`).toEqual([]);
        const areaAfter = snapshot(place.area);
        if (result.status === 0) {
          // Only a new or empty folder may be built into; everything else is refused.
          expect(['new', 'empty'], label).toContain(out);
          expect(existsSync(join(place.out, OUTPUT_MARKER)), label).toBe(true);
          expect(existsSync(join(place.out, 'index.html')), label).toBe(true);
          expect(readdirSync(place.out).filter((e) => e.startsWith('.codicil-new-')), label).toEqual([]);
          expect(changed(areaBefore, areaAfter).every((p) => p === 'site' || p.startsWith('site/')), `${label}: outside --out`).toBe(true);
        } else {
          expect(result.stderr, label).toMatch(/\S/);
          expect(changed(areaBefore, areaAfter), `${label}: changed on failure`).toEqual([]);
        }
        if (!['new', 'empty'].includes(out)) expect(result.status, label).toBe(2);
      }),
      { numRuns: 15 },
    );
  }, 600_000);
});

// Found while trying draft's arguments: version parts were compared as
// JavaScript numbers, so past 2^53 a greater version was "not greater" and
// two different versions were the same place in the history.
describe('versions of any size', () => {
  const part = fc.oneof(fc.bigInt({ min: 0n, max: 20n }), fc.bigInt({ min: 0n, max: 10n ** 30n }));
  const version = fc.tuple(part, part, part);
  const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
  const order = (a: bigint[], b: bigint[]) => {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  };

  it('compareSemver orders versions as their parts’ whole numbers do', () => {
    assertProperty(
      // Half the pairs differ by one in one part: large neighbours are where numbers lose precision.
      fc.property(version, fc.oneof(version.map((v) => ({ other: v })), fc.record({ at: fc.nat({ max: 2 }), by: fc.constantFrom(-1n, 1n) })), (a, change) => {
        const b = 'other' in change ? change.other : a.map((p, i) => (i === change.at && p + change.by >= 0n ? p + change.by : p));
        expect(sign(compareSemver(a.join('.'), b.join('.')))).toBe(order(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['99999999999999999999.0.0', '100000000000000000000.0.0'],
    ['9007199254740992.0.0', '9007199254740993.0.0'],
    ['1.9007199254740992.0', '1.9007199254740993.0'],
  ])('after %s, draft writes %s, and the policy lists them in that order', async (first, second) => {
    const dir = fuzzedPolicy([]);
    const before = snapshot(join(root, dir));
    expect((await run(['draft', first, '--effective', '2031-01-01', '--published', '2030-12-01', '--policy', dir])).code).toBe(0);
    const drafted = await run(['draft', second, '--effective', '2032-01-01', '--published', '2031-12-01', '--policy', dir]);
    expect(drafted.code, drafted.stderr).toBe(0);
    expect(changed(before, snapshot(join(root, dir)))).toEqual([`dpa/${first}.md`, `dpa/${second}.md`].sort());
    const linted = await run(['lint', '--policy', dir]);
    expect(linted.stdout).toContain(`${first} (draft), ${second} (draft)`);
  });
});
