import { isNode, type Document, type LineCounter } from 'yaml';

/**
 * Where a field of a YAML document is written, for messages.
 *
 * @param doc the parsed YAML document.
 * @param lines its line counter.
 * @param field dotted path as schema problems give it (`countries[0].code`).
 * @param firstLine the file line the YAML text starts on (1 for a whole file).
 * @returns line and column of the deepest node of the path that exists.
 */
export function yamlPlace(doc: Document, lines: LineCounter, field: string, firstLine = 1): { line: number; column: number } {
  const path = field === '(root)' ? [] : field.split(/\.|\[|\]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  let range: readonly number[] | null | undefined = doc.contents?.range;
  for (let depth = 1; depth <= path.length; depth++) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) range = node.range;
    else break;
  }
  const pos = lines.linePos(range?.[0] ?? 0);
  return { line: firstLine + pos.line - 1, column: pos.col };
}
