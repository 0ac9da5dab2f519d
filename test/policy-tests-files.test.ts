// What `codicil test` (and lint) read from a policy's tests/ folder, and how
// the other policy files beside the documents — waivers.yaml and
// organization.yaml — are read: only regular files, links only when they stay
// inside the policy folder, bounded sizes, strict UTF-8, YAML without aliases.
// Anything named like a case that is not such a file is refused with its code
// and file, exit 2, and nothing is judged — never skipped (issue 8: a FIFO, a
// link to /dev/zero, a link to a case file outside the policy folder were
// silently left out and the suite passed), never a hang, never a trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, lint } from '../engine/index.ts';
import { FILE_LIMITS } from '../engine/model/policy-file.ts';
import { readCaseFile } from '../engine/policy-tests/case-file.ts';
import { runPolicyTests } from '../engine/policy-tests/run.ts';
import { root, stagePolicy } from './helpers.ts';

const node = join(root, 'node_modules', 'node', 'bin', 'node');
const CASE = join(root, 'policy', 'tests', 'incidents', 'notified-at-exactly-72-hours.yaml');
const OTHER = join(root, 'policy', 'tests', 'incidents', 'notified-72-hours-and-1-second-after.yaml');

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

/** The real policy under test/output/, with one case in tests/ (cases.yaml), changed by `make`. */
async function policyWith(name: string, make: (dir: string) => void | Promise<void>): Promise<string> {
  const dir = stagePolicy(join(root, 'policy'), join('policy-tests-files', name));
  const abs = join(root, dir);
  rmSync(join(abs, 'tests'), { recursive: true, force: true });
  mkdirSync(join(abs, 'tests'));
  cpSync(CASE, join(abs, 'tests', 'case.yaml'));
  await make(abs);
  return dir;
}

function socketAt(path: string): Promise<void> {
  return new Promise((resolve) => {
    const server = createServer();
    servers.push(server);
    server.listen(path, () => resolve());
  });
}

/** Text as a Windows-1252 (Latin-1) editor saves it: é is the single byte 0xE9. */
const cp1252 = (text: string) => Buffer.from(text, 'latin1');

const refusedEntries: [string, string, (path: string, policy: string) => void | Promise<void>, string, RegExp][] = [
  ['a FIFO named like a case', 'fifo.yaml', (p) => execFileSync('mkfifo', [p]), 'CODICIL-P005', /fifo\.yaml is a FIFO \(named pipe\), not a regular file/],
  ['a character device named like a case', 'null.yaml', (p) => execFileSync('mknod', [p, 'c', '1', '3']), 'CODICIL-P005', /is a character device/],
  ['a socket named like a case', 'socket.yaml', (p) => socketAt(p), 'CODICIL-P005', /is a socket/],
  ['a link to /dev/zero', 'zero.yaml', (p) => symlinkSync('/dev/zero', p), 'CODICIL-P006', /zero\.yaml is a symbolic link to \/dev\/zero, outside the policy folder/],
  ['a link to a regular case file outside the policy folder', 'outside.yaml', (p) => symlinkSync(OTHER, p), 'CODICIL-P006', /outside\.yaml is a symbolic link to .*notified-72-hours-and-1-second-after\.yaml, outside the policy folder/],
  ['a link to a folder of cases outside the policy folder', 'incidents', (p) => symlinkSync(join(root, 'policy', 'tests', 'incidents'), p), 'CODICIL-P006', /incidents is a symbolic link to .*policy\/tests\/incidents, outside the policy folder/],
  ['a link to a FIFO inside the policy folder', 'piped.yaml', (p, policy) => (execFileSync('mkfifo', [join(policy, '.pipe')]), symlinkSync('../.pipe', p)), 'CODICIL-P005', /piped\.yaml is a FIFO/],
  ['a dangling link', 'gone.yaml', (p) => symlinkSync('nowhere.yaml', p), 'CODICIL-P007', /gone\.yaml is a symbolic link that cannot be followed: its target does not exist/],
  ['a link loop', 'loop.yaml', (p) => symlinkSync('loop.yaml', p), 'CODICIL-P007', /loop\.yaml is a symbolic link that cannot be followed: the links form a loop/],
  ['a dangling link without a case name (it may have been a folder of cases)', 'more', (p) => symlinkSync('elsewhere', p), 'CODICIL-P007', /more is a symbolic link that cannot be followed/],
  ['a case file over the size limit', 'big.yaml', (p) => (writeFileSync(p, ''), truncateSync(p, FILE_LIMITS.testCase + 1)), 'CODICIL-P008', new RegExp(`big\\.yaml is ${FILE_LIMITS.testCase + 1} bytes; codicil reads policy files of at most ${FILE_LIMITS.testCase} bytes`)],
  ['a sparse 126 MB file named like a case', 'huge.yml', (p) => (writeFileSync(p, ''), truncateSync(p, 126 * 2 ** 20)), 'CODICIL-P008', /huge\.yml is 132120576 bytes/],
  ['Windows-1252 bytes', 'latin.yaml', (p) => writeFileSync(p, cp1252('# a case\nname: Café\nas_of: 2025-03-10 # é\n')), 'CODICIL-P107', /not valid UTF-8: byte 0xE9 at line 2, column 10/],
  ['an escape character', 'escape.yaml', (p) => writeFileSync(p, 'name: x\u001b[31m\n'), 'CODICIL-P108', /U\+001B/],
];

