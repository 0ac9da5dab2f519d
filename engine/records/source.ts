/** Where a record came from: a file and its line, or a database table and the row's key. */
export interface RowSource {
  /** The file, relative to the records folder, or `postgres:SCHEMA.TABLE`. */
  file: string;
  /** The line in the file; null for a database row. */
  line: number | null;
  /** A database row's key fields (its required fields for a table without a key). */
  key?: Record<string, string>;
}

/**
 * A record's place in words: `deletions.jsonl:14`, or
 * `postgres:public.deletions (account_id=A-1, store=db)`.
 *
 * @param source the record's source.
 * @returns the words.
 */
export function place(source: RowSource): string {
  if (source.line !== null) return `${source.file}:${source.line}`;
  if (!source.key) return source.file;
  return `${source.file} (${Object.entries(source.key)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;
}
