import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { loadPolicy, renderVersionHtml } from '../engine/index.ts';
import { renderMarkdownHtml } from '../engine/render/markdown.ts';
import { root } from './helpers.ts';

const { policy } = await loadPolicy(join(root, 'policy'));
const v1 = policy.versions[0]!;
const html = renderVersionHtml(v1);

describe('HTML of a version', () => {
  it('gives every clause its id as an anchor, once', () => {
    for (const clause of v1.clauses) {
      expect(html.match(new RegExp(`id="${clause.id.replace('.', '\\.')}"`, 'g'))).toHaveLength(1);
    }
  });

  it('gives every section its title anchor', () => {
    for (const section of v1.sections) expect(html).toContain(`id="${section.anchor}"`);
    expect(html).toContain('<h2 id="security-incidents" data-section="9">9. Security Incidents</h2>');
  });

  it('marks bound parameters with their typed values', () => {
    expect(html).toContain('<span class="param" data-param="within" data-clause="incident.notify-within" data-value="PT72H">72 hours</span>');
    expect(html).toContain('data-param="notice" data-clause="subprocessor.objection-window" data-value="P14D">14 days</span>');
  });

  it('marks vague words with a note marker and puts the interpretation below the passage, so the sentence reads on', () => {
    expect(html).toMatch(/<span class="param vague" data-param="within" data-clause="dsr.notify-customer" data-value="PT48H" aria-describedby="note-(\d+)">promptly<\/span><sup class="note-ref" data-pagefind-ignore=""><a href="#note-\1" id="note-ref-\1" aria-label="Interpretation note \1">\1<\/a><\/sup> notify you<\/span>/);
    expect(html).toMatch(/<\/p>\n<div id="note-(\d+)" class="interpretation" role="note" data-note="\1"><span class="note-number">\1<\/span> Interpretation: “promptly” means within 48 hours.<\/div>/);
    // No note inside a sentence, so never a doubled full stop.
    expect(html.replace(/<[^>]+>/g, '')).not.toMatch(/\.\s*\./);
  });

  it('renders the details table with row headers and no empty header row', () => {
    expect(html).not.toContain('<thead>');
    expect(html).toContain('<th scope="row">Subject Matter</th>');
    expect(html).toContain('<div class="table-scroll" role="region" tabindex="0" aria-label="Table: 4. Details of Processing"><table>');
  });

  it('renders call-outs and the effective date', () => {
    expect(html).toContain('<aside class="callout"><p><strong>When This DPA Applies:</strong>');
    expect(html).toContain('<time datetime="2024-12-02T00:00:00Z">December 2, 2024</time>');
  });

  it('leaves no directive syntax in the text', () => {
    expect(html).not.toMatch(/:clause|:param|\{id=|(?<![-\w])rule=/);
  });
});

describe('what a page cannot be made to carry (security review)', () => {
  it('gives a heading quoted in a block quote no section anchor: each section keeps its own, once', () => {
    const quote = { type: 'blockquote', children: [{ type: 'heading', depth: 2, children: [{ type: 'text', value: 'Quoted' }] }] } as Root['children'][number];
    const quoted = renderVersionHtml({ ...v1, tree: { ...v1.tree, children: [quote, ...v1.tree.children] } });
    expect(quoted).toContain('<blockquote>\n<h2>Quoted</h2>\n</blockquote>');
    for (const section of v1.sections) expect(quoted.match(new RegExp(`id="${section.anchor}"`, 'g')), section.anchor).toHaveLength(1);
    expect(quoted).toContain('<h2 id="security-incidents" data-section="9">9. Security Incidents</h2>');
  });

  it('renders a change notice without its images, and a link no URL can be made of without its address, never failing', () => {
    const notice = '---\nversion: 1.1.0\n---\n\nSee [our notes](http://[::1), ![](https://tracker.example/pixel.png) and [the DPA](/dpa/).\n';
    const base = 'https://legal.example.com/dpa/changes/1.0.0...1.1.0/';
    const html = renderMarkdownHtml(notice, { base });
    expect(html).toBe('<p>See <a>our notes</a>,  and <a href="https://legal.example.com/dpa/">the DPA</a>.</p>');
    expect(renderMarkdownHtml(notice)).not.toContain('tracker.example');
  });

  it('links a notice\'s footnotes to ids prefixed once, and shifts every heading alike under a page\'s own, attributes kept', () => {
    const notice = '# Title\n\n## Part\n\nText[^a].\n\n### Detail\n\n[^a]: A footnote.\n';
    const html = renderMarkdownHtml(notice, { topHeading: 3 });
    const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['user-content-fn-a', 'user-content-fnref-a']);
    for (const id of hrefs) expect(html).toContain(`id="${id}"`);
    expect([...html.matchAll(/<h(\d)[^>]*>([^<]*)<\/h(\d)>/g)].map((m) => `${m[1]}${m[2]}${m[3]}`)).toEqual(['3Title3', '4Part4', '5Detail5', '4Footnotes4']);
    expect(html).toContain('<h4 class="sr-only" id="footnote-label">Footnotes</h4>');
    // Without a level, headings stay as written (the feeds).
    expect(renderMarkdownHtml(notice)).toContain('<h1>Title</h1>');
  });
});
