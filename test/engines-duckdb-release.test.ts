// DuckDB judges each clause as soon as the tables it reads are staged and
// checked, and drops a table once no clause and no reference check reads it
// again, so that its memory goes to what comes after. With several documents
// judged over the same records, a table is dropped only after the last
// clause of any document that reads it: every document must find what it
// finds alone. A record found wrong in a table staged later still means
// nothing is judged.
import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../engine/check/check.ts';
import { documentsToJudge, policyClauseIds } from '../engine/check/documents.ts';
import { judgeWithDuckdb } from '../engine/engines/duckdb/engine.ts';
import { judgeWithJs } from '../engine/engines/js/engine.ts';
import type { JudgeInput } from '../engine/engines/types.ts';
import { loadPolicy } from '../engine/model/load-policy.ts';
import { discoverRecords } from '../engine/records/discover.ts';
import type { Outcome } from '../engine/rules/outcome.ts';
import { ruleKinds } from '../engine/rules/registry.ts';

/** Where a finding is, as a text that orders findings. */
const placed = (o: Outcome): string => JSON.stringify([o.clause, o.source?.file, o.source?.line, o.key]);

const records = 'examples/records';
const out = join('test', 'output', 'duckdb-release');
const asOf = Date.parse('2025-06-30T12:00:00Z');

describe('DuckDB drops a table after the last clause that reads it', () => {
  it('and judges a document over the same records as often as it is given, each time as the js engine does', async () => {
    const { policy } = await loadPolicy('policy', ruleKinds);
    const [document] = documentsToJudge(policy);
    const input: JudgeInput = { versions: document!.versions, reference: policy.reference, asOf, clauses: document!.clauses, clauseIds: policyClauseIds(policy) };
    const reference = await judgeWithJs(records, input, await discoverRecords(records));
    // The same document three times: the tables its clauses read are read again by the next.
    const judged = await judgeWithDuckdb(records, await discoverRecords(records), [input, input, input], {});
    expect(reference.errors).toEqual([]);
    const findings = (outcomes: Outcome[]) => outcomes.filter((o) => o.status !== 'pass').sort((a, b) => placed(a).localeCompare(placed(b)));
    const expected = findings(reference.outcomes);
    // Not a vacuous comparison: the example records break several clauses.
    expect(expected.filter((o) => o.status === 'violation').length).toBeGreaterThan(3);
    expect(judged).toHaveLength(3);
    for (const each of judged) {
      expect(each.errors).toEqual([]);
      expect(findings(each.outcomes)).toEqual(expected);
      expect(each.tallies).toEqual(reference.tallies);
    }
  });

  it('and reports nothing judged when a table staged after some clauses were judged holds a wrong record, as js does', async () => {
    rmSync(out, { recursive: true, force: true });
    cpSync(records, out, { recursive: true });
    // dsr_requests is staged last of these records (READ_ORDER): the incident, deletion and access clauses are judged before it.
    appendFileSync(join(out, 'dsr_requests.jsonl'), '{"id":"DSR-LATE","customer_id":"C-1","right":"access","received_at":"2025-02-30T09:00:00Z"}\n');
    const order: string[] = [];
    const [duckdb, js] = await Promise.all([
      check({ records: out, asOf, engine: 'duckdb', onFileRead: (file) => order.push(file) }),
      check({ records: out, asOf, engine: 'js' }),
    ]);
    expect(order.at(-1)).toMatch(/dsr_requests|information_requests|inability_notices/);
    expect(duckdb.exitCode).toBe(2);
    expect(duckdb.findings ?? []).toEqual([]);
    expect(duckdb.errors?.map((e) => [e.file, e.line, e.code])).toEqual([['dsr_requests.jsonl', 6, expect.any(String)]]);
    expect({ ...duckdb, engine: 'js' }).toEqual(js);
  });

  it('judges the clauses that read no table (a policy\'s own versions) with no records, as js does', async () => {
    const policy = 'examples/amendments/policy';
    const [duckdb, js] = await Promise.all([check({ policy, asOf, engine: 'duckdb' }), check({ policy, asOf, engine: 'js' })]);
    expect(duckdb.coverage.filter((c) => c.subjects > 0).map((c) => [c.clause, c.subjects])).toEqual([['amendment.advance-notice', 1]]);
    expect({ ...duckdb, engine: 'js' }).toEqual(js);
  });
});

describe('DuckDB reads a clause\'s findings while it judges the next', () => {
  it('and a read that fails is the check\'s error, never an unhandled rejection, even while DuckDB still judges', async () => {
    // Fault injection (review): nothing in DuckDB makes a finding unreadable, so the parse of one finding's
    // text fails. Before, the rejection had no handler until every clause was judged: an unhandled
    // rejection (in the executable, "internal error" racing the check; in a library, a crash).
    const parse = JSON.parse;
    let failed = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (typeof text === 'string' && text.startsWith('{"status":') && failed++ === 0) throw new Error('a finding could not be read (staged)');
      return parse(text, reviver);
    }) as typeof JSON.parse;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(check({ records, asOf, engine: 'duckdb' })).rejects.toThrow('a finding could not be read (staged)');
      // Give a rejection without a handler the turns it needs to be reported.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      JSON.parse = parse;
      process.off('unhandledRejection', onUnhandled);
    }
    expect(failed).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
  });
});
