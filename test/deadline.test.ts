// The deadline rule every engine applies (rules/outcome.ts; the SQL compiler writes the same).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadlineStatus } from '../engine/rules/outcome.ts';
import { elapsed } from '../engine/rules/words.ts';
import { assertProperty } from './property.ts';

const H = 3_600_000;
const counted = (completion: number | undefined, asOf: number) => (completion !== undefined && completion <= asOf ? completion : undefined);
const within = (trigger: number, completion: number | undefined, bound: number, asOf: number) => deadlineStatus({ pending: true }, trigger + bound, counted(completion, asOf), asOf);
const before = (trigger: number, completion: number | undefined, bound: number, asOf: number) => deadlineStatus({ pending: false }, trigger - bound, counted(completion, asOf), asOf);

describe('deadlines after a trigger (inclusive, as-of replay)', () => {
  it('passes exactly on the deadline and fails one second after', () => {
    expect(within(0, 72 * H, 72 * H, 100 * H)).toEqual({ status: 'pass' });
    expect(within(0, 72 * H + 1000, 72 * H, 100 * H)).toEqual({ status: 'violation', reason: 'late' });
  });
  it('is pending up to the deadline with nothing done, a violation one millisecond after', () => {
    expect(within(0, undefined, 72 * H, 72 * H)).toEqual({ status: 'pending' });
    expect(within(0, undefined, 72 * H, 72 * H + 1)).toEqual({ status: 'violation', reason: 'missed' });
  });
  it('ignores a completion after as-of', () => {
    expect(within(0, 10 * H, 72 * H, 5 * H)).toEqual({ status: 'pending' });
  });
  it('never lets a later completion help: a violation stays a violation, a pass may become anything', () => {
    assertProperty(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 2e6 }), (c, delay, bound, asOf) => {
        const early = within(0, c, bound, asOf).status;
        const later = within(0, c + delay, bound, asOf).status;
        if (early === 'violation') expect(later).toBe('violation');
        if (later === 'pass') expect(early).toBe('pass');
      }),
    );
  });
});

describe('the deadline rule in elapsed time', () => {
  it('judges as the contract says: done by as-of within the bound passes; not done is pending until the bound has passed', () => {
    // The oracle in elapsed time, as clauses.md words it (inclusive deadline, events after as-of not yet happened).
    const expected = (trigger: number, completion: number | undefined, bound: number, asOf: number) => {
      const done = completion !== undefined && completion <= asOf ? completion : undefined;
      if (done !== undefined) return done - trigger <= bound ? 'pass' : 'violation';
      return asOf - trigger > bound ? 'violation' : 'pending';
    };
    assertProperty(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.option(fc.integer({ min: 0, max: 3e6 }), { nil: undefined }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 3e6 }), (trigger, completion, bound, asOf) => {
        expect(within(trigger, completion, bound, asOf).status).toBe(expected(trigger, completion, bound, asOf));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('advance notice (a bound before the trigger; never pending)', () => {
  it('passes with exactly the notice, fails one second short or without notice', () => {
    expect(before(30 * 24 * H, 0, 30 * 24 * H, 31 * 24 * H)).toEqual({ status: 'pass' });
    expect(before(30 * 24 * H, 1000, 30 * 24 * H, 31 * 24 * H)).toEqual({ status: 'violation', reason: 'late' });
    expect(before(30 * 24 * H, undefined, 30 * 24 * H, 31 * 24 * H)).toEqual({ status: 'violation', reason: 'missed' });
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
