// `codicil load` reads the policy first (attestations must name its clauses):
// a policy that cannot be read is reported with its own errors, as `check`
// reports it, and nothing is loaded — never an error for every attestation
// blamed on clauses a missing policy does not have.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { root, stagePolicy } from './helpers.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false, progress: false, env: {} });
  return { code, stdout, stderr };
}
const records = join(root, 'examples', 'records');
// Nothing listens on port 1: a load that got as far as the database would say so (CODICIL-D015).
const database = 'postgresql://u@127.0.0.1:1/x';

describe('codicil load with a policy that fails to load', () => {
  it('reports a missing policy folder itself, exit 2, before reading records or the database', async () => {
    const { code, stdout, stderr } = await run(['load', '--records', records, '--database', database, '--policy', 'test/output/no-such-policy']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "codicil load: nothing was loaded: the policy has errors.\n  test/output/no-such-policy: cannot read the policy folder test/output/no-such-policy: there is no such folder [CODICIL-P001]\n",
    );
    expect(stderr).not.toContain('CODICIL-D303');
    expect(stderr).not.toContain('CODICIL-D015');
  });

  it('reports a broken policy’s errors with their file and line, as check does, exit 2', async () => {
    const policy = stagePolicy(join(root, 'test', 'fixtures', 'lint', 'duplicate-clause'), 'cli-load-duplicate-clause');
    const { code, stderr } = await run(['load', '--records', records, '--database', database, '--policy', policy]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `codicil load: nothing was loaded: the policy has errors.\n  ${policy}/dpa/1.0.0.md:19: clause incident.notify-within is declared twice (first at line 18) [CODICIL-P204]\n`,
    );
    const checked = await run(['check', '--records', records, '--policy', policy, '--format', 'json']);
    expect(JSON.parse(checked.stdout).errors).toEqual([{ code: 'CODICIL-P204', file: `${policy}/dpa/1.0.0.md`, line: 19, field: null, message: 'clause incident.notify-within is declared twice (first at line 18)' }]);
  });
});

describe('codicil load in the words of a write', () => {
  it('says it cannot load into a database it cannot reach (not that it cannot read it), exit 2', async () => {
    const { code, stdout, stderr } = await run(['load', '--records', records, '--database', database]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^codicil load: nothing was loaded\.\n {2}postgres:public: cannot load into the database postgresql:\/\/u@127\.0\.0\.1:1\/x: nothing is listening there \(.*\) \[CODICIL-D015\]\n$/);
  });

  it('--help says that --replace replaces only the tables the folder holds', async () => {
    const { stdout } = await run(['load', '--help']);
    expect(stdout).toContain('replace the tables the folder holds that the schema has already (else they are refused); its other record tables are never touched');
    expect(stdout).toContain('Only the tables the folder holds are written');
  });
});

describe('codicil load prints what it refuses as check does', () => {
  it('shows a file name with control characters escaped: it never writes to the terminal nor starts a CI log line (review)', async () => {
    const records = join(root, 'test', 'output', 'load-escaped', 'records');
    rmSync(records, { recursive: true, force: true });
    mkdirSync(join(records, 'incidents'), { recursive: true });
    writeFileSync(join(records, 'incidents', 'a\u001b[31mRED\n::error::X.jsonl'), '{"id":"I-1"}\n');
    const { code, stderr } = await run(['load', '--records', records, '--database', 'postgresql://nobody@127.0.0.1:1/x', '--policy', join(root, 'policy')]);
    expect(code).toBe(2);
    expect(stderr).toContain('  incidents/a\\u001b[31mRED\\u000a::error::X.jsonl:1 [aware_at]: required field aware_at is missing [CODICIL-D203]');
    expect(stderr).not.toMatch(/\u001b|^::error/m);
  });
});
