import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimestamp, parseTimestamp, timestampProblem } from '../engine/schemas/timestamp.ts';

describe('RFC 3339 timestamps', () => {
  it.each(['2025-03-01T09:30:00Z', '2025-03-01T10:30:00+01:00', '2025-03-01t09:30:00z', '2024-02-29T00:00:00.123456Z', '2025-12-31T23:59:59-12:00'])('accepts %s', (t) => {
    expect(isTimestamp(t)).toBe(true);
  });
  it.each(['2025-03-01T09:30:00', '2025-03-01 09:30:00Z', '2025-02-29T00:00:00Z', '2025-13-01T00:00:00Z', '2025-03-01T24:00:00Z', '2025-03-01T09:30:00+0100', '2025-03-01T09:30:00.Z', '2025-03-01', '', 'x'.repeat(25), '2025-03-01T09:30:00+01:00 '])('refuses %j', (t) => {
    expect(isTimestamp(t)).toBe(false);
  });
  it('parses offsets to the same instant', () => {
    expect(parseTimestamp('2025-03-01T10:30:00+01:00')).toBe(parseTimestamp('2025-03-01T09:30:00Z'));
  });
  it('explains a missing offset', () => {
    expect(timestampProblem('2025-03-01T09:30:00')).toMatch(/no offset/);
  });
  it('agrees with Date for every valid instant it accepts', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: -14, max: 14 }), (d, offsetHours) => {
        const shifted = new Date(d.getTime() + offsetHours * 3_600_000).toISOString().slice(0, 19);
        const sign = offsetHours < 0 ? '-' : '+';
        const text = `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
        if (Math.abs(offsetHours) > 23) return;
        expect(isTimestamp(text)).toBe(true);
        expect(parseTimestamp(text)).toBe(Math.floor(d.getTime() / 1000) * 1000);
      }),
    );
  });
});

describe('parseTimestamp agrees with Date.parse', () => {
  it('for every offset and fraction', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        fc.constantFrom('', '.5', '.123', '.1234567', '.007'),
        (ms, offsetMinutes, fraction) => {
          const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text = `${local}${fraction}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          if (!/^\d{4}-/.test(text)) return;
          expect(parseTimestamp(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
