// Record errors pinned to expected values, not only engine against engine:
// each folder of test/fixtures/records-errors holds records/, case.json (as-of,
// what it shows) and expected.json — the exit code and every error's code,
// file, line, field and message. Every folder engine must give exactly the
// golden (issue 8: lines off by one or missing, "1 further error not shown"
// when 15 000 were cut). UPDATE_FIXTURES=1 rewrites the goldens; a missing
// one fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, renderCheck, type CheckReport } from '../engine/index.ts';
import { FOLDER_ENGINES } from '../engine/engines/index.ts';
import { MAX_ERRORS } from '../engine/records/limits.ts';
import { expectGoldenJson, root } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'records-errors');
const policy = join(root, 'policy');

/** The errors as a golden holds them: every one when few; else the first five, how many are left out, and the last two. */
function projection(report: CheckReport) {
  const errors = (report.errors ?? []).map(({ code, file, line, field, message }) => ({ code, file, line, field, message }));
  const listed = errors.length > 12 ? [...errors.slice(0, 5), { notInThisFile: errors.length - 7 }, ...errors.slice(-2)] : errors;
  return { exitCode: report.exitCode, judged: report.findings !== undefined, listed: errors.length, errors: listed };
}

const cases = readdirSync(dir).sort();

describe('record errors: code, file, line and field, on every folder engine', () => {
  it('has the cases issue 8 names', () => {
    expect(cases).toEqual(['deep-nesting-jsonl-line-2', 'duplicate-key-json', 'duplicate-key-jsonl', 'empty-json', 'more-than-the-cap', 'references-into-unreadable-rows', 'references-into-unreadable-table', 'windows-1252-line-3']);
  });

  it.each(cases)('%s', async (name) => {
    const meta = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8')) as { asOf: string };
    for (const engine of FOLDER_ENGINES) {
      const report = await check({ records: join(dir, name, 'records'), policy, asOf: new Date(meta.asOf), engine });
      expect(report.engine).toBe(engine);
      // One golden for every engine: the first engine may write it, the others must match it.
      expectGoldenJson(join(dir, name, 'expected.json'), projection(report));
    }
  });
});

describe('more errors than are listed', () => {
  it('lists the first 10 000 and counts the rest exactly, in every format that says how many', async () => {
    for (const engine of FOLDER_ENGINES) {
      const report = await check({ records: join(dir, 'more-than-the-cap', 'records'), policy, asOf: new Date('2025-06-30T00:00:00Z'), engine });
      expect(report.errors).toHaveLength(MAX_ERRORS + 1);
      expect(report.errors!.at(-1)).toEqual({ code: 'CODICIL-D900', file: '', line: null, field: null, message: '20000 further error(s) not shown' });

      // The text report: the total in its head, the count on its own line (no stray ": " before it).
      const text = renderCheck(report, 'text').split('\n');
      expect(text.slice(0, 4)).toEqual([
        'codicil check — policy dpa (versions 1.0.0), as of 2025-06-30T00:00:00.000Z',
        '',
        'Could not judge: 30000 error(s) in the input. Nothing was judged.',
        '  incidents.jsonl:1 [id]: required field id is missing',
      ]);
      expect(text.slice(-3)).toEqual(['  incidents.jsonl:5000 [aware_at]: required field aware_at is missing', '  20000 further error(s) not shown', '']);

      expect(renderCheck(report, 'markdown')).toContain('\n30000 error(s) in the input; nothing was judged.\n');
      expect(renderCheck(report, 'github').trimEnd().split('\n').slice(-2)).toEqual(['::error title=codicil%3A invalid input::20000 further error(s) not shown', '::error title=codicil::Could not judge: 30000 error(s) in the input']);
    }
  });
});
