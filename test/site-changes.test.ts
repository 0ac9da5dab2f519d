/// <reference lib="dom" />
// The "changes from A to B" page tells a lawyer everything that changes:
// the text outside the commitments (even when the change is "not
// material"), and how the words of a commitment are read when only their
// interpretation changes. The example history gets two more versions:
// 1.3.0, wording only (a paragraph, a table row, an interpretation's note),
// and 1.4.0 (a paragraph removed, "promptly" read as 24 hours instead of
// 48, a paragraph added with words struck through by the text itself). Built with the CLI, read as files, then in Chromium at 390 and 1280 px.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteBrowser, type SiteBrowser } from './browser.ts';
import { root, stagePolicy } from './helpers.ts';

const out = join(root, 'test', 'output', 'site-changes');
const codicil = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/codicil.js'), ...args], { cwd: root, encoding: 'utf8' });
const read = (path: string) => readFileSync(join(out, path), 'utf8');
/** The visible text of a page: inline tags dropped, blocks apart. */
const visible = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<\/?(a|span|strong|ins|del)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
/** The part of a page from an h2 to the next h2 (or the end of the amendment). */
const part = (html: string, heading: string) => {
  const start = html.indexOf(`<h2>${heading}</h2>`);
  expect(start, heading).toBeGreaterThan(-1);
  const end = html.indexOf('<h2', start + 4);
  return html.slice(start, end === -1 ? html.indexOf('</div>', start) : end);
};

/** A new version of the example history: an earlier version's text with each edit, which must apply. */
function derive(policy: string, base: string, version: string, header: { effective: string; published: string; material: boolean }, edits: [string, string][]): void {
  let text = readFileSync(join(policy, 'dpa', `${base}.md`), 'utf8');
  const edit = (from: string, to: string) => {
    const next = text.replace(from, to);
    expect(next, `${version}: ${from}`).not.toBe(text);
    text = next;
  };
  for (const [field, value] of Object.entries({ version, ...header, summary: `"Example amendment ${version}."` })) text = text.replace(new RegExp(`^${field}: .*$`, 'm'), `${field}: ${value}`);
  for (const [from, to] of edits) edit(from, to);
  writeFileSync(join(policy, 'dpa', `${version}.md`), text);
}

beforeAll(() => {
  const policy = join(root, stagePolicy(join(root, 'examples', 'amendments', 'policy'), 'site-changes-policy'));
  const note = '{name=within means="48 hours" note="We read “promptly” as within 48 hours of receiving the request."} notify you';
  derive(policy, '1.2.0', '1.3.0', { effective: '2025-12-01', published: '2025-10-15', material: false }, [
    ['Effective from :effective[October 1, 2025]', 'Effective from :effective[December 1, 2025]'],
    ['to fulfil our obligations', 'to fulfil all of our obligations'],
    ['| Duration | For the term of your account or until you request deletion |', '| Duration | For the term of your account, or until you request deletion |'],
    ['{name=within means="48 hours"} notify you', note],
  ]);
  derive(policy, '1.3.0', '1.4.0', { effective: '2026-02-01', published: '2025-12-15', material: true }, [
    ['Effective from :effective[December 1, 2025]', 'Effective from :effective[February 1, 2026]'],
    ['In the event of any conflict between this DPA and the Terms of Service, the provisions of this DPA shall prevail with respect to data protection matters.\n', ''],
    [note, '{name=within means="24 hours"} notify you'],
    // The text's own struck words (HTML in a version file), which the full-text redline must not read as current.
    ['## 16. Contact', 'Our support hours were <del>Monday to Sunday</del> Monday to Friday.\n\n## 16. Contact'],
  ]);
  const lock = codicil(['lock', '--policy', policy]);
  if (lock.status !== 0) throw new Error(lock.stderr);
  const run = codicil(['build', '--policy', policy, '--as-of', '2026-01-01T00:00:00Z', '--site-url', 'https://legal.studiolm.dev', '--no-pdf', '--out', out]);
  if (run.status !== 0) throw new Error(run.stderr);
}, 240_000);

describe('the changes page: text outside the commitments', () => {
  it('lists every block that changes where it is, word by word, on a page that says "not material"', () => {
    const html = read('dpa/changes/1.2.0...1.3.0/index.html');
    expect(visible(html)).toContain('Not a material change Wording and formatting only');
    const other = part(html, 'Other text that changes');
    expect(other).toContain('<a href="/dpa/changes/1.2.0...1.3.0/full/">Read the full text with the changes in context</a>');
    expect(other).toContain('<li class="text-change modified"><p class="where"><a href="/dpa/1.3.0/#duration-of-processing">§3.3 Duration of Processing, paragraph 1</a>: wording changed</p>');
    expect(other).toContain('as required to fulfil <ins>all of </ins>our obligations under this DPA.');
    expect(other).toContain('<a href="/dpa/1.3.0/#details-of-processing">§4 Details of Processing, row 2</a>: wording changed');
    expect(other).toContain('For the term of your account<ins>,</ins> or until you request deletion');
  });

  it('links a removed block to where it was, in the older version', () => {
    const other = part(read('dpa/changes/1.3.0...1.4.0/index.html'), 'Other text that changes');
    expect(other).toContain('<li class="text-change removed"><p class="where"><a href="/dpa/1.3.0/#conflicts">§15.1 Conflicts, paragraph 1</a>: removed (it was in version 1.3.0)</p><blockquote class="redline"><del>In the event of any conflict between this DPA and the Terms of Service');
  });

  it('has no such section when only commitments change', () => {
    expect(read('dpa/changes/1.1.0...1.2.0/index.html')).not.toContain('Other text that changes');
  });
});

