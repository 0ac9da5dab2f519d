// What codicil refuses inside policy files: invalid UTF-8 and control
// characters (with their line), YAML aliases (in front matter, notices and
// reference data), Object.prototype names as directive or parameter names,
// durations out of range, and Markdown beyond the limits of
// engine/parse/limits.ts — each a catalogue error at its line, never a throw.
// Also: versions.lock hashes the file's bytes (CRLF-normalized).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { contentHash, lint, loadPolicy, parseVersion, renderVersionHtml } from '../engine/index.ts';
import { MARKDOWN_LIMITS } from '../engine/parse/limits.ts';
import { durationsInNote } from '../engine/parse/interpretation-notes.ts';
import { readDuration } from '../engine/parse/words.ts';
import { appendedLine, beyond, dpa, within } from './pathological.ts';
import { root, stagePolicy } from './helpers.ts';

const { policy } = await loadPolicy(join(root, 'policy'));
const parse = (value: string | Uint8Array) => {
  const file = new VFile({ path: 'dpa/1.0.0.md', value });
  const version = parseVersion(file, { document: 'dpa', reference: policy.reference });
  return { version, file, messages: file.messages.map((m) => ({ code: m.ruleId, line: m.line, column: m.column, reason: m.reason, fatal: m.fatal })) };
};
const bytes = (...parts: (string | number[])[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const dpaLines = dpa.split('\n').length;

describe('invalid UTF-8 is refused with its line, never replaced', () => {
  it.each([
    ['a 0xFF byte', [0xff], 'byte 0xFF'],
    ['Windows-1252 é', [0x43, 0x61, 0x66, 0xe9], 'byte 0xE9'],
    ['an overlong encoding of /', [0xc0, 0xaf], 'byte 0xC0'],
    ['a UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80], 'byte 0xED'],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 'byte 0xF4'],
    ['a sequence cut short by the end of the file', [0xe2, 0x82], 'byte 0xE2'],
    ['a lone continuation byte', [0x80], 'byte 0x80'],
  ])('%s', (_name, bad, says) => {
    const { version, messages } = parse(bytes(dpa, 'Line with ', bad as number[]));
    expect(version).toBeNull();
    expect(messages).toEqual([expect.objectContaining({ code: 'CODICIL-P107', line: dpaLines, fatal: true })]);
    expect(messages[0]!.reason).toContain(says);
    expect(messages[0]!.reason).toContain(`at line ${dpaLines}, column ${bad[0] === 0x43 ? 14 : 11}`);
  });

  it('a lone surrogate in text given as a string', () => {
    const { messages } = parse(`${dpa}x\uD800y\n`);
    expect(messages).toEqual([expect.objectContaining({ code: 'CODICIL-P107', line: dpaLines, column: 2 })]);
  });

  it('a BOM and CRLF line endings are fine', () => {
    const { version, messages } = parse(bytes([0xef, 0xbb, 0xbf], dpa.replace(/\n/g, '\r\n')));
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(version?.clauses).toHaveLength(32);
  });
});

describe('control characters and non-characters are refused with their line and column', () => {
  it.each([
    ['NUL', '\u0000', 'U+0000'],
    ['ESC', '\u001b[31m', 'U+001B'],
    ['DEL', '\u007f', 'U+007F'],
    ['a C1 control', '\u0085', 'U+0085'],
    ['a vertical tab', '\u000b', 'U+000B'],
    ['a non-character', '\uFFFE', 'U+FFFE'],
    ['an astral non-character', '\u{10FFFF}', 'U+10FFFF'],
  ])('%s', (_name, char, says) => {
    const { version, messages } = parse(bytes(dpa, `abc${char}d\n`));
    expect(version).toBeNull();
    expect(messages).toEqual([expect.objectContaining({ code: 'CODICIL-P108', line: dpaLines, column: 4 })]);
    expect(messages[0]!.reason).toContain(says);
  });
});

describe('versions.lock hashes the bytes', () => {
  it('keeps every lock value of the repository (the hash of a valid file did not change)', async () => {
    for (const dir of [join(root, 'policy'), join(root, 'examples', 'amendments', 'policy')]) {
      const lock = JSON.parse(readFileSync(join(dir, 'dpa', 'versions.lock'), 'utf8')) as { versions: Record<string, { file: string; sha256: string }> };
      for (const entry of Object.values(lock.versions)) expect(contentHash(readFileSync(join(dir, 'dpa', entry.file))), entry.file).toBe(entry.sha256);
      expect((await lint({ policy: dir })).ok).toBe(true);
    }
  });

  it('gives the same hash to LF, CRLF and CR line endings, from bytes or text', () => {
    const lf = contentHash(Buffer.from(dpa));
    expect(contentHash(Buffer.from(dpa.replace(/\n/g, '\r\n')))).toBe(lf);
    expect(contentHash(Buffer.from(dpa.replace(/\n/g, '\r')))).toBe(lf);
    expect(contentHash(dpa)).toBe(lf);
  });

  it.each([
    ['one letter changed', (b: Buffer): Buffer => (b.write('Z', b.indexOf('Processor')), b), 'CODICIL-V103'],
    ['a space added at the end', (b: Buffer): Buffer => Buffer.concat([b, Buffer.from(' ')]), 'CODICIL-V103'],
    ['a byte made invalid UTF-8', (b: Buffer): Buffer => ((b[b.indexOf('Processor')] = 0xe9), b), 'CODICIL-P107'],
  ] as const)('a byte edit to a published version is caught by lint: %s', async (name, edit, code) => {
    const dir = stagePolicy(join(root, 'policy'), join('policy-text', `edit-${name.replace(/\W+/g, '-')}`));
    const path = join(root, dir, 'dpa', '1.0.0.md');
    writeFileSync(path, edit(readFileSync(path)));
    const result = await lint({ policy: dir });
    expect(result.ok).toBe(false);
    expect(result.messages.map((m) => m.code)).toContain(code);
  });
});

describe('YAML aliases are refused, never expanded or thrown', () => {
  const laughs = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]';
  it.each([
    ['an alias of a scalar', 'x-title: &t Data Processing Agreement\nx-summary: *t'],
    ['a billion laughs', laughs],
    ['an alias as a key', 'x: &k document\n*k : dpa'],
  ])('in version front matter: %s', (_name, yaml) => {
    const text = dpa.replace(/^---\n/, `---\n${yaml}\n`);
    const { version, messages } = parse(text);
    expect(version).toBeNull();
    const alias = messages.find((m) => m.code === 'CODICIL-P102');
    expect(alias?.reason).toMatch(/the alias \*\w+ is not allowed/);
    expect(alias?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses duplicate keys, also when they differ only in YAML type, in linear time', () => {
    for (const [yaml, key] of [['title: x\n', 'title'], ['1: a\n"1": b\n', '1']] as const) {
      const { messages } = parse(dpa.replace(/^---\n/, `---\n${yaml}`));
      expect(messages.map((m) => m.reason)).toContain(`front matter is not valid YAML: Map keys must be unique: “${key}” is repeated`);
    }
    const many = Array.from({ length: 19_000 }, (_, i) => `x${i}: v`).join('\n');
    const started = performance.now();
    const { messages } = parse(dpa.replace(/^---\n/, `---\n${many}\n`));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(messages.map((m) => m.code)).toContain('CODICIL-P103');
  });

  it('refuses flow collections nested deeper than 64 in reference data, at once', async () => {
    const dir = stagePolicy(join(root, 'policy'), join('policy-text', 'yaml-depth'));
    writeFileSync(join(root, dir, 'reference', 'vocabulary.yaml'), `vocabularies: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const started = performance.now();
    const result = await lint({ policy: dir });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.messages).toEqual(expect.arrayContaining([expect.objectContaining({ file: `${dir}/reference/vocabulary.yaml`, code: 'CODICIL-R002', line: 1, column: 79, message: 'not valid YAML: flow collections ([ and {) nest more than 64 levels deep here' })]));
  });

  it('in a change notice and in reference data', async () => {
    const dir = stagePolicy(join(root, 'examples', 'amendments', 'policy'), join('policy-text', 'aliases'));
    const notice = join(root, dir, 'dpa', '1.1.0.notice.md');
    writeFileSync(notice, readFileSync(notice, 'utf8').replace(/^---\n/, `---\n${laughs.replace(/^a:/, 'x:').replace(/\*a/g, '*x').replace(/^b:/m, 'y:').replace(/\*b/g, '*y').replace(/^c:/m, 'z:')}\n`));
    const eea = join(root, dir, 'reference', 'eea.yaml');
    writeFileSync(eea, `${readFileSync(eea, 'utf8')}\nextra: &e [1]\nmore: *e\n`);
    const result = await lint({ policy: dir });
    expect(result.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: `${dir}/dpa/1.1.0.notice.md`, code: 'CODICIL-P301', line: 3, message: expect.stringMatching(/alias \*x is not allowed/) }),
        expect.objectContaining({ file: `${dir}/reference/eea.yaml`, code: 'CODICIL-R002', message: expect.stringMatching(/alias \*e is not allowed/) }),
      ]),
    );
  });
});

describe('Object.prototype names in policy text are ordinary words', () => {
  const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable'];
  // A directive name starts with a letter (`:__proto__` is plain text); a rule kind is lower case (P202) and known (P203).
  const directive = (n: string) => (/^[a-z]/i.test(n) ? /CODICIL-P201/ : /^$/);
  const uses = (n: string): [string, RegExp][] => [
    [`:${n}`, directive(n)],
    [`:${n}[x]`, directive(n)],
    [`::${n}`, directive(n)],
    [`:::${n}\nx\n:::`, directive(n)],
    [`:clause[x]{id=a.b rule=${n}}`, /CODICIL-P20[23]/],
    [`:clause[:param[72 hours]{name=${n}}]{id=a.c rule=incident-notice-deadline}`, /CODICIL-P20[78]/],
    // mdast-util-directive drops an attribute named __proto__: the clause then misses its parameters (P209).
    [`:clause[x]{id=a.d rule=deletion-deadline ${n}=live}`, /CODICIL-P20[289]/],
    [`:clause[:param[${n} hours]{name=within}]{id=a.f rule=incident-notice-deadline}`, /CODICIL-P211/],
    [`:clause[:param[${n}]{name=categories}]{id=a.g rule=subprocessor-category}`, /CODICIL-P213/],
  ];
  it.each(names)('%s', (n) => {
    for (const [text, code] of uses(n)) {
      const { version, messages } = parse(`${dpa}\n${text}\n`);
      expect(messages.map((m) => m.code).join(' '), text).toMatch(code);
      expect(messages.every((m) => m.line === dpaLines + 1), text).toBe(true);
      // Whatever the text says, no clause ever gets a parameter it did not bind.
      for (const clause of version?.clauses ?? []) for (const name of names) expect(clause.params[name], `${text}: ${clause.id}.${name}`).toBeUndefined();
      if (version) expect(() => renderVersionHtml(version)).not.toThrow();
    }
  });
});

describe('durations out of range are a lint error at the words', () => {
  const clause = (words: string) => `${dpa}\n:clause[Notify within :param[${words}]{name=within}.]{id=incident.notify-again rule=incident-notice-deadline}\n`;
  it.each([
    ['999999999999 hours', /longer than 36 525 days \(100 years\)/],
    ['36526 days', /longer than 36 525 days/],
    ['5219 weeks', /longer than 36 525 days/],
    [`${'9'.repeat(400)} seconds`, /longer than 36 525 days/],
    ['0 hours', /is zero/],
    ['zero days', /is zero/],
    ['PT0S', /is zero/],
  ])('%s', (words, says) => {
    const { messages } = parse(clause(words));
    const found = messages.filter((m) => m.code === 'CODICIL-P221');
    expect(found).toEqual([expect.objectContaining({ line: dpaLines + 1, column: 23, fatal: true })]);
    expect(found[0]!.reason).toMatch(says);
  });

  it('and through means= on vague words', () => {
    const { messages } = parse(`${dpa}\n:clause[Notify :param[promptly]{name=within means="0 hours"}.]{id=incident.notify-again rule=incident-notice-deadline}\n`);
    expect(messages.map((m) => m.code)).toContain('CODICIL-P221');
  });

  it.each(['1 second', '36525 days', '5217 weeks', '72 hours'])('%s is in range', (words) => {
    const { version, messages } = parse(clause(words));
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(version!.clauses.find((c) => c.id === 'incident.notify-again')!.params.within!.value).toMatchObject({ type: 'duration' });
  });
});

describe('Markdown beyond the limits is refused before parsing, at its line', () => {
  it.each(beyond)('$name', ({ text, line, says }) => {
    const started = performance.now();
    const { version, messages } = parse(bytes(dpa, '\n', text, '\n'));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(version).toBeNull();
    expect(messages.every((m) => m.code === 'CODICIL-P109')).toBe(true);
    expect(messages).toEqual(expect.arrayContaining([expect.objectContaining({ line: appendedLine + line - 1, reason: expect.stringMatching(says) })]));
  });

  it('refuses a tree nested deeper than the limit even when the scan lets it through', () => {
    const { version, messages } = parse(`${dpa}\n${'*a '.repeat(200)}x${' a*'.repeat(200)}\n`);
    expect(version).toBeNull();
    expect(messages).toEqual([expect.objectContaining({ code: 'CODICIL-P109', line: appendedLine, reason: expect.stringContaining(`the limit is ${MARKDOWN_LIMITS.treeDepth}`) })]);
  });

  // Within every limit the parser is linear: each case takes about a second on
  // a loaded two-core machine (README quotes the numbers of test/measure-limits.ts);
  // 20 s flags a return of super-linear time, which took minutes.
  it.each(within)('parses and renders in bounded time: $name', ({ text }) => {
    const started = performance.now();
    const { version } = parse(bytes(dpa, '\n', text, '\n'));
    if (version) renderVersionHtml(version);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);
});

describe('bidirectional overrides and isolates are refused wherever public text carries them, at their place', () => {
  // The "Trojan source" trick: the text reads otherwise than it is. Each case: what is changed, then the line, column and spelling reported.
  const front = (field: string, value: string) => dpa.replace(new RegExp(`^${field}: .*$`, 'm'), `${field}: ${value}`);
  it.each([
    ['the summary, as the character', front('summary', 'We notify you \u202Esruoh 27 after.'), 9, 24, 'U+202E (right-to-left override)', undefined],
    ['the title, as a YAML escape', front('title', '"Data \\U0000202EProcessing"'), 3, 14, 'U+202E (right-to-left override)', '\\U0000202E'],
    ['the summary, as a YAML escape beside an escaped backslash', front('summary', '"a \\\\UFFFFFFFF b \\u202E"'), 9, 27, 'U+202E (right-to-left override)', '\\u202E'],
    ['the audience, as a YAML escape', dpa.replace('status: published\n', 'status: published\naudience: "Customers \\u2067on a paid plan"\n'), 9, 22, 'U+2067 (right-to-left isolate)', '\\u2067'],
    ['a heading', `${dpa}\n## 99. Bidi \u2066Incidents\n`, appendedLine, 13, 'U+2066 (left-to-right isolate)', undefined],
    ['clause text, as a decimal reference', `${dpa}\n:clause[Notify within &#8238;72 hours.]{id=a.b rule=attestation}\n`, appendedLine, 23, 'U+202E (right-to-left override)', '&#8238;'],
    ['an interpretation note, as a hex reference', `${dpa}\n:clause[Notify :param[promptly]{name=within means="72 hours" note="Within &#x202d;72 hours."}.]{id=a.b rule=incident-notice-deadline}\n`, appendedLine, 75, 'U+202D (left-to-right override)', '&#x202d;'],
    ['raw HTML, as a reference without its semicolon', `${dpa}\n<span title="&#x202B">x</span>\n`, appendedLine, 14, 'U+202B (right-to-left embedding)', '&#x202B'],
  ])('%s', (_name, text, at, column, says, spelled) => {
    const { version, messages } = parse(text);
    expect(messages).toEqual([expect.objectContaining({ code: 'CODICIL-P229', line: at, column, fatal: true })]);
    expect(messages[0]!.reason).toContain(`the character ${says}${spelled ? `, written ${spelled},` : ''} is not allowed`);
    // A positional error like any other: the rest of the file is still read and checked.
    expect(version?.clauses.length).toBeGreaterThan(20);
  });

  it('reports every one, in one pass over a long file', () => {
    const started = performance.now();
    const { messages } = parse(`${dpa}\n${'a\u202Eb\u2069 '.repeat(20_000)}\n`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(messages.filter((m) => m.code === 'CODICIL-P229')).toHaveLength(40_000);
  });

  it.each([
    ['a code span', '`&#x202E;`'],
    ['a code block', '```\n&#x202E;\n```'],
    ['an HTML comment', '<!-- &#x202E; -->'],
    ['a reference escaped with a backslash', '\\&#x202E;'],
    ['the name of another character', '&#x202F; &#8239; &amp;'],
  ])('a reference the reader sees as written is no control: %s', (_name, text) => {
    const { messages } = parse(`${dpa}\n${text}\n`);
    expect(messages).toEqual([]);
  });

  it.each([
    ['a right-to-left mark after a Hebrew name', 'Our sub-processor שירותי ענן בע"מ\u200F (Israel) hosts backups.'],
    ['a left-to-right mark in an Arabic sentence', 'المعالج Google\u200E (USA)'],
    ['marks written as references beside Arabic words', 'شركة&rlm; (Ltd.) &#x61C;١٠'],
  ])('direction marks stay allowed on a line of right-to-left words: %s', (_name, text) => {
    expect(parse(`${dpa}\n${text}\n`).messages).toEqual([]);
  });

  it.each([
    ['an Arabic letter mark turning "10-20" into "20-10"', `${dpa}\nWe notify within \u061C10-20 days.\n`, appendedLine, 18, 'U+061C (Arabic letter mark)'],
    ['a right-to-left mark written &rlm;', `${dpa}\nWithin 72&rlm; hours.\n`, appendedLine, 10, 'U+200F (right-to-left mark), written &rlm;,'],
    ['a left-to-right mark in the summary, as a YAML escape', front('summary', '"First \\u200Eversion."'), 9, 17, 'U+200E (left-to-right mark), written \\u200E,'],
  ])('a direction mark on a line without right-to-left words is refused: %s', (_name, text, at, column, says) => {
    const { messages } = parse(text);
    expect(messages).toEqual([expect.objectContaining({ code: 'CODICIL-P230', line: at, column, fatal: true })]);
    expect(messages[0]!.reason).toContain(`the character ${says}`);
  });

  it('in a change notice, organization.yaml and reference data', async () => {
    const dir = stagePolicy(join(root, 'examples', 'amendments', 'policy'), join('policy-text', 'bidi'));
    const notice = join(root, dir, 'dpa', '1.1.0.notice.md');
    writeFileSync(notice, readFileSync(notice, 'utf8').replace('We are updating', 'We are \u202Eupdating &#x2068;'));
    const organization = join(root, dir, 'organization.yaml');
    writeFileSync(organization, readFileSync(organization, 'utf8').replace(/^name: .*$/m, 'name: "Example\\u202E Corp"'));
    const eea = join(root, dir, 'reference', 'eea.yaml');
    writeFileSync(eea, readFileSync(eea, 'utf8').replace(/^title: .*$/m, 'title: EEA \u2067member states'));
    const result = await lint({ policy: dir });
    const bidi = result.messages.filter((m) => m.code === 'CODICIL-P229').map((m) => `${m.file.slice(dir.length + 1)}:${m.line}:${m.column} ${m.message.split(' is not')[0]}`);
    expect(bidi).toEqual([
      'dpa/1.1.0.notice.md:10:8 the character U+202E (right-to-left override)',
      'dpa/1.1.0.notice.md:10:18 the character U+2068 (first strong isolate), written &#x2068;,',
      'organization.yaml:4:15 the character U+202E (right-to-left override), written \\u202E,',
      'reference/eea.yaml:4:12 the character U+2067 (right-to-left isolate)',
    ]);
  });
});

describe('an interpretation note names no duration but the one its means= enforces (CODICIL-P234)', () => {
  const named = (means: string, note: string) => durationsInNote(note, readDuration(means)!).map((d) => `${d.words}${d.agrees ? '' : ` ✗ ${d.reading}`}`);
  it.each([
    ['72 hours', 'We notify you within 48 hours.', ['48 hours ✗ 48 hours']],
    ['48 hours', 'We tell you within two days.', ['two days']],
    ['48 hours', 'Within two business days.', ['two business days ✗ business days, no elapsed time']],
    ['30 days', 'At least thirty (30) days’ notice, a 30-day period.', ['thirty (30) days', '30-day']],
    ['30 days', 'At least thirty (31) days’ notice.', ['thirty (31) days ✗ 31 days']],
    ['30 days', 'At least thirty (30) calendar days.', ['thirty (30) calendar days']],
    ['28 days', 'Interpretation: “one month” means within 28 days, the shortest month.', ['one month', '28 days']],
    ['28 days', 'Within a year.', ['a year ✗ 365 to 366 days']],
    ['72 hours', 'Within 72h, 24 hours a day, 7 days a week, twice a day; Article 33(1).', ['72h']],
    ['1095 days', '1,095 days or 1 095 days, never 1.5 days.', ['1,095 days', '1 095 days', '1.5 days ✗ 36 hours']],
    ['7 days', 'A week (seven days, 168 hrs); see clause 2 d).', ['A week', 'seven days', '168 hrs']],
    ['36 hours', 'Within 1 day and 12 hours, never 2 weeks and 1 day.', ['1 day and 12 hours', '2 weeks and 1 day ✗ 15 days']],
    ['24 hours', 'Promptly, and at the latest the next day.', []],
  ])('means=%s, note %s', (means, note, expected) => {
    expect(named(means, note)).toEqual(expected);
  });

  it('is an error at the words, once for words that bind several clauses', () => {
    const { version, messages } = parse(`${dpa}\nWe will :param[promptly]{name=within means="72 hours" note="We notify you within 48 hours." clauses="x.notify x.tell"} :clause[notify you]{id=x.notify rule=dsr-notice-deadline} and :clause[tell you]{id=x.tell rule=inability-notice-deadline}.\n`);
    expect(messages).toEqual([expect.objectContaining({ code: 'CODICIL-P234', line: appendedLine, column: 9, fatal: true, reason: 'the interpretation note of “promptly” promises “48 hours”, but means="72 hours" enforces 72 hours' })]);
    expect(version).not.toBeNull();
  });

  it('the note written by default always agrees', () => {
    for (const interpretation of parse(dpa).version!.interpretations) expect(named(interpretation.means, interpretation.note).every((d) => !d.includes('✗'))).toBe(true);
  });
});