describe('codicil test: entries of tests/ that are not readable case files', () => {
  it.each(refusedEntries)('%s: exit 2 with the code and file, nothing judged', async (name, entry, make, code, says) => {
    const dir = await policyWith(name.replace(/\W+/g, '-'), (abs) => make(join(abs, 'tests', entry), abs));
    const started = performance.now();
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.exitCode).toBe(2);
    // Nothing judged: not even the valid case beside it.
    expect(result.cases).toEqual([]);
    const problem = result.problems.find((m) => m.code === code);
    expect(problem, JSON.stringify(result.problems, null, 1)).toBeDefined();
    expect(problem!.file).toBe(`${dir}/tests/${entry}`);
    expect(problem!.message).toMatch(says);
    // lint reports the same file with the same code.
    const linted = await lint({ policy: dir });
    expect(linted.ok).toBe(false);
    expect(linted.messages.filter((m) => m.code === code).map((m) => m.file)).toContain(`${dir}/tests/${entry}`);
  });

  it('invalid UTF-8 names its line and column', async () => {
    const dir = await policyWith('utf8-line', (abs) => writeFileSync(join(abs, 'tests', 'latin.yaml'), cp1252('# a case\nname: ok\nsummary: caf\u00e9\n')));
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(result.problems).toEqual([expect.objectContaining({ file: `${dir}/tests/latin.yaml`, line: 3, column: 13, code: 'CODICIL-P107', message: 'the file is not valid UTF-8: byte 0xE9 at line 3, column 13' })]);
  });

  it.each([
    // Refused in words about a folder (the hostile review's F8c, d: a FIFO was told to be a regular file, a file that there was no test).
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), 'CODICIL-T010', /tests is a FIFO \(named pipe\), not a folder: policy tests are \.yaml files in the folder tests\/ of the policy/],
    ['a regular file', (p: string) => writeFileSync(p, 'name: x\n'), 'CODICIL-T010', /tests is a file, not a folder/],
    ['a link out of the policy folder', (p: string) => symlinkSync(join(root, 'policy', 'tests'), p), 'CODICIL-P006', /tests is a symbolic link to .*policy\/tests, outside the policy folder/],
    ['a link loop', (p: string) => symlinkSync('tests', p), 'CODICIL-P007', /the links form a loop/],
  ] as const)('a tests folder that is %s is refused', async (name, make, code, says) => {
    const dir = await policyWith(`tests-${name.replace(/\W+/g, '-')}`, (abs) => {
      rmSync(join(abs, 'tests'), { recursive: true });
      make(join(abs, 'tests'));
    });
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(result.exitCode).toBe(2);
    expect(result.problems).toEqual([expect.objectContaining({ code, file: `${dir}/tests` })]);
    expect(result.problems[0]!.message).toMatch(says);
    // Lint says the same of the policy.
    const linted = await lint({ policy: dir });
    expect(linted.messages.filter((m) => m.file === `${dir}/tests`).map((m) => m.code)).toEqual([code]);
  });

  it('looks at no more than the limit of entries, then refuses the folder (T008)', async () => {
    const dir = await policyWith('many-entries', (abs) => {
      mkdirSync(join(abs, 'tests', 'notes'));
      for (let i = 0; i < FILE_LIMITS.testEntries; i++) writeFileSync(join(abs, 'tests', 'notes', `${i}.txt`), '');
    });
    const started = performance.now();
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.exitCode).toBe(2);
    expect(result.cases).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CODICIL-T008', file: `${dir}/tests`, message: `${dir}/tests holds more than 10000 files and folders (subfolders included); codicil looks at most 10000, so no case is run` })]);
  });

  it('through the real executable: exit 2, the error in JSON and text, no trace, in bounded time', async () => {
    const dir = await policyWith('cli', (abs) => {
      execFileSync('mkfifo', [join(abs, 'tests', 'fifo.yaml')]);
      symlinkSync('/dev/zero', join(abs, 'tests', 'zero.yaml'));
    });
    for (const format of ['json', 'text', 'junit']) {
      const run = spawnSync(node, [join(root, 'bin', 'codicil.js'), 'test', '--policy', dir, '--format', format], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.signal).toBeNull();
      expect(run.status).toBe(2);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(run.stdout).toContain('CODICIL-P005');
      expect(run.stdout).toContain('CODICIL-P006');
      if (format === 'json') {
        const result = JSON.parse(run.stdout) as { exitCode: number; cases: unknown[]; problems: { file: string; code: string }[] };
        expect(result.cases).toEqual([]);
        expect(result.problems.map((p) => [p.file, p.code])).toEqual([
          [`${dir}/tests/fifo.yaml`, 'CODICIL-P005'],
          [`${dir}/tests/zero.yaml`, 'CODICIL-P006'],
        ]);
      }
      if (format === 'text') expect(run.stdout).toContain('✗ no case was run');
    }
  });
});

