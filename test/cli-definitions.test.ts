// The command line is built from one definition object per command: help,
// --version, option parsing (twice is an error unless declared multiple,
// another command's option is refused) and colour from the environment.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandNames, loadCommands, main } from '../engine/cli/main.ts';
import * as registry from '../engine/cli/commands/index.ts';
import { colorEnabled } from '../engine/cli/color.ts';
import { defineCommand } from '../engine/cli/define.ts';
import { commandHelp, globalHelp } from '../engine/cli/help.ts';
import { parseArguments } from '../engine/cli/parse.ts';
import { root } from './helpers.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false, progress: false });
  return { code, stdout, stderr };
}

const commands = await loadCommands();

const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('the command registry', () => {
  it('registers each command under the name the user types, once', async () => {
    for (const [name, load] of Object.entries(registry)) expect((await load()).default.name).toBe(name);
    expect(commands.map((c) => c.name)).toEqual(Object.keys(registry));
    expect(commandNames).toEqual(Object.keys(registry));
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['lint', 'diff', 'check', 'build', 'lock']));
  });

  it('has a usage line naming exactly the options each command defines', () => {
    for (const command of commands) {
      const names = command.options.map((o) => o.name);
      expect(new Set(names).size, command.name).toBe(names.length);
      const inUsage = [...command.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]);
      expect(inUsage.sort(), command.name).toEqual([...names].sort());
      expect(command.usage.startsWith(`${command.name}`), command.name).toBe(true);
    }
  });
});

