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
import { refOk, stageColumns } from '../sql/stage.ts';

const WS = "' ' || chr(9) || chr(10) || chr(13)";

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
  const paths = d.list(fields.map((f) => `$.${f.name}`));
  // Layer 1: parse once. A record is an object only when JSON (strictly) says so.
  const layer1 = `SELECT _file, _line, doc,
      CASE WHEN strlen(doc) <= ${MAX_RECORD_BYTES} AND json_valid(doc) THEN json_type(doc) = 'OBJECT'
        AND NOT ends_with(rtrim(rtrim(rtrim(doc, ${WS}), '}'), ${WS}), ',') ELSE false END AS _obj
    FROM ${docs} AS records`;
  const layer2 = `SELECT _file, _line, doc, _obj,
      CASE WHEN _obj THEN json_keys(doc) END AS _keys,
      CASE WHEN _obj THEN json_extract(doc, ${paths}) END AS _v
    FROM (${layer1})`;
  // Layer 3: each field's JSON type and text.
  const layer3 = `SELECT _file, _line, doc, _obj, _keys,
      ${fields.map((_, i) => `json_type(_v[${i + 1}]) AS _t${i}, _v[${i + 1}] ->> '$' AS _s${i}, _v[${i + 1}] AS _j${i}`).join(',\n      ')}
    FROM (${layer2})`;
  const present = (i: number) => `(_t${i} IS NOT NULL AND _t${i} <> 'NULL')`;
  const kindOk = (i: number): string => {
    const f = fields[i]!;
    switch (f.kind) {
      case 'boolean':
        return `_t${i} = 'BOOLEAN'`;
      case 'enum':
      case 'country':
        return `(_t${i} = 'VARCHAR' AND _s${i} IN (${f.allowed!.map(d.str).join(', ')}))`;
      case 'timestamp':
        return `(_t${i} = 'VARCHAR' AND ${d.timestampMs(`_s${i}`)} IS NOT NULL)`;
      default:
        return f.minLength > 0 ? `(_t${i} = 'VARCHAR' AND strlen(_s${i}) > 0)` : `_t${i} = 'VARCHAR'`;
    }
  };
  // A field is valid when absent and optional, or present and of its kind.
  const fieldOk = (i: number) => `(CASE WHEN ${present(i)} THEN ${kindOk(i)} ELSE ${fields[i]!.required ? 'false' : 'true'} END)`;
  const known = d.list(fields.map((f) => f.name));
  // Repeated keys: the record says nothing else (records/validate-row.ts).
  const parsed = `(_obj AND len(_keys) = len(list_distinct(_keys)))`;
  const index = (name: string) => fields.findIndex((f) => f.name === name);
  const okFields = fields.map((_, i) => `ok${i}`);
  const layer4 = `SELECT _file, _line, doc, ${parsed} AS _parsed, ${parsed} AND list_has_all(${known}, _keys) AS _clean,
      ${fields.map((f, i) => `${fieldOk(i)} AS ok${i}, CASE WHEN ${present(i)} THEN ${f.kind === 'boolean' ? `CAST(_j${i} AS BOOLEAN)` : f.kind === 'timestamp' ? d.timestampMs(`_s${i}`) : `_s${i}`} END AS v${i}`).join(',\n      ')}
    FROM (${layer3})`;
  const columns = stageColumns(table, d).map((c) => {
    switch (c.name) {
      case '_file':
      case '_line':
        return c.name;
      case '_ok':
        return `(_clean AND ${okFields.join(' AND ') || 'true'}) AS _ok`;
      case '_kok':
        return `(_parsed AND ${table.key.map((k) => okFields[index(k)]).join(' AND ') || 'false'}) AS _kok`;
      case '_doc':
        return `CASE WHEN NOT (_clean AND ${okFields.join(' AND ') || 'true'}) THEN doc END AS _doc`;
      default: {
        if (c.field) {
          const i = index(c.field.name);
          return `CASE WHEN _parsed AND ok${i} THEN v${i} END AS ${d.id(c.name)}`;
        }
        const field = c.name.slice(refOk('').length);
        return `(_parsed AND ok${index(field)} AND v${index(field)} IS NOT NULL) AS ${d.id(c.name)}`;
      }
    }
  });
  return `SELECT ${columns.join(',\n  ')}\nFROM (${layer4})`;
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
  return `(SELECT ${fileId} AS _file, ordinality AS _line, doc FROM read_csv(${q(path)}, columns = {'doc': 'VARCHAR'}, delim = ${q('\u0001')}, quote = '', escape = '', header = false, auto_detect = false, new_line = ${q(crlf ? '\\r\\n' : '\\n')}, strict_mode = false, max_line_size = ${2 * MAX_RECORD_BYTES + 4096}) WITH ORDINALITY WHERE doc IS NOT NULL AND trim(doc, ' ' || chr(9)) <> '')`;
}
