// `codicil build --out DIR` never deletes what codicil did not write (issue 8,
// item 1): it replaces only an absent or empty folder or its own earlier
// output (marked by .codicil-build, which lists what that build wrote: a file
// put beside it stays), never follows a link, and leaves the output as it was
// when the build fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'codicil-build-output-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run `codicil build` from `cwd` (a real process: the build changes directory). */
function build(cwd: string, ...args: string[]) {
  // No registry (the default): the real policy's site lists what the DPA names. No PDFs: this suite is about the output folder.
  const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--as-of', '2025-09-01', '--no-pdf', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every entry under `dir` (links not followed): its kind and its content or target. */
function tree(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    const stat = lstatSync(path);
    entries[relative(dir, path)] = stat.isSymbolicLink() ? `link → ${readlinkSync(path)}` : stat.isDirectory() ? 'folder' : readFileSync(path, 'utf8');
  }
  return entries;
}

/** A fresh folder under the test's work folder. */
function folder(name: string, files: Record<string, string> = {}): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** A policy repository: git metadata, the real policy, a README. */
function repository(name: string): string {
  const dir = folder(name, { '.git/HEAD': 'ref: refs/heads/main\n', 'README.md': '# ours\n' });
  cpSync(join(root, 'policy'), join(dir, 'policy'), { recursive: true });
  return dir;
}

function expectRefused(result: ReturnType<typeof build>, words: string) {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain('[CODICIL-U002]');
  expect(result.stderr).toContain(words);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
}

