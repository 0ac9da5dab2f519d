// Invariants of `codicil check`: the order, sharding and format of records
// never change the findings; a later completion never helps; unreadable
// bytes never pass as records.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, TABLE_NAMES, type CheckReport, type TableName } from '../engine/index.ts';
import { readDataset, writeDataset, type Dataset, type Layout } from './dataset.ts';
import { root, runs } from './helpers.ts';

const asOf = new Date('2025-06-30T12:00:00Z');
const policy = join(root, 'policy');
const base = await readDataset(join(root, 'examples', 'records'));
const work = join(root, 'test', 'output', 'check-properties');

/** What must not change: everything but where each record was read from. */
function verdict(report: CheckReport) {
  return {
    exitCode: report.exitCode,
    summary: report.summary,
    coverage: report.coverage.map(({ attestation, ...c }) => ({ ...c, attestation: attestation && { ...attestation, source: undefined } })),
    // Explanations name the record's place too; that is source, not verdict.
    findings: (report.findings ?? []).map(({ source: _source, explanation, ...f }) => ({ ...f, explanation: (explanation ?? []).map((step) => step.replace(/ \([^()]*:\d+\)/g, '')) })),
  };
}

async function run(data: Dataset, layout: Partial<Record<TableName, Layout>> = {}, name = 'run'): Promise<CheckReport> {
  const dir = join(work, name);
  writeDataset(dir, data, layout);
  return check({ records: dir, policy, asOf, explain: true });
}

const expected = verdict(await run(base, {}, 'base'));

const layoutArb = fc.record(Object.fromEntries(TABLE_NAMES.map((t) => [t, fc.record({ format: fc.constantFrom('jsonl', 'csv', 'json', 'yaml'), shards: fc.integer({ min: 1, max: 3 }) })]))) as fc.Arbitrary<Record<TableName, Layout>>;

describe('check properties', () => {
  it('the base dataset has violations and pendings to protect', () => {
    expect(expected.summary.violations).toBeGreaterThan(5);
    expect(expected.summary.pending).toBeGreaterThan(3);
  });

  it('shuffling rows, sharding tables and converting formats never changes the findings', async () => {
    await fc.assert(
      fc.asyncProperty(layoutArb, fc.infiniteStream(fc.nat()), async (layout, randoms) => {
        const shuffled: Dataset = {};
        for (const [table, rows] of Object.entries(base) as [TableName, Record<string, unknown>[]][]) {
          const copy = [...rows];
          for (let i = copy.length - 1; i > 0; i--) {
            const j = randoms.next().value % (i + 1);
            [copy[i], copy[j]] = [copy[j]!, copy[i]!];
          }
          shuffled[table] = copy;
        }
        expect(verdict(await run(shuffled, layout, 'shuffled'))).toEqual(expected);
      }),
      runs(25),
    );
  });

  const completions: [TableName, string][] = [
    ['incident_notices', 'sent_at'],
    ['deletions', 'completed_at'],
    ['dsr_requests', 'customer_notified_at'],
    ['subprocessors', 'notice_sent_at'],
    ['confidentiality_agreements', 'signed_at'],
  ];

  it('making a completion later never turns a violation into a pass', async () => {
    const violations = (r: CheckReport) => new Set((r.findings ?? []).filter((f) => f.status === 'violation').map((f) => `${f.clause} ${JSON.stringify(f.key)}`));
    const before = violations(await run(base, {}, 'base2'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...completions), fc.nat(), fc.integer({ min: 1, max: 90 * 24 * 3600 }), async ([table, field], pick, delaySeconds) => {
        const rows = base[table]!.filter((r) => r[field] !== undefined);
        const target = rows[pick % rows.length]!;
        const data: Dataset = { ...base, [table]: base[table]!.map((r) => (r === target ? { ...r, [field]: new Date(Date.parse(r[field] as string) + delaySeconds * 1000).toISOString() } : r)) };
        const after = violations(await run(data, {}, 'later'));
        for (const v of before) expect(after.has(v), `${v} stopped being a violation when ${table}.${field} was ${delaySeconds}s later`).toBe(true);
      }),
      runs(40),
    );
  });

  it('arbitrary bytes in a record file give exit 2 with errors, never a judged row', async () => {
    const dir = join(work, 'bytes');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TABLE_NAMES), fc.constantFrom('jsonl', 'csv', 'json', 'yaml', 'yml'), fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new TextEncoder().encode(s))), async (table, ext, bytes) => {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${table}.${ext}`), bytes);
        const report = await check({ records: dir, policy, asOf });
        expect([0, 1, 2]).toContain(report.exitCode);
        if (report.exitCode === 2) {
          expect(report.errors!.length).toBeGreaterThan(0);
          expect(report.findings).toBeUndefined();
        } else {
          // Only an empty table (e.g. blank lines, `[]`) may be read without errors: nothing was judged from it.
          expect(report.summary.checked).toBe(0);
          expect(report.errors).toBeUndefined();
        }
      }),
      runs(150),
    );
  });
});
