import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyHashes, hashKey } from '../engine/records/key-hashes.ts';

describe('KeyHashes', () => {
  it('finds exactly the hashes of repeated keys', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 300 }), (keys) => {
        const hashes = new KeyHashes();
        for (const k of keys) hashes.add(k);
        const counts = new Map<string, number>();
        for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
        const expected = new Set([...counts].filter(([, n]) => n > 1).map(([k]) => hashKey(k)));
        expect(hashes.repeated()).toEqual(expected);
      }),
    );
  });

  it('merges across chunks of a million keys', () => {
    const hashes = new KeyHashes();
    for (let i = 0; i < 2_500_000; i++) hashes.add(`K-${i}`);
    hashes.add('K-7');
    hashes.add('K-2400000');
    expect(hashes.repeated()).toEqual(new Set([hashKey('K-7'), hashKey('K-2400000')]));
  });
});
