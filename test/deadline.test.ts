import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { before, elapsed, within } from '../engine/check/deadline.ts';
import { runs } from './helpers.ts';

const H = 3_600_000;

describe('within (inclusive deadlines, as-of replay)', () => {
  it('passes exactly on the deadline and fails one second after', () => {
    expect(within(0, 72 * H, 72 * H, 100 * H).status).toBe('pass');
    expect(within(0, 72 * H + 1000, 72 * H, 100 * H)).toMatchObject({ status: 'violation', reason: 'late' });
  });
  it('is pending before the deadline with nothing done, a violation after', () => {
    expect(within(0, undefined, 72 * H, 72 * H).status).toBe('pending');
    expect(within(0, undefined, 72 * H, 72 * H + 1)).toMatchObject({ status: 'violation', reason: 'missed' });
  });
  it('ignores a completion after as-of', () => {
    expect(within(0, 10 * H, 72 * H, 5 * H).status).toBe('pending');
  });
  it('never turns a violation into a pass when the completion is later', () => {
    const rank = { pass: 0, pending: 1, violation: 2 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 2e6 }), (c, delay, bound, asOf) => {
        const sooner = within(0, c, bound, asOf).status;
        const later = within(0, c + delay, bound, asOf).status;
        // A pending subject's completion has not happened by as-of: a later one has not either.
        if (sooner === 'pending') expect(later).toBe('pending');
        else expect(rank[later]).toBeGreaterThanOrEqual(rank[sooner]);
      }),
      runs(1000),
    );
  });

  it('judges as the contract says: done by as-of within the bound passes; not done is pending until the bound has passed', () => {
    // The oracle in elapsed time, as clauses.md words it (inclusive deadline, events after as-of not yet happened).
    const expected = (trigger: number, completion: number | undefined, bound: number, asOf: number) => {
      const done = completion !== undefined && completion <= asOf ? completion : undefined;
      if (done !== undefined) return done - trigger <= bound ? 'pass' : 'violation';
      return asOf - trigger > bound ? 'violation' : 'pending';
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.option(fc.integer({ min: 0, max: 3e6 }), { nil: undefined }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 3e6 }), (trigger, completion, bound, asOf) => {
        const result = within(trigger, completion, bound, asOf);
        expect(result.status).toBe(expected(trigger, completion, bound, asOf));
        expect(result.deadline).toBe(trigger + bound);
      }),
      runs(1000),
    );
  });
});

describe('before (advance notice)', () => {
  it('passes with exactly the notice, fails one second short or without notice', () => {
    expect(before(30 * 24 * H, 0, 30 * 24 * H, 31 * 24 * H).status).toBe('pass');
    expect(before(30 * 24 * H, 1000, 30 * 24 * H, 31 * 24 * H).status).toBe('violation');
    expect(before(30 * 24 * H, undefined, 30 * 24 * H, 31 * 24 * H)).toMatchObject({ status: 'violation', reason: 'missed' });
  });
});

describe('elapsed', () => {
  it.each([
    [80 * H, '80h'],
    [72 * H + 1000, '72h 0m 1s'],
    [1000, '1s'],
    [90_000, '1m 30s'],
    [14 * 24 * H, '14d'],
    [(15 * 24 + 3) * H, '15d 3h'],
    [-2 * H, '-2h'],
  ])('%d ms is %s', (ms, words) => expect(elapsed(ms)).toBe(words));
});
