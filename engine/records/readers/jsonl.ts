import { problem } from '../errors.ts';
import { MAX_RECORD_BYTES, sizeWords } from '../limits.ts';
import type { FormatReader, RowSink } from './types.ts';
import { readFailure, isRecord, loneSurrogate, textChunks, typeName, type ChunkControl } from './text.ts';
import { memberCounts, repeatedKeys } from './json-members.ts';

// JSON's own whitespace: a line of only these is blank (a no-break space is not).
const BLANK = /^[ \t\r]*$/;

/**
 * JSON.parse's words for a line, with the place in the line as a column: the
 * line is the whole text parsed, and V8's "at position 45 (line 1 column 46)"
 * read as the file's first line (a user). Node 22 says only "at position 45":
 * the column is the position's, so the words are the same on every Node.
 *
 * @param message JSON.parse's message.
 * @returns e.g. "Expected ',' or '}' after property value at column 46".
 */
function jsonLineWords(message: string): string {
  return message.replace(/ (in|after) JSON at position (\d+)(?: \(line \d+ column \d+\))?$/, (_all, where: string, position: string) => `${where === 'after' ? ' after the JSON value,' : ''} at column ${Number(position) + 1}`);
}

/**
 * One JSONL line (without its newline) as a row, or the problem with it.
 * Shared with the SQL engines, which hand the lines they cannot vouch for back here.
 *
 * @param line the line.
 * @param number its number.
 * @param sink where the row or problem goes.
 * @param written the line as it was written, when `line` is a rewriting of it (its size is the record's).
 */
export function readJsonLine(line: string, number: number, sink: RowSink, written?: string): void {
  // A CRLF file: the carriage return is not part of the record.
  const text = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
  if (text.charCodeAt(0) !== 123 && BLANK.test(text)) return;
  const record = written ?? text;
  if (record.length * 3 > MAX_RECORD_BYTES && Buffer.byteLength(record) > MAX_RECORD_BYTES) {
    sink.badRow(number, problem('lineTooLong', [sizeWords(MAX_RECORD_BYTES)]));
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    sink.badRow(number, problem('invalidJson', [jsonLineWords((error as Error).message)]));
    return;
  }
  if (!isRecord(value)) {
    sink.badRow(number, problem('lineNotObject', [typeName(value)]));
    return;
  }
  // Only an escape makes a lone surrogate (a UTF-8 line cannot hold one).
  const lone = text.includes('\\u') ? loneSurrogate(value) : undefined;
  if (lone !== undefined) {
    sink.badRow(number, problem('invalidJson', [lone]));
    return;
  }
  const repeated = memberCounts(text, 1)[0] === Object.keys(value).length ? undefined : repeatedKeys(text, 1)[0];
  sink.row(value, number, repeated);
}

/**
 * JSONL: one object a line, blank lines allowed. Streamed: memory does not
 * grow with the file; a line longer than the record limit is refused
 * without being held.
 */
export const readJsonl: FormatReader = async (file, _table, sink) => {
  let rest = '';
  let line = 0;
  let any = false;
  // A line over the limit is skipped up to its newline instead of being buffered.
  let skipping = false;
  const counting: RowSink = { row: (...a) => ((any = true), sink.row(...a)), badRow: (...a) => ((any = true), sink.badRow(...a)), fileProblem: sink.fileProblem };
  // The skipped rest of a line is passed over by bytes, never decoded (review: a 2 GB line of NULs was decoded whole).
  const control: ChunkControl = { skipLine: false };
  try {
    for await (const chunk of textChunks(file.path, control)) {
      let start = 0;
      let nl = chunk.indexOf('\n');
      while (nl !== -1) {
        line++;
        if (skipping) skipping = false;
        else readJsonLine(start === 0 ? rest + chunk.slice(0, nl) : chunk.slice(start, nl), line, counting);
        if (start === 0) rest = '';
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      if (!skipping) {
        rest = start === 0 ? rest + chunk : chunk.slice(start);
        // Not yet the exact limit (readJsonLine counts bytes, without the line's CR): only no longer holding a line that cannot fit.
        if (rest.length > MAX_RECORD_BYTES + 1) {
          counting.badRow(line + 1, problem('lineTooLong', [sizeWords(MAX_RECORD_BYTES)]));
          rest = '';
          skipping = true;
          control.skipLine = true;
        }
      }
    }
  } catch (error) {
    const failure = readFailure(error);
    sink.fileProblem(failure.line, failure.problem);
    return;
  }
  if (!skipping && rest.length > 0) readJsonLine(rest, line + 1, counting);
  if (!any) sink.fileProblem(1, problem('emptyTable', []));
};
