import { RFC3339, type Dialect } from '../sql/dialect.ts';

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The date and time of an RFC 3339 timestamp in upper case, as GLOB (hours are checked apart). */
const DATE_TIME = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]';

/** The shapes most timestamps have, by length: seconds or milliseconds, Z or an offset (each a subset of RFC3339). */
const COMMON_SHAPES: Record<number, string[]> = {
  20: [`${DATE_TIME}Z`],
  24: [`${DATE_TIME}.[0-9][0-9][0-9]Z`],
  25: [`${DATE_TIME}[-+][01][0-9]:[0-5][0-9]`, `${DATE_TIME}[-+]2[0-3]:[0-5][0-9]`],
};

/** Whether a text has one of the common shapes: one GLOB for most texts (its length picks it). */
const commonShape = (s: string): string =>
  `(CASE strlen(${s}) ${Object.entries(COMMON_SHAPES)
    .map(([length, shapes]) => `WHEN ${length} THEN ${shapes.map((shape) => `${s} GLOB '${shape}'`).join(' OR ')}`)
    .join(' ')} ELSE false END)`;

/** DuckDB (embedded, `@duckdb/node-api`). */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  id: (name) => `"${name.replace(/"/g, '""')}"`,
  str: quote,
  list: (values) => `[${values.map(quote).join(', ')}]::VARCHAR[]`,
  listHas: (list, value) => `coalesce(list_contains(${list}, ${value}), false)`,
  matches: (value, pattern) => `regexp_full_match(${value}, ${quote(pattern)})`,
  // Checked by codicil's own rule first; then DuckDB's cast (a day that does not exist gives NULL;
  // it wants T and Z in upper case), and a floor to milliseconds (epoch_ms truncates toward zero).
  // The shapes exports write are matched by GLOB, which costs a third of the regular expression;
  // only other texts are matched by the expression (test/engines-timestamps.test.ts: they agree).
  timestampMs: (s) =>
    `floor_ms(epoch_us(TRY_CAST(CASE WHEN ${commonShape(s)} AND substr(${s}, 12, 2) <= '23' THEN ${s} WHEN regexp_full_match(${s}, ${quote(RFC3339)}) THEN upper(${s}) END AS TIMESTAMPTZ)))`,
  // A struct compares field by field, as a list does, without building a list per row.
  earliest: (value, order) => `arg_min(${value}, struct_pack(${order.map((o, i) => `k${i} := CAST(${o} AS BIGINT)`).join(', ')}))`,
  anyTrue: (value) => `coalesce(bool_or(${value}), false)`,
  bigint: 'BIGINT',
  text: 'VARCHAR',
  textList: 'VARCHAR[]',
};

/** Macros the DuckDB dialect's expressions use, created once per connection. */
export const DUCKDB_MACROS = ['CREATE OR REPLACE MACRO floor_ms(us) AS (us // 1000 - CASE WHEN us % 1000 < 0 THEN 1 ELSE 0 END)'];
