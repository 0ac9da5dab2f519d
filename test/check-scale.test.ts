// Findings at scale: a check reports every finding, however many. A spread of
// the findings into push() overflowed the stack past about 120 000 findings
// (found by `npm run bench -- --rows 100000000`: 713 000 findings, a crash).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../engine/index.ts';
import { root } from './helpers.ts';

const dir = join(root, 'test', 'output', 'check-scale');
const late = 150_000;

describe('a check with more findings than a call has arguments', () => {
  it(`reports all ${late.toLocaleString('en')} violations, in order and each at its line, on the js and duckdb engines`, async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // Each request notified 48 hours and one second after it came in: one violation of dsr.notify-customer each.
    const lines: string[] = [];
    for (let i = 0; i < late; i++) {
      const received = Date.parse('2025-01-01T00:00:00Z') + i * 60_000;
      lines.push(JSON.stringify({ id: `DSR-${String(i).padStart(6, '0')}`, customer_id: 'C-1', right: 'access', received_at: new Date(received).toISOString().replace('.000', ''), customer_notified_at: new Date(received + 48 * 3_600_000 + 1000).toISOString().replace('.000', '') }));
    }
    writeFileSync(join(dir, 'dsr_requests.jsonl'), `${lines.join('\n')}\n`);
    for (const engine of ['js', 'duckdb'] as const) {
      const report = await check({ records: dir, policy: join(root, 'policy'), asOf: new Date('2026-01-01T00:00:00Z'), engine });
      expect(report.exitCode, engine).toBe(1);
      const violations = (report.findings ?? []).filter((f) => f.clause === 'dsr.notify-customer' && f.status === 'violation');
      expect(violations, engine).toHaveLength(late);
      expect(violations[0]!.key, engine).toEqual({ request_id: 'DSR-000000' });
      expect(violations.at(-1)!.key, engine).toEqual({ request_id: `DSR-${String(late - 1).padStart(6, '0')}` });
      expect(report.summary.violations, engine).toBe(late);
      // Each at its own line: DuckDB reads the file in parallel, and a row's line is its place in the file.
      const misplaced = violations.filter((f) => f.source?.line !== Number(f.key.request_id!.slice(4)) + 1);
      expect(misplaced.slice(0, 3), engine).toEqual([]);
    }
  }, 120_000);
});