describe('codicil test: links that stay inside the policy folder are followed', () => {
  it('a link to a case file elsewhere in the policy folder is a case like any other', async () => {
    const dir = await policyWith('link-inside', (abs) => {
      mkdirSync(join(abs, '.shared'));
      cpSync(OTHER, join(abs, '.shared', 'late.yaml'));
      symlinkSync('../.shared/late.yaml', join(abs, 'tests', 'late.yaml'));
    });
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => [c.file, c.status])).toEqual([
      ['case.yaml', 'passed'],
      ['late.yaml', 'passed'],
    ]);
    expect(result.exitCode).toBe(0);
  });

  it('a link to a folder of cases inside the policy folder is walked, a folder reached twice (or a loop) once', async () => {
    const dir = await policyWith('folder-link-inside', (abs) => {
      mkdirSync(join(abs, 'tests', 'late'));
      cpSync(OTHER, join(abs, 'tests', 'late', 'one-second.yaml'));
      symlinkSync('late', join(abs, 'tests', 'also-late'));
      symlinkSync('..', join(abs, 'tests', 'late', 'up'));
    });
    const started = performance.now();
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.problems).toEqual([]);
    // also-late/ is the same folder as late/ (read once, under its own name); up/ leads back to tests/.
    expect(result.cases.map((c) => c.file)).toEqual(['case.yaml', 'late/one-second.yaml']);
    expect(result.exitCode).toBe(0);
  });

  it('what a records_dir holds is the records reader’s to judge, not a case (a FIFO in it is a record error)', async () => {
    const dir = await policyWith('records-dir', (abs) => {
      mkdirSync(join(abs, 'tests', 'exports'));
      execFileSync('mkfifo', [join(abs, 'tests', 'exports', 'incidents.yaml')]);
      writeFileSync(
        join(abs, 'tests', 'from-folder.yaml'),
        'name: A FIFO in a records folder\nas_of: 2025-03-10T00:00:00Z\nrecords_dir: exports\nexpect:\n  exit: 2\n  errors:\n    - { file: incidents.yaml, line: null, field: null }\n',
      );
    });
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => [c.file, c.status])).toEqual([
      ['case.yaml', 'passed'],
      ['from-folder.yaml', 'passed'],
    ]);
  });
});

