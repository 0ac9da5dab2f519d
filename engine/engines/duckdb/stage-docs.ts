/**
 * Staging JSON records in DuckDB: each record is a JSON text (a JSONL line,
 * or a Parquet row turned to JSON), validated in SQL with records.md's rules
 * exactly as records/validate-row.ts applies them. DuckDB's JSON reader is
 * more lenient than JSON (it takes NaN, Infinity and a trailing comma), so
 * those count as invalid here; the words of every problem are then written
 * by the reference reader from the record kept in `_doc`.
 */
import { MAX_RECORD_BYTES } from '../../records/limits.ts';
import type { TableDefinition } from '../../records/tables.ts';
import type { Dialect } from '../sql/dialect.ts';
import { COLUMN_DELIMITER } from './prescan.ts';
import { refOk, stageColumns } from '../sql/stage.ts';

const WS = "' ' || chr(9) || chr(10) || chr(13)";

/**
 * Whether an object's text ends with a comma before its closing brace. Most
 * lines end in `"…"}` or `…e}`: only the others are searched.
 */
const trailingComma = (doc: string): string =>
  `(CASE WHEN right(${doc}, 1) = '}' AND position(substr(${doc}, strlen(${doc}) - 1, 1) IN (',' || ${WS})) = 0 THEN false ELSE regexp_matches(${doc}, ',[ \t\r\n]*}[ \t\r\n]*$') END)`;

/**
 * The SELECT that turns a relation of records (`_file`, `_line`, `doc`) into
 * a staged table's rows.
 *
 * @param table the record table.
 * @param d the DuckDB dialect.
 * @param docs the relation (a parenthesized query) with _file, _line and doc.
 * @returns the query, its columns in the staged table's order.
 */
export function stageDocs(table: TableDefinition, d: Dialect, docs: string): string {
  const fields = table.fields;
  const paths = fields.map((f) => `$.${f.name}`);
  // Layer 1: each record parsed four times by DuckDB's list functions (valid?
  // keys, types, texts) — never once per field. A record is an object only
  // when JSON (strictly) says so.
  // TRY(json_keys): NULL when the text is not JSON (one parse fewer than json_valid first).
  const looksLikeObject = `strlen(doc) <= ${MAX_RECORD_BYTES} AND (starts_with(doc, '{') OR starts_with(ltrim(doc, ${WS}), '{')) AND NOT ${trailingComma('doc')}`;
  const layer1 = `SELECT _file, _line, doc, _keys,
      CASE WHEN _keys IS NOT NULL THEN json_type(doc, ${d.list(['$', ...paths])}) END AS _t,
      CASE WHEN _keys IS NOT NULL THEN json_extract_string(doc, ${d.list(paths)}) END AS _s
    FROM (SELECT _file, _line, doc, CASE WHEN ${looksLikeObject} THEN TRY(json_keys(doc)) END AS _keys FROM ${docs} AS records) AS keyed`;
  // Layer 1b: the lists unpacked once (each list_extract is a call: never repeat one per use).
  const layer1b = `SELECT _file, _line, doc, _keys, _t[1] AS _root, ${fields.map((_, i) => `_t[${i + 2}] AS t${i}, _s[${i + 1}] AS s${i}`).join(', ')}
    FROM (${layer1}) AS parsed`;
  const t = (i: number) => `t${i}`;
  const text = (i: number) => `s${i}`;
  // Layer 2: each field's value as staged (timestamps computed once), and whether it is valid.
  const present = (i: number) => `(${t(i)} IS NOT NULL AND ${t(i)} <> 'NULL')`;
  const absentOk = (i: number) => (fields[i]!.required ? 'false' : 'true');
  const column = (i: number): { value: string; ok: string } => {
    const f = fields[i]!;
    switch (f.kind) {
      case 'boolean':
        return { value: `CASE ${t(i)} WHEN 'BOOLEAN' THEN ${text(i)} = 'true' END`, ok: `CASE WHEN ${present(i)} THEN ${t(i)} = 'BOOLEAN' ELSE ${absentOk(i)} END` };
      case 'timestamp':
        // Valid exactly when present, text, and an instant by records.md's rule.
        return { value: `CASE WHEN ${t(i)} = 'VARCHAR' THEN ${d.timestampMs(text(i))} END`, ok: '' };
      case 'enum':
      case 'country':
        return { value: `CASE WHEN ${t(i)} = 'VARCHAR' THEN ${text(i)} END`, ok: `CASE WHEN ${present(i)} THEN ${t(i)} = 'VARCHAR' AND ${text(i)} IN (${f.allowed!.map(d.str).join(', ')}) ELSE ${absentOk(i)} END` };
      default:
        return {
          value: `CASE WHEN ${t(i)} = 'VARCHAR' THEN ${text(i)} END`,
          ok: `CASE WHEN ${present(i)} THEN ${t(i)} = 'VARCHAR'${f.minLength > 0 ? ` AND strlen(${text(i)}) > 0` : ''} ELSE ${absentOk(i)} END`,
        };
    }
  };
  const columns = fields.map((_, i) => column(i));
  // Every key known and given once exactly when the keys are as many as the known fields present
  // (a path finds a key once, however often it is given); only other records pay for list_distinct.
  const knownPresent = fields.map((_, i) => `CASE WHEN ${t(i)} IS NOT NULL THEN 1 ELSE 0 END`).join(' + ') || '0';
  const layer2 = `SELECT _file, _line, doc, _keys IS NOT NULL AND len(_keys) = (${knownPresent}) AS _known,
      CASE WHEN _keys IS NULL THEN false WHEN len(_keys) = (${knownPresent}) THEN true ELSE len(_keys) = len(list_distinct(_keys)) END AS _parsed, _root,
      ${columns.map((c, i) => `${c.value} AS v${i}${fields[i]!.kind === 'timestamp' ? '' : `, ${c.ok} AS ok${i}`}`).join(',\n      ')}${fields.some((f) => f.kind === 'timestamp') ? `,\n      ${fields.map((f, i) => (f.kind === 'timestamp' ? `${present(i)} AS p${i}` : '')).filter(Boolean).join(', ')}` : ''}
    FROM (${layer1b}) AS unpacked`;
  const okOf = (i: number) => (fields[i]!.kind === 'timestamp' ? `(CASE WHEN p${i} THEN v${i} IS NOT NULL ELSE ${absentOk(i)} END)` : `ok${i}`);
  // Repeated keys: the record says nothing else (records/validate-row.ts).
  const parsed = `(_parsed AND _root = 'OBJECT')`;
  const all = fields.map((_, i) => okOf(i)).join(' AND ') || 'true';
  const index = (name: string) => fields.findIndex((f) => f.name === name);
  const out = stageColumns(table, d).map((c) => {
    switch (c.name) {
      case '_file':
      case '_line':
        return c.name;
      case '_ok':
        return `(${parsed} AND _known AND ${all}) AS _ok`;
      case '_kok':
        return `(${parsed} AND ${table.key.map((k) => okOf(index(k))).join(' AND ') || 'false'}) AS _kok`;
      case '_doc':
        return `CASE WHEN NOT coalesce(${parsed} AND _known AND ${all}, false) THEN doc END AS _doc`;
      default: {
        if (c.field) {
          const i = index(c.field.name);
          return `CASE WHEN ${parsed} AND ${okOf(i)} THEN v${i} END AS ${d.id(c.name)}`;
        }
        const i = index(c.name.slice(refOk('').length));
        return `(${parsed} AND ${okOf(i)} AND v${i} IS NOT NULL) AS ${d.id(c.name)}`;
      }
    }
  });
  return `SELECT ${out.join(',\n  ')}\nFROM (${layer2})`;
}

