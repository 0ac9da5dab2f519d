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
import { refOk, stageColumns, type StageColumn } from '../sql/stage.ts';

const WS = "' ' || chr(9) || chr(10) || chr(13)";

/** The characters that may stand between a comma and the closing brace. */
const BEFORE_BRACE = [',', ' ', '\t', '\n', '\r'].map((c) => c.charCodeAt(0));

/**
 * Whether an object's text ends with a comma before its closing brace. Most
 * lines end in `"…"}` or `…e}`: only the others are searched. By bytes
 * (`ends_with`): `right` and `substr` count characters from the start.
 */
const trailingComma = (doc: string): string =>
  `(CASE WHEN ends_with(${doc}, '}') AND NOT (${BEFORE_BRACE.map((code) => `ends_with(${doc}, chr(${code}) || '}')`).join(' OR ')}) THEN false ELSE regexp_matches(${doc}, ',[ \t\r\n]*}[ \t\r\n]*$') END)`;

/**
 * The SELECT that turns a relation of records (`doc`, and `_line` for
 * Parquet) into a file's staged rows (see {@link fileColumns}): one row per
 * row of the relation, in its order, so that a JSONL file's row number is its
 * line number (blank lines are rows too, marked `_blank`).
 *
 * Only rows that are valid are judged, and only their values are read, so a
 * value is staged as read and its validity kept beside it: `_ok` for the
 * record, `_kok` for its key, `_rok_*` for a reference (they take part in key
 * and reference checks even when another field is wrong).
 *
 * @param table the record table.
 * @param d the DuckDB dialect.
 * @param docs the relation (a parenthesized query) with doc (and _line).
 * @param lines whether the relation carries `_line`.
 * @returns the query, its columns in {@link fileColumns}' order.
 */
export function stageDocs(table: TableDefinition, d: Dialect, docs: string, lines = false): string {
  const fields = table.fields;
  const paths = fields.map((f) => `$.${f.name}`);
  // Layer 1: each record parsed three times by DuckDB's list functions (keys, types, texts),
  // never once per field. A record is an object only when JSON (strictly) says so.
  // TRY(json_keys): NULL when the text is not JSON (one parse fewer than json_valid first).
  // In a projection DuckDB evaluates both sides of AND and OR: what only some records need is in a CASE.
  const looksLikeObject = `strlen(doc) <= ${MAX_RECORD_BYTES} AND (CASE WHEN starts_with(doc, '{') THEN true ELSE starts_with(ltrim(doc, ${WS}), '{') END) AND NOT ${trailingComma('doc')}`;
  const blank = `(CASE WHEN starts_with(doc, '{') THEN false ELSE coalesce(trim(doc, ' ' || chr(9)) = '', true) END)`;
  const line = lines ? '_line, ' : '';
  const layer1 = `SELECT ${line}doc, ${blank} AS _blank, _keys,
      CASE WHEN _keys IS NOT NULL THEN json_type(doc, ${d.list(['$', ...paths])}) END AS _t,
      CASE WHEN _keys IS NOT NULL THEN json_extract_string(doc, ${d.list(paths)}) END AS _s
    FROM (SELECT ${line}doc, CASE WHEN ${looksLikeObject} THEN TRY(json_keys(doc)) END AS _keys FROM ${docs} AS records) AS keyed`;
  // Layer 1b: the lists unpacked once (each list_extract is a call: never repeat one per use).
  const layer1b = `SELECT ${line}doc, _blank, _keys, _t[1] AS _root, ${fields.map((_, i) => `_t[${i + 2}] AS t${i}, _s[${i + 1}] AS s${i}`).join(', ')}
    FROM (${layer1}) AS parsed`;
  // Every key known and given once exactly when the keys are as many as the known fields present
  // (a path finds a key once, however often it is given); only other records pay for list_distinct.
  const knownPresent = fields.map((_, i) => `CAST(t${i} IS NOT NULL AS INTEGER)`).join(' + ') || '0';
  return validated(table, d, lines, layer1b, {
    is: (i, type) => `t${i} = '${type}'`,
    absent: (i) => `(t${i} IS NULL OR t${i} = 'NULL')`,
    blank: '_blank',
    parsed: `(_keys IS NOT NULL AND _root = 'OBJECT' AND (CASE WHEN len(_keys) = (${knownPresent}) THEN true ELSE len(_keys) = len(list_distinct(_keys)) END))`,
    known: `coalesce(len(_keys) = (${knownPresent}), false)`,
  });
}

