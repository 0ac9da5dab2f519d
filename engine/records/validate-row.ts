import { compiledValidator, problemsOf } from '../schemas/validator.ts';
import { timestampProblem } from './timestamp.ts';
import type { TableDefinition } from './tables.ts';

/** A problem with one field of a row. */
export interface FieldProblem {
  field: string | null;
  message: string;
}

/**
 * The validator of one table's rows, compiled once.
 *
 * @param table the table.
 * @returns a function that takes a row (nulls are absent values and are
 *   removed from it) and returns null when it is valid, or its problems.
 */
export function rowValidator(table: TableDefinition): (values: Record<string, unknown>) => FieldProblem[] | null {
  const fn = compiledValidator(table.schema);
  const countries = new Set(table.fields.filter((f) => f.kind === 'country').map((f) => f.name));
  return (values) => {
    if (fn(values)) return null;
    // Slow path only: `null` is an absent value (records.md), so drop nulls and look again.
    let hadNull = false;
    for (const key of Object.keys(values)) {
      if (values[key] === null) {
        delete values[key];
        hadNull = true;
      }
    }
    if (hadNull && fn(values)) return null;
    return problemsOf(fn).map(({ field, problem }) => {
      const value = field in values ? values[field] : undefined;
      if (problem === 'must be a valid timestamp' && typeof value === 'string') return { field, message: timestampProblem(value) };
      if (problem === 'is not a known field') return { field, message: `unknown field ${JSON.stringify(field)} (typos must not pass)` };
      if (problem === 'is required') return { field, message: `required field ${field} is missing` };
      if (countries.has(field)) return { field, message: `${field} ${JSON.stringify(value)} is not an ISO 3166-1 alpha-2 country code in upper case (e.g. GB for the United Kingdom, GR for Greece)` };
      const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
      return { field, message: `${field} ${problem}${shown}` };
    });
  };
}