describe('help and version', () => {
  it('prints the package version with --version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await run(['--version', 'lint'])).code).toBe(2);
  });

  it('lists every command of the registry in the global help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of commands) expect(stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(stdout).toBe(globalHelp(commands));
    expect((await run(['help'])).stdout).toBe(stdout);
    // No command: the help, but as a failure (a script that forgot its command must not pass), on stderr as every usage error.
    expect(await run([])).toEqual({ code: 2, stdout: '', stderr: stdout });
  });

  it('shows a command’s own usage and options with COMMAND --help, -h and help COMMAND', async () => {
    for (const command of commands) {
      const own = await run([command.name, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toBe(commandHelp(command));
      expect(own.stdout).toContain(`codicil ${command.usage}`);
      for (const option of command.options) expect(own.stdout, `${command.name} --${option.name}`).toMatch(new RegExp(`^  --${option.name}\\b.* ${option.description.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
      expect(own.stdout).not.toBe(globalHelp(commands));
      expect((await run([command.name, '-h'])).stdout).toBe(own.stdout);
      expect((await run(['help', command.name])).stdout).toBe(own.stdout);
    }
    const check = (await run(['check', '--help'])).stdout;
    expect(check).toMatch(/--records DIR +the records folder \(every engine but postgres\)/);
    expect(check).toMatch(/--format F +text, json, junit, sarif, github \(annotations\) or markdown \(a CI job summary\) \(default: text\)/);
    expect(check).not.toContain('--out');
  });

  it('refuses help for an unknown command, and an unknown command', async () => {
    const help = await run(['help', 'frobnicate']);
    expect(help.code).toBe(2);
    expect(help.stderr).toContain('unknown command "frobnicate"');
    expect((await run(['frobnicate', '--help'])).code).toBe(2);
  });

  it('names the command a mistyped one may mean (a user typed `codicil chek`)', async () => {
    const typo = await run(['chek', '--records', 'x']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('codicil: unknown command "chek" (did you mean check?) [CODICIL-U001]\nRun `npx codicil --help` for the commands and options.\n');
    expect((await run(['help', 'lnt'])).stderr).toContain('unknown command "lnt" (did you mean lint?)');
    expect((await run(['help', 'frobnicate'])).stderr).not.toContain('did you mean');
  });
});

describe('options parsed from the command’s definition', () => {
  it('refuses an option given twice, naming both values', async () => {
    const twice = await run(['lint', '--policy', 'a', '--policy=b']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('codicil: --policy is given twice ("a", "b"); give it once [CODICIL-U001]\nRun `npx codicil lint --help` for its usage and options.\n');
    const flag = await run(['check', '--records', 'x', '--strict', '--strict']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--strict is given twice; give it once');
    const thrice = await run(['diff', 'a', 'b', '--format', 'json', '--format', 'text', '--format', 'html']);
    expect(thrice.stderr).toContain('--format is given 3 times ("json", "text", "html"); give it once');
  });

  it('collects an option declared multiple, in order', () => {
    const command = defineCommand({
      name: 'test',
      summary: 'a command with a repeatable option',
      usage: 'test [--waivers FILE]…',
      options: [
        { name: 'waivers', type: 'string', multiple: true, value: 'FILE', description: 'waiver files' },
        { name: 'engine', type: 'string', choices: ['duckdb', 'js'], description: 'engine' },
      ],
      run: async () => 0,
    });
    expect(parseArguments(command, ['--waivers', 'a.yaml', '--waivers', 'b.yaml'], [command])).toEqual({ ok: true, values: { waivers: ['a.yaml', 'b.yaml'] }, positionals: [] });
    expect(parseArguments(command, [], [command])).toEqual({ ok: true, values: { waivers: [] }, positionals: [] });
    expect(parseArguments(command, ['--engine', 'js', '--engine', 'js'], [command])).toEqual({ ok: false, problem: '--engine is given twice ("js", "js"); give it once' });
    expect(parseArguments(command, ['--engine', 'pg'], [command])).toEqual({ ok: false, problem: '--engine must be duckdb or js, not pg' });
  });

  it('refuses an option another command takes, in the usual words', async () => {
    const build = await run(['build', '--threads', '1']);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain('codicil build takes no --threads (it takes --out, --policy, --records, --as-of, --site-url, --publish-breaches, --chromium, --no-pdf)');
    const lock = await run(['lock', '--format=json']);
    expect(lock.stderr).toContain('codicil lock takes no --format (it takes --policy)');
  });

  it('refuses unknown options, stray arguments, missing and invalid values', async () => {
    for (const [args, words] of [
      [['lint', '--nope'], 'codicil lint has no option --nope; it takes --policy, --format, --waivers, --as-of [CODICIL-U001]'],
      // A near name is offered; Node's advice to put it after `--` (which no command takes) is not.
      [['lint', '--polciy', 'policy'], 'codicil lint has no option --polciy (did you mean --policy?); it takes --policy, --format, --waivers, --as-of [CODICIL-U001]'],
      [['check', '-r', 'x'], 'codicil check has no option -r; it takes --records,'],
      [['build', '--no-pdf=yes'], '--no-pdf takes no value (it is a flag), not "yes" [CODICIL-U001]'],
      [['lint', '--policy', '--as-of', '2025-01-01'], '--policy needs a path (DIR), but the next argument is "--as-of" (a value that starts with - is written --policy=--as-of) [CODICIL-U001]'],
      [['lint', 'extra'], 'unexpected argument "extra"'],
      [['check'], 'check needs --records DIR'],
      [['check', '--records'], '--records needs a path (DIR) [CODICIL-U001]'],
      [['check', '--records', 'x', '--threads', '0'], '--threads must be a whole number from 1, not 0'],
      [['lint', '--format', 'xml'], '--format must be text or json, not xml'],
      [['build', '--as-of', '2025-06-30T12:00:00'], '--as-of "2025-06-30T12:00:00" is not an RFC 3339 timestamp with an offset'],
      [['diff', 'dpa@1.0.0'], 'diff takes two versions'],
    ] as const) {
      const result = await run([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(words);
      expect(result.stdout, args.join(' ')).toBe('');
    }
  });
});

describe('colour', () => {
  it('follows NO_COLOR, FORCE_COLOR and the terminal', () => {
    const cases: [Record<string, string>, boolean, boolean][] = [
      [{}, true, true],
      [{}, false, false],
      [{ NO_COLOR: '1' }, true, false],
      [{ NO_COLOR: '' }, true, true],
      [{ FORCE_COLOR: '1' }, false, true],
      [{ FORCE_COLOR: '3' }, false, true],
      [{ FORCE_COLOR: 'true' }, false, true],
      [{ FORCE_COLOR: '' }, false, false],
      [{ FORCE_COLOR: '0' }, true, false],
      [{ FORCE_COLOR: 'false' }, true, false],
      [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, false],
    ];
    for (const [env, terminal, expected] of cases) expect(colorEnabled(env, terminal), `${JSON.stringify(env)} terminal=${terminal}`).toBe(expected);
  });

  it('colours the text report into a pipe only with FORCE_COLOR, and never with NO_COLOR', () => {
    const report = (env: Record<string, string>) => {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
      const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'check', '--records', 'examples/records', '--as-of', '2025-06-30T12:00:00Z'], { cwd: root, encoding: 'utf8', env: { ...clean, ...env } });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('incident.notify-within');
      return /\u001b\[\d+m/.test(result.stdout);
    };
    expect(report({})).toBe(false);
    expect(report({ FORCE_COLOR: '1' })).toBe(true);
    expect(report({ FORCE_COLOR: '0' })).toBe(false);
    expect(report({ FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  }, 60_000);
});
