/// <reference lib="dom" />
// The public site of a second organization with three documents (Northwind
// Analytics: Terms of Service, Privacy Policy, Data Processing Addendum),
// built with the CLI: each document has its own section, the navigation
// lists them in the organization's order, titles and owner come from the
// policy — and, in Chromium, the printed page of every version (what its
// PDF holds) has exactly the words of the source.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy, type PolicyVersion } from '../engine/index.ts';
import { loadOrganization } from '../engine/model/organization.ts';
import type { Organization } from '../engine/generated/organization.ts';
import { pageCount } from '../engine/site/pdf.ts';
import { CHROMIUM, siteBrowser, type SiteBrowser } from './browser.ts';
import { root } from './helpers.ts';
import { CODICIL_ADDITIONS, sourceTree, words } from './source-words.ts';

const POLICY = 'test/fixtures/documents/northwind';
const out = join(root, 'test', 'output', 'site-northwind');
const ORIGIN = 'https://legal.northwind.example';
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
const read = (path: string) => readFileSync(join(out, path), 'utf8');
const pages = () => files(out).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
const VERSIONS = { dpa: ['1.0.0', '1.1.0', '2.0.0'], privacy: ['1.0.0'], terms: ['1.0.0', '1.1.0'] };

beforeAll(() => {
  // No --site-url: the organization file says where the site is served.
  const run = spawnSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--policy', POLICY, '--as-of', '2025-05-01', '--out', out, ...(existsSync(CHROMIUM) ? [] : ['--no-pdf'])], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
}, 240_000);

