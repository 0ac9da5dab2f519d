// The full-text redline (/dpa/changes/A...B/full/) shows each version as its
// page shows it — the same words, the organization's facts, the text's own
// inline markup and the interpretation notes — plus the marks of change
// (review F1, F2, F3: it showed the words of the file only).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { loadPolicy, parseVersion, renderVersionHtml, type PolicyVersion } from '../engine/index.ts';
import { renderFullTextRedline } from '../engine/render/redline.ts';
import type { Organization } from '../engine/generated/organization.ts';
import { root } from './helpers.ts';

const examples = join(root, 'examples', 'amendments', 'policy');
const { policy } = await loadPolicy(examples);
const base = readFileSync(join(examples, 'dpa', '1.2.0.md'), 'utf8');
const v120 = policy.versions.find((v) => v.version === '1.2.0')!;

/** Version 1.2.0's text with each edit (which must apply), as a later version. */
function derive(version: string, edits: [string | RegExp, string][], from = base): { text: string; version: PolicyVersion } {
  let text = from.replace(/^version: .*$/m, `version: ${version}`);
  for (const [a, b] of edits) {
    const next = text.replace(a, b);
    expect(next, String(a)).not.toBe(text);
    text = next;
  }
  const parsed = parseVersion(new VFile({ path: `dpa/${version}.md`, value: text }), { document: 'dpa', reference: policy.reference });
  expect(parsed).not.toBeNull();
  return { text, version: parsed! };
}
const full = (from: PolicyVersion, to: PolicyVersion, organization: Organization | null = null) => renderFullTextRedline({ from, to, href: (v) => `/dpa/${v}/`, organization });
/** The interpretation notes of a page, their words only (numbers differ: the redline numbers its own). */
const notesOf = (html: string) => [...html.matchAll(/<div id="note-\d+" class="interpretation"[^>]*><span class="note-number">\d+<\/span> (.*?)<\/div>/g)].map((m) => m[1]);

describe('interpretation notes (F1: a changed means= was not shown, and "0 passages changed")', () => {
  it('shows the notes the version page shows, unmarked when nothing changes', () => {
    const { html, changes } = full(v120, v120);
    expect(notesOf(html)).toEqual(notesOf(renderVersionHtml(v120)));
    expect(notesOf(html).length).toBeGreaterThan(5);
    expect(changes).toBe(0);
    expect(html).not.toContain('change-mark');
  });

  it('marks a changed value in the note, and counts the passage as changed', () => {
    const { version } = derive('1.3.0', [[/means="24 hours"/g, 'means="12 hours"']]);
    const { html, changes } = full(v120, version);
    // The words of the text are the same: only the notes of the three passages that read "immediately" change.
    expect(changes).toBe(3);
    const notes = notesOf(html).filter((n) => n!.includes('change-mark'));
    expect(notes).toEqual(Array(3).fill('Interpretation: “immediately” means within <del class="change-mark">24</del><ins class="change-mark">12</ins> hours.'));
    expect(html).toMatch(/<p class="ft ft-modify ft-paragraph" data-change="modify">We will process personal data for the duration .*?immediately<\/span><sup class="note-ref" data-pagefind-ignore=""><a href="#note-(\d+)" aria-label="Interpretation note \1">\1<\/a><\/sup> as described in our Privacy Policy\.<\/span><\/p><div id="note-\1" class="interpretation" role="note" data-note="\1" data-change="modify">/);
  });

  it('tells a changed value when the note does not name it', () => {
    const note = 'note="We delete the data without undue delay."';
    const before = derive('1.2.1', [[/means="24 hours"/g, `means="24 hours" ${note}`]]);
    const after = derive('1.3.0', [[/means="24 hours"/g, `means="12 hours" ${note}`]]);
    const { html, changes } = full(before.version, after.version);
    expect(changes).toBe(3);
    expect(html).toContain('data-change="modify"><span class="note-number">1</span> We delete the data without undue delay.<small class="ft-note"> (enforced as <del class="change-mark">24 hours</del> <ins class="change-mark">12 hours</ins>)</small></div>');
  });

  it('marks a note of an added passage as added, numbered through the redline', () => {
    const { version } = derive('1.3.0', [['## 16. Contact', 'We answer :clause[:param[promptly]{name=within means="72 hours"}]{id=contact.answer rule=dsr-notice-deadline}.\n\n## 16. Contact']]);
    const { html } = full(v120, version);
    // After it, no passage has a note: its note is the newer page's last.
    const last = notesOf(renderVersionHtml(version)).length;
    expect(html).toContain(`<div id="note-${last}" class="interpretation" role="note" data-note="${last}" data-change="insert"><span class="note-number">${last}</span> <ins class="change-mark">Interpretation: “promptly” means within 72 hours.</ins></div>`);
  });
});

