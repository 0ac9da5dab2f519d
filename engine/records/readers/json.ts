import { problem } from '../errors.ts';
import { MAX_WHOLE_FILE_BYTES, sizeWords } from '../limits.ts';
import type { FormatReader } from './types.ts';
import { readFailure, isRecord, loneSurrogate, readText, typeName } from './text.ts';
import { memberCounts, repeatedKeys } from './json-members.ts';

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

/**
 * The line of a JSON.parse error: from the message's line or position, else
 * the last line (V8 names no position when the text ends too early).
 */
function errorLine(text: string, message: string): number {
  const line = /line (\d+)/.exec(message)?.[1];
  if (line !== undefined) return Number(line);
  const position = /position (\d+)/.exec(message)?.[1];
  const upTo = position !== undefined ? text.slice(0, Number(position)) : text;
  let n = 1;
  for (let i = upTo.indexOf('\n'); i !== -1; i = upTo.indexOf('\n', i + 1)) n++;
  return n;
}

/** JSON: an array of objects, read whole (so its size is bounded). Errors name the item's line. */
export const readJson: FormatReader = async (file, _table, sink) => {
  if (file.size > MAX_WHOLE_FILE_BYTES) {
    sink.fileProblem(null, problem('recordFileTooLarge', [sizeWords(file.size), sizeWords(MAX_WHOLE_FILE_BYTES), 'JSON']));
    return;
  }
  let text: string;
  try {
    text = (await readText(file.path)).replace(/^\uFEFF/, '');
  } catch (error) {
    const failure = readFailure(error);
    sink.fileProblem(failure.line, failure.problem);
    return;
  }
  if (/^[ \t\r\n]*$/.test(text)) {
    sink.fileProblem(1, problem('emptyTable', []));
    return;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    sink.fileProblem(errorLine(text, message), problem('invalidJson', [message]));
    return;
  }
  if (!Array.isArray(data)) {
    sink.fileProblem(1, problem('jsonNotArray', [typeName(data)]));
    return;
  }
  if (data.length === 0) {
    sink.fileProblem(1, problem('emptyTable', []));
    return;
  }
  const lines = arrayItemLines(text);
  const counts = memberCounts(text, 2);
  let repeated: string[][] | undefined;
  let object = 0;
  // Only an escape makes a lone surrogate (a UTF-8 text cannot hold one).
  const escapes = text.includes('\\u');
  data.forEach((item: unknown, i) => {
    const line = lines[i] ?? 1;
    if (!isRecord(item)) {
      sink.badRow(line, problem('itemNotObject', [i + 1, typeName(item)]));
      return;
    }
    const o = object++;
    const lone = escapes ? loneSurrogate(item) : undefined;
    if (lone !== undefined) {
      sink.badRow(line, problem('invalidJson', [lone]));
      return;
    }
    let twice: string[] | undefined;
    if (counts[o] !== Object.keys(item).length) twice = (repeated ??= repeatedKeys(text, 2))[o];
    sink.row(item, line, twice);
  });
};
