// The CI workflow `codicil init` writes (templates/init/dot-github/workflows/policy.yml):
// every codicil command it runs exists, with options the command takes, as
// the command line itself parses them — so a renamed command or option
// breaks this test, not a company's CI. (test/package.test.ts runs its
// pull-request steps for real.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCommands } from '../engine/cli/main.ts';
import { parseArguments } from '../engine/cli/parse.ts';
import { root } from './helpers.ts';

interface Workflow {
  env: Record<string, string>;
  jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
}

/** Split a shell command line into words, up to the first operator (quotes kept out, variables kept as written). */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"' || ch === "'") {
      const end = line.indexOf(ch, i + 1);
      word = (word ?? '') + line.slice(i + 1, end === -1 ? undefined : end);
      i = end === -1 ? line.length : end;
    } else if (/\s/.test(ch)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (/[|;&>)]/.test(ch) || (ch === '<' && word === null)) break;
    else word = (word ?? '') + ch;
  }
  if (word !== null) out.push(word);
  return out;
}

/** Every codicil invocation of a run script: the command and its arguments. */
function codicilInvocations(script: string): string[][] {
  const found: string[][] = [];
  for (const raw of script.split('\n')) {
    const line = raw.replace(/^\s*#.*$/, '');
    // One command per segment between shell operators.
    for (const segment of line.split(/&&|\|\||[;|]/)) {
      const m = /(?:^|[\s(])(?:npx\s+(?:--no-install\s+)?)?codicil\s+(.*)$/.exec(segment);
      if (m) found.push(words(m[1]!));
    }
  }
  return found;
}

const commands = await loadCommands();
const workflow = parse(readFileSync(join(root, 'templates', 'init', 'dot-github', 'workflows', 'policy.yml'), 'utf8')) as Workflow;
const invocations = Object.entries(workflow.jobs).flatMap(([job, { steps }]) => steps.flatMap((s) => (s.run ? codicilInvocations(s.run).map((args) => ({ job, step: s.name ?? s.run!, args })) : [])));

describe('the scaffolded CI workflow', () => {
  it('runs lint, the policy tests, diff and check on pull requests, and build on main', () => {
    const byJob = (job: string) => [...new Set(invocations.filter((i) => i.job === job).map((i) => i.args[0]))];
    expect(byJob('review')).toEqual(['lint', 'test', 'diff', 'check']);
    expect(byJob('site')).toEqual(['lint', 'build']);
  });

  it('never publishes the example records: the site job builds without a registry until one is configured', () => {
    // README: "the real site never publishes example records" (review: the site job built the example registry on main).
    const build = invocations.filter((i) => i.job === 'site' && i.args[0] === 'build');
    expect(build).toHaveLength(1);
    expect(build[0]!.args).not.toContain('--records');
    expect(workflow.env.RECORDS).toBe('examples/records');
  });

  it('calls every codicil command with arguments the command line accepts', () => {
    expect(invocations.length).toBeGreaterThanOrEqual(7);
    for (const { step, args } of invocations) {
      const [name, ...rest] = args;
      const command = commands.find((c) => c.name === name);
      expect(command, `${step}: codicil ${name} is not a command`).toBeDefined();
      const parsed = parseArguments(command!, rest, commands);
      expect(parsed, `${step}: codicil ${args.join(' ')}`).toMatchObject({ ok: true });
      // Options the command requires are given (`main` refuses a run without them).
      for (const option of command!.options.filter((o) => o.required)) expect(rest, `${step}: --${option.name}`).toContain(`--${option.name}`);
    }
  });

  it('finds invocations as a shell reads them, and a wrong option fails the check', () => {
    expect(codicilInvocations('npx codicil check --records "$RECORDS" --format markdown >> "$GITHUB_STEP_SUMMARY"')).toEqual([['check', '--records', '$RECORDS', '--format', 'markdown']]);
    expect(codicilInvocations('  # codicil in a comment\n  a && npx codicil lint; codicil test --engine all | tee x')).toEqual([['lint'], ['test', '--engine', 'all']]);
    const test = commands.find((c) => c.name === 'test')!;
    expect(parseArguments(test, ['--engine', 'all', '--format', 'junit'], commands)).toMatchObject({ ok: true });
    expect(parseArguments(test, ['--records', 'x'], commands)).toMatchObject({ ok: false });
    expect(parseArguments(test, ['--format', 'sarif'], commands)).toMatchObject({ ok: false });
  });
});
