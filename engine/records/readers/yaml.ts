import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import type { FormatReader } from './types.ts';
import { readText } from './text.ts';

/**
 * YAML: a sequence of flat mappings. Aliases are limited (no billion laughs),
 * duplicate keys are errors, and keys such as `__proto__` stay plain data.
 */
export const readYaml: FormatReader = async (path, onRow, onError) => {
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    onError(null, `cannot read the file: ${(error as Error).message}`);
    return;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) onError(lines.linePos(e.pos[0]).line, `not valid YAML: ${e.message.split('\n')[0]}`);
    return;
  }
  const lineOf = (node: { range?: readonly number[] | null } | null | undefined): number => lines.linePos(node?.range?.[0] ?? 0).line;
  if (doc.contents === null) return;
  if (!isSeq(doc.contents)) {
    onError(1, 'a YAML table is a sequence of mappings (each row starting with "- ")');
    return;
  }
  doc.contents.items.forEach((item, i) => {
    const line = lineOf(item as Node);
    if (!isMap(item)) {
      onError(line, `item ${i + 1} must be a mapping of field: value`);
      return;
    }
    const values: Record<string, unknown> = {};
    let ok = true;
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null) {
        onError(lineOf(pair.key as Node), 'a field name must be a plain string');
        ok = false;
        continue;
      }
      let value: unknown;
      try {
        value = (pair.value as Node | null)?.toJS(doc, { maxAliasCount: 100 }) ?? null;
      } catch (error) {
        onError(lineOf(pair.value as Node), `cannot read ${key}: ${(error as Error).message}`, key);
        ok = false;
        continue;
      }
      Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
    }
    if (ok) onRow(values, line);
  });
};
