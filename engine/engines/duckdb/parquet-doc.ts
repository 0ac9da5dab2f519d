/**
 * A Parquet row's JSON text, read as a JSONL line is. DuckDB's `to_json`
 * writes a float that is not finite as a bare `NaN`, `Infinity` or
 * `-Infinity`, which JSON has not: read as they are, such a row was "not
 * valid JSON", words about codicil's own staging. They are read as the
 * numbers they are, so that the row's problem names its field
 * (`customer_id must be string (got NaN)`), as a YAML `.nan` is.
 */
import { readJsonLine } from '../../records/readers/jsonl.ts';
import type { RowSink } from '../../records/readers/types.ts';

const BARE = ['-Infinity', 'Infinity', 'NaN'] as const;
/** What stands for a bare number while the text is parsed: a string no export writes (were a text field to hold it, its row would be refused as a number, never judged). */
const MARK = '\u0000codicil:';

/**
 * Read one Parquet row's JSON text.
 *
 * @param doc the text.
 * @param line the row's number.
 * @param sink where the row or problem goes.
 */
export function readParquetDoc(doc: string, line: number, sink: RowSink): void {
  if (!doc.includes('NaN') && !doc.includes('Infinity')) return readJsonLine(doc, line, sink);
  let text = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < doc.length; i++) {
    const c = doc.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    const bare = BARE.find((b) => doc.startsWith(b, i));
    if (bare === undefined) continue;
    text += `${doc.slice(from, i)}${JSON.stringify(MARK + bare)}`;
    i += bare.length - 1;
    from = i + 1;
  }
  text += doc.slice(from);
  // The row's size is the text DuckDB wrote (each token written out is 16 bytes longer).
  readJsonLine(
    text,
    line,
    {
      ...sink,
      row: (value, number, repeated) => {
        for (const [field, v] of Object.entries(value)) if (typeof v === 'string' && v.startsWith(MARK)) value[field] = Number(v.slice(MARK.length));
        sink.row(value, number, repeated);
      },
    },
    doc,
  );
}
