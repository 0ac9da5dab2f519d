/**
 * Integrity across rows in SQL, over staged tables (stage.ts), with the
 * `js` engine's rules: a row whose key fields are valid takes part in key
 * checks (even when another field is wrong); the first in file and line
 * order is the one a duplicate is "already at"; a valid reference field must
 * name a key of the table it refers to.
 */
import { MAX_ERRORS } from '../../records/limits.ts';
import type { TableDefinition, TableName } from '../../records/tables.ts';
import type { Dialect } from './dialect.ts';
import { refOk } from './stage.ts';

/** The queries that find one table's duplicate keys: a count, and the first of them in order. */
export function duplicateQueries(table: TableDefinition, d: Dialect, relation: string): { count: string; rows: string } {
  const key = table.key.map((k) => d.id(k)).join(', ');
  const ranked = `SELECT _file, _line, ${key}, row_number() OVER w AS rn, first_value(_file) OVER w AS first_file, first_value(_line) OVER w AS first_line
    FROM ${relation} WHERE _kok
    WINDOW w AS (PARTITION BY ${key} ORDER BY _file, _line)`;
  return {
    count: `SELECT count(*) AS n FROM (${ranked}) AS r WHERE rn > 1`,
    rows: `SELECT _file, _line, ${key}, first_file, first_line FROM (${ranked}) AS r WHERE rn > 1 ORDER BY _file, _line LIMIT ${MAX_ERRORS}`,
  };
}

/**
 * The queries that find one reference field's dangling values.
 *
 * @param table the referring table.
 * @param field the reference field.
 * @param target the table it refers to (`policy:clause` for clause ids), and whether it is present.
 * @param d the dialect.
 * @param relation the referring table's relation.
 * @param targetRelation the target's relation (when present).
 * @param clauseIds the policy's clause ids (for `policy:clause`).
 * @returns a count query and the first rows in order.
 */
export function danglingQueries(
  table: TableDefinition,
  field: string,
  target: string,
  d: Dialect,
  relation: string,
  targetRelation: string | undefined,
  targetKey: string | undefined,
  clauseIds: readonly string[],
): { count: string; rows: string } {
  const f = `t.${d.id(field)}`;
  const missing =
    target === 'policy:clause'
      ? `NOT ${d.listHas(d.list(clauseIds), f)}`
      : targetRelation === undefined
        ? 'true'
        : `NOT EXISTS (SELECT 1 FROM ${targetRelation} AS g WHERE g._kok AND g.${d.id(targetKey!)} = ${f})`;
  const base = `FROM ${relation} AS t WHERE t.${d.id(refOk(field))} AND ${missing}`;
  void table;
  return { count: `SELECT count(*) AS n ${base}`, rows: `SELECT t._file AS _file, t._line AS _line, ${f} AS value ${base} ORDER BY t._file, t._line LIMIT ${MAX_ERRORS}` };
}

/** The key field a reference to a table names (its single key field). */
export function referencedKey(target: TableDefinition): string {
  if (target.key.length !== 1) throw new Error(`table ${target.name as TableName} is referenced but has a composite key`);
  return target.key[0]!;
}
