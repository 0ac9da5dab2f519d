// DuckDB drops a staged table once no clause reads it again, so that its
// memory goes to the joins of the clauses after it. With several documents
// judged over the same records, only the last document's clauses may drop
// anything: every document must find what it finds alone.
import { describe, expect, it } from 'vitest';
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
});
