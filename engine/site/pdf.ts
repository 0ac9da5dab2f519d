/**
 * A PDF of every version, printed by Chromium from the built page with the
 * print stylesheet (the same rendering as printing the page), so a lawyer
 * can attach the exact text to a contract. The browser reads the built
 * files only: every request is answered from the output folder, nothing
 * goes to the network.
 *
 * Chromium writes nothing outside codicil's own temporary folder: its
 * profile, its config and cache folders, its home and its temporary files
 * (the `org.chromium.Chromium.*` folder) all go there, so a build writes
 * nothing under $HOME (review: ~/.config/chromium, ~/.cache/dconf) and a
 * signal leaves nothing in $TMPDIR (review: Chromium's folder stayed).
 */
import type { ChildProcess } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, errors, type BrowserContext } from 'playwright-core';
import { makeTemporaryFolder, removeTemporaryFolder, whenStopped } from '../io/temporary.ts';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };

/**
 * How long Chromium is given to start (Playwright's default is 3 min: a
 * `--chromium` that never speaks to Playwright held the build that long).
 * Chromium starts in about a second; 30 s leaves room for a slow machine.
 */
export const LAUNCH_TIMEOUT_MS = 30_000;

/** The longest path of a Unix socket on Linux (`sun_path` holds 108 bytes, its NUL one of them). */
const SOCKET_PATH_MAX = 107;

/** Where in TMPDIR Chromium puts the socket that keeps it to one browser a profile. */
const SOCKET_IN_TMPDIR = 'org.chromium.Chromium.XXXXXX/SingletonSocket';

/** Options of {@link buildPdfs}. */
export interface PdfOptions {
  /** The built site's folder. */
  dir: string;
  /** The site's origin: pages are loaded from it (answered from `dir`). */
  origin: string;
  /** The versions to print (each page is /<document>/<version>/, its PDF /<document>/<version>.pdf), with the day each was published. */
  versions: { document: string; version: string; published: string }[];
  /** The Chromium executable. */
  executablePath: string;
}

/**
 * Print each version's page to PDF.
 *
 * @param options where the site is, which versions, which Chromium.
 * @returns each PDF's path and page count.
 */
export async function buildPdfs(options: PdfOptions): Promise<{ document: string; version: string; file: string; pages: number }[]> {
  const temp = await makeTemporaryFolder(tmpdir(), 'codicil-pdf-');
  const profile = join(temp, 'profile');
  // Playwright gives no handle on the browser's process: it is seen as it starts (by the profile
  // it is given), and killed when the launch fails (Playwright waits 30 s more for a program that
  // never answers) and on a signal (its files are all in `temp`, which this function's `finally`
  // then removes).
  const started: ChildProcess[] = [];
  const seen = (message: unknown) => void started.push((message as { process: ChildProcess }).process);
  const kill = () => {
    for (const child of started) if (child.spawnargs?.includes(`--user-data-dir=${profile}`)) killTree(child);
  };
  whenStopped(temp, kill);
  let context: BrowserContext | undefined;
  const out: { document: string; version: string; file: string; pages: number }[] = [];
  try {
    subscribe('child_process', seen);
    try {
      context = await launch(options.executablePath, temp, profile);
    } catch (error) {
      kill();
      throw error;
    } finally {
      unsubscribe('child_process', seen);
    }
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== options.origin) return route.abort();
      const path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(options.dir, path.endsWith('/') ? join(path, 'index.html') : path);
      try {
        return await route.fulfill({ body: await readFile(file), contentType: TYPES[extname(file)] ?? 'application/octet-stream' });
      } catch {
        return route.fulfill({ status: 404, body: '' });
      }
    });
    const page = context.pages()[0] ?? (await context.newPage());
    for (const { document, version, published } of options.versions) {
      await page.goto(`${options.origin}/${document}/${version}/`, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const pdf = stablePdf(await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true }), published);
      const file = join(options.dir, document, `${version}.pdf`);
      await writeFile(file, pdf);
      out.push({ document, version, file, pages: pageCount(pdf) });
    }
  } finally {
    try {
      await context?.close();
    } finally {
      await removeTemporaryFolder(temp);
    }
  }
  return out;
}

