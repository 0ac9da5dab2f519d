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

describe('the registry is judged as the page shows it (site review F5, F6)', () => {
  const amendments = join(root, 'examples', 'amendments', 'policy');
  const records = join(root, 'examples', 'records');
  const list = async (at: string, publishBreaches = true) => {
    const { policy } = await loadPolicy(amendments);
    return subprocessorList({ policy, policyDir: amendments, records, asOf: Date.parse(at), publishBreaches, organization: null });
  };

  it('leaves additions not yet announced out of the gate, the banner and the marks', async () => {
    // zendesk is engaged on 2025-10-15 and announced on 2025-08-28: on 2025-08-15 it is not public.
    const before = await list('2025-08-15T00:00:00Z');
    const breaches = before.entries.flatMap((e) => e.breaches.map((b) => `${e.name}: ${b.clause}`));
    expect(before.entries.map((e) => e.name)).not.toContain('zendesk');
    expect(breaches).toEqual(['mixpanel: subprocessor.authorized-category', 'mixpanel: subprocessor.advance-notice', 'mixpanel: transfer.safeguards']);
    // Before anything is engaged or announced, check finds nothing, and neither does the gate.
    const early = await list('2024-01-01T00:00:00Z', false);
    expect(early.breached).toBe(false);
    expect(early.entries.map((e) => [e.name, e.status])).toEqual([['aws', 'active'], ['old-mailer', 'active'], ['coinbase-commerce', 'active'], ['cloudflare', 'active']]);
  });

  it('judges an announced addition at its engagement, and says so', async () => {
    // On 2025-09-01 zendesk is announced (category support, which the DPA does not authorize).
    const error = await list('2025-09-01T00:00:00Z', false).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/subprocessor\.authorized-category \(§8\.1\): sub-processor zendesk, an upcoming addition judged as of its engagement on 2025-10-15: category support/);
  });

  it('cites the sections of the version in force, and quotes no version published after as-of', async () => {
    // 1.0.1 is in force on 2025-05-31 (sub-processors in §7, transfers §11); 1.1.0 renumbers them §8 and §12.
    const may = await list('2025-05-31T12:00:00Z');
    expect(may.entries.flatMap((e) => e.breaches.map((b) => `§${b.section} ${b.clause}`)).sort()).toEqual(['§11 transfer.safeguards', '§7.1 subprocessor.authorized-category', '§7.3 subprocessor.advance-notice']);
    // Before 1.0.0 is published (2024-12-02), the page names no version (the site has none to link).
    const { policy } = await loadPolicy(amendments);
    const dpaOnly = await subprocessorList({ policy, policyDir: amendments, asOf: Date.parse('2024-12-01T00:00:00Z'), publishBreaches: false, organization: null });
    expect(dpaOnly.dpa).toBeNull();
    const published = await subprocessorList({ policy, policyDir: amendments, asOf: Date.parse('2024-12-02T00:00:00Z'), publishBreaches: false, organization: null });
    expect(published.dpa?.version).toBe('1.0.0');
  });
});
