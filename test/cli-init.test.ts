// `codicil init`: a policy repository that lints clean, written only into a
// new or empty folder, or — with --missing-only — only the missing files,
// never overwriting and never writing through a link.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { root } from './helpers.ts';
import { TEMPLATE_MARKS } from '../engine/model/template-leftovers.ts';

const work = mkdtempSync(join(tmpdir(), 'codicil-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false, progress: false });
  return { code, stdout, stderr };
}

const SCAFFOLD = [
  '.github/workflows/policy.yml',
  '.gitignore',
  'README.md',
  'examples/records/README.md',
  'examples/records/subprocessors.yaml',
  'policy/dpa/1.0.0.md',
  'policy/reference/adequacy.yaml',
  'policy/reference/eea.yaml',
  'policy/reference/vocabulary.yaml',
];

describe('codicil init', () => {
  it('scaffolds a new folder whose policy lints clean and whose records check', async () => {
    const dir = join(work, 'new', 'repo');
    const result = await run(['init', dir]);
    expect(result.code, result.stderr).toBe(0);
    for (const file of SCAFFOLD) expect(existsSync(join(dir, file)), file).toBe(true);
    expect(readFileSync(join(dir, 'policy/dpa/1.0.0.md'), 'utf8')).toMatch(/^status: draft$/m);
    expect(readFileSync(join(dir, 'policy/dpa/1.0.0.md'), 'utf8')).toContain('**This is a template.**');
    const lint = await run(['lint', '--policy', join(dir, 'policy')]);
    expect(lint.stdout).toContain('✓ policy dpa: 1 version(s) [1.0.0 (draft)], 15 clauses; 0 warning(s)');
    expect(lint.code).toBe(0);
    const check = await run(['check', '--policy', join(dir, 'policy'), '--records', join(dir, 'examples/records'), '--format', 'json']);
    expect(check.code, check.stdout).toBe(0);
    expect(JSON.parse(check.stdout).errors).toBeUndefined();
    // Only a draft: nothing is in force, which the report says, and which --strict fails (review: it passed).
    const text = await run(['check', '--policy', join(dir, 'policy'), '--records', join(dir, 'examples/records')]);
    expect(text.stdout).toContain('; nothing was judged: no version of the policy is published\n');
    const strict = await run(['check', '--policy', join(dir, 'policy'), '--records', join(dir, 'examples/records'), '--strict', '--format', 'json']);
    expect(strict.code, strict.stdout).toBe(1);
    expect(JSON.parse(strict.stdout).coverage).toEqual([]);
  });

  it('advises installing the tarball, as README does, never `npm install codicil` (codicil is not on the npm registry)', async () => {
    const dir = join(work, 'no-package-json');
    const result = await run(['init', dir]);
    expect(result.code, result.stderr).toBe(0);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(result.stdout).toContain(
      'CI runs `npm ci`: add codicil to package.json there. codicil is not on the npm registry: copy the tarball\n' +
        `\`npm pack\` made (codicil-${version}.tgz) into the repository, install it from there and commit it with package-lock.json:\n` +
        `  npm install --save-dev ./vendor/codicil-${version}.tgz\n`,
    );
    // That name on the registry is someone else's package.
    expect(result.stdout).not.toMatch(/npm (install|i|add)\b[^\n]* codicil\b/);
    // The command README gives.
    expect(readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ')).toContain(`npm install --save-dev ./vendor/codicil-${version}.tgz`);
  });

  it('counts .git, node_modules, package.json and package-lock.json as empty', async () => {
    const dir = join(work, 'after-npm-install');
    mkdirSync(join(dir, 'node_modules', 'codicil'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'package.json'), '{"devDependencies":{"codicil":"^0.1.0"}}\n');
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
    const result = await run(['init', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('add codicil to package.json');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"devDependencies":{"codicil":"^0.1.0"}}\n');
  });

  it('refuses a folder that is not empty, a file, and two folders, writing nothing', async () => {
    const dir = join(work, 'occupied');
    mkdirSync(dir);
    writeFileSync(join(dir, 'contract.md'), 'ours\n');
    const refused = await run(['init', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`codicil init: ${dir} is not empty (it holds contract.md): codicil init writes into a new or empty folder, or, with --missing-only, adds only the files that are missing\n`);
    expect(readdirSync(dir)).toEqual(['contract.md']);
    const file = await run(['init', join(dir, 'contract.md')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('is a file, not a folder');
    const two = await run(['init', 'a', 'b']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('init takes one folder, not 2');
  });

  it('with --missing-only adds what is missing, keeps what exists and never follows a link', async () => {
    const dir = join(work, 'partial');
    const outside = join(work, 'outside');
    mkdirSync(join(dir, 'policy', 'dpa'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(dir, 'policy', 'dpa', '1.0.0.md'), 'our own text\n');
    writeFileSync(join(dir, 'README.md'), '# ours\n');
    symlinkSync(outside, join(dir, 'examples'));
    const result = await run(['init', dir, '--missing-only']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('= policy/dpa/1.0.0.md (kept: it exists)');
    expect(result.stdout).toContain('= README.md (kept: it exists)');
    expect(result.stdout).toContain('! examples/records/subprocessors.yaml not written: examples is a symbolic link (not followed)');
    expect(result.stdout).toContain('+ policy/reference/eea.yaml');
    expect(readFileSync(join(dir, 'policy', 'dpa', '1.0.0.md'), 'utf8')).toBe('our own text\n');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# ours\n');
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(dir, '.github/workflows/policy.yml'))).toBe(true);
  });
});

describe('the template is never published as it is', () => {
  it('holds every mark lint refuses in a published version (CODICIL-V013), so the two stay in step', () => {
    const template = readFileSync(join(root, 'templates', 'init', 'policy', 'dpa', '1.0.0.md'), 'utf8');
    for (const mark of TEMPLATE_MARKS) expect(template, mark.what).toContain(mark.text);
  });
});
