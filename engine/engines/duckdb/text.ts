/**
 * Texts read back from DuckDB exactly as DuckDB holds them.
 *
 * `@duckdb/node-api` decodes every text DuckDB returns with a default
 * `TextDecoder`, which drops a leading U+FEFF (a byte-order mark): an id
 * `\uFEFFI-1` came back as `I-1`, so its finding was named by another id and a
 * waiver for `I-1` covered it (review). DuckDB itself stores, joins and
 * compares the whole text; only the reading back loses the character. The
 * package's decoder (read at each call, from this module of the package) is
 * replaced by one that keeps it. test/engines-duckdb-text.test.ts fails if the
 * package ever reads texts otherwise.
 */
import { TextDecoder } from 'node:util';
import accessors from '@duckdb/node-api/lib/vectors/dataAccessors.js';

/** A decoder that keeps a leading U+FEFF (fatal is not needed: DuckDB's texts are valid UTF-8). */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Make the package decode texts with {@link decoder}; idempotent. */
export function keepLeadingByteOrderMark(): void {
  (accessors as { textDecoder: TextDecoder }).textDecoder = decoder;
}
