import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from './helpers.ts';
import { readDate, readDuration, describeDuration } from '../engine/index.ts';
import { calendarDays, durationOutOfRange, readDurationWords, readNumber, readIsoDuration } from '../engine/parse/words.ts';

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

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
/** A number below 100 in words, as contracts write it ("seventy-two"). */
const inWords = (n: number): string => (n < 20 ? SMALL[n]! : TENS[Math.floor(n / 10)]! + (n % 10 ? `-${SMALL[n % 10]}` : ''));

describe('drafting conventions', () => {
  it.each([
    ['thirty (30) days', 'P30D'],
    ['30 (thirty) days', 'P30D'],
    ['seventy-two (72) hours', 'PT72H'],
    ['fourteen (14) calendar days', 'P14D'],
    ['thirty calendar days', 'P30D'],
    ["thirty (30) days'", 'P30D'],
    ['30 days’', 'P30D'],
    ['one (1) week', 'P1W'],
  ])('%s is %s', (words, iso) => {
    expect(readDurationWords(words)).toMatchObject({ ok: true, iso });
  });

  it('says when the words and the figure disagree, whichever comes first', () => {
    expect(readDurationWords('thirty (31) days')).toEqual({ ok: false, problem: 'figure', stated: 30, figure: 31 });
    expect(readDurationWords('31 (thirty) days')).toEqual({ ok: false, problem: 'figure', stated: 30, figure: 31 });
    // Both in figures, or both in words, is not the convention.
    expect(readDurationWords('30 (30) days')).toEqual({ ok: false, problem: 'unreadable' });
  });

  it('reads any number below 100 in words with its figure, and refuses a figure that differs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom('hour', 'day', 'week'), (n, m, unit) => {
        const seconds = { hour: 3600, day: 86400, week: 604800 }[unit];
        expect(readDurationWords(`${inWords(n)} (${n}) ${unit}s`)).toMatchObject({ ok: true, seconds: n * seconds });
        if (m !== n) expect(readDurationWords(`${inWords(n)} (${m}) ${unit}s`)).toEqual({ ok: false, problem: 'figure', stated: n, figure: m });
      }),
      runs(200),
    );
  });

  it('measures the span of calendar periods over the 400-year cycle', () => {
    expect(calendarDays(1, 'month')).toEqual({ min: 28, max: 31 });
    expect(calendarDays(2, 'month')).toEqual({ min: 59, max: 62 });
    expect(calendarDays(12, 'month')).toEqual({ min: 365, max: 366 });
    expect(calendarDays(1, 'year')).toEqual({ min: 365, max: 366 });
    expect(calendarDays(3, 'year')).toEqual({ min: 1095, max: 1096 });
    // Eight years can hold one leap day only (2096 → 2104 skips 2100).
    expect(calendarDays(8, 'year')).toEqual({ min: 2921, max: 2922 });
    expect(readDurationWords('one calendar month')).toEqual({ ok: false, problem: 'calendar', amount: 1, unit: 'month', days: { min: 28, max: 31 } });
    expect(readDurationWords('three (3) years')).toMatchObject({ ok: false, problem: 'calendar', amount: 3, unit: 'year' });
  });

  it('refuses business days as such', () => {
    expect(readDurationWords('ten (10) business days')).toEqual({ ok: false, problem: 'business' });
    expect(readDurationWords('5 working days')).toEqual({ ok: false, problem: 'business' });
  });
});