describe('codicil test: a case reads records from inside the policy folder only', () => {
  // A records folder outside the policy folder (beside it, under test/output/): a valid one, so only the place is wrong.
  const elsewhere = join(root, 'test', 'output', 'policy-tests-files', 'elsewhere');
  const caseReading = (recordsDir: string) => `name: Records from elsewhere\nas_of: 2025-03-10T00:00:00Z\nrecords_dir: ${recordsDir}\nexpect:\n  exit: 0\n  findings: []\n`;

  it.each([
    ['a relative path out of the folder', (_abs: string): string => '../../elsewhere', ''],
    ['an absolute path', (_abs: string): string => elsewhere, ''],
    ['a link inside the folder to a folder outside it', (abs: string): string => (symlinkSync(elsewhere, join(abs, 'tests', 'exports')), 'exports'), ' (through a link, to '],
    ['a folder outside that does not exist', (_abs: string): string => '../../nowhere', ''],
  ] as const)('%s is refused at its line (exit 2, nothing judged), by lint too', async (name, recordsDir, via) => {
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'incidents.jsonl'), '{"id":"INC-9","aware_at":"2025-03-01T00:00:00Z","summary":"elsewhere"}\n');
    let named = '';
    const dir = await policyWith(`records-${name.replace(/\W+/g, '-')}`, (abs) => {
      named = recordsDir(abs);
      writeFileSync(join(abs, 'tests', 'elsewhere.yaml'), caseReading(named));
    });
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(result.exitCode).toBe(2);
    const problem = result.problems.find((m) => m.file === `${dir}/tests/elsewhere.yaml`) ?? result.cases.find((c) => c.file === 'elsewhere.yaml')?.problems[0];
    expect(problem).toEqual(expect.objectContaining({ code: 'CODICIL-T002', line: 3 }));
    expect(problem!.message).toContain(`records_dir: ${named} leads outside the policy folder ${dir}${via}`);
    expect(result.cases.find((c) => c.file === 'elsewhere.yaml')?.runs ?? []).toEqual([]);
    const linted = await lint({ policy: dir });
    expect(linted.messages.filter((m) => m.code === 'CODICIL-T002' && m.file === `${dir}/tests/elsewhere.yaml`).map((m) => m.line)).toEqual([3]);
  });

  it.each([
    ['a mistyped folder', (_abs: string): string => 'fixtures/incidnets', (dir: string): string => `there is no folder ${dir}/tests/fixtures/incidnets`],
    ['a file', (abs: string): string => (writeFileSync(join(abs, 'tests', 'notes.txt'), 'x\n'), 'notes.txt'), (dir: string): string => `${dir}/tests/notes.txt is not a folder`],
  ] as const)('%s inside the policy folder is the case file’s mistake, at its line; --update leaves the case alone (review: it pinned the folder error, an absolute path, and the typo passed)', async (name, recordsDir, words) => {
    let named = '';
    const dir = await policyWith(`records-${name.replace(/\W+/g, '-')}`, (abs) => {
      named = recordsDir(abs);
      writeFileSync(join(abs, 'tests', 'typo.yaml'), caseReading(named));
    });
    const before = readFileSync(join(dir, 'tests', 'typo.yaml'), 'utf8');
    for (const update of [false, true]) {
      const result = await runPolicyTests({ policy: dir, engines: ['js'], update });
      expect(result.exitCode).toBe(2);
      const kase = result.cases.find((c) => c.file === 'typo.yaml')!;
      expect(kase.status).toBe('invalid');
      expect(kase.runs).toEqual([]);
      expect(kase.problems.map((m) => [m.code, m.line, m.message])).toEqual([['CODICIL-T002', 3, `records_dir: ${named}: ${words(dir)} (a case's records folder is named from the case file's folder)`]]);
    }
    expect(readFileSync(join(dir, 'tests', 'typo.yaml'), 'utf8')).toBe(before);
  });

  it('a records folder inside the policy folder, also through a link, is read', async () => {
    const dir = await policyWith('records-inside', (abs) => {
      mkdirSync(join(abs, '.exports'));
      writeFileSync(join(abs, '.exports', 'incidents.jsonl'), '{"id":"INC-9","aware_at":"2025-03-01T00:00:00Z","summary":"inside"}\n');
      symlinkSync('../.exports', join(abs, 'tests', 'exports'));
      writeFileSync(join(abs, 'tests', 'inside.yaml'), caseReading('exports'));
    });
    const result = await runPolicyTests({ policy: dir, engines: ['js'] });
    expect(result.problems).toEqual([]);
    expect(result.cases.map((c) => [c.file, c.status])).toEqual([
      ['case.yaml', 'passed'],
      ['inside.yaml', 'passed'],
    ]);
  });
});

