import { parse } from 'csv-parse';
import { problem } from '../errors.ts';
import { MAX_RECORD_BYTES, sizeWords } from '../limits.ts';
import type { FormatReader } from './types.ts';
import { InvalidUtf8Error, textChunks } from './text.ts';

/**
 * CSV (RFC 4180, header row, UTF-8, optional BOM). Streamed. An empty cell is
 * an absent value; boolean columns take `true` / `false`; everything else
 * stays a string (ids that look like numbers included). A record is named by
 * the line it ends on.
 */
export const readCsv: FormatReader = async (file, table, sink) => {
  const fields = table.fieldNames;
  const booleans = new Set(table.fields.filter((f) => f.kind === 'boolean').map((f) => f.name));
  const parser = parse({ bom: true, info: true, skip_records_with_error: true, relax_column_count: false, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES });
  let header: string[] | null = null;
  // Columns that are unknown or repeated are reported once, at the header, and left out of the rows.
  let skip = new Set<number>();
  // csv-parse can report one broken record twice (e.g. a bad opening quote): say it once.
  let lastSkip = '';
  parser.on('skip', (error: Error & { lines?: number; code?: string }) => {
    const key = `${error.lines}\u0000${error.message}`;
    if (key !== lastSkip) {
      const p = error.code === 'CSV_MAX_RECORD_SIZE' ? problem('lineTooLong', [sizeWords(MAX_RECORD_BYTES)]) : problem('invalidCsv', [error.message]);
      if (error.lines === undefined) sink.fileProblem(null, p);
      else sink.badRow(error.lines, p);
    }
    lastSkip = key;
  });
  const consume = (async () => {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === null) {
        header = record;
        const seen = new Set<string>();
        skip = new Set();
        record.forEach((column, i) => {
          if (!fields.has(column)) sink.fileProblem(info.lines, problem('unknownColumn', [column], column));
          else if (seen.has(column)) sink.fileProblem(info.lines, problem('columnTwice', [column], column));
          else return void seen.add(column);
          skip.add(i);
        });
        continue;
      }
      const values: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) {
        if (skip.has(i)) continue;
        const cell = record[i]!;
        if (cell === '') continue;
        const column = header[i]!;
        const value = booleans.has(column) ? (cell === 'true' ? true : cell === 'false' ? false : cell) : cell;
        Object.defineProperty(values, column, { value, enumerable: true, writable: true, configurable: true });
      }
      sink.row(values, info.lines);
    }
  })();
  let stopped = false;
  try {
    for await (const chunk of textChunks(file.path)) {
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
    }
  } catch (error) {
    stopped = true;
    if (error instanceof InvalidUtf8Error) sink.fileProblem(error.line, problem('recordInvalidUtf8', []));
    else sink.fileProblem(null, problem('recordFileUnreadable', [(error as Error).message]));
  }
  parser.end();
  try {
    await consume;
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    if (lines === undefined) sink.fileProblem(null, problem('invalidCsv', [(error as Error).message]));
    else sink.badRow(lines, problem('invalidCsv', [(error as Error).message]));
  }
  if (header === null && !stopped) sink.fileProblem(1, problem('csvNoHeader', []));
};
