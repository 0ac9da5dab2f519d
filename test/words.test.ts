import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from './helpers.ts';
import { readDate, readDuration, describeDuration } from '../engine/index.ts';
import { durationOutOfRange, readNumber, readIsoDuration } from '../engine/parse/words.ts';

describe('readDuration', () => {
  it.each([
    ['72 hours', 'PT72H', 259200],
    ['seventy-two hours', 'PT72H', 259200],
    ['14 days', 'P14D', 1209600],
    ['30 days', 'P30D', 2592000],
    ['24 hours', 'PT24H', 86400],
    ['a day', 'P1D', 86400],
    ['one hour', 'PT1H', 3600],
    ['2 weeks', 'P2W', 1209600],
    ['90 minutes', 'PT90M', 5400],
    ['72-hour', 'PT72H', 259200],
    ['PT72H', 'PT72H', 259200],
    ['P1DT12H', 'P1DT12H', 129600],
  ])('%s is %s', (words, iso, seconds) => {
    expect(readDuration(words)).toEqual({ iso, seconds });
  });

  it.each(['immediately', 'promptly', 'three business days', '1 month', 'P1M', 'P1Y', 'P', 'PT', '72', 'hours', 'a hundred days', ''])('refuses %j', (words) => {
    expect(readDuration(words)).toBeNull();
  });

  it('reads every whole number of every unit back to the same seconds', () => {
    const units = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 } as const;
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.constantFrom(...(Object.keys(units) as (keyof typeof units)[])), (n, unit) => {
        const d = readDuration(`${n} ${unit}s`)!;
        expect(d.seconds).toBe(n * units[unit]);
        expect(readIsoDuration(d.iso)?.seconds).toBe(d.seconds);
      }),
      runs(100),
    );
  });
});

describe('readNumber', () => {
  it('reads digits and words', () => {
    expect(readNumber('14')).toBe(14);
    expect(readNumber('fourteen')).toBe(14);
    expect(readNumber('forty-eight')).toBe(48);
    expect(readNumber('thirty')).toBe(30);
    expect(readNumber('thirty-zero')).toBeNull();
    expect(readNumber('lots')).toBeNull();
  });
});

describe('readDate', () => {
  it.each([
    ['December 2, 2024', '2024-12-02'],
    ['2 December 2024', '2024-12-02'],
    ['2024-12-02', '2024-12-02'],
    ['February 29, 2024', '2024-02-29'],
  ])('%s is %s', (words, date) => expect(readDate(words)).toBe(date));

  it.each(['February 29, 2025', 'Smarch 1, 2024', '2024-13-01', 'tomorrow'])('refuses %s', (words) => expect(readDate(words)).toBeNull());
});

describe('describeDuration', () => {
  it('speaks as contracts do', () => {
    expect(describeDuration(259200)).toBe('72 hours');
    expect(describeDuration(1209600)).toBe('14 days');
    expect(describeDuration(90)).toBe('90 seconds');
    expect(describeDuration(3600)).toBe('1 hour');
  });
});

describe('words that are Object.prototype names', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('%s is neither a number nor a unit', (name) => {
    expect(readNumber(name)).toBeNull();
    expect(readNumber(`twenty-${name}`)).toBeNull();
    expect(readDuration(`${name} hours`)).toBeNull();
    expect(readDuration(`72 ${name}`)).toBeNull();
  });
});

describe('durationOutOfRange', () => {
  it.each([
    ['0 seconds', 'is zero: a deadline or a notice period is at least 1 second'],
    ['36526 days', 'is longer than 36 525 days (100 years)'],
    ['999999999999 hours', 'is longer than 36 525 days (100 years)'],
    [`${'9'.repeat(400)} weeks`, 'is longer than 36 525 days (100 years)'],
    ['1 second', null],
    ['36525 days', null],
    ['P5217W', null],
  ])('%s', (words, problem) => {
    expect(durationOutOfRange(readDuration(words)!)).toBe(problem);
  });
});