describe('case files are YAML as policy files are', () => {
  const read = (text: string) => {
    const started = performance.now();
    const kase = readCaseFile('x.yaml', 'x.yaml', text);
    return { ms: performance.now() - started, messages: kase.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`) };
  };
  const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');

  it('refuses an alias (a billion laughs threw out of the reader before)', () => {
    const { messages } = read(`name: x\n${laughs}\n`);
    expect(messages[0]).toBe('3:8 CODICIL-T001 the policy test is not valid YAML: the alias *a is not allowed: write the value out (anchors and aliases are not read)');
  });

  it('finds a repeated key among 60 000 in linear time', () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `k${i}: 1`);
    const { ms, messages } = read(`name: x\nrecords:\n  incidents:\n    - ${[...keys, 'k7: 2'].join('\n      ')}\n`);
    expect(messages).toEqual(['60004:7 CODICIL-T001 the policy test is not valid YAML: Map keys must be unique: “k7” is repeated']);
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses flow collections nested beyond the limit at their place, without a stack overflow', () => {
    const { messages } = read(`name: x\nas_of: ${'['.repeat(100_000)}\n`);
    expect(messages).toEqual(['2:72 CODICIL-T001 the policy test is not valid YAML: flow collections ([ and {) nest more than 64 levels deep here']);
  });

  it('refuses block sequences and mappings nested beyond the limit at their place, once, without a stack overflow', () => {
    // Review: thousands of `- ` levels overflowed the composer's stack ("Maximum call stack size exceeded", twice).
    expect(read(`name: x\nrecords:\n  ${'- '.repeat(20_000)}x\n`).messages).toEqual(['3:129 CODICIL-T001 the policy test is not valid YAML: sequences and mappings nest more than 64 levels deep here']);
    const keys = Array.from({ length: 3_000 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n');
    expect(read(`${keys} x\n`).messages).toEqual(['65:129 CODICIL-T001 the policy test is not valid YAML: sequences and mappings nest more than 64 levels deep here']);
    // 64 levels are read.
    expect(read(`name: x\nrecords:\n  ${'- '.repeat(63)}x\n`).messages).not.toContainEqual(expect.stringContaining('CODICIL-T001'));
  });

  it('lists at most 1 000 problems of a file, then counts the rest', () => {
    // Values no record can hold (.inf, .nan): two problems a row.
    const rows = Array.from({ length: 1_500 }, (_, i) => `    - { id: I-${i}, aware_at: .inf, summary: .nan }`).join('\n');
    const { messages } = read(`name: x\nas_of: 2025-03-10T00:00:00Z\nrecords:\n  incidents:\n${rows}\nexpect: { exit: 0, findings: [] }\n`);
    expect(messages).toHaveLength(1_001);
    expect(messages[0]).toBe('5:28 CODICIL-T002 records.incidents[0].aware_at: Infinity is not a value a record can hold');
    expect(messages.at(-1)).toBe('504:45 CODICIL-P111 2000 more problem(s) in this file are not shown (the first 1000 are)');
  });
});

describe('waivers.yaml and organization.yaml beside the documents', () => {
  const entries: [string, (path: string) => void, string][] = [
    ['a FIFO', (p) => execFileSync('mkfifo', [p]), 'CODICIL-P005'],
    ['a link to /dev/zero', (p) => symlinkSync('/dev/zero', p), 'CODICIL-P006'],
    ['a link out of the policy folder', (p) => symlinkSync(join(root, 'examples', 'waivers.yaml'), p), 'CODICIL-P006'],
    ['a directory', (p) => mkdirSync(p), 'CODICIL-P005'],
    ['a link loop', (p) => symlinkSync(p, p), 'CODICIL-P007'],
    ['Windows-1252 bytes', (p) => writeFileSync(p, cp1252('# é\n')), 'CODICIL-P107'],
    ['too large', (p) => (writeFileSync(p, ''), truncateSync(p, 126 * 2 ** 20)), 'CODICIL-P008'],
  ];

  it.each(entries)('policy/waivers.yaml that is %s stops check (exit 2) and fails lint', async (name, make, code) => {
    const dir = await policyWith(`waivers-${name.replace(/\W+/g, '-')}`, (abs) => make(join(abs, 'waivers.yaml')));
    const started = performance.now();
    const report = await check({ records: join(root, 'examples', 'records'), policy: dir, asOf: new Date('2025-06-30T12:00:00Z') });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(report.exitCode).toBe(2);
    expect(report.findings).toBeUndefined();
    expect(report.errors!.map((e) => [e.code, e.file])).toContainEqual([code, `${dir}/waivers.yaml`]);
    const linted = await lint({ policy: dir });
    expect(linted.messages.filter((m) => m.code === code).map((m) => m.file)).toContain(`${dir}/waivers.yaml`);
  });

  it.each([...entries, ['an alias', (p: string) => writeFileSync(p, 'legalName: &n StudioLM\nname: *n\n'), 'CODICIL-O001'] as const])('organization.yaml that is %s fails lint with the code, in bounded time', async (name, make, code) => {
    const dir = await policyWith(`organization-${name.replace(/\W+/g, '-')}`, (abs) => {
      rmSync(join(abs, 'organization.yaml'));
      make(join(abs, 'organization.yaml'));
    });
    const started = performance.now();
    const linted = await lint({ policy: dir });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(linted.ok).toBe(false);
    expect(linted.organization).toBeNull();
    expect(linted.messages.filter((m) => m.code === code).map((m) => m.file)).toContain(`${dir}/organization.yaml`);
  });

  it('organization.yaml of thousands of aliases: at most 1 000 messages, then a count of the rest (review F6: 20 000 from 64 KiB)', async () => {
    const dir = await policyWith('organization-many-aliases', (abs) => writeFileSync(join(abs, 'organization.yaml'), `x: &a 1\ny: [${Array(3000).fill('*a').join(',')}]\n`));
    const linted = await lint({ policy: dir });
    const mine = linted.messages.filter((m) => m.file === `${dir}/organization.yaml`);
    expect(mine.map((m) => m.code)).toEqual([...Array(1000).fill('CODICIL-O001'), 'CODICIL-P111']);
    expect(mine.at(-1)).toMatchObject({ line: 2, severity: 'error', message: '2000 more problem(s) in this file are not shown (the first 1000 are)' });
  });

  it('refuses YAML nested thousands of levels deep in organization.yaml, waivers.yaml, reference data and a case, once each, at its place', async () => {
    const deep = `${'- '.repeat(20_000)}x`;
    const dir = await policyWith('yaml-nested-deep', (abs) => {
      writeFileSync(join(abs, 'organization.yaml'), `${readFileSync(join(abs, 'organization.yaml'), 'utf8')}extra:\n  ${deep}\n`);
      writeFileSync(join(abs, 'waivers.yaml'), `waivers:\n  ${deep}\n`);
      writeFileSync(join(abs, 'reference', 'eea.yaml'), `list: eea\nstates:\n  ${deep}\n`);
      writeFileSync(join(abs, 'tests', 'case.yaml'), `name: x\nrecords:\n  ${deep}\n`);
    });
    const started = performance.now();
    const linted = await lint({ policy: dir });
    expect(performance.now() - started).toBeLessThan(20_000);
    const nested = linted.messages.filter((m) => /nest|stack/i.test(m.message)).map((m) => `${m.file.slice(dir.length + 1)}:${m.line}:${m.column} ${m.code} ${m.message}`);
    const orgLine = readFileSync(join(root, 'policy', 'organization.yaml'), 'utf8').split('\n').length + 1;
    expect(nested.sort()).toEqual(
      [
        `organization.yaml:${orgLine}:129 CODICIL-O001 organization.yaml is not valid YAML: sequences and mappings nest more than 64 levels deep here`,
        'reference/eea.yaml:3:129 CODICIL-R002 not valid YAML: sequences and mappings nest more than 64 levels deep here',
        'tests/case.yaml:3:129 CODICIL-T001 the policy test is not valid YAML: sequences and mappings nest more than 64 levels deep here',
        'waivers.yaml:2:129 CODICIL-W001 the waiver file is not valid YAML: sequences and mappings nest more than 64 levels deep here',
      ].sort(),
    );
  });

  it('organization.yaml linked from inside the policy folder is read', async () => {
    const dir = await policyWith('organization-link-inside', (abs) => {
      mkdirSync(join(abs, '.shared'));
      cpSync(join(abs, 'organization.yaml'), join(abs, '.shared', 'organization.yaml'));
      rmSync(join(abs, 'organization.yaml'));
      symlinkSync('.shared/organization.yaml', join(abs, 'organization.yaml'));
    });
    const linted = await lint({ policy: dir });
    expect(linted.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(linted.organization).toEqual(JSON.parse(JSON.stringify((await lint({ policy: join(root, 'policy') })).organization)));
    expect(readFileSync(join(root, dir, '.shared', 'organization.yaml'), 'utf8')).toBe(readFileSync(join(root, 'policy', 'organization.yaml'), 'utf8'));
  });
});

/**
 * The executable, run by `sh` with a file size limit of `blocks` × 512 bytes
 * (`ulimit -f`): a write beyond it fails with EFBIG, as it would on a full
 * disk. The output goes to pipes, which the limit does not bound.
 */
const cliUnderFileLimit = (blocks: number, args: string[]) => spawnSync('sh', ['-c', 'ulimit -f "$0" && exec "$@"', String(blocks), node, join(root, 'bin', 'codicil.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('codicil test --update writes a case file whole or not at all (review: rev-hostile F2)', () => {
  /** The case with a notice two days later (it fails), under counsel's notes that must survive: 5 KB. */
  const failing = () => Array.from({ length: 60 }, (_, i) => `# counsel note ${i}: reviewed with legal on 2025-03-10; keep this reasoning\n`).join('') + readFileSync(CASE, 'utf8').replace('2025-03-04T09:00:00Z', '2025-03-06T09:00:00Z');

  it('a write that fails midway (file size limit) leaves the case file byte for byte, and says which file and that it is unchanged', async () => {
    const dir = await policyWith('update-fails', (abs) => writeFileSync(join(abs, 'tests', 'case.yaml'), failing()));
    const before = readFileSync(join(root, dir, 'tests', 'case.yaml'));
    for (const format of ['text', 'json']) {
      // 2 KB: the rewritten file (5 KB) is cut short.
      const run = cliUnderFileLimit(4, ['test', '--policy', dir, '--engine', 'js', '--update', '--format', format]);
      expect(run.signal).toBeNull();
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(run.stdout).not.toMatch(/internal error/);
      // The case failed and still fails: its expect is the old one.
      expect(run.status).toBe(1);
      const words = `--update could not rewrite ${dir}/tests/case.yaml: the file size limit is exceeded; the file is unchanged, its expect is still the old one`;
      if (format === 'text') {
        expect(run.stdout).toContain(`${words}  [CODICIL-T009]`);
        expect(run.stdout).toContain('1 failed');
      } else {
        const result = JSON.parse(run.stdout) as { summary: { updated: number }; cases: { status: string; updated: boolean; problems: { file: string; code: string; message: string }[] }[] };
        expect(result.summary.updated).toBe(0);
        expect(result.cases.map((c) => [c.status, c.updated, c.problems.map((p) => [p.file, p.code, p.message])])).toEqual([['failed', false, [[`${dir}/tests/case.yaml`, 'CODICIL-T009', words]]]]);
      }
      expect(readFileSync(join(root, dir, 'tests', 'case.yaml')).equals(before)).toBe(true);
      // No temporary file left beside it.
      expect(readdirSync(join(root, dir, 'tests'))).toEqual(['case.yaml']);
    }
    // With room to write, the same run rewrites it, notes kept.
    const run = cliUnderFileLimit(64, ['test', '--policy', dir, '--engine', 'js', '--update']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const after = readFileSync(join(root, dir, 'tests', 'case.yaml'), 'utf8');
    expect(after).toContain('# counsel note 59: reviewed with legal');
    expect(after).toMatch(/expect:\n {2}exit: 1\n/);
    expect(readdirSync(join(root, dir, 'tests'))).toEqual(['case.yaml']);
  });

  it('a case file hard-linked to a file outside the policy folder is replaced, never written through', async () => {
    const outside = join(root, 'test', 'output', 'policy-tests-files', 'outside-case.yaml');
    mkdirSync(join(outside, '..'), { recursive: true });
    writeFileSync(outside, failing());
    const before = readFileSync(outside);
    const dir = await policyWith('update-hard-link', (abs) => {
      rmSync(join(abs, 'tests', 'case.yaml'));
      linkSync(outside, join(abs, 'tests', 'case.yaml'));
    });
    const result = await runPolicyTests({ policy: dir, engines: ['js'], update: true });
    expect(result.summary).toMatchObject({ cases: 1, updated: 1 });
    expect(readFileSync(outside).equals(before)).toBe(true);
    expect(readFileSync(join(root, dir, 'tests', 'case.yaml'), 'utf8')).toMatch(/expect:\n {2}exit: 1\n/);
    expect(statSync(outside).nlink).toBe(1);
  });

  it('a case file that is a link inside the policy folder stays a link: the file it names is rewritten', async () => {
    const dir = await policyWith('update-link-inside', (abs) => {
      mkdirSync(join(abs, '.shared'));
      writeFileSync(join(abs, '.shared', 'late.yaml'), failing());
      rmSync(join(abs, 'tests', 'case.yaml'));
      symlinkSync('../.shared/late.yaml', join(abs, 'tests', 'case.yaml'));
    });
    const result = await runPolicyTests({ policy: dir, engines: ['js'], update: true });
    expect(result.summary).toMatchObject({ cases: 1, updated: 1 });
    expect(lstatSync(join(root, dir, 'tests', 'case.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, dir, '.shared', 'late.yaml'), 'utf8')).toMatch(/expect:\n {2}exit: 1\n/);
    expect(readdirSync(join(root, dir, '.shared'))).toEqual(['late.yaml']);
  });
});
