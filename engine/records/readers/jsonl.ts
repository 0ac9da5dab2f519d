import type { FormatReader } from './types.ts';
import { isRecord, textChunks, typeName } from './text.ts';

/**
 * JSONL: one object a line, blank lines allowed. Streamed: memory does not
 * grow with the file.
 */
export const readJsonl: FormatReader = async (path, onRow, onError) => {
  let rest = '';
  let line = 0;
  const handle = (text: string) => {
    line++;
    const end = text.length > 0 && text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
    const body = end === text.length ? text : text.slice(0, end);
    // Most lines start with "{": only look for a blank line when one might be.
    const first = body.charCodeAt(0);
    if (first !== 123 && body.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      onError(line, `not valid JSON: ${(error as Error).message}`);
      return;
    }
    if (!isRecord(value)) onError(line, `a line must hold one JSON object, not ${typeName(value)}`);
    else onRow(value, line);
  };
  try {
    for await (const chunk of textChunks(path)) {
      const text = rest + chunk;
      let start = 0;
      let nl = text.indexOf('\n');
      while (nl !== -1) {
        handle(text.slice(start, nl));
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      rest = text.slice(start);
    }
  } catch (error) {
    onError(line + 1, `cannot read the file: ${(error as Error).message}`);
    return;
  }
  if (rest.length > 0) handle(rest);
};
