/**
 * The rules of records.md for one row, from the table's JSON Schema (field
 * kinds, required fields, enums, lengths). This is the reference every engine
 * agrees with: the SQL engines decide which rows are valid in SQL, and the
 * words of every problem come from here (a property test checks that it
 * accepts exactly what the schema accepts).
 */
import { problem, type RecordProblem } from './errors.ts';
import { shownValue } from './limits.ts';
import type { FieldDefinition, TableDefinition } from './tables.ts';
import { NO_OFFSET, parseTimestamp } from '../schemas/timestamp.ts';

/** A problem of a row, with its order among the row's problems. */
export interface RowProblem extends RecordProblem {
  /** Order within the row: unknown fields, repeated fields, then fields in schema order, then keys and references. */
  seq: number;
}

/** Order of problems within one row (see {@link RowProblem.seq}). */
export const SEQ = { syntax: 0, unknownField: 1, fieldTwice: 2, field: 10, duplicateKey: 1000, reference: 1001 } as const;

/** What validating a row found. */
export interface RowVerdict {
  /** Every problem, in order; empty when the row is valid. */
  problems: RowProblem[];
  /** Fields with a problem (all of them when a field is given twice). */
  bad: Set<string>;
}

const VALID: RowVerdict = Object.freeze({ problems: [], bad: new Set<string>() }) as RowVerdict;

/**
 * The problem of one present value, or undefined when it is valid.
 *
 * @param field the field.
 * @param value its value (not null or undefined).
 * @returns the problem.
 */
export function valueProblem(field: FieldDefinition, value: unknown): RecordProblem | undefined {
  const name = field.name;
  switch (field.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : problem('wrongType', [name, 'boolean', shownValue(value)], name);
    case 'enum':
      return typeof value === 'string' && field.allowed!.includes(value) ? undefined : problem('notInEnum', [name, field.allowed!.map((v) => JSON.stringify(v)).join(', '), shownValue(value)], name);
    case 'country':
      return typeof value === 'string' && field.allowed!.includes(value) ? undefined : problem('badCountry', [name, shownValue(value)], name);
    case 'timestamp':
      if (typeof value !== 'string') return problem('wrongType', [name, 'string', shownValue(value)], name);
      if (!Number.isNaN(parseTimestamp(value))) return undefined;
      return NO_OFFSET.test(value) ? problem('timestampWithoutOffset', [shownValue(value)], name) : problem('badTimestamp', [shownValue(value)], name);
    default:
      if (typeof value !== 'string') return problem('wrongType', [name, 'string', shownValue(value)], name);
      return value.length < field.minLength ? problem('emptyValue', [name], name) : undefined;
  }
}

/**
 * The row validator of one table.
 *
 * @param table the table.
 * @returns a function taking a row's values (`null` is an absent value) and the
 *   fields its source gave twice, and returning the row's problems.
 */
export function rowValidator(table: TableDefinition): (values: Record<string, unknown>, repeated?: readonly string[]) => RowVerdict {
  const fields = table.fields;
  const known = table.fieldNames;
  return (values, repeated) => {
    if (repeated && repeated.length > 0) {
      // Which of two values counts is never guessed: the row says nothing else.
      return { problems: [...repeated].sort().map((f) => ({ ...problem('fieldTwice', [f], f), seq: SEQ.fieldTwice })), bad: new Set(fields.map((f) => f.name)) };
    }
    let problems: RowProblem[] | undefined;
    let bad: Set<string> | undefined;
    const add = (p: RecordProblem, seq: number) => {
      (problems ??= []).push({ ...p, seq });
      if (p.field) (bad ??= new Set()).add(p.field);
    };
    const unknown: string[] = [];
    for (const key of Object.keys(values)) {
      // `null` is an absent value (records.md): the row does not have it.
      if (values[key] === null) delete values[key];
      else if (!known.has(key)) unknown.push(key);
    }
    for (const key of unknown.sort()) add(problem('unknownField', [key], key), SEQ.unknownField);
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
      if (value === undefined || value === null) {
        if (field.required) add(problem('requiredMissing', [field.name], field.name), SEQ.field + i);
        continue;
      }
      const p = valueProblem(field, value);
      if (p) add(p, SEQ.field + i);
    }
    return problems ? { problems, bad: bad ?? new Set() } : VALID;
  };
}
