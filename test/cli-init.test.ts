// `codicil init`: a policy repository that lints clean, written only into a
// new or empty folder, or — with --missing-only — only the missing files,
// never overwriting and never writing through a link.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { shellPath, shellWord } from '../engine/cli/commands/init.ts';
import { root } from './helpers.ts';
import { TEMPLATE_MARKS } from '../engine/model/template-leftovers.ts';

/**
 * The real executable under a file size limit (`ulimit -f`, blocks of 512 bytes): a write beyond it fails
 * with EFBIG, as one does on a full disk, on the real file system.
 */
const underFileLimit = (blocks: number, args: string[]) =>
  spawnSync('sh', ['-c', 'ulimit -f "$0" && exec "$@"', String(blocks), join(root, 'node_modules', 'node', 'bin', 'node'), join(root, 'bin', 'codicil.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
const templateSize = (file: string) => readFileSync(join(root, 'templates', 'init', file)).length;

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
    // The template was theirs, kept: no placeholders of ours to replace.
    expect(result.stdout).not.toContain('replace the placeholders');
  });

  it('with --missing-only on a finished repository, says there is nothing to add, and no stale advice (a user)', async () => {
    const dir = join(work, 'finished');
    expect((await run(['init', dir])).stdout).toContain(`Next: replace the placeholders in policy/dpa/1.0.0.md (README.md says how), then`);
    const again = await run(['init', dir, '--missing-only']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe(`Nothing to add in ${dir}: every file of the scaffold is there.`);
    expect(again.stdout).not.toContain('placeholders');
    expect(again.stdout).toContain('Next:\n');
    expect(again.stdout).toContain('  npx codicil lint\n');
    // A file of the scaffold that could not be written is not "every file there" (review).
    rmSync(join(dir, 'README.md'));
    symlinkSync(join(dir, 'package.json'), join(dir, 'README.md'));
    const linked = await run(['init', dir, '--missing-only']);
    expect(linked.stdout).not.toContain('Nothing to add');
    expect(linked.stdout).toContain('! README.md not written: README.md is a symbolic link (not followed)');
  });
});