/**
 * The fast way to stage a JSONL file (one parse of each record instead of
 * three): the SELECT of {@link stageDocs}' columns for every record that is
 * exactly an object of known keys, each once, without a trailing comma, each
 * value a string without an escape or a boolean — which is how exports are
 * written, compact (`{"field":value,…}`) or with blanks (`{"field": value, …}`,
 * as Python writes JSON). Every other line is left for {@link stageDocs}:
 * `_blank` NULL, and the line kept in `_doc` (engine.ts stages those rows
 * again the full way, in place).
 *
 * One `json_transform` gives each known field's JSON text (it matches keys
 * exactly, case included). A compact record is exactly its known members when
 * its length is the sum of theirs: every member the parse drops (an unknown
 * or repeated key, a blank, a trailing comma, an escape it decodes) makes the
 * text longer than that sum, never shorter, because the values counted are
 * strings and booleans, whose text an escape only lengthens. Any other record
 * is exactly its known members, blanks aside, when it has no backslash (so
 * every `"` delimits a string), as many `"` as its known keys and string
 * values have (an unknown or repeated member has a key, a string), and no
 * trailing comma (test/engines-duckdb-staging.test.ts).
 *
 * @param table the record table.
 * @param d the DuckDB dialect.
 * @param docs the relation (a parenthesized query) with doc.
 * @returns the query, or undefined when a field's name would need an escape.
 */
export function fastDocs(table: TableDefinition, d: Dialect, docs: string): string | undefined {
  const fields = table.fields;
  if (fields.length === 0 || !fields.every((f) => PLAIN_NAME.test(f.name))) return undefined;
  const structure = JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, 'JSON'])));
  const parts = `SELECT doc, _j, ${fields.map((f, i) => `_j.${d.id(f.name)} AS j${i}`).join(', ')}
    FROM (SELECT doc, CASE WHEN starts_with(doc, '{') AND strlen(doc) <= ${MAX_RECORD_BYTES} THEN TRY(json_transform(doc, ${d.str(structure)})) END AS _j FROM ${docs} AS records) AS parsed`;
  // A string without an escape (whose text is as written), or a boolean.
  const plain = fields.map((f, i) => `(j${i} IS NULL OR ${f.kind === 'boolean' ? `j${i} = 'true' OR j${i} = 'false'` : `(starts_with(j${i}, '"') AND NOT contains(j${i}, '\\'))`})`);
  // `{` and `}`, and per member its key, its colon, its value and a comma (the last one is the `}`).
  const members = fields.map((f, i) => `coalesce(strlen(j${i}) + ${f.name.length + 4}, 0)`);
  // Two `"` per key, two more per string value; counted only for a record that is not compact.
  const quotes = fields.map((f, i) => `CASE WHEN j${i} IS NULL THEN 0 ELSE ${f.kind === 'boolean' ? 2 : 4} END`).join(' + ');
  const blanks = `NOT contains(doc, '\\') AND len(string_split(doc, '"')) - 1 = ${quotes} AND NOT ${trailingComma('doc')}`;
  const exact = `(_j IS NOT NULL AND ${plain.join(' AND ')} AND (CASE WHEN strlen(doc) = greatest(2, 1 + ${members.join(' + ')}) THEN true ELSE ${blanks} END))`;
  // A string's text is the JSON text without its quotes; a boolean's is its JSON text.
  const text = (i: number) => (fields[i]!.kind === 'boolean' ? `j${i}` : `substr(j${i}, 2, length(j${i}) - 2)`);
  const unpacked = `SELECT doc, ${exact} AS _fast, ${fields.map((_, i) => `${text(i)} AS s${i}`).join(', ')} FROM (${parts}) AS exact`;
  return validated(table, d, false, unpacked, STAGED_OR_LEFT);
}

/**
 * The staged rows of a JSONL file whose every line is the compact form of a
 * valid record (proved in Node by canonical.ts): DuckDB's JSON reader reads
 * it exactly, typed, in the file's order; nothing is left to validate.
 * A timestamp is computed as {@link Dialect.timestampMs} computes it for the
 * same text (its common shapes are cast as they are).
 *
 * @param table the record table.
 * @param d the DuckDB dialect.
 * @param path the file.
 * @returns the query of the fields alone ({@link plainComputed} gives the other staged columns; the rows are numbered by their order).
 */
