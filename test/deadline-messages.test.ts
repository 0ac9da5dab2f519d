/**
 * A deadline missed by less than a second reads as missed (review: a notice
 * 72 h and 1 ms after awareness said "notified 72h after becoming aware; the
 * DPA allows 72 hours", the figure the DPA allows). Every other message keeps
 * its figures rounded to the second. Judged on every folder engine: the words
 * come from the outcome rows (rules/outcome.ts), the same on each.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../engine/check/check.ts';
import { elapsed, elapsedPast } from '../engine/rules/words.ts';
import { root } from './helpers.ts';
import { comparable, PARITY_ENGINES } from './parity/run.ts';

const records = join(root, 'test', 'output', 'deadline-messages', 'records');
const policy = join(root, 'policy');
const jsonl = (rows: object[]): string => rows.map((r) => `${JSON.stringify(r)}\n`).join('');

/** Incidents aware at 2025-03-01T00:00:00Z (72 hours under 1.0.0: deadline 2025-03-04T00:00:00Z), each notified at a set instant, or never. */
const notified: Record<string, string | null> = {
  'I-EXACT': '2025-03-04T00:00:00Z',
  'I-1MS': '2025-03-04T00:00:00.001Z',
  'I-1S': '2025-03-04T00:00:01Z',
  'I-59S': '2025-03-04T00:00:59Z',
  'I-NONE': null,
};

beforeAll(() => {
  rmSync(records, { recursive: true, force: true });
  mkdirSync(records, { recursive: true });
  const ids = Object.keys(notified);
  writeFileSync(join(records, 'incidents.jsonl'), jsonl(ids.map((id) => ({ id, aware_at: '2025-03-01T00:00:00Z' }))));
  writeFileSync(join(records, 'incident_impacts.jsonl'), jsonl(ids.map((id) => ({ incident_id: id, customer_id: 'C-1' }))));
  const sent = Object.entries(notified).filter((e): e is [string, string] => e[1] !== null);
  writeFileSync(join(records, 'incident_notices.jsonl'), jsonl(sent.map(([id, at]) => ({ incident_id: id, customer_id: 'C-1', sent_at: at, describes_nature: true, describes_data: true, describes_measures: true }))));
  // A bound before the trigger: 30 days' notice of a sub-processor, short by 1 ms (rounded, "30d"), or exact.
  writeFileSync(
    join(records, 'subprocessors.yaml'),
    ['- { name: short, legal_name: Short Ltd, category: email, purpose: Mail, engaged_at: 2025-04-15T00:00:00Z, notice_sent_at: 2025-03-16T00:00:00.001Z }', '- { name: exact, legal_name: Exact Ltd, category: email, purpose: Mail, engaged_at: 2025-04-15T00:00:00Z, notice_sent_at: 2025-03-16T00:00:00Z }', ''].join('\n'),
  );
  // A bound of zero: access granted 300 ms before the agreement was signed (rounded, "0s").
  writeFileSync(join(records, 'access_grants.jsonl'), jsonl([{ id: 'G-1', person_id: 'P-1', granted_at: '2025-03-01T00:00:00Z' }]));
  writeFileSync(join(records, 'confidentiality_agreements.jsonl'), jsonl([{ person_id: 'P-1', signed_at: '2025-03-01T00:00:00.300Z' }]));
});

/**
 * Check the records on every folder engine, asserting the reports are the same.
 *
 * @returns each finding's message, by its clause and subject.
 */
async function messages(asOf: string): Promise<Record<string, string>> {
  const reports = await Promise.all(PARITY_ENGINES.map((engine) => check({ records, policy, asOf: new Date(asOf), engine })));
  for (const r of reports.slice(1)) expect(comparable(r)).toBe(comparable(reports[0]!));
  return Object.fromEntries(reports[0]!.findings!.map((f) => [`${f.clause} ${Object.values(f.key)[0]}`, f.message]));
}

describe('a deadline missed by less than a second', () => {
  it('late notices: the excess shows, to the millisecond only where the second would hide it', async () => {
    expect(PARITY_ENGINES).toEqual(expect.arrayContaining(['js', 'duckdb']));
    const m = await messages('2025-06-30T00:00:00Z');
    // Exactly at the deadline: compliant, no finding.
    expect(m['incident.notify-within I-EXACT']).toBeUndefined();
    expect(m['incident.notify-within I-1MS']).toBe('notified 72h 0m 0.001s after becoming aware; the DPA allows 72 hours');
    expect(m['incident.notify-within I-1S']).toBe('notified 72h 0m 1s after becoming aware; the DPA allows 72 hours');
    expect(m['incident.notify-within I-59S']).toBe('notified 72h 0m 59s after becoming aware; the DPA allows 72 hours');
    expect(m['incident.notify-within I-NONE']).toBe('not notified 121d after becoming aware; the DPA allows 72 hours');
  });

  it('a bound before the trigger, and a bound of zero: short by under a second reads as short', async () => {
    const m = await messages('2025-06-30T00:00:00Z');
    expect(m['subprocessor.advance-notice short']).toBe('customers were notified 29d 23h 59m 59.999s before short was engaged; the DPA requires “reasonable advance notice” (held to 30 days)');
    expect(m['subprocessor.advance-notice exact']).toBeUndefined();
    expect(m['confidentiality.before-access G-1']).toBe('P-1 was given access on 2025-03-01T00:00:00Z, 0.3s before signing a confidentiality agreement');
  });

  it('not notified, as of the deadline and 1 ms after it', async () => {
    expect((await messages('2025-03-04T00:00:00Z'))['incident.notify-within I-NONE']).toBe('not notified yet, 72h after becoming aware; the DPA allows 72 hours (deadline 2025-03-04T00:00:00Z)');
    const after = await messages('2025-03-04T00:00:00.001Z');
    expect(after['incident.notify-within I-NONE']).toBe('not notified 72h 0m 0.001s after becoming aware; the DPA allows 72 hours');
    expect(after['incident.notify-within I-1MS']).toBe('notified 72h 0m 0.001s after becoming aware; the DPA allows 72 hours');
  });
});

describe('elapsed to the millisecond', () => {
  const H = 3_600_000;
  it.each([
    [72 * H + 1, true, '72h 0m 0.001s'],
    [72 * H + 500, true, '72h 0m 0.5s'],
    [30 * 24 * H - 1, true, '29d 23h 59m 59.999s'],
    [300, true, '0.3s'],
    [72 * H, true, '72h'],
    [72 * H + 1, false, '72h'],
  ])('%d ms, precise %s: %s', (ms, precise, words) => expect(elapsed(ms, precise)).toBe(words));

  it.each([
    // Past a bound after the trigger: rounded to the second unless that reaches back to the bound.
    [72 * H + 1, 72 * H, '72h 0m 0.001s'],
    [72 * H + 499, 72 * H, '72h 0m 0.499s'],
    [72 * H + 500, 72 * H, '72h 0m 1s'],
    [72 * H + 59_000, 72 * H, '72h 0m 59s'],
    // Short of a bound before the trigger: rounded unless that reaches up to the bound.
    [30 * 24 * H - 1, 30 * 24 * H, '29d 23h 59m 59.999s'],
    [30 * 24 * H - 1000, 30 * 24 * H, '29d 23h 59m 59s'],
    // After the trigger, when the notice was due before it: any figure shows it.
    [300, -30 * 24 * H, '0s'],
  ])('%d ms against %d: %s', (ms, bound, words) => expect(elapsedPast(ms, bound)).toBe(words));
});
