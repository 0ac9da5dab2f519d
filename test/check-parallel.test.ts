// Judging the deletion tables in a worker thread gives the same report as
// judging everything in one thread, for valid and invalid records.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../engine/index.ts';
import { root } from './helpers.ts';

const cases = [
  ['examples/records', '2025-06-30T12:00:00Z'],
  ['test/fixtures/check/deletions/records', '2025-03-01T00:00:00Z'],
  ['test/fixtures/check/integrity/records', '2025-03-01T00:00:00Z'],
  ['test/fixtures/check/no-records/records', '2025-03-01T00:00:00Z'],
] as const;

describe('parallel judging', () => {
  it.each(cases)('%s: the worker thread changes nothing', async (records, asOf) => {
    const options = { records: join(root, records), policy: join(root, 'policy'), asOf: new Date(asOf), explain: true };
    const sequential = await check({ ...options, parallel: false });
    const parallel = await check({ ...options, parallel: true });
    expect(parallel).toEqual(sequential);
  });
});