describe('a site of three documents', () => {
  it('gives each document its own section: versions, comparisons, JSON and PDF', () => {
    for (const [document, versions] of Object.entries(VERSIONS)) {
      for (const page of ['', 'versions/', 'changes/']) expect(existsSync(join(out, document, page, 'index.html')), `${document}/${page}`).toBe(true);
      for (const v of versions) {
        expect(JSON.parse(read(`${document}/${v}.json`)).document).toBe(document);
        expect(read(`${document}/${v}/index.html`)).toContain(`<link rel="canonical" href="${ORIGIN}/${document}/${v}/">`);
        if (existsSync(CHROMIUM)) expect(pageCount(readFileSync(join(out, document, `${v}.pdf`))), `${document} ${v}`).toBeGreaterThan(0);
      }
      if (versions.length > 1) expect(existsSync(join(out, document, 'changes', `${versions[0]}...${versions[1]}`, 'full', 'index.html'))).toBe(true);
    }
  });

  it('lists the documents in the navigation, in the organization’s order, with the one kept elsewhere', () => {
    for (const page of pages()) {
      const nav = /<nav aria-label="Legal documents" class="documents"><ul>(.*?)<\/ul><\/nav>/.exec(read(page))?.[1];
      expect([...(nav ?? '').matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`), page).toEqual([
        'Terms of Service /terms/',
        'Privacy Policy /privacy/',
        'Data Processing Addendum /dpa/',
        'Acceptable Use Policy https://northwind.example/legal/acceptable-use',
      ]);
    }
    // On a document's page, its own versions and comparisons are one click away.
    expect(read('terms/1.1.0/index.html')).toContain('<li><a href="/terms/versions/" aria-current="page">Versions</a></li><li><a href="/terms/changes/">Compare versions</a></li>');
  });

  it('names the organization and each document as the policy does, never another company', () => {
    expect(read('index.html')).toContain('<title>Northwind Analytics legal</title>');
    expect(read('terms/index.html')).toContain('<title>Terms of Service — Northwind Analytics</title>');
    expect(read('dpa/1.0.0/index.html')).toContain('<title>Data Processing Addendum, version 1.0.0 (superseded) — Northwind Analytics</title>');
    expect(read('index.html')).toContain('<meta name="description" content="Northwind Analytics: Terms of Service, Privacy Policy, Data Processing Addendum, every version, its changes and the sub-processors.">');
    expect(read('feed.xml')).toContain('<title type="text">Northwind Analytics legal: every change</title>');
    expect(read('subprocessors/index.html')).toContain('as the Data Processing Addendum');
    for (const file of files(out).filter((f) => /\.(html|xml|json)$/.test(f) && !f.startsWith('pagefind/') && !f.startsWith('schemas/'))) {
      expect(read(file), file).not.toMatch(/StudioLM|Data Processing Agreement/);
    }
  });

  it('says to whom each document applies', () => {
    expect(read('index.html')).toContain('Applies to: Anyone who creates a Northwind Analytics account.');
    expect(read('dpa/1.1.0/index.html')).toContain('<p class="audience"><strong>Applies to:</strong> Customers of Northwind Analytics on a paid plan.</p>');
    expect(read('privacy/1.0.0/index.html')).toContain('Visitors of northwind.example and people who hold a Northwind Analytics account');
  });

  it('feeds every document’s changes', () => {
    const feed = read('feed.xml');
    expect(feed).toContain(`<id>${ORIGIN}/dpa/changes/1.0.0...1.1.0/</id>`);
    expect(feed).toContain(`<id>${ORIGIN}/terms/changes/1.0.0...1.1.0/</id>`);
    expect(read('subprocessors/feed.xml')).toContain(`<id>${ORIGIN}/dpa/changes/1.0.0...1.1.0/</id>`);
    expect(read('subprocessors/feed.xml')).not.toContain('/terms/changes/');
  });

  it('links only to pages and anchors that exist, across documents too', () => {
    const broken: string[] = [];
    for (const file of pages()) {
      for (const [, href] of read(file).matchAll(/href="([^"]+)"/g)) {
        const local = href!.startsWith(ORIGIN) ? href!.slice(ORIGIN.length) : href!;
        if (/^(https?:|mailto:|data:)/.test(local)) continue;
        const [path, fragment] = local.split('#');
        const base = path === '' ? file : path!.startsWith('/') ? path!.slice(1) : join(file, '..', path!);
        const target = base.endsWith('/') || base === '' ? join(base, 'index.html') : base;
        if (!existsSync(join(out, target))) broken.push(`${file}: ${href}`);
        else if (fragment && target.endsWith('.html') && !read(target).includes(`id="${fragment}"`) && !read(target).includes(`name="${fragment}"`)) broken.push(`${file}: ${href} (no #${fragment})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('in Chromium', () => {
  let site: SiteBrowser;
  let browser: Browser;
  let origin: string;
  const cases: [string, PolicyVersion, Organization | null][] = [];

  beforeAll(async () => {
    const { policy } = await loadPolicy(join(root, POLICY));
    const { organization } = await loadOrganization(policy);
    for (const d of policy.documents) for (const v of d.versions) cases.push([`${d.document}@${v.version}`, v, organization]);
    site = await siteBrowser();
    browser = site.browser;
    origin = await site.serve(out);
  }, 60_000);

  afterAll(async () => site?.close());

  it('prints every version of every document with exactly the words of its source (what the PDF holds)', async () => {
    expect(cases).toHaveLength(6);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.emulateMedia({ media: 'print' });
    for (const [name, version, organization] of cases) {
      await page.goto(`${origin}/${version.document}/${version.version}/`);
      // The printed text as the reader of the PDF sees it (innerText honours the print stylesheet),
      // without codicil's own additions: note markers, interpretation notes, the organization's facts.
      const printed = await page.evaluate((additions) => {
        const article = document.querySelector('article.document') as HTMLElement;
        for (const el of Array.from(article.querySelectorAll(additions.map((c) => `.${c}`).join(', ') + ', [data-fact]'))) el.remove();
        return article.innerText;
      }, CODICIL_ADDITIONS);
      const source = words(sourceTree(version, organization, true));
      expect(source.length, name).toBeGreaterThan(100);
      expect(printed.split(/\s+/).filter(Boolean), name).toEqual(source);
    }
    await page.close();
  }, 60_000);

  it('home and document pages at 390 px: never scroll sideways, and axe finds no violation', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    const found: string[] = [];
    for (const path of ['/', '/terms/', '/privacy/1.0.0/', '/dpa/changes/1.0.0...1.1.0/', '/search/']) {
      expect((await page.goto(origin + path))?.status(), path).toBe(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} scrolls sideways`).toBe(0);
      await page.addScriptTag({ content: axe.source });
      const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
      found.push(...result.violations.map((v) => `${path}: ${v.id} [${v.impact}] ${v.help}`));
    }
    expect(found).toEqual([]);
    await page.close();
  }, 120_000);
});