export function plainDocs(table: TableDefinition, d: Dialect, path: string): string {
  const types = table.fields.map((f) => `${d.str(f.name)}: ${d.str(f.kind === 'boolean' ? 'BOOLEAN' : 'VARCHAR')}`);
  const out = stageColumns(table, d)
    .filter((c) => c.field)
    .map((c) => `CAST(${c.field!.kind === 'timestamp' ? `floor_ms(epoch_us(CAST(${d.id(c.name)} AS TIMESTAMPTZ)))` : d.id(c.name)} AS ${c.type}) AS ${d.id(c.name)}`);
  return `SELECT ${out.join(', ')}\nFROM read_json(${d.str(literalPath(path))}, format = 'newline_delimited', records = true, columns = {${types.join(', ')}})`;
}

/**
 * The columns a plainly valid file's table does not hold ({@link plainDocs}):
 * what staging would write the same on every row, computed where its table
 * is read instead (no blank line, every record and key valid, each reference
 * valid where it is given). Written on 4 M rows they cost time, and memory
 * that spilled the tables staged before.
 *
 * @param table the record table.
 * @param d the dialect.
 * @returns each such column's name and expression.
 */
export function plainComputed(table: TableDefinition, d: Dialect): Map<string, string> {
  const computed = new Map<string, string>([
    ['_ok', 'true'],
    ['_kok', table.key.length > 0 ? 'true' : 'false'],
    ['_doc', `CAST(NULL AS ${d.text})`],
  ]);
  for (const field of Object.keys(table.references)) computed.set(refOk(field), `(${d.id(field)} IS NOT NULL)`);
  return computed;
}

/** How {@link validated} reads a layer of records: each field's JSON type, and what holds of the record. */
interface Parsed {
  /** Whether field i is given as a JSON value of this type (DuckDB's name: VARCHAR, BOOLEAN). */
  is: (i: number, type: 'VARCHAR' | 'BOOLEAN') => string;
  /** Whether field i is absent (or null). */
  absent: (i: number) => string;
  /** Whether the line is blank (NULL: not staged here). */
  blank: string;
  /** Whether the record is a JSON object without a repeated key. */
  parsed: string;
  /** Whether all its keys are known. */
  known: string;
  /** The record's JSON text, from the layer's `doc` (default: `doc` is that text); computed only for rows that keep it. */
  text?: (doc: string) => string;
}

/**
 * A fast way's layer ({@link fastDocs}, {@link parquetTyped}): a row is staged
 * there (`_fast`: an object of known keys, each value of its field's type when
 * present, `s0…` NULL when absent) or left for the full way (`_blank` NULL).
 */
const STAGED_OR_LEFT: Parsed = {
  is: (i) => `s${i} IS NOT NULL`,
  absent: (i) => `s${i} IS NULL`,
  blank: 'CASE WHEN _fast THEN false END',
  parsed: '_fast',
  known: '_fast',
};

/**
 * The staged columns of records parsed into `s0…` (each field's text), in
 * {@link fileColumns}' order: each value as staged (a timestamp computed
 * once) and whether it is valid, never NULL — the same rules however the
 * records were parsed.
 */
