// Issue 8, item 2: no executable markup in published output. A policy whose
// front matter, change notice and sub-processor registry carry hostile
// strings is built; every HTML page, both feeds and the JSON are read back
// with strict parsers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { visit } from 'unist-util-visit';
import type { Element, Root } from 'hast';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../engine/index.ts';
import { atomFeed, rssFeed } from '../engine/site/feeds.ts';
import { root, stagePolicy } from './helpers.ts';
import { childrenNamed, parseXml, type XmlElement } from './xml.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
/** Markup, a CDATA terminator, a bell, an escape code and a NUL: what a careless export or a hostile editor could put in a field. */
const HOSTILE = '<img src=x onerror=alert(1)> ]]> <script>alert(2)</script> &lt;script&gt;alert(3)&lt;/script&gt; \u0007\u001b[31m\u0000 end';
/** The same without the characters no target may carry (entity references are words here, not markup). */
const SHOWN = '<img src=x onerror=alert(1)> ]]> <script>alert(2)</script> &lt;script&gt;alert(3)&lt;/script&gt; [31m end';
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

/** Every way a parsed HTML tree could run code: script elements, event handler attributes, javascript: URLs. */
function executable(tree: Root): string[] {
  const found: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (['script', 'iframe', 'object', 'embed'].includes(node.tagName)) found.push(`<${node.tagName}>`);
    for (const [name, value] of Object.entries(node.properties ?? {})) {
      if (/^on/i.test(name)) found.push(`${node.tagName}[${name}]`);
      if (typeof value === 'string' && /^\s*(javascript|vbscript|data):/i.test(value)) found.push(`${node.tagName}[${name}=${value}]`);
    }
  });
  return found;
}
const html = (text: string): Root => unified().use(rehypeParse).parse(text);

describe('feeds escape every string (unit)', () => {
  const channel = { id: 'https://x.test/feed.xml', title: HOSTILE, subtitle: HOSTILE, page: 'https://x.test/', atom: 'https://x.test/feed.xml', rss: 'https://x.test/rss.xml', author: { name: HOSTILE }, updated: '2025-01-01T00:00:00Z' };
  // Sanitized HTML as the engine renders it: the hostile words escaped once (`&` and `<`).
  const entries = [{ id: 'https://x.test/a', title: HOSTILE, link: 'https://x.test/a', date: '2025-01-01T00:00:00Z', summary: HOSTILE, html: `<p>${HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>` }];

  it('Atom: text constructs are type="text" and carry the words literally; no forbidden character', () => {
    const xml = atomFeed(channel, entries);
    expect(xml).not.toMatch(FORBIDDEN);
    expect(xml).not.toContain('CDATA');
    const feed = parseXml(xml);
    const entry = childrenNamed(feed, 'entry')[0]!;
    for (const element of [childrenNamed(feed, 'title')[0]!, childrenNamed(entry, 'title')[0]!, childrenNamed(entry, 'summary')[0]!]) {
      expect(element.attributes.type).toBe('text');
      expect(element.text).toBe(SHOWN);
    }
    const content = html(childrenNamed(entry, 'content')[0]!.text);
    expect(executable(content)).toEqual([]);
    // The reader shows the words, entity references included, as they were written.
    let shown = '';
    visit(content, 'text', (t: { value: string }) => void (shown += t.value));
    expect(shown).toBe(SHOWN);
  });

  it('RSS: titles are text; descriptions are HTML with nothing executable', () => {
    const xml = rssFeed(channel, [{ ...entries[0]!, html: undefined }]);
    expect(xml).not.toMatch(FORBIDDEN);
    const item = childrenNamed(childrenNamed(parseXml(xml), 'channel')[0]!, 'item')[0]!;
    expect(childrenNamed(item, 'title')[0]!.text).toBe(SHOWN);
    const description = childrenNamed(item, 'description')[0]!.text;
    expect(executable(html(description))).toEqual([]);
    expect(description).toContain('&#x3C;img');
  });
});

