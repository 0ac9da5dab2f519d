import { RFC3339, type Dialect } from '../sql/dialect.ts';

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** An integer from a fixed place of the text (only after the text matched {@link RFC3339}). */
const part = (s: string, from: number, length: number): string => `CAST(substr(${s}, ${from}, ${length}) AS bigint)`;

/**
 * Epoch milliseconds of a text already known to match RFC3339, by integer
 * arithmetic (days from the civil date, as records/timestamp.ts computes
 * them): PostgreSQL has no cast that returns NULL, and refuses year 0.
 */
function epochMs(s: string): string {
  const y = part(s, 1, 4);
  const m = part(s, 6, 2);
  const d = part(s, 9, 2);
  const yy = `(${y} - CASE WHEN ${m} <= 2 THEN 1 ELSE 0 END)`;
  const era = `(CASE WHEN ${yy} >= 0 THEN ${yy} ELSE ${yy} - 399 END / 400)`;
  const yoe = `(${yy} - ${era} * 400)`;
  const doy = `((153 * (${m} + CASE WHEN ${m} > 2 THEN -3 ELSE 9 END) + 2) / 5 + ${d} - 1)`;
  const days = `(${era} * 146097 + ${yoe} * 365 + ${yoe} / 4 - ${yoe} / 100 + ${doy} - 719468)`;
  const frac = `CASE WHEN substr(${s}, 20, 1) = '.' THEN CAST(rpad(substring(${s} from '[.]([0-9]{1,3})'), 3, '0') AS bigint) ELSE 0 END`;
  const offset = `CASE WHEN upper(right(${s}, 1)) = 'Z' THEN 0 ELSE (CASE WHEN substr(${s}, length(${s}) - 5, 1) = '+' THEN 1 ELSE -1 END) * (CAST(substr(${s}, length(${s}) - 4, 2) AS bigint) * 60 + CAST(right(${s}, 2) AS bigint)) END`;
  return `((((${days} * 24 + ${part(s, 12, 2)}) * 60 + ${part(s, 15, 2)} - (${offset})) * 60 + ${part(s, 18, 2)}) * 1000 + (${frac}))`;
}

/** Whether the date part names a day that exists. */
function realDay(s: string): string {
  const y = part(s, 1, 4);
  const m = part(s, 6, 2);
  const leap = `(CASE WHEN ${y} % 4 = 0 AND (${y} % 100 <> 0 OR ${y} % 400 = 0) THEN 1 ELSE 0 END)`;
  return `(${m} BETWEEN 1 AND 12 AND ${part(s, 9, 2)} BETWEEN 1 AND (CASE WHEN ${m} = 2 THEN 28 + ${leap} WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END))`;
}

/** PostgreSQL (through node-postgres), for records kept in a database. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  id: (name) => `"${name.replace(/"/g, '""')}"`,
  str: quote,
  list: (values) => `ARRAY[${values.map(quote).join(', ')}]::text[]`,
  listHas: (list, value) => `coalesce(${value} = ANY(${list}), false)`,
  matches: (value, pattern) => `(${value} ~ ${quote(`^(${pattern})$`)})`,
  timestampMs: (s) => `(CASE WHEN ${s} ~ ${quote(`^(${RFC3339})$`)} THEN (CASE WHEN ${realDay(s)} THEN ${epochMs(s)} END) END)`,
  earliest: (value, order) => `(array_agg(${value} ORDER BY ${order.join(', ')}))[1]`,
  anyTrue: (value) => `coalesce(bool_or(${value}), false)`,
  bigint: 'bigint',
  text: 'text',
  textList: 'text[]',
};