/**
 * Kill a process Playwright started, and the processes it started: Playwright
 * starts the browser as the leader of its own process group (except on Windows).
 *
 * @param child the process.
 */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') throw new Error('no process groups');
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * Start Chromium with everything it writes inside `temp`: its profile, and
 * for its process only, a home, the XDG config, cache, data and state
 * folders, and TMPDIR (`temp` itself, see {@link SOCKET_PATH_MAX}). Signals
 * are left to codicil: Playwright's own handlers would end the process
 * before codicil's folders are removed.
 *
 * @param executablePath the Chromium executable.
 * @param temp a temporary folder of codicil's.
 * @param profile Chromium's profile folder, in `temp`.
 * @returns the browser's one context.
 * @throws in codicil's words when the program does not start as Chromium, or not within {@link LAUNCH_TIMEOUT_MS}.
 */
async function launch(executablePath: string, temp: string, profile: string): Promise<BrowserContext> {
  const folders = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_DATA_HOME: 'data', XDG_STATE_HOME: 'state' };
  const env: Record<string, string> = {};
  for (const [name, folder] of Object.entries(folders)) {
    env[name] = join(temp, folder);
    await mkdir(env[name]);
  }
  // Chromium's socket goes in TMPDIR, and a socket's path is short (107 bytes on Linux): Chromium
  // aborts when it is longer (review of this fix: a 51-character TMPDIR). Under a TMPDIR too long
  // for codicil's folder in it, Chromium keeps the user's, as before.
  env.TMPDIR = Buffer.byteLength(join(temp, SOCKET_IN_TMPDIR)) <= SOCKET_PATH_MAX ? temp : tmpdir();
  try {
    return await chromium.launchPersistentContext(profile, {
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--font-render-hinting=none'],
      env: { ...process.env, ...env },
      timeout: LAUNCH_TIMEOUT_MS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    if (error instanceof errors.TimeoutError) {
      throw new Error(`${executablePath} did not start as Chromium within ${LAUNCH_TIMEOUT_MS / 1000} s to print the PDFs: name Chromium or Chrome with --chromium, or build with --no-pdf`);
    }
    // Playwright's own error is its whole launch log (a page of flags): one line says what failed.
    const first = String((error as Error)?.message ?? error).split('\n')[0]!.replace(/^browserType\.\w+: /, '');
    throw new Error(`${executablePath} did not start as Chromium to print the PDFs (${first}): name Chromium or Chrome with --chromium, or build with --no-pdf`);
  }
}

/**
 * The same PDF for the same page, whenever it is printed: Chromium stamps
 * the clock (CreationDate, ModDate) and numbers the tagged structure by DOM
 * node ids. The dates become the version's publication day and the node ids
 * are renumbered in order; every replacement keeps its length, so the
 * cross-reference offsets stay valid.
 *
 * @param pdf the printed bytes.
 * @param day YYYY-MM-DD the document is dated by.
 * @returns the bytes with stable metadata.
 */
export function stablePdf(pdf: Uint8Array, day: string): Buffer {
  let text = Buffer.from(pdf).toString('latin1');
  const stamp = `D:${day.replaceAll('-', '')}000000+00'00'`;
  text = text.replace(/\/(CreationDate|ModDate) \(D:\d{14}[+-]\d{2}'\d{2}'\)/g, (_m, key: string) => `/${key} (${stamp})`);
  const ids = [...new Set([...text.matchAll(/\(node(\d{8})\)/g)].map((m) => m[1]!))].sort();
  const renumbered = new Map(ids.map((id, i) => [id, String(i + 1).padStart(8, '0')]));
  text = text.replace(/\(node(\d{8})\)/g, (_m, id: string) => `(node${renumbered.get(id)})`);
  return Buffer.from(text, 'latin1');
}

/**
 * The number of pages of a PDF Chromium printed: its page tree's root
 * states it (`/Type /Pages … /Count N`).
 *
 * @param pdf the file's bytes.
 * @returns the page count, or 0 when none is found.
 */
export function pageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString('latin1');
  // The largest count, without spreading the matches into one call (a long PDF has many).
  let pages = 0;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)) pages = Math.max(pages, Number(m[1]));
  return pages;
}
