import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { root, stagePolicy } from './helpers.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('codicil lint', () => {
  it('passes on the real policy with exit 0', async () => {
    const { code, stdout } = await run(['lint', '--policy', join(root, 'policy')]);
    expect(stdout).toMatch(/^✓ policy dpa: 1 version\(s\) \[1\.0\.0 \(published\)\], 32 clauses/m);
    expect(code).toBe(0);
  });

  it('fails with exit 2 and every message on a broken policy', async () => {
    const staged = stagePolicy(join(root, 'test/fixtures/lint/prose-mismatch'), 'cli/prose-mismatch');
    const { code, stdout } = await run(['lint', '--policy', staged]);
    expect(code).toBe(2);
    expect(stdout).toContain(`${staged}/dpa/1.0.0.md:18:86  error`);
    expect(stdout).toContain('[CODICIL-P215]');
  });

  it('prints structured messages with --format json', async () => {
    const staged = stagePolicy(join(root, 'test/fixtures/lint/short-notice'), 'cli/short-notice');
    const { code, stdout } = await run(['lint', '--policy', staged, '--format', 'json']);
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.messages).toEqual([
      expect.objectContaining({ file: `${staged}/dpa/1.1.0.md`, line: 6, column: 1, severity: 'error', code: 'CODICIL-V004' }),
    ]);
    expect(report.policy).toEqual({ document: 'dpa', versions: ['1.0.0', '1.1.0'] });
  });

  it('--format json writes what a terminal would act on as \\u escapes, the same data once parsed', async () => {
    // A stray file whose name holds a bidirectional override and a C1 control: the message names it.
    const staged = stagePolicy(join(root, 'policy'), 'cli/invisible-name');
    const name = 'notes\u202Etxt.\u0085md';
    writeFileSync(join(staged, 'dpa', name), 'x');
    const { code, stdout } = await run(['lint', '--policy', staged, '--format', 'json']);
    expect(code).toBe(2);
    expect(stdout).not.toMatch(/[\u0085\u202E]/);
    expect(stdout).toContain('notes\\u202etxt.\\u0085md');
    expect(JSON.parse(stdout).messages.some((m: { file: string }) => m.file.endsWith(name))).toBe(true);
  });

  it('exits 2 on bad usage', async () => {
    expect((await run(['lint', '--nope'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['lint', '--format', 'xml'])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
  });

  it('without a command, prints the help on stderr as a usage error, stdout empty (review: it went to stdout with exit 2)', async () => {
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: codicil');
    const help = await run(['--help']);
    expect(help.stdout).toBe(bare.stderr);
    expect(help.stderr).toBe('');
  });

  it('exits 2 when the policy folder does not exist', async () => {
    const { code, stdout } = await run(['lint', '--policy', 'no/such/folder']);
    expect(code).toBe(2);
    expect(stdout).toContain('CODICIL-P001');
  });
});

describe('an empty path or argument', () => {
  const records = join(root, 'examples/records');
  const usage = (command: string, problem: string) => `codicil: ${problem} [CODICIL-U001]\nRun \`npx codicil ${command} --help\` for its usage and options.\n`;

  it('is a usage error naming the option, in every command, before anything is read', async () => {
    const cases: [string[], string][] = [
      [['check', '--records', records, '--policy', ''], '--policy needs a path, not an empty string'],
      [['check', '--records', records, '--waivers', ''], '--waivers needs a path, not an empty string'],
      [['check', '--records', ''], '--records needs a path, not an empty string'],
      [['check', '--engine', 'postgres', '--database', ''], '--database needs a URL, not an empty string'],
      [['lint', '--waivers', ''], '--waivers needs a path, not an empty string'],
      [['lint', '--policy='], '--policy needs a path, not an empty string'],
      [['sql', '--policy', ''], '--policy needs a path, not an empty string'],
      [['sql', '--clause', ''], '--clause needs a value, not an empty string'],
      [['test', '--policy', ''], '--policy needs a path, not an empty string'],
      [['lock', '--policy', ''], '--policy needs a path, not an empty string'],
      [['draft', '1.1.0', '--effective', '2099-01-01', '--policy', ''], '--policy needs a path, not an empty string'],
      [['build', '--out', '', '--no-pdf'], '--out needs a path, not an empty string'],
      [['build', '--records', '', '--no-pdf'], '--records needs a path, not an empty string'],
      [['build', '--site-url', '', '--no-pdf'], '--site-url needs a URL, not an empty string'],
      [['load', '--records', records, '--database', ''], '--database needs a URL, not an empty string'],
    ];
    for (const [args, problem] of cases) expect(await run(args), args.join(' ')).toEqual({ code: 2, stdout: '', stderr: usage(args[0]!, problem) });
  });

  it('is a usage error as an argument: an empty version or folder names nothing', async () => {
    expect(await run(['diff', 'dpa@1.0.0', ''])).toEqual({ code: 2, stdout: '', stderr: usage('diff', 'argument 2 is an empty string: codicil diff takes FROM TO') });
    expect(await run(['diff', '', 'dpa@1.0.0'])).toEqual({ code: 2, stdout: '', stderr: usage('diff', 'argument 1 is an empty string: codicil diff takes FROM TO') });
    // Not the working directory: init would scaffold there.
    expect(await run(['init', ''])).toEqual({ code: 2, stdout: '', stderr: usage('init', 'argument 1 is an empty string: codicil init takes DIR') });
  });

  it('check --format json: the JSON report of exit 2 carries the usage error in errors, and no findings', async () => {
    for (const [args, problem] of [
      [['check', '--records', records, '--format', 'json', '--policy', '', '--as-of', '2025-06-30'], '--policy needs a path, not an empty string'],
      [['check', '--format=json', '--as-of', '2025-06-30'], 'check needs --records DIR'],
    ] as [string[], string][]) {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(2);
      const report = JSON.parse(stdout);
      expect(report.errors).toEqual([{ code: 'CODICIL-U001', file: '', line: null, field: null, message: problem }]);
      expect(report.findings).toBeUndefined();
      expect(report.asOf).toBe('2025-06-30T00:00:00.000Z');
      expect(stderr).toBe(usage('check', problem));
    }
    // Asked for text (the default), the usage error is on stderr only.
    expect((await run(['check', '--records', records, '--policy', ''])).stdout).toBe('');
  });

  it('is never an internal error from the executable', () => {
    const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'check', '--records', 'examples/records', '--format', 'json', '--policy', ''], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(usage('check', '--policy needs a path, not an empty string'));
    expect(JSON.parse(result.stdout).errors[0].code).toBe('CODICIL-U001');
  });
});

