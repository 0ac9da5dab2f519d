import { parse } from 'csv-parse';
import type { FormatReader } from './types.ts';
import { textChunks } from './text.ts';

/**
 * CSV (RFC 4180, header row, UTF-8, optional BOM). Streamed. An empty cell is
 * an absent value; boolean columns take `true` / `false`; everything else
 * stays a string (ids that look like numbers included).
 */
export const readCsv: FormatReader = async (path, onRow, onError, fields, booleans) => {
  const parser = parse({ bom: true, info: true, skip_records_with_error: true, relax_column_count: false, skip_empty_lines: true });
  let header: string[] | null = null;
  // Columns that are unknown or repeated are reported once, at the header, and left out of the rows.
  let skip = new Set<number>();
  // csv-parse can report one broken record twice (e.g. a bad opening quote): say it once.
  let lastSkip = '';
  parser.on('skip', (error: Error & { lines?: number }) => {
    const key = `${error.lines}\u0000${error.message}`;
    if (key !== lastSkip) onError(error.lines ?? null, `not valid CSV: ${error.message}`);
    lastSkip = key;
  });
  const consume = (async () => {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === null) {
        header = record;
        const seen = new Set<string>();
        skip = new Set();
        record.forEach((column, i) => {
          if (!fields.has(column)) onError(info.lines, `unknown column ${JSON.stringify(column)}`, column);
          else if (seen.has(column)) onError(info.lines, `column ${JSON.stringify(column)} appears twice`, column);
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
      onRow(values, info.lines);
    }
  })();
  try {
    for await (const chunk of textChunks(path)) {
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
    }
    parser.end();
  } catch (error) {
    onError(null, `cannot read the file: ${(error as Error).message}`);
    parser.end();
  }
  try {
    await consume;
  } catch (error) {
    onError((error as { lines?: number }).lines ?? null, `not valid CSV: ${(error as Error).message}`);
  }
  if (header === null) onError(1, 'the file has no header row');
};