function validated(table: TableDefinition, d: Dialect, lines: boolean, layer: string, p: Parsed): string {
  const fields = table.fields;
  const line = lines ? '_line, ' : '';
  const column = (i: number): { value: string; given: string } => {
    const f = fields[i]!;
    switch (f.kind) {
      case 'boolean':
        return { value: `s${i} = 'true'`, given: p.is(i, 'BOOLEAN') };
      case 'timestamp':
        // A timestamp is valid exactly when it is text and an instant by records.md's rule.
        return { value: d.timestampMs(`s${i}`), given: `${p.is(i, 'VARCHAR')} AND v${i} IS NOT NULL` };
      case 'enum':
      case 'country':
        // Not `IN (…)`: DuckDB makes a long IN list a join, and a join does not keep the file's order.
        return { value: `s${i}`, given: `${p.is(i, 'VARCHAR')} AND ${d.listHas(d.list(f.allowed!), `s${i}`)}` };
      default:
        return { value: `s${i}`, given: `${p.is(i, 'VARCHAR')}${f.minLength > 0 ? ` AND s${i} <> ''` : ''}` };
    }
  };
  const columns = fields.map((_, i) => column(i));
  const ok = (i: number) => (fields[i]!.required ? `coalesce(${columns[i]!.given}, false)` : `(${p.absent(i)} OR coalesce(${columns[i]!.given}, false))`);
  const values = `SELECT ${line}doc, ${p.blank} AS _blank, ${p.parsed} AS _parsed, ${p.known} AS _known, ${fields.map((_, i) => `v${i}, ${ok(i)} AS ok${i}${Object.hasOwn(table.references, fields[i]!.name) ? `, NOT ${p.absent(i)} AS p${i}` : ''}`).join(',\n      ')}
    FROM (SELECT *, ${fields.map((_, i) => `${columns[i]!.value} AS v${i}`).join(', ')} FROM (${layer}) AS unpacked) AS valued`;
  const all = fields.map((_, i) => `ok${i}`).join(' AND ') || 'true';
  const index = (name: string) => fields.findIndex((f) => f.name === name);
  const out = fileColumns(table, d, lines).map((c) => {
    switch (c.name) {
      case '_blank':
      case '_line':
        return c.name;
      case '_ok':
        return `(_parsed AND _known AND ${all}) AS _ok`;
      case '_kok':
        return `(_parsed AND ${table.key.map((k) => `ok${index(k)}`).join(' AND ') || 'false'}) AS _kok`;
      case '_doc':
        return `CASE WHEN NOT coalesce(_blank, false) AND NOT (_parsed AND _known AND ${all}) THEN ${p.text ? p.text('doc') : 'doc'} END AS _doc`;
      default: {
        if (c.field) return `v${index(c.field.name)} AS ${d.id(c.name)}`;
        const i = index(c.name.slice(refOk('').length));
        return `(_parsed AND ok${i} AND p${i}) AS ${d.id(c.name)}`;
      }
    }
  });
  return `SELECT ${out.join(',\n  ')}\nFROM (${values}) AS checked`;
}

/** Field names that stand in a record's text as they are (no escapes). */
export const PLAIN_NAME = /^[A-Za-z0-9_]+$/;

/**
 * The columns of one file's staged rows: the staged table's (stage.ts)
 * without `_file` (the file is the table), with `_blank`, and with `_line`
 * only when the rows are not numbered by their order.
 *
 * @param table the record table.
 * @param d the dialect.
 * @param lines whether the file's rows carry their line.
 * @returns the columns.
 */
export function fileColumns(table: TableDefinition, d: Dialect, lines: boolean): StageColumn[] {
  const staged = stageColumns(table, d).filter((c) => c.name !== '_file' && (lines || c.name !== '_line'));
  return [{ name: '_blank', type: 'BOOLEAN' }, ...staged];
}

/**
 * A file's path as DuckDB's readers take it: they read a path as a glob
 * pattern, so `[`, `*`, `?` (and `{`) in a file's or a folder's name stand
 * for themselves only in brackets (review: a shard named `[_]hidden.jsonl`
 * made DuckDB read `_hidden.jsonl`, a file discovery leaves out, and judge
 * it). The path is absolute (discovery resolves it), so no `~` or scheme.
 *
 * @param path the file.
 * @returns the path with each such character bracketed.
 */