/**
 * The records of a JSONL file, one per non-blank line, numbered by line.
 *
 * @param path the file.
 * @param fileId its number.
 * @param crlf whether its lines end with CR LF.
 * @returns a parenthesized query with _file, _line and doc.
 */
export function jsonlDocs(path: string, fileId: number, crlf: boolean): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  // One VARCHAR column: no quoting, no escapes, a delimiter no valid JSON line holds.
  return `(SELECT ${fileId} AS _file, ordinality AS _line, doc FROM read_csv(${q(path)}, columns = {'doc': 'VARCHAR'}, delim = ${q(String.fromCharCode(COLUMN_DELIMITER))}, quote = '', escape = '', header = false, auto_detect = false, new_line = ${q(crlf ? '\\r\\n' : '\\n')}, strict_mode = false, max_line_size = ${2 * MAX_RECORD_BYTES + 4096}) WITH ORDINALITY WHERE doc IS NOT NULL AND (starts_with(doc, '{') OR trim(doc, ' ' || chr(9)) <> ''))`;
}

/**
 * A Parquet column as a JSON value: instants as RFC 3339 text (UTC), a time
 * without a zone without an offset, and bytes (BINARY without the UTF8
 * annotation, as some writers store text) as the text they encode — not
 * DuckDB's escaped form (`INC-\xC3\xA9` for `INC-é`), which matched no
 * other table. Bytes that are not UTF-8 keep the escaped form here and are
 * refused row by row (see {@link parquetInvalidUtf8}).
 */
function parquetValue(column: string, type: string, d: Dialect): string {
  const c = d.id(column);
  if (type === 'BLOB') return `coalesce(try(decode(${c})), CAST(${c} AS VARCHAR))`;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  if (type.startsWith('TIMESTAMP') || type === 'DATE' || type.startsWith('TIME')) return `CAST(${c} AS VARCHAR)`;
  return c;
}

/**
 * The records of a Parquet file, each row as a JSON object of its known
 * columns, numbered by row (1-based).
 *
 * @param path the file.
 * @param fileId its number.
 * @param columns its known columns and their types.
 * @param d the DuckDB dialect.
 * @returns a parenthesized query with _file, _line and doc.
 */
export function parquetDocs(path: string, fileId: number, columns: { name: string; type: string }[], d: Dialect): string {
  const pack = columns.length === 0 ? "'{}'" : `to_json(struct_pack(${columns.map((c) => `${d.id(c.name)} := ${parquetValue(c.name, c.type, d)}`).join(', ')}))`;
  return `(SELECT ${fileId} AS _file, file_row_number + 1 AS _line, CAST(${pack} AS VARCHAR) AS doc FROM read_parquet(${d.str(path)}, file_row_number = true))`;
}

/**
 * The rows of a Parquet file whose bytes column is not UTF-8 text, for
 * errors at their row (nothing is guessed, as for any other records file).
 *
 * @param path the file.
 * @param column a column of type BLOB.
 * @param limit at most this many rows.
 * @param d the DuckDB dialect.
 * @returns a query of `line` (1-based row numbers, in order) and `total` (how many rows there are in all).
 */
export function parquetInvalidUtf8(path: string, column: string, limit: number, d: Dialect): string {
  const c = d.id(column);
  return `SELECT file_row_number + 1 AS line, count(*) OVER () AS total FROM read_parquet(${d.str(path)}, file_row_number = true) WHERE ${c} IS NOT NULL AND try(decode(${c})) IS NULL ORDER BY line LIMIT ${limit}`;
}
