/**
 * The staged form of a record table that every SQL engine judges: one row per
 * record read, with its file and line, whether records.md's rules hold for it
 * (`_ok`), whether its key and each reference field are valid (they take part
 * in key and reference checks even when another field is wrong, as in the
 * `js` engine), and its values typed: strings, booleans, and timestamps as
 * epoch milliseconds.
 */
import type { FieldDefinition, TableDefinition } from '../../records/tables.ts';
import type { Dialect } from './dialect.ts';

/** A staged column. */
export interface StageColumn {
  name: string;
  type: string;
  /** The field it holds, for value columns. */
  field?: FieldDefinition;
}

/** The column of a reference field's validity. */
export const refOk = (field: string): string => `_rok_${field}`;

/**
 * The columns of a staged table, in order.
 *
 * @param table the record table.
 * @param d the dialect.
 * @returns the columns.
 */
export function stageColumns(table: TableDefinition, d: Dialect): StageColumn[] {
  return [
    { name: '_file', type: 'INTEGER' },
    { name: '_line', type: d.bigint },
    { name: '_ok', type: 'BOOLEAN' },
    { name: '_kok', type: 'BOOLEAN' },
    // The record as read, kept only when it is not valid (its problems are named from it).
    { name: '_doc', type: d.text },
    ...table.fields.map((field) => ({ name: field.name, type: field.kind === 'boolean' ? 'BOOLEAN' : field.kind === 'timestamp' ? d.bigint : d.text, field })),
    ...Object.keys(table.references).map((f) => ({ name: refOk(f), type: 'BOOLEAN' })),
  ];
}

/**
 * CREATE TABLE for a staged table.
 *
 * @param table the record table.
 * @param d the dialect.
 * @param name the staged table's name.
 * @returns the statement.
 */
export function createStage(table: TableDefinition, d: Dialect, name: string): string {
  return `CREATE TABLE ${d.id(name)} (${stageColumns(table, d)
    .map((c) => `${d.id(c.name)} ${c.type}`)
    .join(', ')})`;
}
