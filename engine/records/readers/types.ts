/** Receives one parsed row: its values and its line (row for CSV, item line for JSON/YAML). */
export type RowHandler = (values: Record<string, unknown>, line: number) => void;

/** Receives one problem that stops a row, or a whole file (line null), from being read. */
export type ReadErrorHandler = (line: number | null, message: string, field?: string) => void;

/** A reader of one file format. */
export type FormatReader = (path: string, onRow: RowHandler, onError: ReadErrorHandler, fields: ReadonlySet<string>, booleans: ReadonlySet<string>) => Promise<void>;
