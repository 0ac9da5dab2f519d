// Fuzzing the policy files beside the documents: the waiver file (read by
// `check`, from the policy folder or given with --waivers) and the policy
// test case files (read by `codicil test`). Starting from valid files, lines
// are edited (most edits keep valid YAML, so what reads the data is reached
// too), bytes are replaced or edited, and the file becomes a FIFO, a folder,
// a link loop, a link out of the folder or to nothing. Whatever happens: exit
// 0, 1 or 2; with 2 nothing is judged and every error is a catalogue error
// with its file (and line, where there is one); a broken case file is never
// skipped; no trace; bounded time. Seeded (FC_SEED=… replays a run).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, lint, renderCheck, type LintMessage } from '../engine/index.ts';
import { formatTestJson, formatTestJunit, formatTestText } from '../engine/index.ts';
import { runPolicyTests, type PolicyTestResult } from '../engine/policy-tests/run.ts';
import { applyChanges, changed, changeOf, codicil, endedWell, fuzzedFolder, mutateYaml, snapshot, wellFormed, yamlEdit, type Change, type YamlEdit } from './fuzz.ts';
import { root, seed, strictXml } from './helpers.ts';
import { assertAsyncProperty } from './property.ts';

const policySource = join(root, 'policy');
/** What no output may carry raw (line breaks and tabs aside): C0 controls, DEL, C1, bidi controls, lone surrogates. */
const RAW = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Noncharacter_Code_Point}|[\uD800-\uDFFF]/u;
const records = join(root, 'examples', 'records');
const asOf = new Date('2025-06-30T00:00:00Z');

/** What becomes of a valid YAML file: edits of its lines, or a change of its bytes or entry. */
type FileChange = { kind: 'yaml'; edits: YamlEdit[] } | Change;
const fileChange: fc.Arbitrary<FileChange> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('yaml' as const), edits: fc.array(yamlEdit, { minLength: 1, maxLength: 4 }) }) },
  { weight: 2, arbitrary: changeOf(1) },
);

/**
 * Apply a change to one file.
 *
 * @param path where the file is.
 * @param original the valid file it started from.
 * @param change the change.
 */
function changeFile(path: string, original: string, change: FileChange): void {
  if (change.kind === 'yaml') {
    rmSync(path, { force: true });
    writeFileSync(path, mutateYaml(readFileSync(original, 'utf8'), change.edits));
  } else {
    // applyChanges edits the file of the same name in the source folder.
    expect(basename(path)).toBe(basename(original));
    applyChanges(dirname(path), dirname(original), [basename(path)], [{ ...change, file: 0 }]);
  }
}

describe('fuzzing the waiver file', () => {
  const valid = join(root, 'examples', 'waivers.yaml');

  /** The real policy under test/output/ (without its tests) and a waiver file in it or beside it. */
  function staged(where: 'policy' | 'flag', change: FileChange): { policy: string; waivers: string } {
    const policy = fuzzedFolder('waivers-fuzz', [], policySource, []);
    rmSync(join(root, policy, 'tests'), { recursive: true, force: true });
    const file = where === 'policy' ? join(policy, 'waivers.yaml') : join(policy, '..', `flag-${policy.slice(-1)}`, 'waivers.yaml');
    // A fresh folder: copying onto a link loop left by an earlier sample aborts Node itself (a C++ filesystem_error).
    if (where === 'flag') rmSync(join(root, file, '..'), { recursive: true, force: true });
    mkdirSync(join(root, file, '..'), { recursive: true });
    cpSync(valid, join(root, file));
    changeFile(join(root, file), valid, change);
    return { policy, waivers: file };
  }

  it('check: a judgement with the waivers, or exit 2 with errors on the waiver file only, nothing judged; lint agrees', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(fc.constantFrom('policy' as const, 'flag' as const), fileChange, async (where, change) => {
        const { policy, waivers } = staged(where, change);
        const started = performance.now();
        const report = await check({ records, policy, asOf, engine: 'js', ...(where === 'flag' ? { waivers } : {}) });
        expect(performance.now() - started).toBeLessThan(20_000);
        expect([0, 1, 2]).toContain(report.exitCode);
        if (report.exitCode === 2) {
          expect(report.findings).toBeUndefined();
          expect(report.errors!.length).toBeGreaterThan(0);
          for (const e of report.errors!) expect(e.file, e.message).toBe(waivers);
          wellFormed(report.errors! as unknown as LintMessage[], waivers);
        } else {
          expect(report.errors).toBeUndefined();
          expect(report.waivers).toBeDefined();
        }
        // Waiver ids, reasons and tickets reach the terminal and CI reports escaped.
        for (const format of ['text', 'github', 'markdown'] as const) expect(renderCheck(report, format, { recordsDir: records }), format).not.toMatch(RAW);
        expect(strictXml(renderCheck(report, 'junit', { recordsDir: records }))).toEqual([]);
        if (where === 'policy') {
          // One truth: lint finds the waiver file wrong exactly when check refuses it.
          const linted = await lint({ policy });
          const onFile = linted.messages.filter((m) => m.file === waivers && m.severity === 'error');
          expect(onFile.length > 0, JSON.stringify(onFile)).toBe(report.exitCode === 2);
        }
      }),
      { numRuns: 60 },
    );
  }, 300_000);

  it('the real executable: exit 0, 1 or 2, JSON without findings on 2, no trace', async () => {
    const samples = fc.sample(fc.tuple(fc.constantFrom('policy' as const, 'flag' as const), fileChange), { numRuns: 8, seed });
    for (const [where, change] of samples) {
      const { policy, waivers } = staged(where, change);
      const run = codicil(['check', '--records', records, '--policy', policy, '--as-of', '2025-06-30', '--format', 'json', ...(where === 'flag' ? ['--waivers', waivers] : [])]);
      endedWell(run, [0, 1, 2], `seed ${seed} (FC_SEED replays): ${where} ${JSON.stringify(change)}`);
      const report = JSON.parse(run.stdout) as { findings?: unknown[]; errors?: { file: string }[] };
      if (run.status === 2) {
        expect(report.findings).toBeUndefined();
        expect(report.errors!.every((e) => e.file === waivers)).toBe(true);
      } else expect(report.findings).toBeDefined();
    }
  }, 300_000);
});

