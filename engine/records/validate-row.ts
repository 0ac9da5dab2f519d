import { validate } from '../schemas/validator.ts';
import { timestampProblem } from './timestamp.ts';
import type { TableDefinition } from './tables.ts';

/** A problem with one field of a row. */
export interface FieldProblem {
  field: string | null;
  message: string;
}

/**
 * Validate one row against its table's schema. `null` values are absent
 * values and are removed first (records.md).
 *
 * @param table the table.
 * @param values the row (modified: nulls removed).
 * @returns the problems (empty when the row is valid).
 */
export function validateRow(table: TableDefinition, values: Record<string, unknown>): FieldProblem[] {
  for (const key in values) {
    if (values[key] === null && Object.prototype.hasOwnProperty.call(values, key)) delete values[key];
  }
  const problems = validate(table.schema, values);
  if (problems.length === 0) return [];
  return problems.map(({ field, problem }) => {
    const value = field in values ? values[field] : undefined;
    if (problem === 'must be a valid timestamp' && typeof value === 'string') return { field, message: timestampProblem(value) };
    if (problem === 'is not a known field') return { field, message: `unknown field ${JSON.stringify(field)} (typos must not pass)` };
    if (problem === 'is required') return { field, message: `required field ${field} is missing` };
    const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    return { field, message: `${field} ${problem}${shown}` };
  });
}
