import { parse, type Options } from 'csv-parse';
import { problem, type RecordProblem } from '../errors.ts';
import { MAX_RECORD_BYTES, sizeWords } from '../limits.ts';
import type { FormatReader } from './types.ts';
import { readFailure, textChunks } from './text.ts';

/** A CSV record and the physical line it ends on. */
interface ParsedRecord {
  record: string[];
  line: number;
}

/**
 * A record with more or fewer cells than the header has columns: which
 * columns it leaves without a cell (the cells fill the columns in order), or
 * how many cells it has beyond the last.
 *
 * @param header the header's columns.
 * @param cells how many cells the record has.
 * @returns the problem, named by the first column left without a cell.
 */
function cellCount(header: string[], cells: number): RecordProblem {
  const missing = header.slice(cells);
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  // A header with a trailing comma has a column without a name.
  const named = (column: string, i: number) => (column === '' ? `column ${cells + i + 1} (it has no name)` : column);
  const words = `a record of ${count(cells, 'cell')} where the header has ${count(header.length, 'column')}: ${missing.length > 0 ? `no cell for ${missing.map(named).join(', ')}` : `${count(cells - header.length, 'cell')} after the last column`}`;
  return problem('invalidCsv', [words], missing.find((column) => column !== '') ?? null);
}
/**
 * CSV (RFC 4180, header row, UTF-8, optional BOM). Streamed. An empty cell is
 * an absent value; boolean columns take `true` / `false`; everything else
 * stays a string (ids that look like numbers included). A record is named by
 * the line it ends on.
 */
export const readCsv: FormatReader = async (file, table, sink) => {
  const fields = table.fieldNames;
  const booleans = new Set(table.fields.filter((f) => f.kind === 'boolean').map((f) => f.name));
  // csv-parse counts a CR LF inside a quoted field as two lines (review: every finding after
  // such a cell named a line past its record): each is counted once, as the record is parsed
  // (before a broken record after it is reported, which can come before the records are read).
  let crlfInQuotes = 0;
  const counted = (cells: unknown): void => {
    if (Array.isArray(cells)) for (const cell of cells) if (typeof cell === 'string' && cell.includes('\r\n')) crlfInQuotes += cell.split('\r\n').length - 1;
  };
  const physical = (lines: number): number => lines - crlfInQuotes;
  // The header's columns, as soon as the parser has read it.
  let columns: string[] | undefined;
  // Its words name a line too ("… at line 12 …", "… on line 12"): the same line as the error's.
  const detail = (error: Error): string => error.message.replace(/\b(at|on) line (\d+)/g, (_, word: string, n: string) => `${word} line ${physical(Number(n))}`);
  const options: Options<ParsedRecord, string[]> = {
    bom: true,
    skip_records_with_error: true,
    relax_column_count: false,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    on_record: (record: string[], context): ParsedRecord => {
      counted(record);
      // As the parser reads it (the rows are consumed later): a record's refusal below names the header's columns.
      columns ??= record;
      return { record, line: physical(context.lines) };
    },
  };
  // csv-parse's types give a record's new shape only with named columns: ours are read by position.
  const parser = parse(options as unknown as Options);
  let header: string[] | null = null;
  // Columns that are unknown or repeated are reported once, at the header, and left out of the rows.
  let skip = new Set<number>();
  // csv-parse can report one broken record twice (e.g. a bad opening quote): say it once.
  let lastSkip = '';
  // The file's own count of lines so far (line feeds written to the parser, and whether the last one ends it).
  let lineFeeds = 0;
  let endsWithLineFeed = true;
  const lastLine = (): number => lineFeeds + (endsWithLineFeed ? 0 : 1);
  // A record too long was refused: nothing after it is read.
  let tooLong = false;
  parser.on('skip', (error: Error & { lines?: number; code?: string; record?: unknown }) => {
    // A record refused whole (a field too many) was parsed: its cells count too.
    counted(error.record);
    const key = `${error.lines}\u0000${error.message}`;
    if (key !== lastSkip) {
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
        // A quote never closed takes the rest of the file: its rows are not read (a problem of the file,
        // so no reference into the table is called missing), and the file's last line is where it ends.
        const words = error.message.replace(/\bat line \d+/, `at line ${lastLine()}`);
        sink.fileProblem(lastLine(), problem('invalidCsv', [words]));
      } else if (error.code === 'CSV_MAX_RECORD_SIZE') {
        // csv-parse reads nothing after a record too long (review: the rows after it were lost without a
        // word, and references to them called missing): a problem of the file, whose rest is not read.
        // Nor decoded: the file is read no further (review: a 2 GB line of NULs was decoded whole first).
        tooLong = true;
        sink.fileProblem(error.lines === undefined ? null : physical(error.lines), problem('lineTooLong', [sizeWords(MAX_RECORD_BYTES)]));
      } else if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && columns !== undefined && Array.isArray(error.record) && error.lines !== undefined) {
        // In the words of the table (a user read "Invalid Record Length: expect 3, got 2" and looked for the column).
        sink.badRow(physical(error.lines), cellCount(columns, error.record.length));
      } else {
        const p = problem('invalidCsv', [detail(error)]);
        if (error.lines === undefined) sink.fileProblem(null, p);
        else sink.badRow(physical(error.lines), p);
      }
    }
    lastSkip = key;
  });
  const consume = (async () => {
    for await (const { record, line } of parser as AsyncIterable<ParsedRecord>) {
      if (header === null) {
        header = record;
        const seen = new Set<string>();
        skip = new Set();
        record.forEach((column, i) => {
          if (!fields.has(column)) sink.fileProblem(line, problem('unknownColumn', [column], column));
          else if (seen.has(column)) sink.fileProblem(line, problem('columnTwice', [column], column));
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
      sink.row(values, line);
    }
  })();
  let stopped = false;
  try {
    for await (const chunk of textChunks(file.path)) {
      for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) lineFeeds++;
      if (chunk.length > 0) endsWithLineFeed = chunk.endsWith('\n');
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      if (tooLong) break;
    }
  } catch (error) {
    stopped = true;
    const failure = readFailure(error);
    sink.fileProblem(failure.line, failure.problem);
  }
  parser.end();
  try {
    await consume;
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    // The parser stopped there (a quote never closed): the rows after it are not read, a problem of the file.
    sink.fileProblem(lines === undefined ? null : physical(lines), problem('invalidCsv', [detail(error as Error)]));
  }
  if (header === null && !stopped) sink.fileProblem(1, problem('csvNoHeader', []));
};