describe('codicil diff', () => {
  it('never drafts a notice going back in time: `diff dpa@1.0.1 dpa@1.0.0 --format notice > notice.md` exits 2 and writes nothing into it', () => {
    const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'diff', 'dpa@1.0.1', 'dpa@1.0.0', '--policy', 'examples/amendments/policy', '--format', 'notice'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('examples/amendments/policy/dpa/1.0.0.md:4:1  error  version 1.0.0 comes before version 1.0.1');
    expect(result.stderr).toContain('[CODICIL-U003]');
    expect(result.stderr).not.toMatch(/internal error/);
  });
});

describe('codicil lock', () => {
  it('records new published versions and refuses to bless an edited one', async () => {
    const staged = stagePolicy(join(root, 'test/fixtures/lint/published-unlocked'), 'cli/lock');
    expect((await run(['lint', '--policy', staged])).code).toBe(2);
    const locked = await run(['lock', '--policy', staged]);
    expect(locked.stdout).toContain('Locked 1.1.0');
    expect((await run(['lint', '--policy', staged])).code).toBe(0);

    const edited = stagePolicy(join(root, 'test/fixtures/lint/published-edited'), 'cli/lock-edited');
    const refused = await run(['lock', '--policy', edited]);
    expect(refused.code).toBe(2);
    expect((await run(['lint', '--policy', edited])).stdout).toContain('CODICIL-V103');
  });
});

describe('the codicil executable', () => {
  it('runs as `npx codicil` from the project root', () => {
    const out = execFileSync('npx', ['--no-install', 'codicil', 'lint'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('✓ policy dpa');
  });

  it('starts as the kernel starts it, with the young generation kept small, without `env -S` (BusyBox has none)', () => {
    // A shebang passes one argument at most: the interpreter it names takes no options of its own.
    const shebang = readFileSync(join(root, 'bin/codicil.js'), 'utf8').split('\n')[0]!;
    expect(shebang.split(' ')).toHaveLength(1);
    // Run as a file, not through node: what the started Node was given is written by a preloaded script.
    const dir = mkdtempSync(join(tmpdir(), 'codicil-bin-'));
    try {
      writeFileSync(join(dir, 'argv.cjs'), 'require("fs").writeFileSync(process.env.ARGV_OUT, JSON.stringify(process.execArgv))');
      const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, ARGV_OUT: join(dir, 'argv.json'), NODE_OPTIONS: `--require ${join(dir, 'argv.cjs')}` };
      const result = spawnSync(join(root, 'bin/codicil.js'), ['lint'], { cwd: root, encoding: 'utf8', env });
      expect([result.status, result.stderr]).toEqual([0, '']);
      expect(result.stdout).toContain('✓ policy dpa');
      expect(JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8'))).toEqual(['--max-semi-space-size=16']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A Node on PATH that cannot strip types (the machine's Node 20), if there is one.
  const oldNode = (process.env.PATH ?? '')
    .split(':')
    .map((dir) => join(dir, 'node'))
    .find((node) => spawnSync(node, ['-p', 'process.features.typescript ? 1 : 0'], { encoding: 'utf8' }).stdout?.trim() === '0');

  it.skipIf(!oldNode)('re-runs itself with the project Node when started by an older Node', () => {
    const result = spawnSync(oldNode!, [join(root, 'bin/codicil.js'), 'lint', '--policy', 'no/such/folder'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('CODICIL-P001');
  });
});
