/// <reference lib="dom" />
// The public site, as `npm start` builds it twice: the demo (the example
// amendment history with the example registry, published with its breaches
// marked) and the real policy (no registry). Built with the CLI, read as
// files, then in Chromium at 320, 390 and 1280 px.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Browser } from 'playwright-core';
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSiteModel, loadPolicy } from '../engine/index.ts';
import { loadOrganization } from '../engine/model/organization.ts';
import { CODICIL_ADDITIONS, sourceTree, words } from './source-words.ts';
import { dayInstant, dayText } from '../engine/site/dates.ts';
import { pageCount } from '../engine/site/pdf.ts';
import { CHROMIUM, siteBrowser, type SiteBrowser } from './browser.ts';
import { root, stagePolicy } from './helpers.ts';
import { atomProblems } from './atom.ts';
import { childrenNamed, parseXml } from './xml.ts';

const ORIGIN = 'https://legal.studiolm.dev';
const AS_OF = '2025-09-01T00:00:00Z';
const demo = join(root, 'test', 'output', 'site');
const real = join(root, 'test', 'output', 'site-real');
const again = join(root, 'test', 'output', 'site-again');
const shots = join(root, 'test', 'output', 'screenshots');
const codicil = (args: string[], cwd = root) => spawnSync(process.execPath, [join(root, 'bin/codicil.js'), ...args], { cwd, encoding: 'utf8' });
const buildDemo = (dir: string, extra: string[] = []) => {
  const run = codicil(['build', '--policy', 'examples/amendments/policy', '--records', 'examples/records', '--publish-breaches', '--as-of', AS_OF, '--site-url', ORIGIN, '--out', dir, ...extra]);
  if (run.status !== 0) throw new Error(run.stderr);
};
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const pagesOf = (dir: string) => files(dir).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
/** The visible text of a page: no tags, scripts or styles. */
const visible = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<\/?(a|time|span|strong|em|ins|del|sup|code|mark|b|i|small)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
const VERSIONS = ['1.0.0', '1.0.1', '1.1.0', '1.2.0'];
const PAIRS = VERSIONS.flatMap((a, i) => VERSIONS.slice(i + 1).map((b) => `${a}...${b}`));

beforeAll(() => {
  buildDemo(demo);
  const run = codicil(['build', '--as-of', AS_OF, '--site-url', ORIGIN, '--out', real]);
  if (run.status !== 0) throw new Error(run.stderr);
}, 240_000);

