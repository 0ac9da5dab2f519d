import { LineCounter, isMap, isSeq, isScalar, type Node } from 'yaml';
import { parseYamlDocument } from '../../parse/yaml-data.ts';
import { problem } from '../errors.ts';
import { MAX_WHOLE_FILE_BYTES, sizeWords } from '../limits.ts';
import type { FormatReader } from './types.ts';
import { readFailure, loneSurrogate, readText } from './text.ts';

/**
 * YAML: a sequence of flat mappings, read whole (so its size is bounded).
 * Aliases are limited (no billion laughs), duplicate keys are errors,
 * nesting is bounded (as in policy YAML), and keys such as `__proto__` stay
 * plain data.
 */
export const readYaml: FormatReader = async (file, _table, sink) => {
  if (file.size > MAX_WHOLE_FILE_BYTES) {
    sink.fileProblem(null, problem('recordFileTooLarge', [sizeWords(file.size), sizeWords(MAX_WHOLE_FILE_BYTES), 'YAML']));
    return;
  }
  let text: string;
  try {
    text = await readText(file.path);
  } catch (error) {
    const failure = readFailure(error);
    sink.fileProblem(failure.line, failure.problem);
    return;
  }
  const lines = new LineCounter();
  let parsed;
  try {
    parsed = parseYamlDocument(text, lines, true);
  } catch (error) {
    sink.fileProblem(null, problem('invalidYaml', [(error as Error).message]));
    return;
  }
  if ('deep' in parsed) {
    sink.fileProblem(lines.linePos(parsed.deep).line, problem('invalidYaml', [parsed.reason]));
    return;
  }
  const { doc } = parsed;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) sink.fileProblem(lines.linePos(e.pos[0]).line, problem('invalidYaml', [e.message.split('\n')[0]!]));
    return;
  }
  const lineOf = (node: { range?: readonly number[] | null } | null | undefined): number => lines.linePos(node?.range?.[0] ?? 0).line;
  if (doc.contents === null || (isSeq(doc.contents) && doc.contents.items.length === 0)) {
    sink.fileProblem(1, problem('emptyTable', []));
    return;
  }
  if (!isSeq(doc.contents)) {
    sink.fileProblem(1, problem('yamlNotSequence', []));
    return;
  }
  doc.contents.items.forEach((item, i) => {
    const line = lineOf(item as Node);
    if (!isMap(item)) {
      sink.badRow(line, problem('itemNotObject', [i + 1, isSeq(item) ? 'array' : isScalar(item) ? (item.value === null ? 'null' : typeof item.value) : 'alias']));
      return;
    }
    const values: Record<string, unknown> = {};
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null) {
        sink.badRow(lineOf(pair.key as Node), problem('fieldNameNotString', []));
        return;
      }
      const loneInKey = loneSurrogate(key);
      if (loneInKey !== undefined) {
        sink.badRow(lineOf(pair.key as Node), problem('invalidYaml', [loneInKey]));
        return;
      }
      let value: unknown;
      try {
        value = (pair.value as Node | null)?.toJS(doc, { maxAliasCount: 100 }) ?? null;
      } catch (error) {
        sink.badRow(lineOf(pair.value as Node), problem('valueUnreadable', [key, (error as Error).message], key));
        return;
      }
      const lone = loneSurrogate(value);
      if (lone !== undefined) {
        sink.badRow(lineOf(pair.value as Node), problem('valueUnreadable', [key, lone], key));
        return;
      }
      Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
    }
    sink.row(values, line);
  });
};
