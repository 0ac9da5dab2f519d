// `codicil build` with a records registry (security review, scripts 02 and
// 09): every value it prints from the records or their file names is escaped
// as `codicil check` prints it (no raw control character reaches a terminal,
// no line of a CI log starts with a workflow command), and a registry of any
// size is judged without spreading it into one call.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSiteModel, loadPolicy } from '../engine/index.ts';
import { subprocessorList } from '../engine/site/subprocessors.ts';
import { root } from './helpers.ts';

const policyDir = join(root, 'policy');
const asOf = Date.parse('2025-06-30T00:00:00Z');
/** A name that sets a colour and the window title, rings the bell, and starts a GitHub workflow command on the next line. */
const EVIL = 'evil\u001b[31mRED\u001b]0;pwned-title\u0007\n::error file=README.md::INJECTED';
/** What a message may not carry raw: controls (but the line breaks between its lines), DEL, C1, bidi controls, lone surrogates. */
const RAW = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDFFF]/u;

/** A fresh records folder under test/output/. */
function recordsDir(name: string): string {
  const dir = join(root, 'test', 'output', 'site-records', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Why the site model was refused. */
async function refusal(records: string): Promise<string> {
  const error = await buildSiteModel({ policy: policyDir, records, asOf }).then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error).not.toBeNull();
  return error!.message;
}

/** The message is safe to print: nothing raw, and no line a CI runner reads as a command. */
function expectPrintable(message: string): void {
  expect(message).not.toMatch(RAW);
  for (const line of message.split('\n')) expect(line, line).not.toMatch(/^\s*::/);
}

describe('build prints values from records as check does (review script 02)', () => {
  it('in the findings of a registry that breaches the DPA', async () => {
    const dir = recordsDir('breach');
    writeFileSync(join(dir, 'subprocessors.yaml'), `- name: ${JSON.stringify(EVIL)}\n  legal_name: X\n  category: analytics\n  purpose: y\n  engaged_at: 2025-05-01T00:00:00Z\n`);
    const message = await refusal(dir);
    expect(message).toContain('breaches the Data Processing Agreement');
    expect(message).toContain('sub-processor evil\\u001b[31mRED\\u001b]0;pwned-title\\u0007\\u000a::error file=README.md::INJECTED: category analytics');
    expectPrintable(message);
  });

  it('in the errors of invalid records, file names included', async () => {
    const dir = recordsDir('invalid');
    writeFileSync(join(dir, 'subprocessors.yaml'), '- name: foo\n  legal_name: X\n  category: payment\n  purpose: y\n  engaged_at: 2025-05-01T00:00:00Z\n');
    mkdirSync(join(dir, 'subprocessor_locations'));
    writeFileSync(join(dir, 'subprocessor_locations', 'a\u001b[32mGREEN\n::error::SHARD.csv'), `subprocessor,country,mechanism\nfoo,US,"${EVIL}"\n`);
    const message = await refusal(dir);
    expect(message).toContain('are invalid; the site is not built');
    expect(message).toMatch(/ {2}subprocessor_locations\/a\\u001b\[32mGREEN\\u000a::error::SHARD\.csv:\d+ \[mechanism\]: .*\(got "evil\\u001b\[31mRED/);
    expectPrintable(message);
  });
});

describe('a registry of any size (review script 09)', () => {
  it('judges 200 000 upcoming sub-processors, not "Maximum call stack size exceeded"', async () => {
    const dir = recordsDir('many-upcoming');
    const row = (i: number, noticeSent: string) => `{"name":"s${i}","legal_name":"L","category":"payment","purpose":"p","engaged_at":"2030-01-01T00:00:00Z","notice_sent_at":"${noticeSent}"}\n`;
    // One announced before the site's instant (listed), the rest after it (not public yet).
    const rows = [row(0, '2025-01-01T00:00:00Z')];
    for (let i = 1; i < 200_000; i++) rows.push(row(i, '2029-01-01T00:00:00Z'));
    writeFileSync(join(dir, 'subprocessors.jsonl'), rows.join(''));
    const { policy } = await loadPolicy(policyDir);
    const list = await subprocessorList({ policy, policyDir, records: dir, asOf, publishBreaches: false, organization: null });
    rmSync(dir, { recursive: true, force: true }); // 34 MB
    expect(list.breached).toBe(false);
    expect(list.entries.map((e) => [e.name, e.status])).toEqual([['s0', 'upcoming']]);
  }, 120_000);
});
