/**
 * The name a mistyped one may mean, for messages that say "did you mean …?"
 * (an option, a command, a clause id).
 */

/**
 * The name closest to a mistyped one (at most two edits away), if any.
 *
 * @param name the name given.
 * @param names the names it may have meant.
 * @returns the nearest (the first of several as near), or undefined.
 */
export function nearest(name: string, names: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    // Names far apart in length are more than two edits apart: not compared (a policy has hundreds of ids).
    if (Math.abs(candidate.length - name.length) > 2) continue;
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance (the names are short). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
