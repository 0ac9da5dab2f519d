/**
 * A PDF of every version, printed by Chromium from the built page with the
 * print stylesheet (the same rendering as printing the page), so a lawyer
 * can attach the exact text to a contract. The browser reads the built
 * files only: every request is answered from the output folder, nothing
 * goes to the network.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };

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
  // Playwright's own error is its whole launch log (a page of flags): one line says what failed.
  const browser = await chromium.launch({ executablePath: options.executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--font-render-hinting=none'] }).catch((error: unknown) => {
    const first = String((error as Error)?.message ?? error).split('\n')[0]!.replace(/^browserType\.launch: /, '');
    throw new Error(`${options.executablePath} did not start as Chromium to print the PDFs (${first}): name Chromium or Chrome with --chromium, or build with --no-pdf`);
  });
  const out: { document: string; version: string; file: string; pages: number }[] = [];
  try {
    const context = await browser.newContext();
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
    const page = await context.newPage();
    for (const { document, version, published } of options.versions) {
      await page.goto(`${options.origin}/${document}/${version}/`, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const pdf = stablePdf(await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true }), published);
      const file = join(options.dir, document, `${version}.pdf`);
      await writeFile(file, pdf);
      out.push({ document, version, file, pages: pageCount(pdf) });
    }
  } finally {
    await browser.close();
  }
  return out;
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
