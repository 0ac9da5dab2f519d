/**
 * The name a mistyped one may mean, for messages that say "did you mean …?"
 * (an option, a command, a clause id).
 */

/**
 * The one name closest to a mistyped one, if any: at most two edits away (one
 * for a name under five characters, where two edits make almost anything of
 * anything: `sh` is not `sql`), and nearer than every other. Two names as near
 * are no suggestion (`log`: lock or load? `retention.60d`: 30d or 90d?).
 *
 * @param name the name given.
 * @param names the names it may have meant.
 * @returns the nearest, or undefined.
 */
export function nearest(name: string, names: Iterable<string>): string | undefined {
  const most = name.length < 5 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  let tied = false;
  for (const candidate of names) {
    // Names far apart in length are more edits apart than that: not compared (a policy has hundreds of ids).
    if (Math.abs(candidate.length - name.length) > most || candidate === best?.name) continue;
    const distance = editDistance(name, candidate);
    if (distance > most) continue;
    if (!best || distance < best.distance) {
      best = { name: candidate, distance };
      tied = false;
    } else if (distance === best.distance) tied = true;
  }
  return tied ? undefined : best?.name;
}

/**
 * The words that offer a suggestion in a message, or none.
 *
 * @param near what {@link nearest} found.
 * @param prefix written before the name (`--` for an option).
 * @returns e.g. " (did you mean check?)", or "".
 */
export const meant = (near: string | undefined, prefix = ''): string => (near === undefined ? '' : ` (did you mean ${prefix}${near}?)`);

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
