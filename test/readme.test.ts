// The README documents every lint code and rule kind, and the test command CI runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errors, ruleKindNames } from '../engine/index.ts';
import { FILE_LIMITS } from '../engine/model/policy-file.ts';
import { MESSAGES_PER_FILE } from '../engine/model/file-guard.ts';
import { MARKDOWN_LIMITS as L } from '../engine/parse/limits.ts';
import { DURATION_RANGE } from '../engine/parse/words.ts';
import { MAX_EDIT_LENGTH } from '../engine/amendment/redline.ts';
import { MAX_ECHO } from '../engine/errors/visible.ts';
import { MAX_MESSAGE } from '../engine/report/group.ts';
import { WAIVER_FILE_LIMIT } from '../engine/waivers/index.ts';
import { root } from './helpers.ts';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('lists every error code of the catalogue', () => {
    for (const entry of Object.values(errors)) expect(readme).toContain(`| \`${entry.code}\` | ${entry.title} |`);
  });
  it('lists every rule kind', () => {
    for (const kind of ruleKindNames()) expect(readme).toContain(`| \`${kind}\` |`);
  });
  it('quotes the limits of "What codicil refuses" as the code has them', () => {
    const n = (x: number) => x.toLocaleString('en').replace(/,/g, ' ');
    const refuses = readme.slice(readme.indexOf('## What codicil refuses'), readme.indexOf('### Records'));
    for (const phrase of [
      `version file and change notice ${FILE_LIMITS.version / 1024} KiB (${n(FILE_LIMITS.version)} bytes`,
      `reference file ${FILE_LIMITS.reference / 1024} KiB`,
      `${n(FILE_LIMITS.files)} version files and notices are read`,
      `\`versions.lock\` ${FILE_LIMITS.lock / 1024} KiB`,
      `${n(L.lines)} lines in a version file`,
      `\`:::\` containers ${L.nesting} levels inside one another`,
      `directive labels) ${L.brackets} levels inside one another`,
      `${n(L.markupPerBlock)} in one block`,
      `${n(L.markupPerFile)} in a file`,
      `${n(L.containersPerFile)} list items`,
      `${n(L.cellsPerFile)} \`\\|\` in a file`,
      `${n(L.headingsPerFile)} in a file`,
      `${n(L.directivesPerFile)} (\`:\``,
      `${L.treeDepth} levels deep, checked`,
      `${n(DURATION_RANGE.min)} second to ${n(DURATION_RANGE.max / 86_400)} days`,
      `at most ${n(MESSAGES_PER_FILE)} a file`,
      `at most ${n(MAX_EDIT_LENGTH)} edits`,
      `cut at ${MAX_ECHO} characters, a message at ${n(MAX_MESSAGE)}`,
      `at most\n${WAIVER_FILE_LIMIT / 1024} KiB (a waiver is about 300 bytes)`,
      `\`policy/organization.yaml\` (at most ${FILE_LIMITS.organization / 1024} KiB)`,
      `each case file at most ${FILE_LIMITS.testCase / 1024} KiB`,
      `no more than ${n(FILE_LIMITS.testEntries)}\nfiles and folders there`,
    ]) expect(refuses, phrase).toContain(phrase);
  });
  it('gives the test command that .ci/run runs', () => {
    const command = /\*\*Run every test\*\* \| `([^`]+)`/.exec(readme)?.[1];
    expect(command).toBe('npm ci && npm test');
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toContain(`\n${command}\n`);
  });
});

describe('the error catalogue', () => {
  it('gives every record error its own name (a later entry of the same name would silently replace it)', async () => {
    const { recordErrors } = await import('../engine/errors/records.ts');
    for (const [name, entry] of Object.entries(recordErrors)) expect((errors as Record<string, { code: string }>)[name]!.code, name).toBe(entry.code);
    const codes = Object.values(errors).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