describe('the changes page: interpretations', () => {
  it('shows the words and how each version reads them, not only "interpretation changed"', () => {
    const article = /<article class="clause-change modified" id="change-dsr.notify-customer">.*?<\/article>/s.exec(read('dpa/changes/1.2.0...1.3.0/index.html'))?.[0] ?? '';
    expect(article).toContain('<p class="what">Interpretation changed</p>');
    expect(visible(article)).toContain('How “promptly” is read changes: Version 1.2.0: Interpretation: “promptly” means within 48 hours. Version 1.3.0: We read “promptly” as within 48 hours of receiving the request.');
  });

  it('shows what the words mean when the note does not say it', () => {
    const article = /<article class="clause-change modified" id="change-dsr.notify-customer">.*?<\/article>/s.exec(read('dpa/changes/1.3.0...1.4.0/index.html'))?.[0] ?? '';
    expect(visible(article)).toContain('Stricter for us: promptly notify you: promptly (24 hours) (instead of promptly (48 hours))');
    expect(visible(article)).toContain('How “promptly” is read changes: Version 1.3.0: We read “promptly” as within 48 hours of receiving the request. Version 1.4.0: Interpretation: “promptly” means within 24 hours.');
  });
});

describe('the full-text redline: interpretations and the text\'s own marks', () => {
  it('shows the notes as the version pages do, a changed reading marked word by word, and counts its passage', () => {
    const full = read('dpa/changes/1.3.0...1.4.0/full/index.html');
    // The words of "promptly notify you" do not change; how they are read does.
    expect(full).toMatch(/<p class="ft ft-modify ft-paragraph" data-change="modify">If we receive a Data Subject request directly, we will <span [^>]*><span class="param vague" [^>]*aria-describedby="note-(\d+)">promptly<\/span><sup class="note-ref" data-pagefind-ignore=""><a href="#note-\1" aria-label="Interpretation note \1">\1<\/a><\/sup> notify you<\/span>.*?<\/p><div id="note-\1" class="interpretation" role="note" data-note="\1" data-change="modify">/);
    expect(full).toContain('“promptly” <del class="change-mark">as</del><ins class="change-mark">means</ins> within <del class="change-mark">48</del><ins class="change-mark">24</ins> hours<del class="change-mark"> of receiving the request</del>.</div>');
    // The paragraph removed, the paragraph added, and the reading of "promptly".
    expect(visible(full)).toContain('3 passages changed.');
    expect(visible(read('dpa/changes/1.2.0...1.3.0/full/index.html'))).toContain('3 passages changed.');
  });

  it('keeps the text\'s own struck words struck, inside the redline\'s own mark', () => {
    expect(read('dpa/changes/1.3.0...1.4.0/full/index.html')).toContain('<p class="ft ft-insert ft-paragraph" data-change="insert"><ins class="change-mark">Our support hours were <del>Monday to Sunday</del> Monday to Friday.</ins></p>');
  });
});

describe('in Chromium', () => {
  let site: SiteBrowser;
  let browser: Browser;
  let origin: string;
  const PAGES = ['/dpa/changes/1.2.0...1.3.0/', '/dpa/changes/1.3.0...1.4.0/', '/dpa/changes/1.0.0...1.4.0/'];

  beforeAll(async () => {
    site = await siteBrowser();
    browser = site.browser;
    origin = await site.serve(out);
  }, 60_000);

  afterAll(async () => site?.close());

  for (const width of [390, 1280]) {
    it(`at ${width} px the changes pages never scroll sideways, and axe finds no violation of any impact`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const found: string[] = [];
      for (const path of PAGES) {
        expect((await page.goto(origin + path))?.status(), path).toBe(200);
        expect(await page.locator('.text-changes li').count(), path).toBeGreaterThan(0);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} scrolls sideways`).toBe(0);
        await page.addScriptTag({ content: axe.source });
        const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
        found.push(...result.violations.map((v) => `${path}: ${v.id} [${v.impact}] ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`));
      }
      expect(found).toEqual([]);
      await page.close();
    }, 120_000);
  }

  it('tells the text\'s own struck words from the redline\'s marks on the full-text page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    expect((await page.goto(`${origin}/dpa/changes/1.3.0...1.4.0/full/`))?.status()).toBe(200);
    const style = (selector: string) => page.locator(selector).first().evaluate((e) => ({ background: getComputedStyle(e).backgroundColor, line: getComputedStyle(e).textDecorationLine }));
    const own = await style('article.full-text ins.change-mark del:not(.change-mark)');
    const removed = await style('article.full-text del.change-mark');
    const added = await style('article.full-text ins.change-mark');
    // Struck through, without the highlight that marks the redline's own changes.
    expect(own).toEqual({ background: 'rgba(0, 0, 0, 0)', line: 'line-through' });
    expect(removed.line).toBe('line-through');
    expect(removed.background).not.toBe('rgba(0, 0, 0, 0)');
    expect(added.background).not.toBe('rgba(0, 0, 0, 0)');
    await page.close();
  }, 60_000);
});
