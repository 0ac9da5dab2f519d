/// <reference lib="dom" />
// A change notice's footnotes and headings, and long unbroken strings at
// 390 px (site review F7, F8). The example history gets a notice with a
// footnote, a `###` heading and a table, a 1.3.0 with a footnote, a long
// summary and a table cell of one long token, and an organization website of
// one long token. Built with the CLI, read as files, then in Chromium.
//
// F7: the notice's footnote links pointed at `#user-content-fn-1` while the
// ids were prefixed twice (`user-content-user-content-fn-1`), and a regex
// demoted only bare `<h1>`/`<h2>`, leaving `<h2 class="sr-only" …>Footnotes</h4>`
// and a `###` as an h3 under an h4.
// F8: the footer's website (outside main), a long summary in the versions
// table and a long table cell made the page scroll sideways (or a table
// thousands of pixels wide).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteBrowser, type SiteBrowser } from './browser.ts';
import { root, stagePolicy } from './helpers.ts';

const out = join(root, 'test', 'output', 'site-notice-wrap');
const codicil = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/codicil.js'), ...args], { cwd: root, encoding: 'utf8' });
const read = (path: string) => readFileSync(join(out, path), 'utf8');
const LONG = 'Supercalifragilistic'.repeat(12);
const CHANGES = '/dpa/changes/1.1.0...1.2.0/';

beforeAll(() => {
  const policy = join(root, stagePolicy(join(root, 'examples', 'amendments', 'policy'), 'site-notice-wrap-policy'));
  appendFileSync(
    join(policy, 'dpa', '1.2.0.notice.md'),
    `\nSee the footnote[^n1].\n\n### Postmark in detail\n\nWhat Postmark does.\n\n| What | Where |\n|---|---|\n| Email delivery | ${LONG} |\n\n[^n1]: The footnote of the notice.\n`,
  );
  const org = join(policy, 'organization.yaml');
  writeFileSync(org, readFileSync(org, 'utf8').replace(/^website: .*$/m, `website: https://studiolm.example/${LONG}`));
  let text = readFileSync(join(policy, 'dpa', '1.2.0.md'), 'utf8');
  for (const [field, value] of Object.entries({ version: '1.3.0', effective: '2025-12-01', published: '2025-10-15', material: 'true', summary: `"Governing law note: ${LONG}."` })) {
    const line = new RegExp(`^${field}: .*$`, 'm');
    expect(text, field).toMatch(line);
    text = text.replace(line, `${field}: ${value}`);
  }
  const contact = '## 16. Contact';
  expect(text).toContain(contact);
  text = text.replace('Effective from :effective[October 1, 2025]', 'Effective from :effective[December 1, 2025]')
    .replace(contact, `A note on this text[^v1].\n\n| Term | Meaning |\n|---|---|\n| Identifier | ${LONG} |\n\n[^v1]: The footnote of the version.\n\n${contact}`);
  writeFileSync(join(policy, 'dpa', '1.3.0.md'), text);
  const lock = codicil(['lock', '--policy', policy]);
  if (lock.status !== 0) throw new Error(lock.stderr);
  const run = codicil(['build', '--policy', policy, '--as-of', '2025-11-01T00:00:00Z', '--site-url', 'https://legal.studiolm.dev', '--no-pdf', '--out', out]);
  if (run.status !== 0) throw new Error(run.stderr + run.stdout);
}, 240_000);

/** Every heading of a page, in order, with its level as opened and as closed. */
const headings = (html: string) => [...html.matchAll(/<h([1-6])\b([^>]*)>([\s\S]*?)<\/h([1-6])>/g)].map((m) => ({ open: Number(m[1]), close: Number(m[4]), attributes: m[2]!.trim(), text: m[3]!.replace(/<[^>]+>/g, '').trim() }));
/** The ids of a page, and its in-page links. */
const ids = (html: string) => new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
const fragments = (html: string) => [...html.matchAll(/\shref="#([^"]*)"/g)].map((m) => m[1]!);

