// `codicil build` writes nothing outside what it is asked to write, and fails
// in its own words (review F3, F7): no Astro telemetry (it created
// ~/.config/astro/config.json, and crashed with a stack trace and exit 1 where
// $HOME could not be written); Chromium's profile, config, cache and
// temporary files in codicil's own temporary folder (it wrote ~/.config/chromium
// and ~/.cache/dconf, and a signal left org.chromium.Chromium.* in $TMPDIR);
// a --chromium that never answers refused after a short wait (it held the
// build 3 min). Real processes, real Chromium (Debian's), a HOME and a TMPDIR
// of the test's own.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './browser.ts';
import { root } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'codicil-build-home-'));
// The builds' TMPDIRs, with short paths as /tmp has: Chromium's socket goes in TMPDIR (see the last test).
const temps = mkdtempSync(join(tmpdir(), 'cbh-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(temps, { recursive: true, force: true });
});

const policy = join(work, 'policy');
cpSync(join(root, 'policy'), policy, { recursive: true });

/** A fresh empty folder under the test's work folder. */
function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh empty TMPDIR for a build. */
function tempFolder(name: string): string {
  const dir = join(temps, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Everything under `dir`, as paths relative to it (links not followed). */
function listed(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

/**
 * The environment of a build: the user's, with a HOME and TMPDIR of the
 * test's, and no XDG folder named (so every default is under HOME).
 */
function environment(home: string, temp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: temp };
  for (const name of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR', 'ASTRO_TELEMETRY_DISABLED', 'TELEMETRY_DISABLED']) delete env[name];
  return env;
}

/** Run `codicil build` with that environment. */
function build(home: string, temp: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--as-of', '2025-09-01', '--policy', policy, ...args], { cwd: work, env: environment(home, temp), encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('codicil build writes nothing under $HOME', () => {
  it.each([
    ['without PDFs', ['--no-pdf']],
    ['with PDFs', ['--chromium', CHROMIUM]],
  ])('builds %s where $HOME cannot be written (HOME=/dev/null), with no stack trace and nothing left in $TMPDIR', (_name, args) => {
    const temp = tempFolder(`n${args.length}`);
    const out = join(work, `site-dev-null-${args[0]}`);
    const result = build('/dev/null', temp, '--out', out, ...args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Built the site in ${out}.`);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'dpa', '1.0.0.pdf'))).toBe(args[0] !== '--no-pdf');
    expect(listed(temp)).toEqual([]);
  }, 120_000);

  it.each([
    ['without PDFs', ['--no-pdf']],
    ['with PDFs', ['--chromium', CHROMIUM]],
  ])('leaves a writable $HOME empty %s (no Astro telemetry, no Chromium profile, config or cache)', (_name, args) => {
    const home = folder(`home-${args[0]}`);
    const temp = tempFolder(`h${args.length}`);
    const out = join(work, `site-home-${args[0]}`);
    const result = build(home, temp, '--out', out, ...args);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(out, 'dpa', '1.0.0.pdf'))).toBe(args[0] !== '--no-pdf');
    expect(listed(home)).toEqual([]);
    expect(listed(temp)).toEqual([]);
  }, 120_000);
});

describe('codicil build: what Chromium leaves, and a --chromium that never answers', () => {
  // Review F7: 3 signals in 3 left Chromium's org.chromium.Chromium.* (SingletonSocket, SingletonCookie) in $TMPDIR.
  it('a signal while the PDFs print leaves nothing in $TMPDIR, nor a half-built site in --out, and says nothing', async () => {
    const runs = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(async (signal) => {
      const home = folder(`home-${signal}`);
      const temp = tempFolder(signal);
      const out = join(work, `site-${signal}`);
      const child = spawn(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--as-of', '2025-09-01', '--policy', policy, '--out', out, '--chromium', CHROMIUM], { cwd: work, env: environment(home, temp), stdio: ['ignore', 'pipe', 'pipe'] });
      const said = { stdout: '', stderr: '' };
      child.stdout.on('data', (chunk: Buffer) => (said.stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (said.stderr += chunk.toString()));
      const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (status, by) => resolve({ status, signal: by })));
      // Chromium has started once its temporary folder is there: in $TMPDIR itself, or in codicil's folder there.
      const started = () => readdirSync(temp).some((entry) => entry.startsWith('org.chromium.') || (entry.startsWith('codicil-pdf-') && readdirSync(join(temp, entry)).some((e) => e.startsWith('org.chromium.'))));
      const deadline = Date.now() + 90_000;
      let running = true;
      void exited.then(() => (running = false));
      while (running && Date.now() < deadline) {
        try {
          if (started()) break;
        } catch {
          // A folder made or removed while it is read: look again.
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(running, `${signal}: the build ended before Chromium started: ${said.stderr}`).toBe(true);
      child.kill(signal);
      const exit = await exited;
      // The half-built site goes; the marker of an output that was absent may stay (the process ends once its temporary folders are gone).
      return { signal, exit, said, left: listed(temp), out: existsSync(out) ? readdirSync(out).filter((entry) => entry !== '.codicil-build') : [], home: listed(home) };
    });
    const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
    for (const { signal, exit, said, left, out, home } of await Promise.all(runs)) {
      expect({ signal, exit, said, left, out, home }).toEqual({ signal, exit: { status: codes[signal], signal: null }, said: { stdout: '', stderr: '' }, left: [], out: [], home: [] });
    }
  }, 150_000);

  // Review F7: Playwright waited its default 3 min for a program that never speaks to it.
  it('refuses a --chromium that never answers after 30 s, in codicil’s words, and leaves nothing behind', () => {
    const home = folder('home-sleeper');
    const temp = tempFolder('sleeper');
    const out = join(work, 'site-sleeper');
    const sleeper = join(work, 'sleeper.sh');
    writeFileSync(sleeper, '#!/bin/sh\nsleep 1000\n');
    chmodSync(sleeper, 0o755);
    const started = Date.now();
    const result = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--as-of', '2025-09-01', '--policy', policy, '--out', out, '--chromium', sleeper], { cwd: work, env: environment(home, temp), encoding: 'utf8', timeout: 100_000 });
    const took = Date.now() - started;
    expect(result.stderr).toBe(`codicil build: ${sleeper} did not start as Chromium within 30 s to print the PDFs: name Chromium or Chrome with --chromium, or build with --no-pdf\n`);
    expect(result.status).toBe(2);
    // 30 s for the launch and the time Astro takes (about 10 s): the program is killed, not waited for 30 s more.
    expect(took).toBeGreaterThanOrEqual(30_000);
    expect(took).toBeLessThan(60_000);
    expect(existsSync(out)).toBe(false);
    expect(listed(temp)).toEqual([]);
    expect(listed(home)).toEqual([]);
  }, 120_000);
});

describe('codicil build under a long $TMPDIR', () => {
  // Chromium aborts when its socket's path (TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket) passes
  // 107 bytes: under a TMPDIR too long for codicil's folder in it, it keeps the user's TMPDIR, as before.
  it('still prints the PDFs, and leaves nothing in $TMPDIR', () => {
    const temp = tempFolder('a-long-temporary-folder-name-of-forty-chars');
    expect(temp.length).toBeGreaterThan(107 - 45 - '/codicil-pdf-XXXXXX'.length);
    const home = folder('home-long');
    const out = join(work, 'site-long');
    const result = build(home, temp, '--out', out, '--chromium', CHROMIUM);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(out, 'dpa', '1.0.0.pdf'))).toBe(true);
    expect(listed(temp)).toEqual([]);
    expect(listed(home)).toEqual([]);
  }, 120_000);
});

describe('the executable and a promise rejected with no one to handle it', () => {
  // Review F3: Astro's unawaited telemetry rejected, and Node printed a stack trace and exited 1 ("a violation").
  it('ends with exit 2 and codicil’s words, no stack trace, and its temporary folders removed', () => {
    const home = folder('home-stray');
    const temp = tempFolder('stray');
    const out = join(work, 'site-stray');
    // A rejection nobody handles once Astro runs (its temporary folder holds the link to its packages), as its telemetry's was.
    const stray = `data:text/javascript,import { existsSync, readdirSync } from 'node:fs';
      const timer = setInterval(() => {
        const site = readdirSync(process.env.TMPDIR).find((entry) => entry.startsWith('codicil-site-'));
        if (!site || !existsSync(process.env.TMPDIR + '/' + site + '/node_modules')) return;
        clearInterval(timer);
        Promise.reject(new Error('ENOTDIR: not a directory, mkdir /dev/null/.config'));
      }, 5);
      timer.unref();`;
    const result = spawnSync(process.execPath, ['--import', stray, join(root, 'bin/codicil.js'), 'build', '--as-of', '2025-09-01', '--policy', policy, '--out', out, '--no-pdf'], { cwd: work, env: environment(home, temp), encoding: 'utf8', timeout: 100_000 });
    expect(result.stderr).toBe('codicil: internal error, nothing was judged: ENOTDIR: not a directory, mkdir /dev/null/.config\n');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(listed(temp)).toEqual([]);
    // The half-built site goes; the marker of an output that was absent may stay (the process ends once its temporary folders are gone).
    expect(readdirSync(out).filter((entry) => entry !== '.codicil-build')).toEqual([]);
  }, 120_000);
});