describe('codicil build refuses an output it did not write, and deletes nothing', () => {
  it('--out . inside a repository (the policy is in it)', () => {
    const repo = repository('repo-dot');
    const before = tree(repo);
    expectRefused(build(repo, '--out', '.'), `${repo} holds the policy folder (${join(repo, 'policy')})`);
    expect(tree(repo)).toEqual(before);
  });

  it('--out . inside a repository whose policy is elsewhere (the working directory)', () => {
    const repo = folder('repo-dot-elsewhere', { '.git/HEAD': 'ref: refs/heads/main\n', 'notes.txt': 'keep\n' });
    const before = tree(repo);
    expectRefused(build(repo, '--out', '.', '--policy', join(root, 'policy')), `${repo} is the working directory`);
    expect(tree(repo)).toEqual(before);
  });

  it('--out at the policy folder, and at a folder above the records', () => {
    const repo = repository('repo-policy');
    const before = tree(repo);
    expectRefused(build(repo, '--out', 'policy'), `${join(repo, 'policy')} is the policy folder`);
    const records = folder('above-records/records', { 'subprocessors.yaml': '[]\n' });
    // Even an earlier build is not replaced when it holds what the build reads.
    cpSync(join(root, 'test/fixtures/build-output/marker'), join(work, 'above-records', '.codicil-build'));
    expectRefused(build(repo, '--out', join(work, 'above-records'), '--records', records), `holds the records folder (${records})`);
    expect(tree(repo)).toEqual(before);
    expect(readFileSync(join(records, 'subprocessors.yaml'), 'utf8')).toBe('[]\n');
  });

  it('--out inside the records or the policy folder, as written or through a link, before anything is written', () => {
    const records = join(work, 'records-holding-out');
    cpSync(join(root, 'examples/records'), records, { recursive: true });
    const recordsBefore = tree(records);
    // Else the site would be read back as a record table ("site" is not a record table), blaming the records.
    expectRefused(build(work, '--out', join(records, 'site'), '--records', records, '--policy', join(root, 'policy'), '--publish-breaches'), `${join(records, 'site')} is inside the records folder (${records}): the site would be written into what the build reads`);
    expect(tree(records)).toEqual(recordsBefore);
    const repo = repository('repo-out-in-policy');
    const policy = join(repo, 'policy');
    const before = tree(repo);
    // Else the site lands in the policy folder, and lint fails on it afterwards.
    expectRefused(build(repo, '--out', 'policy/site'), `${join(policy, 'site')} is inside the policy folder (${policy})`);
    symlinkSync(policy, join(work, 'link-to-policy'));
    expectRefused(build(repo, '--out', join(work, 'link-to-policy', 'dpa', 'site')), `is inside the policy folder (${policy})`);
    expect(tree(repo)).toEqual(before);
  });

  it('a folder holding a file', () => {
    const dir = folder('has-a-file', { 'keep.txt': 'mine\n', 'deep/er.txt': 'also mine\n' });
    const before = tree(dir);
    expectRefused(build(work, '--out', dir), `${dir} is not empty and is not an earlier codicil build (it has no .codicil-build file)`);
    expect(tree(dir)).toEqual(before);
  });

  it('a symbolic link, to an empty folder or to an earlier build', () => {
    const empty = folder('link-target-empty');
    symlinkSync(empty, join(work, 'link-to-empty'));
    expectRefused(build(work, '--out', 'link-to-empty'), `${join(work, 'link-to-empty')} is a symbolic link`);
    expect(readdirSync(empty)).toEqual([]);
    const earlier = folder('link-target-earlier', { 'index.html': 'old\n' });
    cpSync(join(root, 'test/fixtures/build-output/marker'), join(earlier, '.codicil-build'));
    symlinkSync(earlier, join(work, 'link-to-earlier'));
    expectRefused(build(work, '--out', 'link-to-earlier'), 'is a symbolic link');
    expect(readFileSync(join(earlier, 'index.html'), 'utf8')).toBe('old\n');
  });

  it('a file path', () => {
    const dir = folder('a-file', { 'policy.md': 'the only copy\n' });
    expectRefused(build(dir, '--out', 'policy.md'), `${join(dir, 'policy.md')} is a file, not a folder`);
    expect(readFileSync(join(dir, 'policy.md'), 'utf8')).toBe('the only copy\n');
  });

  it('builds without a registry by default: the real site never publishes the example records', () => {
    const dir = folder('no-registry');
    const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--policy', join(root, 'policy'), '--as-of', '2025-09-01', '--no-pdf', '--out', 'site'], { cwd: dir, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const page = readFileSync(join(dir, 'site', 'subprocessors', 'index.html'), 'utf8');
    expect(page).toContain('<th scope="row">Payment Processors</th>');
    expect(page).not.toMatch(/mixpanel|zendesk/);
  }, 120_000);

  it('a marker that is not codicil’s: other text, or a link', () => {
    const forged = folder('forged-marker', { '.codicil-build': 'anything\n', 'keep.txt': 'mine\n' });
    expectRefused(build(work, '--out', forged), 'is not an earlier codicil build');
    expect(readFileSync(join(forged, 'keep.txt'), 'utf8')).toBe('mine\n');
    const linked = folder('linked-marker', { 'keep.txt': 'mine\n' });
    symlinkSync(join(root, 'test/fixtures/build-output/marker'), join(linked, '.codicil-build'));
    expectRefused(build(work, '--out', linked), 'is not an earlier codicil build');
    expect(readFileSync(join(linked, 'keep.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('codicil build replaces its own output', () => {
  it('builds into a path that does not exist yet, then replaces that earlier build without following its links', () => {
    const out = join(work, 'new', 'nested', 'site');
    const first = build(work, '--out', out, '--policy', join(root, 'policy'));
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(out, 'dpa', '1.0.0', 'index.html'))).toBe(true);
    // The marker lists what the build wrote: every entry but itself.
    const marker = readFileSync(join(out, '.codicil-build'), 'utf8').split('\n');
    expect(marker[0]).toBe('Built by `codicil build`. The next build replaces what it wrote, listed below; files you put here are kept.');
    expect(marker.slice(1, -1)).toEqual(readdirSync(out).filter((e) => e !== '.codicil-build').sort());
    // No fresh folder is left beside or inside the output.
    expect(readdirSync(join(work, 'new', 'nested'))).toEqual(['site']);
    expect(readdirSync(out).filter((e) => e.startsWith('.codicil-new'))).toEqual([]);

    // An earlier build wrote a page and a link out of the output that this one does not (as its marker
    // says), and a link inside a folder it wrote; someone put a CNAME beside them (GitHub Pages).
    // The next build removes what the earlier one wrote, not what the links point at, and keeps the CNAME.
    const outside = folder('outside', { 'precious.txt': 'outside the output\n' });
    writeFileSync(join(out, 'stale.html'), 'stale\n');
    symlinkSync(outside, join(out, 'link-out'));
    symlinkSync(join(outside, 'precious.txt'), join(out, 'dpa', 'precious-link.txt'));
    writeFileSync(join(out, '.codicil-build'), `${marker.slice(0, -1).join('\n')}\nlink-out\nstale.html\n`);
    writeFileSync(join(out, 'CNAME'), 'legal.example.com\n');
    const second = build(work, '--out', out, '--policy', join(root, 'policy'));
    expect(second.code, second.stderr).toBe(0);
    expect(existsSync(join(out, 'stale.html'))).toBe(false);
    expect(existsSync(join(out, 'link-out'))).toBe(false);
    expect(existsSync(join(out, 'dpa', 'precious-link.txt'))).toBe(false);
    expect(tree(outside)).toEqual({ 'precious.txt': 'outside the output\n' });
    expect(existsSync(join(out, 'dpa', '1.0.0', 'index.html'))).toBe(true);
    expect(readFileSync(join(out, 'CNAME'), 'utf8')).toBe('legal.example.com\n');
    expect(readFileSync(join(out, '.codicil-build'), 'utf8')).toBe(marker.join('\n'));

    // A file of the user's where the site puts one of its own is never overwritten: the build is refused, nothing deleted.
    rmSync(join(out, 'feed.xml'));
    writeFileSync(join(out, '.codicil-build'), `${marker.filter((line) => line !== 'feed.xml').join('\n')}`);
    writeFileSync(join(out, 'feed.xml'), 'my own feed\n');
    const before = tree(out);
    const third = build(work, '--out', out, '--policy', join(root, 'policy'));
    expect(third.code).toBe(2);
    expect(third.stderr).toContain(`${out} holds "feed.xml", which the site also has and an earlier build did not write: move it away (a build deletes only what it wrote)`);
    expect(tree(out)).toEqual(before);
  }, 120_000);

  it('replaces the whole of an output marked by a build of before the list, as its marker said', () => {
    const earlier = folder('earlier-whole', { 'index.html': 'the published site\n', 'notes.txt': 'put here after that build\n' });
    cpSync(join(root, 'test/fixtures/build-output/marker'), join(earlier, '.codicil-build'));
    const result = build(work, '--out', earlier, '--policy', join(root, 'policy'));
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(earlier, 'notes.txt'))).toBe(false);
    expect(readFileSync(join(earlier, 'index.html'), 'utf8')).not.toBe('the published site\n');
  }, 120_000);

  it('writes nothing in the working directory when the output is elsewhere', () => {
    const cwd = folder('elsewhere');
    const out = join(work, 'other', 'site');
    const result = build(cwd, '--out', out, '--policy', join(root, 'policy'));
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  }, 120_000);

  it('builds into an empty folder', () => {
    const out = folder('empty-out');
    const result = build(work, '--out', out, '--policy', join(root, 'policy'));
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  }, 120_000);

  it('leaves an earlier build whole, and a missing output missing, when the build fails', () => {
    const earlier = folder('earlier-kept', { 'index.html': 'the published site\n' });
    cpSync(join(root, 'test/fixtures/build-output/marker'), join(earlier, '.codicil-build'));
    const before = tree(earlier);
    const broken = join(root, 'test/fixtures/lint/unknown-rule-kind');
    const failed = build(work, '--out', earlier, '--policy', broken);
    expect(failed.code).toBe(2);
    expect(tree(earlier)).toEqual(before);
    const missing = join(work, 'never-built');
    expect(build(work, '--out', missing, '--policy', broken).code).toBe(2);
    expect(existsSync(missing)).toBe(false);
    // Review: the folders made on the way to a missing output stayed (an empty out/deep/).
    const deep = join(work, 'made', 'on', 'the-way');
    expect(build(work, '--out', join(deep, 'site'), '--policy', broken).code).toBe(2);
    expect(existsSync(join(work, 'made'))).toBe(false);
  }, 120_000);
});

describe('codicil build --chromium names the browser that prints the PDFs', () => {
  const run = (cwd: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--as-of', '2025-09-01', ...args], { cwd, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('refuses a path that is no program, and --no-pdf beside it, before building anything', () => {
    const repo = repository('chromium-usage');
    writeFileSync(join(repo, 'not-a-program'), 'text\n');
    const cases: [string[], string][] = [
      [['--chromium', join(repo, 'nowhere')], `--chromium "${join(repo, 'nowhere')}": no such file`],
      [['--chromium', join(repo, 'not-a-program')], `--chromium "${join(repo, 'not-a-program')}" is not executable`],
      [['--chromium', repo], `--chromium "${repo}" is not a file`],
      [['--chromium', '/usr/bin/chromium', '--no-pdf'], '--chromium prints the PDFs that --no-pdf leaves out: give one of them'],
    ];
    for (const [args, words] of cases) {
      const result = run(repo, '--out', 'site', ...args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe(`codicil: ${words} [CODICIL-U001]\nRun \`npx codicil build --help\` for its usage and options.\n`);
      expect(existsSync(join(repo, 'site'))).toBe(false);
    }
  });

  it('a program that is not Chromium: one line that says so, and no output', () => {
    const repo = repository('chromium-false');
    const result = run(repo, '--out', 'site', '--chromium', '/bin/false');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^codicil build: \/bin\/false did not start as Chromium to print the PDFs \(.*\): name Chromium or Chrome with --chromium, or build with --no-pdf\n$/);
    expect(existsSync(join(repo, 'site'))).toBe(false);
  });

  it('prints each version’s PDF with the browser it names (a link elsewhere to Chromium)', () => {
    const repo = repository('chromium-named');
    symlinkSync('/usr/bin/chromium', join(repo, 'my-browser'));
    const result = run(repo, '--out', 'site', '--chromium', join(repo, 'my-browser'));
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(repo, 'site', 'dpa', '1.0.0.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
