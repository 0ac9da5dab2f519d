import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';

/** A YAML text read into data, with what is needed to place messages. */
export type YamlRead =
  | { ok: true; doc: Document; lines: LineCounter; data: unknown }
  | { ok: false; lines: LineCounter; problems: { reason: string; offset: number }[] };

/** Flow collections (`[`, `{`) inside one another: the YAML parser recurses on them. */
export const YAML_FLOW_DEPTH = 64;

/** Offset where flow collections nest deeper than {@link YAML_FLOW_DEPTH}, skipping quoted text and comments; -1 if nowhere. */
function tooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < text.length; i++) if (text[i] === "'" && text[++i] !== "'") break;
      i--;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > YAML_FLOW_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return -1;
}

/**
 * Parse the YAML of a policy file (front matter, change notice, reference
 * data). Refused: duplicate keys (compared as the JavaScript keys they become,
 * in linear time), aliases (`*name` — policy data is written out, and an alias
 * can multiply a small text into a huge value), and flow collections nested
 * deeper than {@link YAML_FLOW_DEPTH}. Never throws.
 *
 * A byte-order mark is allowed, as in every policy file: the text is read
 * after it (offsets count from there; lines are the same).
 *
 * @param source the YAML text.
 * @returns the data, or every problem with its offset in the text.
 */
export function readYaml(source: string): YamlRead {
  // The yaml library takes a mark followed by a comment, not one followed by `- ` (review: every waiver file begins so).
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = new LineCounter();
  const deep = tooDeep(text);
  if (deep !== -1) {
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    return { ok: false, lines, problems: [{ reason: `flow collections ([ and {) nest more than ${YAML_FLOW_DEPTH} levels deep here`, offset: deep }] };
  }
  // yaml's own uniqueKeys check compares every key with every other (quadratic): checked below instead.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  const problems = doc.errors.map((e) => ({ reason: e.message.split('\n')[0]!, offset: e.pos[0] }));
  if (problems.length === 0) {
    visit(doc, {
      Map(_key, map) {
        const seen = new Set<string>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          if (seen.has(key)) problems.push({ reason: `Map keys must be unique: “${key.length > 80 ? `${key.slice(0, 80)}…` : key}” is repeated`, offset: pair.key.range?.[0] ?? 0 });
          seen.add(key);
        }
      },
      Alias(_key, node) {
        problems.push({ reason: `the alias *${node.source} is not allowed: write the value out (anchors and aliases are not read)`, offset: node.range?.[0] ?? 0 });
      },
    });
  }
  if (problems.length > 0) return { ok: false, lines, problems };
  try {
    return { ok: true, doc, lines, data: doc.toJS({ maxAliasCount: 0 }) as unknown };
  } catch (error) {
    return { ok: false, lines, problems: [{ reason: (error as Error).message.split('\n')[0]!, offset: 0 }] };
  }
}