describe('a change notice on its page (F7)', () => {
  it('has footnote links that lead to the footnote and back: every in-page link has its target', () => {
    const html = read(`${CHANGES.slice(1)}index.html`);
    const notice = html.slice(html.indexOf('<section class="notice"'));
    expect(fragments(notice)).toEqual(expect.arrayContaining(['user-content-fn-n1', 'user-content-fnref-n1']));
    const present = ids(html);
    for (const id of fragments(html)) expect(present.has(id), `#${id}`).toBe(true);
    expect(html).not.toContain('user-content-user-content');
  });

  it('has well-formed headings, the notice an outline under the page\'s "Change notice" (h2), every level shifted alike, attributes kept', () => {
    const all = headings(read(`${CHANGES.slice(1)}index.html`));
    for (const h of all) expect(h.close, `<h${h.open} ${h.attributes}>${h.text}`).toBe(h.open);
    // Never deeper by more than one level at a time.
    all.reduce((previous, h) => (expect(h.open, h.text).toBeLessThanOrEqual(previous + 1), h.open), 1);
    const at = all.findIndex((h) => h.text === 'Change notice');
    expect(all[at]!.open).toBe(2);
    expect(all.slice(at + 1).map((h) => `h${h.open} ${h.text}`)).toEqual([
      'h3 Changes to our Data Processing Agreement (version 1.2.0)',
      'h4 What changes',
      'h4 Your right to object',
      'h4 Read the full text',
      'h5 Postmark in detail',
      'h4 Footnotes',
    ]);
    expect(all.at(-1)!.attributes).toBe('class="sr-only" id="footnote-label"');
  });

  it('in Chromium, following the footnote link and its way back lands on an element of the page', async () => {
    const sb = await siteBrowser();
    try {
      const page = await sb.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto((await sb.serve(out)) + CHANGES);
      for (const [from, to] of [['#user-content-fnref-n1', 'user-content-fn-n1'], ['#user-content-fn-n1 a[data-footnote-backref]', 'user-content-fnref-n1']] as const) {
        await page.click(from, { timeout: 5000 });
        expect(await page.evaluate(() => decodeURIComponent(location.hash.slice(1)))).toBe(to);
        expect(await page.evaluate(() => document.querySelector(':target')?.id ?? null)).toBe(to);
      }
    } finally {
      await sb.close();
    }
  }, 60_000);

  it("keeps the version page's footnotes working, and the feed's notice links to fragments its page has", () => {
    const version = read('dpa/1.3.0/index.html');
    expect(fragments(version)).toEqual(expect.arrayContaining(['user-content-fn-v1', 'user-content-fnref-v1']));
    const present = ids(version);
    for (const id of fragments(version)) expect(present.has(id), `#${id}`).toBe(true);
    const feed = read('feed.xml');
    const page = `https://legal.studiolm.dev${CHANGES}`;
    const linked = [...feed.matchAll(/href=(?:"|&quot;)([^"&#]*)#(user-content-[^"&]*)(?:"|&quot;)/g)].filter((m) => m[1] === page).map((m) => m[2]!);
    expect(linked).toEqual(expect.arrayContaining(['user-content-fn-n1', 'user-content-fnref-n1']));
    const onPage = ids(read(`${CHANGES.slice(1)}index.html`));
    for (const id of linked) expect(onPage.has(id), `#${id}`).toBe(true);
  });
});

describe('long unbroken strings at 390 px (F8)', () => {
  let site: SiteBrowser;
  let origin: string;
  beforeAll(async () => {
    site = await siteBrowser();
    origin = await site.serve(out);
  }, 60_000);
  afterAll(async () => site?.close());

  /** What sticks out of a 390 px page: how far it scrolls sideways, and each element named below past the right edge. */
  const measure = async (path: string) => {
    const page = await site.browser.newPage({ viewport: { width: 390, height: 900 } });
    expect((await page.goto(origin + path))?.status(), path).toBe(200);
    const result = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const right = (e: Element) => Math.round(e.getBoundingClientRect().right);
      return {
        scroll: document.documentElement.scrollWidth - width,
        footer: Array.from(document.querySelectorAll('footer a, footer p')).filter((e) => right(e) > width).map((e) => e.textContent!.slice(0, 40)),
        // A table sticks out of the page, or sits in a box that does; a cell wider than the screen is a token that does not wrap.
        tables: Array.from(document.querySelectorAll('main table')).flatMap((t) => {
          const box = t.closest('.table-scroll');
          const problems: string[] = [];
          if (!box && right(t) > width) problems.push(`table outside a scrolling box, right=${right(t)}`);
          if (box && right(box) > width) problems.push(`scrolling box wider than the page, right=${right(box)}`);
          for (const cell of Array.from(t.querySelectorAll('td'))) if (cell.getBoundingClientRect().width > width) problems.push(`cell ${Math.round(cell.getBoundingClientRect().width)} px wide: ${cell.textContent!.slice(0, 30)}`);
          return problems;
        }),
      };
    });
    await page.close();
    return result;
  };

  it('the footer wraps a long website: no page scrolls sideways because of it', async () => {
    for (const path of ['/', '/dpa/', '/subprocessors/', CHANGES]) {
      const { scroll, footer } = await measure(path);
      expect(footer, path).toEqual([]);
      expect(scroll, `${path} scrolls sideways`).toBe(0);
    }
  }, 120_000);

  it('a long token in a table (a version, a notice, the versions list) wraps in its cell; the page never scrolls sideways', async () => {
    for (const path of ['/dpa/1.3.0/', CHANGES, '/dpa/versions/']) {
      const { scroll, tables } = await measure(path);
      expect(tables, path).toEqual([]);
      expect(scroll, `${path} scrolls sideways`).toBe(0);
    }
    expect(read('dpa/1.3.0/index.html')).toContain(LONG);
    // The notice's table scrolls in a box of its own, as a version's does, whatever its columns.
    expect(read(`${CHANGES.slice(1)}index.html`)).toContain(`<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1 of the notice"><table>`);
    expect(read(`${CHANGES.slice(1)}index.html`)).toContain(LONG);
    expect(read('dpa/versions/index.html')).toContain(LONG);
  }, 120_000);
});
