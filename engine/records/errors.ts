import { errors as catalogue } from '../errors/catalogue.ts';
import type { RecordErrorName, recordErrors } from '../errors/records.ts';

/** An integrity error in the records: where it is and what is wrong. */
export interface RecordError {
  /** Catalogue code (`CODICIL-D…`; `CODICIL-P…`/`V…` for a policy that cannot be read). */
  code: string;
  /** File, relative to the records folder (`postgres:SCHEMA.TABLE` for a database table). */
  file: string;
  /** Line (JSONL, CSV, JSON, YAML), or null for the whole file or a database row. */
  line: number | null;
  /** The field concerned, or null. */
  field: string | null;
  message: string;
  /** For a database row: its key fields, instead of a line. */
  key?: Record<string, string>;
}

/** A problem found by a reader or a validator, before it is placed in a file. */
export interface RecordProblem<N extends RecordErrorName = RecordErrorName> {
  name: N;
  args: Parameters<(typeof recordErrors)[N]['message']>;
  field?: string | null;
}

/**
 * Make a problem.
 *
 * @param name the catalogue entry.
 * @param args its figures.
 * @param field the field concerned.
 * @returns the problem.
 */
export function problem<N extends RecordErrorName>(name: N, args: Parameters<(typeof recordErrors)[N]['message']>, field: string | null = null): RecordProblem<N> {
  return { name, args, field };
}

/**
 * Place a problem in a file: the error every engine reports.
 *
 * @param file the file as reports name it.
 * @param line the line, or null.
 * @param p the problem.
 * @returns the error, with code and message from the catalogue.
 */
export function recordError(file: string, line: number | null, p: RecordProblem): RecordError {
  const definition = catalogue[p.name] as { code: string; message: (...args: unknown[]) => string };
  return { code: definition.code, file, line, field: p.field ?? null, message: definition.message(...(p.args as unknown[])) };
}
