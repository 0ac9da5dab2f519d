/**
 * Duplicate-key detection in constant memory per row: each key is kept as a
 * 53-bit hash in a typed array (8 bytes), not as a string in a Map. Equal
 * hashes are only candidates; the caller confirms them against the real keys
 * (by reading the table again), so a hash collision can never invent or hide
 * a duplicate.
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

/** Collects key hashes and finds the ones seen more than once. */
export class KeyHashes {
  private hashes = new Float64Array(1024);
  private size = 0;

  /**
   * Record one key.
   *
   * @param key the row's key.
   */
  add(key: string): void {
    if (this.size === this.hashes.length) {
      const bigger = new Float64Array(this.hashes.length * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[this.size++] = hashKey(key);
  }

  /**
   * The hashes seen more than once (candidates for duplicates).
   *
   * @returns a set of hashes; empty in the common case.
   */
  repeated(): Set<number> {
    const sorted = this.hashes.subarray(0, this.size).sort();
    const out = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) out.add(sorted[i]!);
    this.hashes = new Float64Array(0);
    return out;
  }
}
