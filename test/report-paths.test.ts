/**
 * Where GitHub annotations and SARIF results point (README: they name the
 * files of record errors from the records folder, and every other file —
 * policy, waivers — from the working directory). Review: a finding of
 * amendment.advance-notice on `legal/dpa/1.1.0.md` was annotated at
 * `rec/legal/dpa/1.1.0.md` whenever the policy folder was not `policy/`.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Log } from 'sarif';
import { formatGithub } from '../engine/report/github.ts';
import { formatSarif } from '../engine/report/sarif.ts';
import { errors as catalogue } from '../engine/errors/catalogue.ts';
import type { CheckReport } from '../engine/index.ts';
import { root, stagePolicy } from './helpers.ts';

/** The working directory of every run: policy folders of several names, and records. */
const ws = join(root, 'test', 'output', 'report-paths');
/** A material 1.1.0 published 29 days before it takes effect (30 promised): a finding sourced in the policy. */
const shortNotice = join(root, 'test', 'fixtures', 'policy-tests', 'short-notice', 'policy');
const stage = (name: string): void => void stagePolicy(shortNotice, join('report-paths', name));

/** Records with one deletion violation (deletion_requests.jsonl, line 1), so record files are seen beside policy files. */
function writeRecords(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'data_stores.csv'), 'id,kind,holds_personal_data\ndb,primary,true\n');
  writeFileSync(join(dir, 'deletion_requests.jsonl'), '{"id":"DEL-1","account_id":"A-1","requested_at":"2025-05-01T10:00:00Z","origin":"account_termination"}\n');
  writeFileSync(join(dir, 'deletions.jsonl'), '{"account_id":"A-0","store":"db","completed_at":"2025-03-01T10:20:00Z"}\n');
}

beforeAll(() => {
  rmSync(ws, { recursive: true, force: true });
  for (const name of ['legal', 'policy', 'examples/amendments/policy', 'edited', 'bad-waivers']) stage(name);
  // A published version edited since it was locked: a policy error (CODICIL-V…) on its file.
  appendFileSync(join(ws, 'edited', 'dpa', '1.1.0.md'), '\nedited\n');
  writeFileSync(join(ws, 'bad-waivers', 'waivers.yaml'), 'waivers:\n  - id: 1\n');
  writeRecords(join(ws, 'rec'));
  // A records folder named `policy` (the policy is elsewhere).
  writeRecords(join(ws, 'records-named', 'policy'));
});

/**
 * Run `codicil check` in a folder as a workflow would, and collect where its GitHub and SARIF outputs point.
 *
 * @returns per format, each location as `file:line` (annotations without a file left out), sorted.
 */
function locations(cwd: string, args: string[]): { github: string[]; sarif: string[] } {
  const run = (format: string): string => {
    const out = spawnSync(process.execPath, [join(root, 'bin', 'codicil.js'), 'check', '--as-of', '2025-06-30T00:00:00Z', '--engine', 'js', ...args, '--format', format], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(out.status, out.stderr).not.toBe(0);
    return out.stdout;
  };
  const github = [...run('github').matchAll(/^::\w+ file=([^,]*),line=(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
  const log = JSON.parse(run('sarif')) as Log;
  const sarif = (log.runs[0]!.results ?? []).flatMap((r) => r.locations ?? []).map((l) => `${decodeURIComponent(l.physicalLocation!.artifactLocation!.uri!)}:${l.physicalLocation!.region?.startLine}`);
  return { github: github.sort(), sarif: sarif.sort() };
}

describe('github and sarif: record files under the records folder, policy files from the working directory', () => {
  it.each([
    ['a policy folder not named policy', 'legal', 'legal'],
    ['--policy ./policy', './policy', 'policy'],
    ['--policy examples/amendments/policy (nested)', 'examples/amendments/policy', 'examples/amendments/policy'],
    // The report names a policy file from the working directory however the folder was given.
    ['an absolute --policy', join(ws, 'legal'), 'legal'],
  ])('findings: %s', (_label, policy, shown) => {
    const expected = [`${shown}/dpa/1.1.0.md:1`, 'rec/deletion_requests.jsonl:1'].sort();
    expect(locations(ws, ['--records', 'rec', '--policy', policy])).toEqual({ github: expected, sarif: expected });
  });

  it('findings: a records folder named policy', () => {
    const expected = ['../legal/dpa/1.1.0.md:1', 'policy/deletion_requests.jsonl:1'];
    expect(locations(join(ws, 'records-named'), ['--records', 'policy', '--policy', '../legal'])).toEqual({ github: expected, sarif: expected });
  });

  it.each([
    ['a policy error', ['--records', 'rec', '--policy', 'edited'], 'edited/dpa/1.1.0.md:1'],
    ['a waiver error', ['--records', 'rec', '--policy', 'bad-waivers'], 'bad-waivers/waivers.yaml:1'],
  ])('errors: %s is named from the working directory', (_label, args, expected) => {
    expect(locations(ws, args)).toEqual({ github: [expected], sarif: [expected] });
  });

  it('errors: a record error is named under the records folder, even one named policy', () => {
    writeFileSync(join(ws, 'records-named', 'policy', 'deletions.jsonl'), '{"account_id":"A-0","store":"nowhere","completed_at":"2025-03-01T10:20:00Z"}\n');
    try {
      expect(locations(join(ws, 'records-named'), ['--records', 'policy', '--policy', '../legal'])).toEqual({ github: ['policy/deletions.jsonl:1'], sarif: ['policy/deletions.jsonl:1'] });
    } finally {
      writeRecords(join(ws, 'records-named', 'policy'));
    }
  });
});

describe('errors that name no file of the records folder', () => {
  const report = (errors: CheckReport['errors']): CheckReport => ({
    asOf: '2025-06-30T00:00:00.000Z',
    policy: { document: 'dpa', versions: ['1.0.0'] },
    summary: { violations: 0, pending: 0, waived: 0, checked: 0, passed: 0, unchecked: 0, attestations: { attested: 0, missing: 0, expired: 0 }, rows: 0 },
    coverage: [],
    errors,
    strict: false,
    engine: 'js',
    exitCode: 2,
  });
  const sarifUris = (log: Log) => (log.runs[0]!.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? null);

  it('an unreadable records folder, or DuckDB out of memory, points at the folder as it was given (not rec/rec)', () => {
    const errors = [
      { code: catalogue.recordsUnreadable.code, file: 'rec', line: null, field: null, message: catalogue.recordsUnreadable.message('rec', 'ENOENT') },
      { code: catalogue.engineOutOfMemory.code, file: 'rec', line: null, field: null, message: catalogue.engineOutOfMemory.message('1GB', 'out of memory') },
    ];
    expect(formatGithub(report(errors), 'rec').match(/file=[^,]*/g)).toEqual(['file=rec', 'file=rec']);
    expect(sarifUris(formatSarif(report(errors), 'rec'))).toEqual(['rec', 'rec']);
  });

  it('a count of further errors has no location (not the records folder as a file)', () => {
    const errors = [{ code: catalogue.furtherErrors.code, file: '', line: null, field: null, message: catalogue.furtherErrors.message(3) }];
    expect(formatGithub(report(errors), 'rec')).not.toContain('file=');
    expect(sarifUris(formatSarif(report(errors), 'rec'))).toEqual([null]);
  });
});
