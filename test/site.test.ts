/// <reference lib="dom" />
// The public site: build the example amendment history (with the example
// records) and check what Astro emitted, then read it in Chromium.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import sirv from 'sirv';
import { convert } from 'xmlbuilder2';
import { chromium, type Browser } from 'playwright-core';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, stagePolicy } from './helpers.ts';

const out = join(root, 'test', 'output', 'site');
const again = join(root, 'test', 'output', 'site-again');
const shots = join(root, 'test', 'output', 'screenshots');
const build = (dir: string) =>
  execFileSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--policy', 'examples/amendments/policy', '--records', 'examples/records', '--as-of', '2025-09-01T00:00:00Z', '--site-url', 'https://legal.studiolm.dev', '--out', dir], { cwd: root, encoding: 'utf8' });
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
const read = (path: string) => readFileSync(join(out, path), 'utf8');

beforeAll(() => {
  build(out);
}, 120_000);

describe('built site: files', () => {
  it('has every kind of page', () => {
    for (const page of ['index.html', 'dpa/index.html', 'dpa/1.0.0/index.html', 'dpa/1.2.0/index.html', 'dpa/versions/index.html', 'dpa/changes/1.0.0...1.0.1/index.html', 'dpa/changes/1.0.1...1.1.0/index.html', 'dpa/changes/1.1.0...1.2.0/index.html', 'subprocessors/index.html', 'feed.xml', 'rss.xml', 'dpa/1.1.0.json', 'schemas/front-matter.schema.json', 'schemas/records/incidents.schema.json']) {
      expect(existsSync(join(out, page)), page).toBe(true);
    }
  });

  it('shows the version in force, with a banner for the published version not yet in force', () => {
    const html = read('dpa/index.html');
    expect(html).toContain('<strong>Version 1.1.0</strong> — in force now');
    expect(html).toContain('This agreement changes on <strong>1 October 2025</strong> (version 1.2.0). <a href="/dpa/changes/1.1.0...1.2.0/">See what changes</a>');
  });

  it('renders the policy through the engine: clause anchors, section anchors, marked parameters, interpretation notes', () => {
    const html = read('dpa/1.1.0/index.html');
    expect(html).toContain('id="incident.notify-within"');
    expect(html).toContain('<h2 id="security-incidents" data-section="10">10. Security Incidents</h2>');
    expect(html).toContain('data-param="within" data-clause="incident.notify-within" data-value="PT48H">48 hours</span>');
    expect(html).toMatch(/class="interpretation" role="note">Interpretation: “immediately” means within 24 hours\./);
    expect(html).toContain('In force from 1 June 2025 until 1 October 2025');
    expect(html).toContain('href="/dpa/1.0.1/" rel="prev"');
    expect(html).toContain('href="/dpa/1.2.0/" rel="next"');
  });

  it('marks insertions and deletions on the redline page, with parameter directions and the change notice', () => {
    const html = read('dpa/changes/1.0.1...1.1.0/index.html');
    expect(html).toContain('<del>72</del><ins>48</ins>');
    expect(html).toContain('<del>14</del><ins>7</ins>');
    expect(html).toMatch(/<tr class="looser">.*subprocessor\.objection-window/);
    expect(html).toMatch(/<tr class="stricter">.*incident\.notify-within/);
    expect(html).toContain('Change notice');
    expect(html).toContain('You now have 7 days instead of 14 days to object');
  });

  it('lists the sub-processors from the registry, with upcoming additions and objection deadlines', () => {
    const html = read('subprocessors/index.html');
    expect(html).toMatch(/<tr id="zendesk"><th scope="row">zendesk<\/th><td>Customer Support Tools<\/td>.*<td>2025-10-15<\/td><td>2025-09-04<\/td>/);
    expect(html).toMatch(/<tr id="cloudflare">.*United States \(adequacy decision\)/);
    expect(html).toMatch(/<tr id="mixpanel">.*India \(no safeguard\)/);
    expect(html).toMatch(/<tr id="aws">.*Ireland \(in the EEA\)/);
    expect(html).not.toContain('old-mailer');
  });

  it('publishes each version as JSON valid against its schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(read('schemas/published-version.schema.json')));
    for (const v of ['1.0.0', '1.0.1', '1.1.0', '1.2.0']) {
      const json = JSON.parse(read(`dpa/${v}.json`));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    }
    const v11 = JSON.parse(read('dpa/1.1.0.json'));
    expect(v11.clauses.find((c: { id: string }) => c.id === 'incident.notify-within').parameters.within.value).toEqual({ type: 'duration', iso: 'PT48H', seconds: 172800 });
  });

  it('has an Atom feed of change notices and sub-processor announcements', () => {
    const feed = convert(read('feed.xml'), { format: 'object' }) as { feed: { '@xmlns': string; entry: { title: { '#': string } | string; id: string; updated: string; link: { '@href': string } }[] } };
    expect(feed.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    const ids = feed.feed.entry.map((e) => e.id);
    expect(ids).toContain('https://legal.studiolm.dev/dpa/changes/1.1.0...1.2.0/');
    expect(ids).toContain('https://legal.studiolm.dev/subprocessors/#zendesk');
    for (const e of feed.feed.entry) expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(read('rss.xml')).toContain('<rss version="2.0"');
  });

  it('contains no client JavaScript and no raw HTML from policy files', () => {
    for (const file of files(out).filter((f) => f.endsWith('.html'))) {
      expect(read(file), file).not.toMatch(/<script|onerror=|javascript:/i);
    }
  });

  it('links only to pages that exist in the built site', () => {
    const html = files(out).filter((f) => f.endsWith('.html'));
    const broken: string[] = [];
    for (const file of html) {
      for (const [, href] of read(file).matchAll(/href="([^"]+)"/g)) {
        if (/^(https?:|mailto:)/.test(href!)) continue;
        const [path, fragment] = href!.split('#');
        const base = path === '' ? file : path!.startsWith('/') ? path!.slice(1) : join(file, '..', path!);
        const target = base.endsWith('/') || base === '' ? join(base, 'index.html') : base;
        if (!existsSync(join(out, target))) broken.push(`${file}: ${href}`);
        else if (fragment && target.endsWith('.html') && !read(target).includes(`id="${fragment}"`)) broken.push(`${file}: ${href} (no #${fragment})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('is deterministic: two builds of the same inputs are byte-identical', () => {
    build(again);
    const digest = (dir: string) => Object.fromEntries(files(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
    expect(digest(again)).toEqual(digest(out));
  }, 120_000);
});

describe('built site: from anywhere, publishing only what legal published', () => {
  it('builds from another working directory, and keeps a draft change notice private', () => {
    const policy = stagePolicy(join(root, 'examples', 'amendments', 'policy'), 'site-draft-notice');
    const notice = join(root, policy, 'dpa', '1.2.0.notice.md');
    writeFileSync(notice, readFileSync(notice, 'utf8').replace('status: published', 'status: draft'));
    const dir = join(root, 'test', 'output', 'site-draft');
    execFileSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--policy', join(root, policy), '--records', join(root, 'examples', 'records'), '--as-of', '2025-09-01T00:00:00Z', '--out', dir], { cwd: tmpdir(), encoding: 'utf8' });
    expect(readFileSync(join(dir, 'dpa/changes/1.1.0...1.2.0/index.html'), 'utf8')).not.toContain('Change notice');
    expect(readFileSync(join(dir, 'dpa/changes/1.0.1...1.1.0/index.html'), 'utf8')).toContain('Change notice');
  }, 120_000);
});

describe('built site: in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    server = createServer(sirv(out, { dev: true }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    origin = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    mkdirSync(shots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const pages = ['/', '/dpa/', '/dpa/1.0.0/', '/dpa/versions/', '/dpa/changes/1.0.1...1.1.0/', '/subprocessors/'];

  it.each(pages)('%s loads and has no serious or critical accessibility violations', async (path) => {
    const page = await browser.newPage();
    const response = await page.goto(origin + path);
    expect(response?.status()).toBe(200);
    await page.addScriptTag({ content: axe.source });
    const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
    expect(serious).toEqual([]);
    expect(await page.locator('main#main').count()).toBe(1);
    await page.close();
  }, 30_000);

  it('follows a clause anchor from the contents and to a clause', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/dpa/`);
    await page.click('nav.toc a[href="#security-incidents"]');
    expect(page.url()).toMatch(/#security-incidents$/);
    await page.goto(`${origin}/dpa/1.1.0/#incident.notify-within`);
    const target = page.locator(':target');
    await expect.poll(() => target.getAttribute('id')).toBe('incident.notify-within');
    expect(await target.textContent()).toContain('48 hours');
    expect(await target.isVisible()).toBe(true);
    await page.close();
  }, 30_000);

  it('shows insertions and deletions on the redline page, and screenshots the DPA and a redline', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origin}/dpa/changes/1.0.1...1.1.0/`);
    expect(await page.locator('ins').count()).toBeGreaterThan(2);
    expect(await page.locator('del').count()).toBeGreaterThan(1);
    const insBackground = await page.locator('ins').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(insBackground).not.toBe('rgba(0, 0, 0, 0)');
    await page.screenshot({ path: join(shots, 'redline.png'), fullPage: false });
    await page.goto(`${origin}/dpa/`);
    await page.screenshot({ path: join(shots, 'dpa.png'), fullPage: false });
    expect(readFileSync(join(shots, 'dpa.png')).length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    await page.close();
  }, 30_000);
});