describe('a site built from hostile inputs publishes nothing executable', () => {
  const base = join('test', 'output', 'site-hostile');
  const out = join(root, base, 'out');
  const records = join(root, base, 'records');
  let policy: string;

  beforeAll(() => {
    policy = stagePolicy(join(root, 'examples', 'amendments', 'policy'), join('site-hostile', 'policy'));
    const dir = join(root, policy, 'dpa');
    // Front matter: title and summary of a published version (re-locked: this is a new policy, not an edit).
    const v = join(dir, '1.2.0.md');
    writeFileSync(v, readFileSync(v, 'utf8').replace(/^title: .*$/m, `title: ${JSON.stringify(`Data Processing Agreement ${HOSTILE}`)}`).replace(/^summary: .*$/m, `summary: ${JSON.stringify(HOSTILE)}`));
    const lock = JSON.parse(readFileSync(join(dir, 'versions.lock'), 'utf8'));
    lock.versions['1.2.0'].sha256 = contentHash(readFileSync(v, 'utf8'));
    writeFileSync(join(dir, 'versions.lock'), `${JSON.stringify(lock, null, 2)}\n`);
    // The change notice: raw HTML, a javascript: link, a CDATA terminator (raw control
    // characters in a policy file are refused by lint, CODICIL-P108: policy-text.test.ts).
    const notice = join(dir, '1.2.0.notice.md');
    writeFileSync(notice, `${readFileSync(notice, 'utf8')}\n<script>alert(3)</script>\n\n<img src=x onerror=alert(4)>\n\n[click](javascript:alert(5)) and ]]>.\n`);
    // The registry: hostile names and purposes (a registry that passes the DPA's clauses).
    mkdirSync(records, { recursive: true });
    writeFileSync(
      join(records, 'subprocessors.yaml'),
      [
        `- name: ${JSON.stringify('<img src=x onerror=alert(1)>')}`,
        '  category: cloud_infrastructure',
        `  purpose: ${JSON.stringify(HOSTILE)}`,
        '  engaged_at: 2023-03-01T00:00:00Z',
        '  notice_sent_at: 2023-01-01T00:00:00Z',
        `- name: ${JSON.stringify(']]><script>alert(6)</script>')}`,
        '  category: security',
        `  purpose: ${JSON.stringify('"quoted" & <b>bold</b>')}`,
        '  engaged_at: 2023-03-01T00:00:00Z',
        '  notice_sent_at: 2023-01-01T00:00:00Z',
        '',
      ].join('\n'),
    );
    writeFileSync(join(records, 'subprocessor_locations.csv'), 'subprocessor,country,mechanism\n"<img src=x onerror=alert(1)>",IE,none\n"]]><script>alert(6)</script>",DE,none\n');
    execFileSync(process.execPath, [join(root, 'bin/codicil.js'), 'build', '--policy', policy, '--records', records, '--as-of', '2025-09-01T00:00:00Z', '--no-pdf', '--out', out], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  }, 120_000);

  const files = (ext: string) =>
    readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(ext))
      .map((e) => relative(out, join(e.parentPath, e.name)));

  it('HTML pages: the hostile words appear as text, never as elements, handlers or script URLs', () => {
    const pages = files('.html');
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const text = readFileSync(join(out, page), 'utf8');
      expect(text, page).not.toMatch(FORBIDDEN);
      // The search page runs the site's own script (progressive enhancement); no data ever reaches it.
      const tree = html(text);
      const scripts: string[] = [];
      visit(tree, 'element', (node: Element) => void (node.tagName === 'script' && scripts.push(node.children.map((c) => (c.type === 'text' ? c.value : '')).join(''))));
      const own = page === 'search/index.html' ? scripts : [];
      for (const script of own) expect(script).not.toMatch(/alert|onerror|<img/);
      expect(executable(tree).filter((x) => !(own.length === 1 && x === '<script>')), page).toEqual([]);
    }
    const version = readFileSync(join(out, 'dpa/1.2.0/index.html'), 'utf8');
    expect(version).toContain('<title>Data Processing Agreement &lt;img src=x onerror=alert(1)&gt; ]]&gt; &lt;script&gt;alert(2)&lt;/script&gt; &amp;lt;script&amp;gt;');
    const subprocessors = readFileSync(join(out, 'subprocessors/index.html'), 'utf8');
    expect(subprocessors).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(subprocessors).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
  });

  it('Atom feed: well-formed, titles and summaries as text, content without anything executable', () => {
    const xml = readFileSync(join(out, 'feed.xml'), 'utf8');
    expect(xml).not.toMatch(FORBIDDEN);
    const feed = parseXml(xml);
    expect(feed.uri).toBe(ATOM);
    const entries = childrenNamed(feed, 'entry');
    const texts = (e: XmlElement) => [...childrenNamed(e, 'title'), ...childrenNamed(e, 'summary')];
    for (const element of [...childrenNamed(feed, 'title'), ...entries.flatMap(texts)]) expect(element.attributes.type).toBe('text');
    const titles = entries.map((e) => childrenNamed(e, 'title')[0]!.text);
    expect(titles.some((t) => t.includes('New sub-processor: <img src=x onerror=alert(1)>'))).toBe(true);
    expect(titles.some((t) => t.includes('New sub-processor: ]]><script>alert(6)</script>'))).toBe(true);
    const content = entries.flatMap((e) => childrenNamed(e, 'content'));
    expect(content.length).toBeGreaterThan(0);
    for (const c of content) {
      expect(c.attributes.type).toBe('html');
      expect(executable(html(c.text))).toEqual([]);
      // Links in content lead back to the site from a feed reader.
      for (const [, href] of c.text.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
    }
  });

  it('RSS feed: well-formed, nothing executable in titles or descriptions', () => {
    const xml = readFileSync(join(out, 'rss.xml'), 'utf8');
    expect(xml).not.toMatch(FORBIDDEN);
    const items = childrenNamed(childrenNamed(parseXml(xml), 'channel')[0]!, 'item');
    expect(items.map((i) => childrenNamed(i, 'title')[0]!.text)).toContain('New sub-processor: <img src=x onerror=alert(1)>, Cloud Infrastructure Providers');
    for (const item of items) expect(executable(html(childrenNamed(item, 'description')[0]!.text))).toEqual([]);
  });

  it('JSON keeps the data as it is, escaped by JSON', () => {
    const json = JSON.parse(readFileSync(join(out, 'dpa/1.2.0.json'), 'utf8'));
    expect(json.summary).toBe(HOSTILE);
    expect(readFileSync(join(out, 'dpa/1.2.0.json'), 'utf8')).not.toMatch(FORBIDDEN);
  });
});
