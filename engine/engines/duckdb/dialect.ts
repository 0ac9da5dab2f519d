import { RFC3339, timeInRange, type Dialect } from '../sql/dialect.ts';

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** DuckDB (embedded, `@duckdb/node-api`). */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  id: (name) => `"${name.replace(/"/g, '""')}"`,
  str: quote,
  list: (values) => `[${values.map(quote).join(', ')}]::VARCHAR[]`,
  listHas: (list, value) => `coalesce(list_contains(${list}, ${value}), false)`,
  matches: (value, pattern) => `regexp_full_match(${value}, ${quote(pattern)})`,
  // Checked by codicil's own rule first; then DuckDB's cast (a day that does
  // not exist gives NULL) in UTC, and a floor to milliseconds (epoch_ms truncates toward zero).
  timestampMs: (s) =>
    `(CASE WHEN regexp_full_match(${s}, ${quote(RFC3339)}) AND ${timeInRange(s)} THEN floor_ms(epoch_us(TRY_CAST(upper(${s}) AS TIMESTAMPTZ))) END)`,
  earliest: (value, order) => `arg_min(${value}, [${order.map((o) => `CAST(${o} AS BIGINT)`).join(', ')}])`,
  anyTrue: (value) => `coalesce(bool_or(${value}), false)`,
  bigint: 'BIGINT',
  text: 'VARCHAR',
  textList: 'VARCHAR[]',
};

/** Macros the DuckDB dialect's expressions use, created once per connection. */
export const DUCKDB_MACROS = ['CREATE OR REPLACE MACRO floor_ms(us) AS (us // 1000 - CASE WHEN us % 1000 < 0 THEN 1 ELSE 0 END)'];
