import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy, renderVersionHtml } from '../engine/index.ts';
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

  it('shows the interpretation of vague words as a note', () => {
    expect(html).toMatch(/<span class="param vague" data-param="within" data-clause="dsr.notify-customer" data-value="PT48H" aria-describedby="(note-\d+)">promptly<\/span> <small id="\1" class="interpretation" role="note">Interpretation: “promptly” means within 48 hours.<\/small>/);
  });

  it('renders the details table with row headers and no empty header row', () => {
    expect(html).not.toContain('<thead>');
    expect(html).toContain('<th scope="row">Subject Matter</th>');
  });

  it('renders call-outs and the effective date', () => {
    expect(html).toContain('<aside class="callout"><p><strong>When This DPA Applies:</strong>');
    expect(html).toContain('<time datetime="2024-12-02">December 2, 2024</time>');
  });

  it('leaves no directive syntax in the text', () => {
    expect(html).not.toMatch(/:clause|:param|\{id=|(?<![-\w])rule=/);
  });
});
