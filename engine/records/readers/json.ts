import type { FormatReader } from './types.ts';
import { isRecord, readText, typeName } from './text.ts';

/**
 * The line each top-level element of a JSON array starts on, found by one
 * pass over the text (JSON.parse gives no positions).
 *
 * @param text a JSON document whose top level is an array.
 * @returns 1-based line numbers, one per element.
 */
export function arrayItemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectItem = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (depth === 1 && expectItem && c !== ']') {
      lines.push(line);
      expectItem = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1 && c === '[') expectItem = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectItem = true;
  }
  return lines;
}

/** JSON: an array of objects, read whole. Errors name the item's line. */
export const readJson: FormatReader = async (path, onRow, onError) => {
  let text: string;
  try {
    text = (await readText(path)).replace(/^\uFEFF/, '');
  } catch (error) {
    onError(null, `cannot read the file: ${(error as Error).message}`);
    return;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /line (\d+)/.exec(message)?.[1] ?? /position (\d+)/.exec(message)?.[1];
    const line = /line (\d+)/.test(message) ? Number(at) : at !== undefined ? text.slice(0, Number(at)).split('\n').length : null;
    onError(line, `not valid JSON: ${message}`);
    return;
  }
  if (!Array.isArray(data)) {
    onError(1, `a JSON table is an array of objects, not ${typeName(data)}`);
    return;
  }
  const lines = arrayItemLines(text);
  data.forEach((item: unknown, i) => {
    const line = lines[i] ?? 1;
    if (!isRecord(item)) onError(line, `item ${i + 1} must be an object, not ${typeName(item)}`);
    else onRow(item, line);
  });
};
