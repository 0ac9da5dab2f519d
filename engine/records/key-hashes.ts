/**
 * Duplicate-key detection in 8 bytes a row: each key is kept as a 53-bit
 * hash, not as a string in a Map. Equal hashes are only candidates; the
 * caller confirms them against the real keys (by reading the table again),
 * so a hash collision can never invent or hide a duplicate.
 */

/**
 * A 53-bit hash of a string (two 32-bit FNV-1a variants combined).
 *
 * @param text the key.
 * @returns an integer below 2^53, exactly representable as a double.
 */
export function hashKey(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) & 0x1fffff);
}

// Fixed-size chunks: no copy of everything when the table grows.
const CHUNK = 1 << 20;

/** Collects key hashes and finds the ones seen more than once. */
export class KeyHashes {
  private chunks: Float64Array[] = [];
  private used = CHUNK;

  /**
   * Record one key.
   *
   * @param key the row's key.
   */
  add(key: string): void {
    if (this.used === CHUNK) {
      this.chunks.push(new Float64Array(CHUNK));
      this.used = 0;
    }
    this.chunks[this.chunks.length - 1]![this.used++] = hashKey(key);
  }

  /**
   * The hashes seen more than once (candidates for duplicates). Sorts each
   * chunk in place and merges them, so no second copy is made.
   *
   * @returns a set of hashes; empty in the common case.
   */
  repeated(): Set<number> {
    const runs = this.chunks.map((c, i) => (i === this.chunks.length - 1 ? c.subarray(0, this.used) : c).sort());
    this.chunks = [];
    const heads = runs.map(() => 0);
    const out = new Set<number>();
    let previous = Number.NaN;
    for (;;) {
      let best = -1;
      for (let r = 0; r < runs.length; r++) {
        if (heads[r]! < runs[r]!.length && (best === -1 || runs[r]![heads[r]!]! < runs[best]![heads[best]!]!)) best = r;
      }
      if (best === -1) return out;
      const value = runs[best]![heads[best]!++]!;
      if (value === previous) out.add(value);
      previous = value;
    }
  }
}
