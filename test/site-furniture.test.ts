// Page furniture and organization facts (issue 12, "web-page debris"). The
// published 1.0.0 was marked after publication: what a reader of the file
// reads must be exactly what it was, and the site must never print the
// captured page's furniture or its mangled addresses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { lint, loadPolicy, parseVersion, renderVersionHtml } from '../engine/index.ts';
import type { PolicyVersion } from '../engine/index.ts';
import { root, stagePolicy } from './helpers.ts';
import { writeFileSync } from 'node:fs';

const { policy } = await loadPolicy(join(root, 'policy'));
const marked = policy.versions.find((v) => v.version === '1.0.0')!;
/** policy/dpa/1.0.0.md as published, before its furniture was marked. */
const before = parseVersion(new VFile({ path: 'dpa/1.0.0.md', value: readFileSync(join(root, 'test/fixtures/site/furniture/1.0.0.before.md'), 'utf8') }), { document: 'dpa', reference: policy.reference })!;
const model = (v: PolicyVersion) => ({
  sections: v.sections.map(({ position: _p, ...s }) => s),
  clauses: v.clauses.map((c) => ({ id: c.id, rule: c.rule, text: c.text, section: c.section, params: Object.fromEntries(Object.entries(c.params).map(([k, p]) => [k, p.value])) })),
  interpretations: v.interpretations.map(({ position: _p, ...i }) => i),
});

describe('marking page furniture changes nothing a reader reads', () => {
  it('1.0.0 has the same plain text, line for line, before and after the marks', () => {
    expect(marked.plainText).toBe(before.plainText);
    expect(marked.plainText).toContain('Questions? Email [email\u00a0protected].');
  });
  it('and the same sections, clauses, parameters and interpretations', () => {
    expect(model(marked)).toEqual(model(before));
  });
  it('the lock records the marked text (the edit was deliberate, not a silent change)', async () => {
    const result = await lint({ policy: join(root, 'policy') });
    expect(result.messages.filter((m) => m.severity === 'error')).toEqual([]);
  });
});

describe('the site prints the organization facts, never the captured debris', () => {
  const organization = { name: 'StudioLM', legalName: null, email: null, website: 'https://studiolm.dev', documents: [{ title: 'Data Processing Agreement (DPA)', document: 'dpa' }] };

  it('leaves out furniture and unknown facts', () => {
    const html = renderVersionHtml(marked, { organization });
    expect(html).not.toContain('[email');
    expect(html).not.toMatch(/<p>Legal<\/p>/);
    expect(html).not.toContain('<li>Terms of Service</li>');
    expect(html).not.toContain('Questions?');
    expect(html).toContain('<p>Effective from <time datetime="2024-12-02T00:00:00Z">December 2, 2024</time></p>');
    // The contact section keeps what is known and drops the line whose fact is unknown.
    expect(html).toContain('<li>Website: <a href="https://studiolm.dev" data-fact="website">studiolm.dev</a></li>');
    expect(html).not.toContain('Email:');
  });

  it('prints a known fact in place of the captured words', () => {
    const html = renderVersionHtml(marked, { organization: { ...organization, email: 'privacy@studiolm.example' } });
    expect(html).toContain('<li>Email: <a href="mailto:privacy@studiolm.example" data-fact="email">privacy@studiolm.example</a></li>');
  });
});

describe('lint: furniture marks and organization facts', () => {
  it('warns about every unknown fact of the real organization file, and fails on none', async () => {
    const result = await lint({ policy: join(root, 'policy') });
    const unknown = result.messages.filter((m) => m.code === 'CODICIL-O003').map((m) => `${m.file}:${m.line} ${m.message}`);
    expect(unknown).toEqual([
      'policy/organization.yaml:7 organization fact legalName is unknown: the site leaves it out',
      'policy/organization.yaml:8 organization fact email is unknown: the site leaves it out',
      'policy/organization.yaml:12 organization fact documents[0].url (Terms of Service) is unknown: the site leaves it out',
      'policy/organization.yaml:14 organization fact documents[1].url (Privacy Policy) is unknown: the site leaves it out',
    ]);
    expect(result.ok).toBe(true);
    expect(result.organization?.website).toBe('https://studiolm.dev');
  });

  it('warns about facts the text states when there is no organization file', async () => {
    const staged = stagePolicy(join(root, 'policy'), 'site-furniture-no-org');
    const { rmSync } = await import('node:fs');
    rmSync(join(root, staged, 'organization.yaml'));
    const result = await lint({ policy: join(root, staged) });
    expect(result.messages.filter((m) => m.code === 'CODICIL-O003').map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([
      '226:10 organization fact email (no organization.yaml) is unknown: the site leaves it out',
      '227:12 organization fact website (no organization.yaml) is unknown: the site leaves it out',
    ]);
  });

  it('refuses an invalid organization file and invalid marks, with file, line and field', async () => {
    const staged = stagePolicy(join(root, 'policy'), 'site-furniture-invalid');
    writeFileSync(join(root, staged, 'organization.yaml'), 'name: StudioLM\nlegalName: null\nemail: not-an-address\nwebsite: null\ndocuments:\n  - title: Terms\n    url: https://x.example/terms\n    document: dpa\n  - title: Other\n    document: tos\n');
    const file = join(root, staged, 'dpa', '1.0.0.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(':::furniture{kind=breadcrumb}', ':::furniture{kind=banner}')
        .replace(':fact[studiolm.dev]{name=website}', ':fact[studiolm.dev]{name=phone}')
        .replace('- Data Processing Agreement (DPA)\n:::', '- Data Processing Agreement (DPA)\n- :clause{id=nav.item rule=attestation} Sitemap\n:::'),
    );
    const result = await lint({ policy: join(root, staged) });
    const shown = result.messages.filter((m) => m.severity === 'error' && /CODICIL-[FO]/.test(m.code)).map((m) => `${m.file.split('/').slice(-1)[0]}:${m.line} ${m.code} ${m.message}`);
    expect(shown).toEqual([
      '1.0.0.md:12 CODICIL-F001 page furniture: kind must be one of \"breadcrumb\", \"navigation\", \"contact\"',
      '1.0.0.md:25 CODICIL-F003 clause nav.item is inside page furniture, which is not part of the agreement',
      '1.0.0.md:228 CODICIL-F002 organization fact: name must be one of \"email\", \"website\", \"legal-name\"',
      'organization.yaml:3 CODICIL-O002 organization.yaml: email must be a valid email',
      'organization.yaml:6 CODICIL-O002 organization.yaml: documents[0] needs either document (published on this site) or url (published elsewhere), not both',
      'organization.yaml:10 CODICIL-O002 organization.yaml: documents[1].document names tos, but this policy publishes dpa',
    ]);
  });
});
