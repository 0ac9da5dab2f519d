import { describe, expect, it } from 'vitest';
import { runs } from './helpers.ts';
import fc from 'fast-check';
import { versionInForce, inForceUntil, publishedVersions } from '../engine/index.ts';
import type { PolicyVersion } from '../engine/index.ts';

const v = (version: string, effective: string, status: 'draft' | 'published' = 'published') => ({ version, effective, status }) as PolicyVersion;
const versions = [v('1.0.0', '2024-12-02'), v('1.1.0', '2025-03-01'), v('2.0.0', '2025-09-01', 'draft')];

describe('versionInForce', () => {
  it('is undefined before the first version', () => {
    expect(versionInForce({ versions }, Date.parse('2024-12-01T23:59:59.999Z'))).toBeUndefined();
  });
  it('starts at 00:00 UTC on the effective date', () => {
    expect(versionInForce({ versions }, Date.parse('2024-12-02T00:00:00Z'))?.version).toBe('1.0.0');
    expect(versionInForce({ versions }, new Date('2025-02-28T23:59:59Z'))?.version).toBe('1.0.0');
    expect(versionInForce({ versions }, new Date('2025-03-01T00:00:00Z'))?.version).toBe('1.1.0');
  });
  it('respects offsets: 2025-03-01T00:30:00+01:00 is still February in UTC', () => {
    expect(versionInForce({ versions }, new Date('2025-03-01T00:30:00+01:00'))?.version).toBe('1.0.0');
  });
  it('never puts a draft in force', () => {
    expect(versionInForce({ versions }, new Date('2030-01-01T00:00:00Z'))?.version).toBe('1.1.0');
    expect(publishedVersions({ versions }).map((x) => x.version)).toEqual(['1.0.0', '1.1.0']);
  });
  it('reports when a version stops being in force', () => {
    expect(inForceUntil({ versions }, versions[0]!)).toBe(Date.parse('2025-03-01T00:00:00Z'));
    expect(inForceUntil({ versions }, versions[1]!)).toBeUndefined();
  });
  it('does not depend on the order versions are listed in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(versions, { minLength: 3, maxLength: 3 }), fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2027-01-01') }), (shuffled, t) => {
        expect(versionInForce({ versions: shuffled }, t)?.version).toBe(versionInForce({ versions }, t)?.version);
      }),
      runs(100),
    );
  });
});