describe('demo site: pages', () => {
  it('has every kind of page, every pair of versions compared, PDFs and a search index', () => {
    const expected = ['index.html', '404.html', 'dpa/index.html', 'dpa/versions/index.html', 'dpa/changes/index.html', 'subprocessors/index.html', 'updates/index.html', 'subprocessors/updates/index.html', 'search/index.html', 'schemas/index.html', 'feed.xml', 'rss.xml', 'subprocessors/feed.xml', 'subprocessors/rss.xml', 'schemas/front-matter.schema.json', 'schemas/records/incidents.schema.json', 'pagefind/pagefind.js'];
    for (const v of VERSIONS) expected.push(`dpa/${v}/index.html`, `dpa/${v}.json`);
    for (const pair of PAIRS) expected.push(`dpa/changes/${pair}/index.html`, `dpa/changes/${pair}/full/index.html`);
    if (existsSync(CHROMIUM)) for (const v of VERSIONS) expected.push(`dpa/${v}.pdf`);
    for (const page of expected) expect(existsSync(join(demo, page)), page).toBe(true);
  });

  it('has one h1 on every page, and headings that never skip a level', () => {
    for (const page of pagesOf(demo)) {
      const html = read(demo, page);
      expect(html.match(/<h1[\s>]/g)?.length, page).toBe(1);
      const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      levels.forEach((level, i) => {
        if (i > 0) expect(level - levels[i - 1]!, `${page}: h${levels[i - 1]} then h${level}`).toBeLessThanOrEqual(1);
      });
    }
  });

  it('states what each version is: in force, superseded with a link to the one in force, or not yet in force', () => {
    const current = read(demo, 'dpa/index.html');
    expect(current).toContain('<link rel="canonical" href="https://legal.studiolm.dev/dpa/1.1.0/">');
    expect(visible(current)).toContain('This agreement changes on 1 October 2025, 00:00 UTC (version 1.2.0). See what changes');
    const old = read(demo, 'dpa/1.0.0/index.html');
    expect(old).toMatch(/class="banner superseded" role="note">\s*<strong>Superseded.<\/strong>/);
    expect(old).toContain('<a href="/dpa/1.1.0/">Read the version in force (1.1.0)</a>');
    expect(old).toContain('<link rel="canonical" href="https://legal.studiolm.dev/dpa/1.0.0/">');
    const next = read(demo, 'dpa/1.2.0/index.html');
    expect(visible(next)).toContain('Not yet in force: takes effect on 1 October 2025, 00:00 UTC');
    expect(next).toContain('href="/dpa/changes/1.1.0...1.2.0/">What changed from 1.1.0</a>');
    expect(visible(next)).toContain('Permanent link: https://legal.studiolm.dev/dpa/1.2.0/');
  });

  it('gives every section and clause a visible ¶ citation link with its full URL', () => {
    for (const v of VERSIONS) {
      const html = read(demo, `dpa/${v}/index.html`);
      const json = JSON.parse(read(demo, `dpa/${v}.json`));
      for (const clause of json.clauses) expect(html, `${v} ${clause.id}`).toContain(`<a class="cite" href="${ORIGIN}/dpa/${v}/#${clause.id}" title="${ORIGIN}/dpa/${v}/#${clause.id}" aria-label="Cite clause ${clause.id}" data-pagefind-ignore="">¶</a>`);
      for (const section of json.sections) expect(html, `${v} §${section.number}`).toContain(`href="${ORIGIN}/dpa/${v}/#${section.anchor}"`);
    }
  });

  it('puts interpretation notes beside the sentence, never inside it: no doubled full stop', () => {
    for (const v of VERSIONS) {
      const text = visible(read(demo, `dpa/${v}/index.html`));
      expect(text).not.toMatch(/\.\s*\./);
      expect(text).toContain('Interpretation: “immediately” means within 24 hours.');
    }
  });

  it('uses one date format, in <time datetime> with a full instant, and says versions take effect at 00:00 UTC', () => {
    for (const page of pagesOf(demo)) {
      const html = read(demo, page);
      for (const [, datetime] of html.matchAll(/<time datetime="([^"]*)"/g)) expect(datetime, page).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      // No bare ISO day in the text a reader sees (the schema index lists formats, not dates).
      if (!page.startsWith('schemas/')) expect(visible(html), page).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    }
    expect(read(demo, 'dpa/1.1.0/index.html')).toContain('In force from <time datetime="2025-06-01T00:00:00Z">1 June 2025, 00:00 UTC</time> until <time datetime="2025-10-01T00:00:00Z">1 October 2025, 00:00 UTC</time>');
  });

  it('locates every change of a redline: section number and heading, the clause in both versions, plain-word reasons', () => {
    const html = read(demo, 'dpa/changes/1.0.1...1.1.0/index.html');
    expect(html).toContain('<h3>§8.3 Objection to Sub-processors <span class="clause-id">(subprocessor.objection-window)</span></h3>');
    expect(html).toContain('<a href="/dpa/1.0.1/#subprocessor.objection-window">Read it in version 1.0.1 (§7.3 Objection to Sub-processors)</a>');
    expect(html).toContain('<a href="/dpa/1.1.0/#subprocessor.objection-window">Read it in version 1.1.0 (§8.3 Objection to Sub-processors)</a>');
    expect(visible(html)).toContain('§8.3 Objection to Sub-processors: You may object to a new Sub-processor on reasonable data protection grounds by contacting us within 7 days (instead of 14 days) of notification. — less favourable to you.');
    expect(html).toContain('<del>72</del><ins>48</ins>');
    expect(html).toContain('<table class="styled">');
    expect(html).toContain('Change notice');
    expect(html).toContain('<a href="/dpa/changes/1.0.1...1.1.0/full/">Read the full text with the changes in context</a>');
  });

  it('compares any two versions, with a picker that needs no JavaScript and a full-text view in context', () => {
    const picker = read(demo, 'dpa/changes/index.html');
    for (const pair of PAIRS) expect(picker).toContain(`href="/dpa/changes/${pair}/"`);
    const long = read(demo, 'dpa/changes/1.0.0...1.2.0/index.html');
    expect(visible(long)).toContain('with versions 1.0.1, 1.1.0 in between');
    expect(long).toContain('<del>72</del><ins>48</ins>');
    expect(long).toContain('Newly named sub-processor: Postmark');
    const full = read(demo, 'dpa/changes/1.0.0...1.2.0/full/index.html');
    expect(full).toMatch(/<h2 class="ft ft-modify" id="security-incidents" data-change="modify"><del class="change-mark">9<\/del><ins class="change-mark">10<\/ins>. Security Incidents<\/h2>/);
    expect(full).toContain('<h2 class="ft ft-insert" id="data-residency" data-change="insert"><ins class="change-mark">6. Data Residency</ins></h2>');
    // Unchanged text is there too, unmarked: the changes are in context.
    expect(full).toContain('<h2 class="ft ft-equal" id="definitions">1. Definitions</h2>');
    // The organization's facts, as the version pages print them; never the captured words (review F2).
    expect(full).toContain('<p class="ft ft-equal ft-item">Email: <a href="mailto:privacy@studiolm.example" data-fact="email">privacy@studiolm.example</a></p>');
    expect(full).not.toContain('[email');
    expect(full).not.toContain('>studiolm.dev<');
  });

  it('lists sub-processors by category with legal entity, purpose, safeguards and their caveats, upcoming and former ones, and marks every breach', () => {
    const html = read(demo, 'subprocessors/index.html');
    const text = visible(html);
    expect(html).toContain('<h2 id="category-cloud-infrastructure-providers">Cloud Infrastructure Providers</h2>');
    expect(html).toMatch(/<article class="subprocessor" id="cloudflare">\s*<h3>Cloudflare, Inc.<\/h3>/);
    expect(text).toContain('United States: adequacy decision — Covers only organisations certified under the EU-U.S. Data Privacy Framework');
    expect(text).toContain('Ireland: in the EEA');
    expect(text).toMatch(/Upcoming additions .* ActiveCampaign, LLC \(Postmark\) .* From 1 October 2025 \(announced 15 August 2025\) Object by 22 August 2025/);
    expect(text).toMatch(/Former sub-processors.* Old Mailer Serviços de Email Ltda. \(fictional\) .* Until 31 December 2024/);
    expect(text).toContain('This list does not comply with the Data Processing Agreement: 4 breaches, each marked below.');
    expect(text).toContain('India: no safeguard');
    expect(html).toMatch(/<article class="subprocessor" id="mixpanel">\s*<h3>Mixpanel, Inc.<\/h3>\s*<div class="breach" role="note">/);
    expect(text).toContain('(subprocessor.authorized-category): category support is not one the DPA authorizes');
  });

  it('links only to pages and anchors that exist', () => {
    const broken: string[] = [];
    for (const file of pagesOf(demo)) {
      for (const [, href] of read(demo, file).matchAll(/href="([^"]+)"/g)) {
        const local = href!.startsWith(ORIGIN) ? href!.slice(ORIGIN.length) : href!;
        if (/^(https?:|mailto:|data:)/.test(local)) continue;
        const [path, fragment] = local.split('#');
        const base = path === '' ? file : path!.startsWith('/') ? path!.slice(1) : join(file, '..', path!);
        const target = base.endsWith('/') || base === '' ? join(base, 'index.html') : base;
        if (!existsSync(join(demo, target))) broken.push(`${file}: ${href}`);
        else if (fragment && target.endsWith('.html') && !read(demo, target).includes(`id="${fragment}"`)) broken.push(`${file}: ${href} (no #${fragment})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has client JavaScript only on the search page', () => {
    for (const page of pagesOf(demo)) expect(/<script/i.test(read(demo, page)), page).toBe(page === 'search/index.html');
  });

  it('publishes each version as JSON valid against its schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(read(demo, 'schemas/published-version.schema.json')));
    for (const v of VERSIONS) expect(validate(JSON.parse(read(demo, `dpa/${v}.json`))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('indexes every JSON Schema', () => {
    const index = read(demo, 'schemas/index.html');
    for (const file of files(join(demo, 'schemas')).filter((f) => f.endsWith('.schema.json'))) expect(index).toContain(`href="/schemas/${file}"`);
  });

  it('is deterministic: two builds of the same inputs are byte-identical (PDFs and search index included)', () => {
    buildDemo(again);
    const digest = (dir: string) => Object.fromEntries(files(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
    expect(digest(again)).toEqual(digest(demo));
  }, 120_000);
});

describe('feeds', () => {
  for (const [name, dir] of [['demo', demo], ['real', real]] as const) {
    it(`${name}: both Atom feeds conform to RFC 4287, with an author and absolute links`, () => {
      for (const feed of ['feed.xml', 'subprocessors/feed.xml']) {
        const xml = read(dir, feed);
        expect(atomProblems(xml), `${name} ${feed}`).toEqual([]);
        const doc = parseXml(xml);
        expect(childrenNamed(doc, 'author')[0]!.children.find((c) => c.name === 'name')!.text.length).toBeGreaterThan(0);
        for (const [, href] of xml.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
        for (const [, href] of xml.matchAll(/href=&quot;(.*?)&quot;/g)) expect(href).toMatch(/^(https:\/\/|mailto:)/);
        expect(parseXml(read(dir, feed.replace('feed.xml', 'rss.xml'))).name).toBe('rss');
      }
    });
  }

  it('dates each sub-processor announcement by the registry\'s instant, never by the midnight of its day', () => {
    // examples/records: zendesk was announced at 2025-08-28T09:00:00Z.
    const dates = (feed: string, id: string) => {
      const entry = childrenNamed(parseXml(read(demo, feed)), 'entry').find((e) => childrenNamed(e, 'id')[0]!.text === id)!;
      return ['updated', 'published'].map((n) => childrenNamed(entry, n)[0]?.text);
    };
    for (const feed of ['feed.xml', 'subprocessors/feed.xml']) expect(dates(feed, `${ORIGIN}/subprocessors/#zendesk/announced`), feed).toEqual(['2025-08-28T09:00:00Z', '2025-08-28T09:00:00Z']);
    for (const feed of ['rss.xml', 'subprocessors/rss.xml']) expect(read(demo, feed), feed).toMatch(/zendesk\/announced<\/guid>\s*<pubDate>Thu, 28 Aug 2025 09:00:00 \+0000<\/pubDate>/);
    for (const page of ['updates/index.html', 'subprocessors/updates/index.html']) expect(read(demo, page), page).toMatch(/Zendesk, Inc. \(zendesk\), Customer Support Tools<\/a> — <time datetime="2025-08-28T09:00:00Z">28 August 2025<\/time>/);
    expect(read(demo, 'subprocessors/index.html')).toContain('(announced <time datetime="2025-08-28T09:00:00Z">28 August 2025</time>)');
    // A version is published on a day: its entry stays at the start of that day.
    expect(dates('feed.xml', `${ORIGIN}/dpa/changes/1.1.0...1.2.0/`)).toEqual(['2025-08-15T00:00:00Z', '2025-08-15T00:00:00Z']);
  });

  it('advertises every feed it builds on every page, each with a title of its own', () => {
    const feeds = files(demo).filter((f) => /(^|\/)(feed|rss)\.xml$/.test(f));
    expect(feeds.sort()).toEqual(['feed.xml', 'rss.xml', 'subprocessors/feed.xml', 'subprocessors/rss.xml']);
    for (const page of pagesOf(demo)) {
      const links = [...read(demo, page).matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">/g)].map(([, type, title, href]) => ({ type: type!, title: title!, href: href! }));
      expect(links.map((l) => l.href.slice(1)).sort(), page).toEqual(feeds);
      for (const l of links) expect(l.type, `${page} ${l.href}`).toBe(l.href.endsWith('rss.xml') ? 'application/rss+xml' : 'application/atom+xml');
      expect(new Set(links.map((l) => l.title)).size, page).toBe(links.length);
    }
    expect(read(demo, 'index.html')).toContain('<link rel="alternate" type="application/rss+xml" title="Sub-processors: changes (RSS)" href="/subprocessors/rss.xml">');
  });

  it('the sub-processor feed carries only sub-processor changes; the all-changes feed carries those and every version', () => {
    const ids = (feed: string) => childrenNamed(parseXml(read(demo, feed)), 'entry').map((e) => childrenNamed(e, 'id')[0]!.text);
    expect(ids('subprocessors/feed.xml').sort()).toEqual([`${ORIGIN}/dpa/changes/1.1.0...1.2.0/`, `${ORIGIN}/subprocessors/#mixpanel/announced`, `${ORIGIN}/subprocessors/#old-mailer/ended`, `${ORIGIN}/subprocessors/#postmark/announced`, `${ORIGIN}/subprocessors/#zendesk/announced`]);
    const all = ids('feed.xml');
    for (const pair of ['1.0.0...1.0.1', '1.0.1...1.1.0', '1.1.0...1.2.0']) expect(all).toContain(`${ORIGIN}/dpa/changes/${pair}/`);
    expect(all).toContain(`${ORIGIN}/subprocessors/#zendesk/announced`);
  });

  it('each feed has a readable page for its subscribers', () => {
    const page = read(demo, 'updates/index.html');
    expect(page).toContain(`<a href="/feed.xml" type="application/atom+xml">${ORIGIN}/feed.xml</a>`);
    expect(visible(page)).toContain('Data Processing Agreement version 1.2.0: takes effect on 1 October 2025');
    const sub = read(demo, 'subprocessors/updates/index.html');
    expect(sub).toContain(`<a href="/subprocessors/feed.xml" type="application/atom+xml">${ORIGIN}/subprocessors/feed.xml</a>`);
    expect(visible(sub)).toContain('New sub-processor: Zendesk, Inc. (zendesk), Customer Support Tools');
  });
});

describe('one consistent demo story', () => {
  it('published sub-processor dates agree with the change notices that announce them', async () => {
    const model = await buildSiteModel({ policy: join(root, 'examples/amendments/policy'), records: join(root, 'examples/records'), asOf: Date.parse(AS_OF), siteUrl: ORIGIN, publishBreaches: true });
    const named = model.documents[0]!.changes.filter((c) => c.consecutive && c.html.includes('Newly named sub-processor'));
    expect(named.map((c) => c.range)).toEqual(['1.1.0...1.2.0']);
    for (const change of named) {
      for (const [, name] of change.html.matchAll(/Newly named sub-processor: ([^<]+)</g)) {
        const entry = model.subprocessors.entries.find((s) => s.name.toLowerCase() === name!.toLowerCase() || s.legalName?.includes(name!));
        expect(entry, name).toBeDefined();
        // Engaged when the version naming it takes effect, announced when it was published…
        expect(entry!.engagedAt).toBe(dayInstant(change.effective));
        expect(entry!.noticeSentAt).toBe(dayInstant(change.published));
        // …and the notice says so, in the site's words.
        expect(visible(change.noticeHtml!)).toContain(`takes effect on ${dayText(change.effective)}`);
        expect(visible(change.noticeHtml!)).toContain(name);
      }
    }
    // Every announcement in the registry is dated within the published history.
    for (const s of model.subprocessors.entries) if (s.noticeSentAt) expect(s.noticeSentAt <= s.engagedAt, s.name).toBe(true);
  });
});

describe('the site as of an instant (review)', () => {
  it('says nothing of a version or a sub-processor announced after it: no "until" date, no entry', async () => {
    const asOf = Date.parse('2025-08-01T00:00:00Z');
    const model = await buildSiteModel({ policy: join(root, 'examples/amendments/policy'), records: join(root, 'examples/records'), asOf, siteUrl: ORIGIN, publishBreaches: true });
    const versions = model.documents[0]!.versions;
    // 1.2.0 is published on 2025-08-15: unknown on 1 August, so 1.1.0 is in force with no end.
    expect(versions.map((v) => v.version)).not.toContain('1.2.0');
    expect(versions.at(-1)!.inForceUntil).toBeNull();
    for (const s of model.subprocessors.entries) if (s.noticeSentAt !== null) expect(Date.parse(s.noticeSentAt) <= asOf, s.name).toBe(true);
    expect(model.subprocessors.entries.map((s) => s.name)).not.toContain('zendesk');
    // A day after both are announced, both show.
    const later = await buildSiteModel({ policy: join(root, 'examples/amendments/policy'), records: join(root, 'examples/records'), asOf: Date.parse(AS_OF), siteUrl: ORIGIN, publishBreaches: true });
    expect(later.documents[0]!.versions.find((v) => v.version === '1.1.0')!.inForceUntil).toBe('2025-10-01T00:00:00.000Z');
    expect(later.subprocessors.entries.map((s) => s.name)).toContain('zendesk');
  });

  it('within a day: a sub-processor let go later that day is still active, and no feed says it ended', async () => {
    const records = join(root, 'test', 'output', 'site-records-within-a-day');
    rmSync(records, { recursive: true, force: true });
    cpSync(join(root, 'examples', 'records'), records, { recursive: true });
    const registry = join(records, 'subprocessors.yaml');
    const edited = readFileSync(registry, 'utf8').replace('disengaged_at: 2024-12-31T00:00:00Z', 'disengaged_at: 2025-09-01T15:00:00Z');
    expect(edited).toContain('2025-09-01T15:00:00Z');
    writeFileSync(registry, edited);
    const model = await buildSiteModel({ policy: join(root, 'examples/amendments/policy'), records, asOf: Date.parse('2025-09-01T12:00:00Z'), siteUrl: ORIGIN, publishBreaches: true });
    for (const feed of [model.feeds.all, model.feeds.subprocessors]) expect(feed.entries.map((e) => e.id)).not.toContain(`${ORIGIN}/subprocessors/#old-mailer/ended`);
    const mailer = model.subprocessors.entries.find((s) => s.name === 'old-mailer')!;
    expect(mailer.status).toBe('active');
    expect(mailer.disengagedAt).toBe('2025-09-01T15:00:00Z');
  });

  it('of several documents, takes records whose attestations name a clause of any of them, as check does', async () => {
    const northwind = join(root, 'test/fixtures/documents/northwind');
    const model = await buildSiteModel({ policy: northwind, records: join(root, 'test/fixtures/documents-records/northwind'), asOf: Date.parse('2025-09-01T00:00:00Z'), siteUrl: ORIGIN, publishBreaches: true });
    expect(model.documents.map((d) => d.document).sort()).toEqual(['dpa', 'privacy', 'terms']);
    // terms 1.1.0 raises a price outside any clause, and legal declared it material: never told as wording only.
    const rise = model.documents.find((d) => d.document === 'terms')!.changes.find((c) => c.range === '1.0.0...1.1.0')!;
    expect(rise.material).toBe(true);
    expect(visible(rise.html)).toContain('A material change');
    expect(visible(rise.html)).not.toContain('do not change');
  });
});

describe('real site: never example data', () => {
  it('contains no example record, no fictional fact and no captured debris', () => {
    const example = [/\baws\b/, /mixpanel/i, /zendesk/i, /postmark/i, /old-mailer/, /Amazon Web Services/, /fictional/i, /studiolm\.example/, /\[email/];
    for (const file of files(real).filter((f) => /\.(html|xml|json)$/.test(f) && !f.startsWith('pagefind/') && !f.startsWith('schemas/'))) {
      const text = read(real, file);
      for (const word of example) expect(word.test(text), `${file} contains ${word}`).toBe(false);
    }
  });

  it('lists the sub-processors the DPA names, and says where the full list is kept', () => {
    const html = read(real, 'subprocessors/index.html');
    expect(html).toContain('<tr><th scope="row">Payment Processors</th><td>For processing payments</td><td>Coinbase Commerce</td></tr>');
    expect(html).toContain('<tr><th scope="row">Security Services</th><td>For DDoS protection and security</td><td>Cloudflare</td></tr>');
    expect(html).toContain('<tr><th scope="row">Email Services</th><td>For sending transactional emails</td><td>none named</td></tr>');
    expect(html).toContain('<a href="/dpa/1.0.0/#subprocessor.information-on-request">StudioLM provides information about its sub-processors on request</a>');
  });

  it('prints only the organization facts that are known', () => {
    expect(read(real, 'dpa/index.html')).toContain('<nav aria-label="Legal documents" class="documents"><ul><li><a href="/dpa/" aria-current="page">Data Processing Agreement (DPA)</a></li></ul></nav>');
    const html = read(real, 'dpa/1.0.0/index.html');
    expect(html).toContain('<li>Website: <a href="https://studiolm.dev" data-fact="website">studiolm.dev</a></li>');
    expect(html).not.toContain('Email:');
    expect(html).not.toContain('mailto:');
  });

  it('fails the build with the findings when a registry breaches the DPA, unless told to publish it anyway', () => {
    const run = codicil(['build', '--policy', 'examples/amendments/policy', '--records', 'examples/records', '--as-of', AS_OF, '--no-pdf', '--out', join(root, 'test', 'output', 'site-breach')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('the sub-processor registry in');
    expect(run.stderr).toContain('subprocessor.authorized-category (§8.1): sub-processor mixpanel: category analytics is not one the DPA authorizes');
    expect(run.stderr).toContain('transfer.safeguards (§12): sub-processor mixpanel (IN): mixpanel processes data in IN, outside the EEA, with no safeguard (mechanism none) (subprocessor_locations.csv:9)');
    expect(run.stderr).toContain('subprocessor.authorized-category (§8.1): sub-processor zendesk, an upcoming addition judged as of its engagement on 2025-10-15: category support is not one the DPA authorizes');
    expect(run.stderr).toContain('--publish-breaches');
    expect(existsSync(join(root, 'test', 'output', 'site-breach', 'index.html'))).toBe(false);
  }, 60_000);

  it('builds from another working directory, and keeps a draft change notice private', () => {
    const policy = stagePolicy(join(root, 'examples', 'amendments', 'policy'), 'site-draft-notice');
    const notice = join(root, policy, 'dpa', '1.2.0.notice.md');
    writeFileSync(notice, readFileSync(notice, 'utf8').replace('status: published', 'status: draft'));
    const dir = join(root, 'test', 'output', 'site-draft');
    execFileSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--policy', join(root, policy), '--as-of', AS_OF, '--no-pdf', '--out', dir], { cwd: tmpdir(), encoding: 'utf8' });
    expect(read(dir, 'dpa/changes/1.1.0...1.2.0/index.html')).not.toContain('Change notice');
    expect(read(dir, 'dpa/changes/1.0.1...1.1.0/index.html')).toContain('Change notice');
    expect(existsSync(join(dir, 'dpa/1.0.0.pdf'))).toBe(false);
  }, 120_000);
});

describe('in Chromium', () => {
  let site: SiteBrowser;
  let browser: Browser;
  const origins: Record<string, string> = {};

  beforeAll(async () => {
    site = await siteBrowser();
    browser = site.browser;
    origins.demo = await site.serve(demo);
    origins.real = await site.serve(real);
    mkdirSync(shots, { recursive: true });
  }, 60_000);

  afterAll(async () => site?.close());

  const PAGES: Record<string, string[]> = {
    demo: ['/', '/dpa/', '/dpa/1.0.0/', '/dpa/1.2.0/', '/dpa/versions/', '/dpa/changes/', '/dpa/changes/1.0.0...1.2.0/', '/dpa/changes/1.0.1...1.1.0/full/', '/subprocessors/', '/updates/', '/subprocessors/updates/', '/search/', '/schemas/', '/404.html'],
    real: ['/', '/dpa/', '/dpa/1.0.0/', '/dpa/changes/', '/subprocessors/', '/updates/', '/search/'],
  };

  for (const width of [390, 1280]) {
    for (const site of ['demo', 'real'] as const) {
      it(`${site} at ${width} px: every page loads, never scrolls sideways, and axe finds no violation of any impact`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        const found: string[] = [];
        for (const path of PAGES[site]!) {
          const response = await page.goto(origins[site] + path);
          expect(response?.status(), path).toBe(200);
          expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} scrolls sideways`).toBe(0);
          await page.addScriptTag({ content: axe.source });
          const result = await page.evaluate(async () => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
          found.push(...result.violations.map((v) => `${path}: ${v.id} [${v.impact}] ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`));
          await page.screenshot({ path: join(shots, `${site}-${width}${path.replace(/[^a-z0-9.]+/gi, '_')}.png`), fullPage: false });
        }
        expect(found).toEqual([]);
        await page.close();
      }, 120_000);
    }
  }

  it('has no horizontal overflow at 320 px either', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    for (const path of PAGES.demo!) {
      await page.goto(origins.demo + path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), path).toBe(0);
    }
    await page.close();
  }, 60_000);

  it('folds the contents away on a small screen and shows them beside the text on a wide one', async () => {
    const small = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await small.goto(`${origins.demo}/dpa/1.1.0/`);
    expect(await small.locator('nav.toc').isVisible()).toBe(false);
    expect(await small.locator('details.toc-small').isVisible()).toBe(true);
    expect(await small.locator('details.toc-small nav a[href="#security-incidents"]').isVisible()).toBe(false);
    await small.click('details.toc-small summary');
    await small.click('details.toc-small nav a[href="#security-incidents"]');
    expect(small.url()).toMatch(/#security-incidents$/);
    await small.close();
    const wide = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await wide.goto(`${origins.demo}/dpa/1.1.0/`);
    expect(await wide.locator('nav.toc').isVisible()).toBe(true);
    expect(await wide.locator('details.toc-small').isVisible()).toBe(false);
    await wide.close();
  }, 30_000);

  it('picks any two versions without JavaScript and shows their redline', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${origins.demo}/dpa/changes/`);
    await page.click('a[href="/dpa/changes/1.0.0...1.2.0/"]');
    expect(new URL(page.url()).pathname).toBe('/dpa/changes/1.0.0...1.2.0/');
    expect(await page.locator('h1').textContent()).toBe('Changes from version 1.0.0 to version 1.2.0');
    expect(await page.locator('.amendment ins').count()).toBeGreaterThan(2);
    expect(await page.locator('.amendment del').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(shots, 'demo-390-any-pair-redline.png'), fullPage: false });
    await page.click('a[href="/dpa/changes/1.0.0...1.2.0/full/"]');
    expect(await page.locator('article.full-text [data-change]').count()).toBeGreaterThan(3);
    await context.close();
  }, 30_000);

  it('shows the banners of superseded and upcoming versions', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origins.demo}/dpa/1.0.0/`);
    await expect.poll(() => page.locator('.banner.superseded').textContent()).toContain('Superseded. This version was in force from 2 December 2024, 00:00 UTC until 1 February 2025, 00:00 UTC.');
    await page.click('.banner.superseded a[href="/dpa/1.1.0/"]');
    expect(new URL(page.url()).pathname).toBe('/dpa/1.1.0/');
    await page.goto(`${origins.demo}/dpa/1.2.0/`);
    expect(await page.locator('.banner.upcoming').textContent()).toContain('Not yet in force: takes effect on 1 October 2025, 00:00 UTC.');
    await page.screenshot({ path: join(shots, 'demo-1280-upcoming-banner.png'), fullPage: false });
    await page.close();
  }, 30_000);

  it('has a visible ¶ link on a clause, at least 24 px square, to its full citation URL', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(`${origins.demo}/dpa/1.1.0/#incident.notify-within`);
    const cite = page.locator('[id="incident.notify-within"] a.cite');
    expect(await cite.isVisible()).toBe(true);
    expect(await cite.textContent()).toBe('¶');
    expect(await cite.getAttribute('href')).toBe(`${ORIGIN}/dpa/1.1.0/#incident.notify-within`);
    const box = (await cite.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(24);
    expect(box.height).toBeGreaterThanOrEqual(24);
    await page.screenshot({ path: join(shots, 'demo-390-cite-link.png'), fullPage: false });
    await page.close();
  }, 30_000);

  it('finds a clause with Pagefind search', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origins.demo}/search/?q=${encodeURIComponent('48 hours of becoming aware')}`);
    const hit = page.locator('#results a[href*="#incident.notify-within"]').first();
    await hit.waitFor({ timeout: 15_000 });
    expect(await hit.getAttribute('href')).toMatch(/^\/dpa\/1\.(1|2)\.0\/#incident\.notify-within$/);
    expect(await page.locator('#no-script').isVisible()).toBe(false);
    await page.screenshot({ path: join(shots, 'demo-1280-search.png'), fullPage: false });
    await hit.click();
    await expect.poll(() => page.locator(':target').getAttribute('id')).toBe('incident.notify-within');
    await page.close();
  }, 30_000);

  it('prints with a running header and full URLs, without the page furniture', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origins.demo}/dpa/1.1.0/`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    const header = await page.evaluate(() => Array.from(document.querySelectorAll('style'), (s) => s.textContent).join(''));
    expect(header).toContain('@top-left { content: "Data Processing Agreement · version 1.1.0 · in force from 1 June 2025 until 1 October 2025 (00:00 UTC) · https://legal.studiolm.dev/dpa/1.1.0/"');
    const after = await page.locator('.meta a[href="/dpa/changes/"]').evaluate((a) => getComputedStyle(a, '::after').content);
    expect(after).toBe('" <https://legal.studiolm.dev/dpa/changes/>"');
    await page.close();
  }, 30_000);

  it.skipIf(!existsSync(CHROMIUM))('builds a PDF of every version with pages, linked from its page', () => {
    for (const [site, versions] of [['demo', VERSIONS], ['real', ['1.0.0']]] as const) {
      const dir = site === 'demo' ? demo : real;
      for (const v of versions) {
        const pdf = readFileSync(join(dir, 'dpa', `${v}.pdf`));
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pageCount(pdf), `${site} ${v}`).toBeGreaterThan(2);
        expect(read(dir, `dpa/${v}/index.html`)).toContain(`<a href="/dpa/${v}.pdf" type="application/pdf">PDF</a>`);
      }
    }
  });

  it('prints every version with exactly the words of its source (what the PDF holds)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.emulateMedia({ media: 'print' });
    for (const [site, folder] of [['demo', 'examples/amendments/policy'], ['real', 'policy']] as const) {
      const { policy } = await loadPolicy(join(root, folder));
      const { organization } = await loadOrganization(policy);
      for (const version of policy.versions) {
        await page.goto(`${origins[site]}/dpa/${version.version}/`);
        // innerText honours the print stylesheet; codicil's own additions and the organization's facts are taken out.
        const printed = await page.evaluate((additions) => {
          const article = document.querySelector('article.document') as HTMLElement;
          for (const el of Array.from(article.querySelectorAll(additions.map((c) => `.${c}`).join(', ') + ', [data-fact]'))) el.remove();
          return article.innerText;
        }, CODICIL_ADDITIONS);
        expect(printed.split(/\s+/).filter(Boolean), `${site} ${version.version}`).toEqual(words(sourceTree(version, organization, true)));
      }
    }
    await page.close();
  }, 60_000);

  it('reads without JavaScript: the text, the contents and the search page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${origins.real}/dpa/`);
    expect(await page.locator('article.document h2').count()).toBeGreaterThan(10);
    await page.goto(`${origins.real}/search/?q=72+hours`);
    expect(await page.locator('#no-script').isVisible()).toBe(true);
    expect(await page.locator('#no-script a[href="/dpa/1.0.0/"]').count()).toBe(1);
    await context.close();
  }, 30_000);
});