describe('fuzzing policy test case files', () => {
  const CASES = ['incidents/notified-at-exactly-72-hours.yaml', 'waivers/expired-at-the-moment-it-expires.yaml', 'records/timestamp-without-offset.yaml'];

  /** The real policy under test/output/ with three of its cases, one of them changed. */
  function staged(index: number, change: FileChange): string {
    const policy = fuzzedFolder('cases-fuzz', [], policySource, []);
    rmSync(join(root, policy, 'tests'), { recursive: true, force: true });
    for (const c of CASES) {
      mkdirSync(join(root, policy, 'tests', c, '..'), { recursive: true });
      cpSync(join(policySource, 'tests', c), join(root, policy, 'tests', c));
    }
    changeFile(join(root, policy, 'tests', CASES[index]!), join(policySource, 'tests', CASES[index]!), change);
    return policy;
  }

  /** The changed case file is run or refused (never left out), the others are run unless a refusal stops every case, and the exit code follows. */
  function accounted(result: PolicyTestResult, policy: string, changed: string, change: FileChange): void {
    expect([0, 1, 2]).toContain(result.exitCode);
    wellFormed(result.problems, policy);
    for (const c of result.cases) wellFormed(c.problems, policy);
    const stopped = result.problems.some((m) => m.severity === 'error');
    // A file that cannot be read as a case (a FIFO, a link out, …) stops every case: nothing is judged.
    if (stopped) expect(result.cases).toEqual([]);
    for (const file of CASES) {
      const run = result.cases.some((c) => c.file === file);
      const refused = [...result.problems, ...result.cases.flatMap((c) => c.problems)].some((m) => m.file.endsWith(file));
      if (file !== changed) expect(run || stopped, `${file} left out`).toBe(true);
      // A folder named like a case is a folder of (no) cases; every other entry is a case, run or refused.
      else if (!(change.kind === 'entry' && change.entry === 'directory')) expect(run || refused, `${file} neither run nor refused`).toBe(true);
    }
    if (stopped || result.cases.some((c) => c.status === 'invalid')) expect(result.exitCode).toBe(2);
    else expect(result.exitCode).toBe(result.cases.some((c) => c.status === 'failed') ? 1 : 0);
    for (const c of result.cases) if (c.status === 'invalid') expect(c.problems.length, c.file).toBeGreaterThan(0);
  }

  it('codicil test: every case run or refused with file and line, exit 0, 1 or 2, never a throw, in bounded time', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(fc.nat({ max: CASES.length - 1 }), fileChange, async (index, change) => {
        const policy = staged(index, change);
        const started = performance.now();
        const result = await runPolicyTests({ policy, engines: ['js'] });
        expect(performance.now() - started).toBeLessThan(20_000);
        accounted(result, policy, CASES[index]!, change);
        // Whatever the case file holds reaches a terminal and a CI report escaped.
        expect(formatTestText(result)).not.toMatch(RAW);
        expect(strictXml(formatTestJunit(result))).toEqual([]);
        expect(formatTestJson(result)).not.toMatch(RAW);
      }),
      { numRuns: 60 },
    );
  }, 300_000);

  /** A case and a change to it: often just another expected exit code or a finding less, so that the case still runs and fails. */
  const expectChanged = fc.nat({ max: CASES.length - 1 }).chain((index) => {
    const lines = readFileSync(join(policySource, 'tests', CASES[index]!), 'utf8').split('\n');
    const exit = lines.findIndex((l) => /^\s+exit:/.test(l));
    const finding = lines.findIndex((l) => /^\s+- \{?\s*clause:/.test(l));
    const edits = fc.oneof(
      fc.constantFrom('0', '1', '2').map((value): YamlEdit[] => [{ op: 'value', line: exit, value }]),
      ...(finding === -1 ? [] : [fc.constant<YamlEdit[]>([{ op: 'delete', line: finding }])]),
    );
    return fc.tuple(fc.constant(index), fc.oneof({ weight: 2, arbitrary: edits.map((e): FileChange => ({ kind: 'yaml', edits: e })) }, { weight: 1, arbitrary: fileChange }));
  });

  it('codicil test --update rewrites only case files, and what it rewrites then passes', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(expectChanged, async ([index, change]) => {
        const policy = staged(index, change);
        const before = snapshot(join(root, policy));
        const result = await runPolicyTests({ policy, engines: ['js'], update: true });
        expect([0, 1, 2]).toContain(result.exitCode);
        const written = changed(before, snapshot(join(root, policy)));
        const updated = result.cases.filter((c) => c.updated).map((c) => `tests/${c.file}`);
        // Only the cases it says it updated, and only regular files (never through a FIFO or out of the folder).
        expect(written, JSON.stringify(change)).toEqual(updated.sort());
        if (updated.length > 0) {
          const again = await runPolicyTests({ policy, engines: ['js'] });
          for (const file of updated) expect(again.cases.find((c) => `tests/${c.file}` === file)?.status, `${file} after --update`).toBe('passed');
        }
      }),
      { numRuns: 40 },
    );
  }, 300_000);

  it('the real executable: codicil test --format json ends well and accounts for every case', () => {
    const samples = fc.sample(fc.tuple(fc.nat({ max: CASES.length - 1 }), fileChange), { numRuns: 8, seed });
    for (const [index, change] of samples) {
      const policy = staged(index, change);
      const run = codicil(['test', '--policy', policy, '--format', 'json']);
      endedWell(run, [0, 1, 2], `seed ${seed} (FC_SEED replays): ${JSON.stringify(change)}`);
      accounted(JSON.parse(run.stdout) as PolicyTestResult, policy, CASES[index]!, change);
    }
  }, 300_000);
});

