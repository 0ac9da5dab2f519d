import type { RecordProblem } from '../errors.ts';
import type { RecordFile } from '../discover.ts';
import type { TableDefinition } from '../tables.ts';

/** Where a reader hands what it read. */
export interface RowSink {
  /**
   * One parsed record: its values (`null` is an absent value), its line (the
   * line it ends on for CSV, the line it starts on for JSON and YAML), and the
   * fields its source gave twice (JSON keeps only the last of them).
   */
  row(values: Record<string, unknown>, line: number, repeated?: string[]): void;
  /** A record that could not be parsed (it counts as a row read). */
  badRow(line: number, problem: RecordProblem): void;
  /** A problem with the file as a whole, or from a line on (no row). */
  fileProblem(line: number | null, problem: RecordProblem): void;
}

/** A reader of one file format. */
export type FormatReader = (file: RecordFile, table: TableDefinition, sink: RowSink) => Promise<void>;
