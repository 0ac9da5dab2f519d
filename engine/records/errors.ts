/** An integrity error in the records: where it is and what is wrong. */
export interface RecordError {
  /** File, relative to the records folder. */
  file: string;
  /** Line (JSONL, CSV, JSON, YAML), or null for the whole file. */
  line: number | null;
  /** The field concerned, or null. */
  field: string | null;
  message: string;
}