export const literalPath = (path: string): string => path.replace(/[[*?{]/g, (c) => `[${c}]`);

/**
 * The lines of a JSONL file, every one of them (an empty line is NULL) and
 * in order: read in parallel, and numbered by the order they are staged in
 * (a line number would make DuckDB read the file on one thread).
 *
 * @param path the file.
 * @param crlf whether its lines end with CR LF.
 * @returns a parenthesized query with doc.
 */
export function jsonlDocs(path: string, crlf: boolean): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  // One VARCHAR column: no quoting, no escapes, a delimiter no valid JSON line holds.
  return `(SELECT doc FROM read_csv(${q(literalPath(path))}, columns = {'doc': 'VARCHAR'}, delim = ${q(String.fromCharCode(COLUMN_DELIMITER))}, quote = '', escape = '', header = false, auto_detect = false, new_line = ${q(crlf ? '\\r\\n' : '\\n')}, strict_mode = false, max_line_size = ${2 * MAX_RECORD_BYTES + 4096}))`;
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

/** A Parquet row as a struct of its known columns, each as {@link parquetValue} reads it. */
function parquetRecord(columns: { name: string; type: string }[], d: Dialect): string {
  return `struct_pack(${columns.map((c) => `${d.id(c.name)} := ${parquetValue(c.name, c.type, d)}`).join(', ')})`;
}

/**
 * The records of a Parquet file, each row as a JSON object of its known
 * columns, numbered by row (1-based).
 *
 * @param path the file.
 * @param columns its known columns and their types.
 * @param d the DuckDB dialect.
 * @returns a parenthesized query with _line and doc.
 */
export function parquetDocs(path: string, columns: { name: string; type: string }[], d: Dialect): string {
  const pack = columns.length === 0 ? "'{}'" : `to_json(${parquetRecord(columns, d)})`;
  return `(SELECT file_row_number + 1 AS _line, CAST(${pack} AS VARCHAR) AS doc FROM read_parquet(${d.str(literalPath(path))}, file_row_number = true))`;
}

/** A field's own Parquet column types: read as they are, without JSON (see {@link parquetTyped}). */
const OWN_TYPES: Record<'text' | 'boolean' | 'timestamp', string[]> = {
  text: ['VARCHAR'],
  boolean: ['BOOLEAN'],
  timestamp: ['VARCHAR', 'TIMESTAMP WITH TIME ZONE'],
};

/**
 * The typed way to stage a Parquet file: when each known column is of its
 * field's own type (text as VARCHAR, a flag as BOOLEAN, an instant as
 * VARCHAR or TIMESTAMP WITH TIME ZONE), its values are read as they are,
 * each exactly the value its row's JSON text (see {@link parquetDocs}) would
 * give: no JSON is written or parsed, and the row is an object of known keys
 * by construction (unknown columns are refused for the file, as before). A
 * row whose JSON text could pass the record limit (counting six bytes of JSON
 * for a byte of text, the most an escape takes, and `null` for an empty
 * cell) is left for {@link stageDocs}, as {@link fastDocs}
 * leaves lines (`_blank` NULL, the text in `_doc`); so is the text of every
 * invalid row kept, for the reference reader to word its problems.
 *
 * @param table the record table.
 * @param d the DuckDB dialect.
 * @param path the file.
 * @param columns its known columns and their types.
 * @returns the query (with `_line`), or undefined when a column is of another type (its rows go through JSON).
 */
export function parquetTyped(table: TableDefinition, d: Dialect, path: string, columns: { name: string; type: string }[]): string | undefined {
  const fields = table.fields;
  if (columns.length === 0) return undefined;
  const own = (kind: string, type: string) => OWN_TYPES[kind === 'boolean' || kind === 'timestamp' ? kind : 'text'].includes(type);
  const column = (name: string) => columns.find((c) => c.name === name);
  if (!fields.every((f) => column(f.name) === undefined || own(f.kind, column(f.name)!.type))) return undefined;
  // A field without a column is absent from every row. A flag's text is its JSON text.
  const text = (i: number) => {
    const c = column(fields[i]!.name);
    if (c === undefined) return `CAST(NULL AS VARCHAR)`;
    return c.type === 'BOOLEAN' ? `CAST(${d.id(c.name)} AS VARCHAR)` : parquetValue(c.name, c.type, d);
  };
  // The JSON text of a record: its braces and, per column, its key (quoted), a colon, a comma, and its value:
  // a text at most six bytes a byte and its quotes, a flag its word, an empty cell `null` (review: a row of
  // empty cells and control characters passed the limit when an empty cell counted for nothing).
  const member = (i: number) => (column(fields[i]!.name) === undefined ? [] : [`${fields[i]!.name.length + 4} + coalesce(6 * strlen(s${i}) + 2, 4)`]);
  const bound = `${['2', ...fields.flatMap((_, i) => member(i))].join(' + ')} <= ${MAX_RECORD_BYTES}`;
  const layer = `SELECT _line, doc, ${bound} AS _fast, ${fields.map((_, i) => `s${i}`).join(', ')}
    FROM (SELECT file_row_number + 1 AS _line, ${parquetRecord(columns, d)} AS doc, ${fields.map((_, i) => `${text(i)} AS s${i}`).join(', ')} FROM read_parquet(${d.str(literalPath(path))}, file_row_number = true)) AS typed`;
  return validated(table, d, true, layer, { ...STAGED_OR_LEFT, text: (doc) => `CAST(to_json(${doc}) AS VARCHAR)` });
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
  return `SELECT file_row_number + 1 AS line, count(*) OVER () AS total FROM read_parquet(${d.str(literalPath(path))}, file_row_number = true) WHERE ${c} IS NOT NULL AND try(decode(${c})) IS NULL ORDER BY line LIMIT ${limit}`;
}
