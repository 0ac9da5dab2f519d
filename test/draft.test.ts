// `codicil draft`: a new version from the latest one, header and
// effective-date words right, that `codicil lint` accepts unchanged; every
// refusal writes nothing. Fixture policies in test/fixtures/draft/<name>/policy/,
// goldens beside them (UPDATE_FIXTURES=1 rewrites them; a missing one fails).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, lint } from '../engine/index.ts';
import { restyleDate } from '../engine/draft/date-words.ts';
import { draftVersion } from '../engine/draft/draft.ts';
import { WriteFailed, writeNewFile } from '../engine/io/write.ts';
import { assertAsyncProperty } from './property.ts';
import { root, stagePolicy } from './helpers.ts';
import { golden, run } from './policy-tests-cli.ts';

const fixtures = join(root, 'test', 'fixtures', 'draft');

const stage = (name: string, as = name) => stagePolicy(join(fixtures, name, 'policy'), join('draft', as));
const listing = (policy: string) => readdirSync(join(root, policy, 'dpa')).sort();

describe('codicil draft', () => {
  it('drafts from the latest version: header, effective words in their own style, no old withdrawals; lint accepts it unchanged', async () => {
    const policy = stage('month-first');
    const out = await run(['draft', '1.2.0', '--effective', '2025-06-01', '--published', '2025-04-01', '--policy', policy]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    golden(join(fixtures, 'month-first', 'expected.txt'), out.stdout.split(policy).join('POLICY'));
    const text = readFileSync(join(root, policy, 'dpa', '1.2.0.md'), 'utf8');
    golden(join(fixtures, 'month-first', 'expected', '1.2.0.md'), text);
    expect(text).toMatch(/^# Legal's notes in the header stay where they are\.$/m);
    expect(text).toMatch(/^effective: 2025-06-01   # the first of the month, as always$/m);
    expect(text).toMatch(/^status: draft$/m);
    expect(text).toMatch(/^material: true$/m);
    expect(text).not.toContain('withdrawn:');
    expect(text).toContain('Effective from :effective[June 1, 2025]. This version replaces the one effective from January 1, 2025.');
    expect(text).toContain(':effective[JUNE 01, 2025]');
    const result = await lint({ policy });
    expect(result.messages).toEqual([]);
    expect(result.policy.versions.map((v) => `${v.version} ${v.status}`)).toEqual(['1.0.0 published', '1.1.0 published', '1.2.0 draft']);
  });

  it('takes the document by name, and keeps day-first, ISO and emphasised date words in their style', async () => {
    const policy = stage('day-first');
    const out = await run(['draft', 'dpa', '2.0.0', '--effective', '2025-03-01', '--published', '2025-01-10', '--policy', policy]);
    expect(out.code, out.stderr).toBe(0);
    const text = readFileSync(join(root, policy, 'dpa', '2.0.0.md'), 'utf8');
    golden(join(fixtures, 'day-first', 'expected', '2.0.0.md'), text);
    expect(text).toContain('In force from :effective[1 March, 2025] (:effective[2025-03-01]); signed copies say :effective[**1 March 2025**].');
    expect(out.stdout).toContain('(the text now says “1 March, 2025”, “2025-03-01”, “1 March 2025”)');
    // Six weeks before March 1.
    expect(out.stdout).toContain('customers must be told at least 42 days ahead (amendment.advance-notice of 1.0.0), so publish by 2025-01-18');
    expect((await lint({ policy })).messages).toEqual([]);
  });

  it('drafts the bundled DPA and the example amendment history (notices, withdrawals) into versions lint accepts', async () => {
    for (const [source, name, version, effective, published] of [
      [join(root, 'policy'), 'bundled', '1.1.0', '2025-03-01', '2025-01-15'],
      [join(root, 'examples', 'amendments', 'policy'), 'amendments', '1.3.0', '2026-06-01', '2026-03-01'],
    ] as const) {
      const policy = stagePolicy(source, join('draft', name));
      const out = await run(['draft', version, '--effective', effective, '--published', published, '--policy', policy]);
      expect(out.code, out.stderr).toBe(0);
      const result = await lint({ policy });
      expect(result.messages.filter((m) => m.severity === 'error'), name).toEqual([]);
      expect(result.policy.versions.at(-1)).toMatchObject({ version, effective, published, status: 'draft', material: true });
      expect(result.policy.versions.at(-1)!.summary).toMatch(/^TODO: /);
      // The published versions in force are unchanged: the draft is never in force.
      expect(listing(policy)).toContain(`${version}.md`);
    }
  });

  it('refuses, writing nothing: an existing, smaller or malformed version, dates out of order, short notice, another document, a broken policy', async () => {
    const policy = stage('month-first', 'month-first-refusals');
    const before = listing(policy);
    const refusals: [string[], string][] = [
      [['1.1.0', '--effective', '2025-06-01', '--published', '2025-04-01'], `version 1.1.0 already exists (${policy}/dpa/1.1.0.md): a version file is never overwritten`],
      [['1.0.5', '--effective', '2025-06-01', '--published', '2025-04-01'], 'version 1.0.5 is not greater than the latest version, 1.1.0'],
      [['1.2', '--effective', '2025-06-01', '--published', '2025-04-01'], '"1.2" is not a version: write MAJOR.MINOR.PATCH, e.g. 1.1.0'],
      [['1.2.0', '--effective', '2025-03-01', '--published', '2025-01-01'], "--effective 2025-03-01 is not after 1.1.0's effective date, 2025-03-01: a later version takes effect later"],
      [['1.2.0', '--effective', '2025-06-01', '--published', '2025-06-02'], 'published 2025-06-02 is after the effective date 2025-06-01: customers must be able to read a version before it binds them'],
      [
        ['1.2.0', '--effective', '2025-06-01', '--published', '2025-05-10'],
        'material version 1.2.0 would be published 2025-05-10, less than 30 days before it takes effect on 2025-06-01; version 1.1.0 promises 30 days of notice (amendment.advance-notice). Publish by 2025-05-02 (--published 2025-05-02), or take effect on 2025-06-09 or later (--effective 2025-06-09)',
      ],
      [['tos', '1.2.0', '--effective', '2025-06-01', '--published', '2025-04-01'], `the policy in ${policy} holds document dpa, not tos`],
    ];
    for (const [args, problem] of refusals) {
      const out = await run(['draft', ...args, '--policy', policy]);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain('codicil draft: refused, nothing written:\n');
      expect(out.stderr, args.join(' ')).toContain(`  - ${problem}`);
    }
    // Two problems at once are both reported.
    const both = await run(['draft', '1.0.5', '--effective', '2024-06-01', '--published', '2024-05-01', '--policy', policy]);
    expect(both.stderr.match(/\n {2}- /g)).toHaveLength(2);
    // Bad usage: a date that does not exist, no version, too many arguments.
    for (const args of [['1.2.0', '--effective', '2025-02-30'], ['--effective', '2025-06-01'], ['dpa', '1.2.0', 'extra', '--effective', '2025-06-01'], ['1.2.0']]) {
      const out = await run(['draft', ...args, '--policy', policy]);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr, args.join(' ')).toContain('[CODICIL-U001]');
    }
    expect(listing(policy)).toEqual(before);

    const broken = stage('broken');
    const out = await run(['draft', '1.1.0', '--effective', '2025-06-01', '--published', '2025-04-01', '--policy', broken]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`the policy in ${broken} has`);
    expect(out.stderr).toContain('[CODICIL-P103]');
    expect(listing(broken)).toEqual(['1.0.0.md']);
  });

  it('drafted on a draft that withdraws a clause: keeps that withdrawal, since both amend the same published version (review: CODICIL-V005)', async () => {
    const policy = stage('month-first', 'month-first-on-a-draft');
    expect((await run(['draft', '1.2.0', '--effective', '2025-06-01', '--published', '2025-04-01', '--policy', policy])).code).toBe(0);
    // Legal withdraws a clause in the draft 1.2.0.
    const draft = join(root, policy, 'dpa', '1.2.0.md');
    const withdrawal = 'withdrawn:\n  - clause: incident.notify-within\n    reason: Covered by the incident policy.\n';
    writeFileSync(draft, readFileSync(draft, 'utf8').replace('status: draft\n', `status: draft\n${withdrawal}`).replace(/^- :clause\{id=incident\.notify-within .*\n/m, ''));
    expect((await lint({ policy })).messages).toEqual([]);
    const out = await run(['draft', '1.3.0', '--effective', '2025-07-01', '--published', '2025-05-01', '--policy', policy]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('  withdrawn  incident.notify-within (kept from draft 1.2.0: like it, 1.3.0 amends 1.1.0, whose clauses these were)\n');
    expect(readFileSync(join(root, policy, 'dpa', '1.3.0.md'), 'utf8')).toContain(`status: draft\n${withdrawal}summary:`);
    expect((await lint({ policy })).messages).toEqual([]);
    const amendment = await diff({ from: 'dpa@1.1.0', to: join(policy, 'dpa', '1.3.0.md'), policy });
    expect(amendment.ok && amendment.amendment.clauses.map((c) => [c.id, c.change, c.reason])).toEqual([['incident.notify-within', 'withdrawn', 'Covered by the incident policy.']]);
  });

  it('drafts from a version file that starts with a byte-order mark as from one without, keeping the mark (review: every edit fell one character early: “unknown directive :effectiveMarch”)', async () => {
    const drafted: string[] = [];
    for (const [as, mark] of [['month-first-plain', ''], ['month-first-bom', '\uFEFF']] as const) {
      const policy = stage('month-first', as);
      expect((await run(['draft', '1.2.0', '--effective', '2025-06-01', '--published', '2025-04-01', '--policy', policy])).code).toBe(0);
      // The draft 1.2.0 (not locked) now starts with a mark, as an editor may save it.
      const latest = join(root, policy, 'dpa', '1.2.0.md');
      writeFileSync(latest, `${mark}${readFileSync(latest, 'utf8')}`);
      expect((await lint({ policy })).messages).toEqual([]);
      const out = await run(['draft', '1.3.0', '--effective', '2025-07-01', '--published', '2025-05-01', '--policy', policy]);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      drafted.push(readFileSync(join(root, policy, 'dpa', '1.3.0.md'), 'utf8'));
      expect((await lint({ policy })).messages).toEqual([]);
    }
    expect(drafted[0]).toContain('Effective from :effective[July 1, 2025].');
    expect(drafted[1]).toBe(`\uFEFF${drafted[0]}`);
  });

  it.each(['>-', '|', '>'])('drafts after a summary written as a YAML block (%s) and a withdrawn: that ends the header (review: the two edits overlapped, and the header was cut: “no front matter”)', async (style) => {
    const policy = stagePolicy(join(root, 'examples', 'amendments', 'policy'), join('draft', `block-summary-${style.replace(/\W/g, (c) => c.charCodeAt(0).toString(16))}`));
    const latest = join(root, policy, 'dpa', '1.2.0.md');
    const text = readFileSync(latest, 'utf8')
      .split('\n')
      .filter((line) => !line.includes('id=security.rate-limiting'))
      .join('\n')
      .replace(/^summary: .*$/m, `summary: ${style}\n  Postmark is named as the email\n  sub-processor; rate limiting is covered by monitoring.\nwithdrawn:\n  - clause: security.rate-limiting\n    reason: Covered by security.monitoring.`);
    writeFileSync(latest, text);
    rmSync(join(root, policy, 'dpa', 'versions.lock'));
    expect((await run(['lock', '--policy', policy])).code).toBe(0);
    expect((await lint({ policy })).messages.filter((m) => m.severity === 'error')).toEqual([]);
    const out = await run(['draft', '1.3.0', '--effective', '2026-03-01', '--published', '2026-01-15', '--policy', policy]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const drafted = readFileSync(join(root, policy, 'dpa', '1.3.0.md'), 'utf8');
    expect(drafted.slice(0, drafted.indexOf('\n---\n') + 5)).toBe('---\ndocument: dpa\ntitle: Data Processing Agreement\nversion: 1.3.0\neffective: 2026-03-01\npublished: 2026-01-15\nmaterial: true\nstatus: draft\nsummary: "TODO: say in one sentence what changes in 1.3.0 (customers read it in the version history)."\n---\n');
    expect((await lint({ policy })).messages.filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('drafted on a draft when nothing is published: drops its withdrawals, which were of the version the new draft copies', async () => {
    const policy = stage('month-first', 'month-first-all-drafts');
    const dir = join(root, policy, 'dpa');
    rmSync(join(dir, 'versions.lock'));
    for (const v of ['1.0.0', '1.1.0']) writeFileSync(join(dir, `${v}.md`), readFileSync(join(dir, `${v}.md`), 'utf8').replace('status: published', 'status: draft'));
    expect((await lint({ policy })).messages.filter((m) => m.severity === 'error')).toEqual([]);
    const out = await run(['draft', '1.2.0', '--effective', '2025-06-01', '--published', '2025-04-01', '--policy', policy]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).not.toContain('withdrawn  ');
    expect(readFileSync(join(dir, '1.2.0.md'), 'utf8')).not.toContain('withdrawn:');
    expect((await lint({ policy })).messages.filter((m) => m.severity === 'error')).toEqual([]);
  });

  it('--not-material drafts a change that owes no notice; lint still holds it to the diff', async () => {
    const policy = stage('month-first', 'month-first-not-material');
    const out = await run(['draft', '1.1.1', '--effective', '2025-06-01', '--published', '2025-05-25', '--not-material', '--policy', policy]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('material   false: you declared the change needs no advance notice');
    expect((await lint({ policy })).messages).toEqual([]);
    // Make the draft material (a longer deadline): lint refuses the declaration.
    const file = join(root, policy, 'dpa', '1.1.1.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(':param[72 hours]{name=within}', ':param[96 hours]{name=within}'));
    expect((await lint({ policy })).messages.map((m) => m.code)).toContain('CODICIL-V009');
  });

  it('publishes today (UTC) unless told otherwise', async () => {
    const policy = stage('month-first', 'month-first-today');
    const result = await draftVersion({ policy, version: '1.2.0', effective: '2025-06-01', today: new Date('2025-03-31T23:30:00-05:00'), write: false });
    expect(result).toMatchObject({ ok: true, published: '2025-04-01', publishedDefaulted: true });
    expect(listing(policy)).not.toContain('1.2.0.md');
    const day = new Date().toISOString().slice(0, 10);
    const out = await run(['draft', '9.0.0', '--effective', '2999-01-01', '--policy', policy]);
    expect(out.code, out.stderr).toBe(0);
    expect([day, new Date().toISOString().slice(0, 10)].map((d) => `  published  ${d} (today: set it to the day customers are told)`)).toContainEqual(out.stdout.split('\n')[3]);
  });

  it('any version and dates: either refused with nothing written, or a draft that lints clean', async () => {
    const policy = stage('month-first', 'month-first-property');
    const dir = join(root, policy, 'dpa');
    const day = (offset: number) => new Date(Date.parse('2025-03-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
    const seen = { drafted: 0, refused: 0 };
    await assertAsyncProperty(
      fc.asyncProperty(fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2)), fc.integer({ min: -5, max: 120 }), fc.integer({ min: -60, max: 10 }), fc.boolean(), async (v, effective, notice, material) => {
        const version = v.join('.');
        const result = await draftVersion({ policy, version, effective: day(effective), published: day(effective + notice), material });
        const written = readdirSync(dir).filter((f) => !['1.0.0.md', '1.1.0.md', 'versions.lock'].includes(f));
        if (!result.ok) {
          seen.refused++;
          return written.length === 0;
        }
        seen.drafted++;
        const lintResult = await lint({ policy });
        rmSync(join(dir, `${version}.md`));
        expect(lintResult.messages).toEqual([]);
        return written.length === 1 && result.effective > '2025-03-01';
      }),
      // One of each for sure: a material draft with 31 days' notice, and one with 29.
      { numRuns: 25, examples: [[[1, 2, 0], 60, -31, true], [[1, 2, 0], 60, -29, true]] },
    );
    expect(seen.drafted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});

describe('codicil draft writes the new version whole or not at all (review: rev-hostile F5)', () => {
  /** Every file of a folder, by name, with its bytes. */
  const contents = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'hex')]));

  it('a write that fails midway (file size limit) leaves no file, as “refused, nothing written” says, and names the file', () => {
    const policy = stage('month-first', 'write-fails');
    const before = contents(join(root, policy, 'dpa'));
    // 512 bytes: the draft (about 950) is cut short. The output goes to pipes, which the limit does not bound.
    const args = ['draft', '1.2.0', '--effective', '2025-06-01', '--published', '2025-04-01', '--policy', policy];
    const out = spawnSync('sh', ['-c', 'ulimit -f "$0" && exec "$@"', '1', process.execPath, join(root, 'bin', 'codicil.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(out.signal).toBeNull();
    expect(out.status).toBe(2);
    expect(out.stderr).toBe(`codicil draft: refused, nothing written:\n  - cannot write ${policy}/dpa/1.2.0.md: the file size limit is exceeded\n`);
    expect(contents(join(root, policy, 'dpa'))).toEqual(before);
  });

  it('never overwrites a file that took the name meanwhile, and leaves no temporary file', async () => {
    const dir = join(root, stage('month-first', 'taken'), 'dpa');
    writeFileSync(join(dir, '1.2.0.md'), 'written meanwhile');
    const before = contents(dir);
    const error = await writeNewFile(join(dir, '1.2.0.md'), 'the draft').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteFailed);
    expect((error as WriteFailed).reason).toBe('a file of that name appeared meanwhile (not overwritten)');
    expect(contents(dir)).toEqual(before);
  });
});

describe('effective-date words', () => {
  it.each([
    ['December 2, 2024', 'March 1, 2025'],
    ['December 2 2024', 'March 1 2025'],
    ['2 December 2024', '1 March 2025'],
    ['2 December, 2024', '1 March, 2025'],
    ['02 December 2024', '01 March 2025'],
    ['December 12, 2024', 'March 1, 2025'],
    ['DECEMBER 2, 2024', 'MARCH 1, 2025'],
    ['december 2, 2024', 'march 1, 2025'],
    ['2024-12-02', '2025-03-01'],
  ])('%s becomes %s', (words, expected) => {
    expect(restyleDate(words, '2025-03-01')).toBe(expected);
  });

  it('refuses words that are not a date codicil reads', () => {
    for (const words of ['Dec 2, 2024', 'the second of December', '2024/12/02', '']) expect(restyleDate(words, '2025-03-01'), words).toBeNull();
  });
});
