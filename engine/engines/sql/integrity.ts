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

/** How rows are ordered and named: files by line, database rows by key. */
export interface RowOrder {
  /** The ORDER BY of rows ("_file, _line"). */
  order: string;
  /** More columns naming a row (e.g. "_key"). */
  naming: string[];
}

const BY_LINE: RowOrder = { order: '_file, _line', naming: [] };

/** The queries that find one table's duplicate keys: a count, and the first of them in order. */
export function duplicateQueries(table: TableDefinition, d: Dialect, relation: string, rows: RowOrder = BY_LINE): { count: string; rows: string } {
  const key = table.key.map((k) => d.id(k)).join(', ');
  const naming = rows.naming.map((c) => `, ${c}, first_value(${c}) OVER w AS first${c}`).join('');
  const ranked = `SELECT _file, _line, ${key}, row_number() OVER w AS rn, first_value(_file) OVER w AS first_file, first_value(_line) OVER w AS first_line${naming}
    FROM ${relation} AS t WHERE _kok
    WINDOW w AS (PARTITION BY ${key} ORDER BY ${rows.order})`;
  const named = rows.naming.map((c) => `, ${c}, first${c}`).join('');
  return {
    // Counted by a grouping (no sort): the ranked rows are read only when there is a duplicate.
    count: `SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM ${relation} AS t WHERE _kok GROUP BY ${key} HAVING count(*) > 1) AS g`,
    rows: `SELECT _file, _line, ${key}, first_file, first_line${named} FROM (${ranked}) AS r WHERE rn > 1 ORDER BY ${rows.order} LIMIT ${MAX_ERRORS}`,
  };
}

/**
 * The queries that find one reference field's dangling values.
 *
 * @param field the reference field.
 * @param target the table it refers to (`policy:clause` for clause ids), and whether it is present.
 * @param d the dialect.
 * @param relation the referring table's relation.
 * @param targetRelation the target's relation (when present).
 * @param targetKey the target's key field.
 * @param clauseIds the policy's clause ids (for `policy:clause`).
 * @param rows how rows are ordered and named.
 * @returns a count query and the first rows in order.
 */
export function danglingQueries(
  field: string,
  target: string,
  d: Dialect,
  relation: string,
  targetRelation: string | undefined,
  targetKey: string | undefined,
  clauseIds: readonly string[],
  rows: RowOrder = BY_LINE,
): { count: string; rows: string } {
  const f = `t.${d.id(field)}`;
  const missing =
    target === 'policy:clause'
      ? `NOT ${d.listHas(d.list(clauseIds), f)}`
      : targetRelation === undefined
        ? 'true'
        : `NOT EXISTS (SELECT 1 FROM ${targetRelation} AS g WHERE g._kok AND g.${d.id(targetKey!)} = ${f})`;
  const base = `FROM ${relation} AS t WHERE t.${d.id(refOk(field))} AND ${missing}`;
  const named = rows.naming.map((c) => `, t.${c} AS ${c}`).join('');
  return { count: `SELECT count(*) AS n ${base}`, rows: `SELECT t._file AS _file, t._line AS _line${named}, ${f} AS value ${base} ORDER BY ${rows.order.split(', ').map((c) => `t.${c}`).join(', ')} LIMIT ${MAX_ERRORS}` };
}

/** The key field a reference to a table names (its single key field). */
export function referencedKey(target: TableDefinition): string {
  if (target.key.length !== 1) throw new Error(`table ${target.name as TableName} is referenced but has a composite key`);
  return target.key[0]!;
}