describe('organization facts (F2: the captured words were printed)', () => {
  const organization = { name: 'StudioLM', legalName: null, email: 'privacy@studiolm.example', website: 'https://studiolm.example', documents: [] } as Organization;

  it('prints the facts the version page prints, never the words of the file', () => {
    const { html } = full(v120, v120, organization);
    expect(html).toContain('<p class="ft ft-equal ft-item">Email: <a href="mailto:privacy@studiolm.example" data-fact="email">privacy@studiolm.example</a></p>');
    expect(html).toContain('<p class="ft ft-equal ft-item">Website: <a href="https://studiolm.example" data-fact="website">studiolm.example</a></p>');
    expect(html).not.toContain('[email');
    expect(html).not.toContain('studiolm.dev');
  });

  it('leaves out a passage whose fact is unknown, as the version page does', () => {
    const { html, changes } = full(v120, v120, { ...organization, email: null });
    expect(renderVersionHtml(v120, { organization: { ...organization, email: null } })).not.toContain('Email:');
    expect(html).not.toContain('Email:');
    expect(html).not.toContain('[email');
    expect(html).toContain('Website: <a href="https://studiolm.example"');
    expect(changes).toBe(0);
  });

  it('leaves out a new passage the newer page leaves out', () => {
    // The newer version states the e-mail address in a passage of its own; the fact is unknown: its page has no such passage.
    const { version } = derive('1.3.0', [['## 16. Contact', 'Write to :fact[us]{name=email} at any time.\n\n## 16. Contact']]);
    const { html } = full(v120, version, { ...organization, email: null });
    expect(html).not.toContain('Write to');
  });
});

describe('the text\'s own inline markup (F3: struck words read as current)', () => {
  const hours = 'Our support hours were <del>Monday to Sunday</del> <ins>Monday to Friday</ins>, **by e-mail only**, as of this version.\n\n## 16. Contact';
  const withHours = derive('1.3.0', [['## 16. Contact', hours]]);

  it('keeps the text\'s own <del>, <ins> and emphasis where they are unchanged, apart from the redline\'s marks', () => {
    const next = derive('1.4.0', [['For questions about this DPA', 'For any questions about this DPA']], withHours.text);
    const { html, changes } = full(withHours.version, next.version);
    expect(changes).toBe(1);
    expect(html).toContain('<p class="ft ft-equal ft-paragraph">Our support hours were <del>Monday to Sunday</del> <ins>Monday to Friday</ins>, <strong>by e-mail only</strong>, as of this version.</p>');
    expect(html).toContain('For <ins class="change-mark">any </ins>questions about this DPA');
  });

  it('keeps them inside an added passage and a changed one', () => {
    expect(full(v120, withHours.version).html).toContain('<p class="ft ft-insert ft-paragraph" data-change="insert"><ins class="change-mark">Our support hours were <del>Monday to Sunday</del> <ins>Monday to Friday</ins>, <strong>by e-mail only</strong>, as of this version.</ins></p>');
    const next = derive('1.4.0', [['<del>Monday to Sunday</del>', '<del>Monday to Saturday</del>']], withHours.text);
    expect(full(withHours.version, next.version).html).toContain('Our support hours were <del>Monday to </del><del class="change-mark"><del>Sunday</del></del><ins class="change-mark"><del>Saturday</del></ins> <ins>Monday to Friday</ins>');
  });
});

describe('footnotes (site review: the redline\'s footnote links led nowhere)', () => {
  it('links a footnote and its way back to the version page that numbers them', () => {
    const noted = derive('1.3.0', [['## 16. Contact', 'A note on this text[^v1].\n\n[^v1]: The footnote of the version.\n\n## 16. Contact']]);
    const { html } = full(v120, noted.version);
    const links = [...html.matchAll(/href="([^"]*fn[^"]*)"/g)].map((m) => m[1]);
    expect(links).toEqual(['/dpa/1.3.0/#user-content-fn-v1', '/dpa/1.3.0/#user-content-fnref-v1']);
    // The version page has both targets.
    const page = renderVersionHtml(noted.version);
    expect(page).toContain('id="user-content-fn-v1"');
    expect(page).toContain('id="user-content-fnref-v1"');
    expect(html).toContain('The footnote of the version.');
  });
});