describe('codicil init where it cannot write', () => {
  it('refuses a folder below a file in its own words, writing nothing (review: "internal error, nothing was judged")', async () => {
    const base = join(work, 'below-a-file');
    mkdirSync(base);
    writeFileSync(join(base, 'afile'), 'ours\n');
    for (const args of [[], ['--missing-only']]) {
      const result = await run(['init', join(base, 'afile', 'repo'), ...args]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe(`codicil init: cannot create ${join(base, 'afile', 'repo')}: ${join(base, 'afile')} is a file, not a folder\n`);
      expect(result.stdout).toBe('');
      expect(readdirSync(base)).toEqual(['afile']);
      expect(readFileSync(join(base, 'afile'), 'utf8')).toBe('ours\n');
    }
  });

  it('with --missing-only, refuses before writing anything when a folder is not writable (review: exit 2 after writing part of it)', () => {
    // Root writes anywhere: the CLI then runs without the capabilities that let it (setpriv), as a user would.
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : [];
    const dir = join(work, 'read-only-examples');
    mkdirSync(join(dir, 'examples'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# ours\n');
    chmodSync(join(dir, 'examples'), 0o555);
    try {
      const args = [process.execPath, join(root, 'bin', 'codicil.js'), 'init', dir, '--missing-only'];
      const r = spawnSync(asUser[0] ?? args[0]!, [...asUser.slice(1), ...(asUser.length > 0 ? args : args.slice(1))], { encoding: 'utf8' });
      expect(r.stderr).toBe(`codicil init: cannot create ${join(dir, 'examples', 'records')}: this user may not write in ${join(dir, 'examples')} (permission denied)\n`);
      expect(r.status).toBe(2);
      expect(readdirSync(dir).sort()).toEqual(['README.md', 'examples']);
      expect(readdirSync(join(dir, 'examples'))).toEqual([]);
    } finally {
      chmodSync(join(dir, 'examples'), 0o755);
    }
  });

  it('when a write fails midway (a real file size limit), names the files written before it, keeps them whole and the user\'s, and leaves no part of the failed one', () => {
    // 6 blocks: the workflow (the first file) fits, the DPA (policy/dpa/1.0.0.md) does not.
    expect(templateSize('dot-github/workflows/policy.yml')).toBeLessThanOrEqual(6 * 512);
    expect(templateSize('policy/dpa/1.0.0.md')).toBeGreaterThan(6 * 512);
    const dir = join(work, 'disk-full');
    mkdirSync(dir);
    writeFileSync(join(dir, 'README.md'), '# ours\n');
    const result = underFileLimit(6, ['init', dir, '--missing-only']);
    expect(result.status, result.stderr).toBe(1);
    const [first, heading, ...listed] = result.stderr.trimEnd().split('\n');
    expect(first).toBe(`codicil init: cannot write ${join(dir, 'policy', 'dpa', '1.0.0.md')}: the file size limit is exceeded`);
    expect(heading).toBe('written before the failure, and left in place (nothing was overwritten):');
    const written = listed.map((l) => l.replace(/^  \+ /, ''));
    expect(written.slice(0, 2)).toEqual(['.github/workflows/policy.yml', '.gitignore']);
    // Each file named is there whole; nothing else of ours is (before, a truncated 1.0.0.md of 3 072 bytes was left, unnamed).
    for (const file of written) expect(readFileSync(join(dir, file)).equals(readFileSync(join(root, 'templates', 'init', file.replace(/^\.(github|gitignore)/, 'dot-$1')))), file).toBe(true);
    const onDisk = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
    expect(onDisk).toEqual(['README.md', ...written].sort());
    expect(existsSync(join(dir, 'policy'))).toBe(false);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# ours\n');
  });

  it('when the first write fails (a real file size limit), exits 2 with nothing left behind, not even the folder it created', () => {
    expect(templateSize('dot-github/workflows/policy.yml')).toBeGreaterThan(512);
    const dir = join(work, 'first-write-fails', 'repo');
    const result = underFileLimit(1, ['init', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`codicil init: cannot write ${join(dir, '.github', 'workflows', 'policy.yml')}: the file size limit is exceeded\n`);
    expect(existsSync(join(work, 'first-write-fails'))).toBe(false);
  });
});

describe("codicil init's next steps", () => {
  it('quotes every word of a printed command for a POSIX shell (review: `cd our policies`)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), fc.constantFrom('é', '€', '😀')) }).filter((s) => !s.includes('\0')), (word) => {
        const r = spawnSync('sh', ['-c', `printf %s ${shellWord(word)}`], { encoding: 'utf8' });
        expect(r.stdout).toBe(word);
      }),
      { numRuns: 150 },
    );
    expect(shellWord('policies/dpa-1.0.0')).toBe('policies/dpa-1.0.0');
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(shellPath('-repo')).toBe('./-repo');
  });

  it('prints a `cd` line that a shell runs as it is, whatever the folder is called', () => {
    const base = join(work, 'pasted');
    mkdirSync(base);
    for (const name of ["our policies $(id -u) it's `id`\n!x", '-repo']) {
      const r = spawnSync(process.execPath, [join(root, 'bin', 'codicil.js'), 'init', '--', name], { cwd: base, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const cd = /\n {2}(cd [^]*?)\n {2}npx codicil lint\n/.exec(r.stdout)?.[1];
      expect(cd, r.stdout).toBeDefined();
      const pasted = spawnSync('sh', ['-c', `${cd} && pwd -P`], { cwd: base, encoding: 'utf8' });
      expect(pasted.stderr, cd).toBe('');
      expect(pasted.stdout).toBe(`${realpathSync(join(base, name))}\n`);
    }
  });

  it('with --missing-only and the policy not written, says so and prints no lint step that would fail (review: "Scaffolded", exit 0)', async () => {
    const dir = join(work, 'policy-a-file');
    mkdirSync(dir);
    writeFileSync(join(dir, 'policy'), 'ours\n');
    const result = await run(['init', dir, '--missing-only']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Added \d+ file\(s\) in .*, but not the policy: policy\/dpa\/1\.0\.0\.md, .* not written \(policy is a file\)\.\n/);
    expect(result.stdout).not.toContain('Scaffolded');
    expect(result.stdout).not.toContain('npx codicil lint');
    expect(result.stdout).toContain(`\nNext: clear the way (policy is a file), then add the missing files:\n  npx codicil init ${dir} --missing-only\n`);
    // Which works once the way is clear.
    rmSync(join(dir, 'policy'));
    const again = await run(['init', dir, '--missing-only']);
    expect(again.stdout).toContain('\n  + policy/dpa/1.0.0.md\n');
    expect(again.stdout).toContain('\n  npx codicil lint\n');
    expect((await run(['lint', '--policy', join(dir, 'policy')])).code).toBe(0);
  });

  it('advises copying the tarball in when package.json names it outside the repository, as README\'s install does (review: no advice)', async () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    for (const [spec, advised] of [
      [`file:../codicil-${version}.tgz`, true],
      [`file:/opt/codicil-${version}.tgz`, true],
      [`file:vendor/codicil-${version}.tgz`, false],
      [`./vendor/codicil-${version}.tgz`, false],
    ] as const) {
      const dir = join(work, `dependency-${spec.replace(/\W/g, '-')}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ devDependencies: { codicil: spec } }));
      const result = await run(['init', dir]);
      expect(result.code, result.stderr).toBe(0);
      const path = spec.replace(/^file:/, '');
      if (advised) {
        expect(result.stdout, spec).toContain(
          `\nCI runs \`npm ci\`, which cannot reach ${path}: package.json names it outside the repository. Copy the tarball\n` +
            `\`npm pack\` made (codicil-${version}.tgz) into the repository, install it from there and commit it with package-lock.json:\n` +
            `  npm install --save-dev ./vendor/codicil-${version}.tgz\n`,
        );
      } else expect(result.stdout, spec).not.toContain('CI runs `npm ci`');
    }
  });
});

describe('the template is never published as it is', () => {
  it('holds every mark lint refuses in a published version (CODICIL-V013), so the two stay in step', () => {
    const template = readFileSync(join(root, 'templates', 'init', 'policy', 'dpa', '1.0.0.md'), 'utf8');
    for (const mark of TEMPLATE_MARKS) expect(template, mark.what).toContain(mark.text);
  });
});