// Found while fuzzing case files: a records_dir that cannot be read as a
// folder was named twice over in the error (tests/x/tests/x, /dev/zero/dev/zero).
// One that is not there or is no folder is the case file's mistake, at its
// records_dir line (review: judged, the mistake could be pinned by --update);
// one that cannot be read (a link loop) is the records reader's error.
describe('a case whose records_dir is not a readable folder', () => {
  const cases: [string, string, (policy: string) => void, 'CODICIL-T002' | 'CODICIL-D001'][] = [
    ['a missing folder', 'fixtures/nowhere', () => {}, 'CODICIL-T002'],
    ['a regular file', 'notes.txt', (p) => writeFileSync(join(p, 'tests', 'notes.txt'), 'x\n'), 'CODICIL-T002'],
    ['a FIFO', 'pipe', (p) => execFileSync('mkfifo', [join(p, 'tests', 'pipe')]), 'CODICIL-T002'],
    ['a link loop', 'loop', (p) => symlinkSync('loop', join(p, 'tests', 'loop')), 'CODICIL-D001'],
  ];
  it.each(cases)('%s: the case is invalid, the error names the records folder once, exit 2', async (_name, dir, make, code) => {
    const policy = fuzzedFolder('cases-records-dir', [], policySource, []);
    rmSync(join(root, policy, 'tests'), { recursive: true, force: true });
    mkdirSync(join(root, policy, 'tests'));
    writeFileSync(join(root, policy, 'tests', 'case.yaml'), `name: x\nas_of: 2025-03-10T00:00:00Z\nrecords_dir: ${dir}\nexpect:\n  exit: 0\n  findings: []\n`);
    make(join(root, policy));
    const result = await runPolicyTests({ policy, engines: ['js'] });
    expect(result.exitCode).toBe(2);
    expect(result.cases.map((c) => c.status)).toEqual(['invalid']);
    const problems = result.cases[0]!.problems;
    if (code === 'CODICIL-D001') expect(problems.filter((m) => m.code === code).map((m) => m.file)).toEqual([join(policy, 'tests', dir)]);
    else {
      expect(problems.map((m) => [m.code, m.file, m.line])).toEqual([[code, join(policy, 'tests', 'case.yaml'), 3]]);
      expect(problems[0]!.message.split(join(policy, 'tests', dir)).length - 1).toBe(1);
    }
    wellFormed(result.cases[0]!.problems, policy);
  });
});
