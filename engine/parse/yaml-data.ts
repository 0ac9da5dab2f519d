import { Composer, isScalar, LineCounter, Parser, visit, YAMLParseError, type CST, type Document } from 'yaml';
import { byteOrderMark } from './source.ts';

/** A YAML text read into data, with what is needed to place messages. */
export type YamlRead =
  | { ok: true; doc: Document; lines: LineCounter; data: unknown }
  | { ok: false; lines: LineCounter; problems: { reason: string; offset: number }[] };

/** Flow collections (`[`, `{`) inside one another: the YAML parser recurses on them. */
export const YAML_FLOW_DEPTH = 64;

/**
 * Collections of any kind (block `- ` items and `key:` blocks, `[`, `{`)
 * inside one another: the yaml package composes them recursively, and its
 * stack gives out near a thousand levels (one line of a thousand `- ` is that deep).
 */
export const YAML_DEPTH = 64;

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

/** Offset of the first collection nested deeper than {@link YAML_DEPTH} in parsed tokens (walked without recursion); -1 if none. */
function nestedTooDeep(tokens: CST.Token[]): number {
  let first = -1;
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > YAML_DEPTH) {
        if (first === -1 || token.offset < first) first = token.offset;
        continue;
      }
      for (const item of token.items as CST.CollectionItem[]) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return first;
}

/**
 * Why a lone CR is refused. YAML 1.2 reads a CR alone as a line end, and so
 * do editors and diff viewers; the yaml package does not (not even at the end
 * of a comment): a reviewer saw `store: logs-eu` on its own line while codicil
 * read it as part of the comment before it, and the waiver covered every
 * store (review: rev-hostile F1). Refused in every YAML file codicil reads,
 * as in version files (CODICIL-V017).
 */
const LONE_CR = 'a carriage return (CR) not followed by a line feed ends this line: editors show a line end there, the YAML reader does not, so the line after it could be read as part of a comment or value; end lines with LF or CR LF only';

/** Offset of the first CR not followed by LF; -1 if none. */
function loneCarriageReturn(text: string): number {
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text[i + 1] !== '\n') return i;
  return -1;
}

/**
 * Parse one YAML document as the yaml package's parseDocument does, but
 * refuse collections nested deeper than {@link YAML_DEPTH} before composing
 * them (the parser proper keeps its own stack; the composer recurses).
 *
 * @param text the YAML text (without a byte-order mark: see {@link byteOrderMark}, which the yaml package misreads before `- `).
 * @param lines filled with the text's line starts, for messages.
 * @param uniqueKeys whether yaml itself refuses duplicate keys (quadratic: for flat rows only).
 * @param loneCr `refused elsewhere` for a version's header: the whole version file refuses a lone CR (CODICIL-V017), once.
 * @returns the document, or the offset of what is refused before reading (a collection that nests too deep, a lone CR) and the words for it.
 */
export function parseYamlDocument(text: string, lines: LineCounter, uniqueKeys: boolean, loneCr: 'refuse' | 'refused elsewhere' = 'refuse'): { doc: Document } | { deep: number; reason: string } {
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const cr = loneCr === 'refuse' ? loneCarriageReturn(text) : -1;
  if (cr !== -1) return { deep: cr, reason: LONE_CR };
  const deep = nestedTooDeep(tokens);
  if (deep !== -1) return { deep, reason: `sequences and mappings nest more than ${YAML_DEPTH} levels deep here` };
  let doc: Document | undefined;
  for (const next of new Composer({ uniqueKeys, prettyErrors: false }).compose(tokens, true, text.length)) {
    if (doc === undefined) doc = next;
    else {
      // As parseDocument says it: one document per file.
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return { doc: doc! };
}

/**
 * Parse the YAML of a policy file (front matter, change notice, reference
 * data). Refused: duplicate keys (compared as the JavaScript keys they become,
 * in linear time), aliases (`*name` — policy data is written out, and an alias
 * can multiply a small text into a huge value), and flow collections nested
 * deeper than {@link YAML_FLOW_DEPTH}, collections of any kind deeper than
 * {@link YAML_DEPTH}. Never throws.
 *
 * A byte-order mark is allowed, as in every policy file: the text is read
 * after it (offsets, and the ranges of the document's nodes, count from
 * there — add {@link byteOrderMark} to splice into the source; lines are the same).
 *
 * @param source the YAML text.
 * @param loneCr `refused elsewhere` for a version's header (see {@link parseYamlDocument}).
 * @returns the data, or every problem with its offset in the text.
 */
export function readYaml(source: string, loneCr: 'refuse' | 'refused elsewhere' = 'refuse'): YamlRead {
  // The yaml library takes a mark followed by a comment, not one followed by `- ` (review: every waiver file begins so).
  const text = source.slice(byteOrderMark(source));
  const lines = new LineCounter();
  const deep = tooDeep(text);
  if (deep !== -1) {
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
    return { ok: false, lines, problems: [{ reason: `flow collections ([ and {) nest more than ${YAML_FLOW_DEPTH} levels deep here`, offset: deep }] };
  }
  // yaml's own uniqueKeys check compares every key with every other (quadratic): checked below instead.
  const parsed = parseYamlDocument(text, lines, false, loneCr);
  if ('deep' in parsed) return { ok: false, lines, problems: [{ reason: parsed.reason, offset: parsed.deep }] };
  const { doc } = parsed;
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
