/**
 * JSON.parse keeps the last of two equal keys, so `{"completed_at": late,
 * "completed_at": early}` would silently pass. These scans of the text find
 * repeated keys: a cheap count of members first, the names only when the
 * count and the parsed object disagree.
 */

/**
 * Visit the objects that open at a depth (1: the top-level value; 2: the items
 * of a top-level array), with their member count and key tokens.
 *
 * @param text valid JSON.
 * @param depth the depth of the objects.
 * @param keys also collect each member's key token (raw, with quotes).
 * @returns one entry per object at that depth, in order.
 */
function scan(text: string, depth: number, keys: boolean): { members: number; keys: string[] }[] {
  const out: { members: number; keys: string[] }[] = [];
  let level = 0;
  let current: { members: number; keys: string[] } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote. At the object's own level, a string followed by ":" is a key.
      const start = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      if (current && level === depth) {
        let j = i + 1;
        while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) j++;
        if (text.charCodeAt(j) === 58) {
          current.members++;
          if (keys) current.keys.push(text.slice(start, i + 1));
        }
      }
    } else if (c === 123 || c === 91) {
      level++;
      if (c === 123 && level === depth) {
        current = { members: 0, keys: [] };
        out.push(current);
      }
    } else if (c === 125 || c === 93) {
      if (level === depth) current = undefined;
      level--;
    }
  }
  return out;
}

/**
 * The end of the string that opens at `open` (the index of its closing quote).
 * Strings are skipped with indexOf: only the few characters outside strings
 * are looked at one by one.
 */
function stringEnd(text: string, open: number): number {
  let k = open + 1;
  for (;;) {
    const e = text.indexOf('"', k);
    if (e === -1) return text.length;
    let slashes = 0;
    for (let b = e - 1; b > open && text.charCodeAt(b) === 92; b--) slashes++;
    if (slashes % 2 === 0) return e;
    k = e + 1;
  }
}

/**
 * How many members each object at a depth has in the text (repeated keys counted).
 *
 * @param text valid JSON.
 * @param depth 1 for a JSONL line's object, 2 for the items of a JSON array.
 * @returns the counts, in order.
 */
export function memberCounts(text: string, depth: number): number[] {
  const counts: number[] = [];
  let level = 0;
  let i = 0;
  while (i < text.length) {
    const quote = text.indexOf('"', i);
    const end = quote === -1 ? text.length : quote;
    for (let j = i; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === 123 || c === 91) {
        level++;
        if (c === 123 && level === depth) counts.push(0);
      } else if (c === 125 || c === 93) level--;
      // A colon outside strings, at the object's own level, follows a key.
      else if (c === 58 && level === depth) counts[counts.length - 1]!++;
    }
    if (quote === -1) break;
    i = stringEnd(text, quote) + 1;
  }
  return counts;
}

/**
 * The keys given more than once in each object at a depth.
 *
 * @param text valid JSON.
 * @param depth 1 for a JSONL line's object, 2 for the items of a JSON array.
 * @returns per object, the repeated key names (decoded, sorted, each once).
 */
export function repeatedKeys(text: string, depth: number): string[][] {
  return scan(text, depth, true).map((o) => {
    const seen = new Set<string>();
    const twice = new Set<string>();
    for (const token of o.keys) {
      const key = JSON.parse(token) as string;
      if (seen.has(key)) twice.add(key);
      seen.add(key);
    }
    return [...twice].sort();
  });
}
