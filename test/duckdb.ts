/**
 * A DuckDB connection for a test file, set up as the duckdb engine sets up
 * its own (UTC, the dialect's macros): opened before the file's tests, closed
 * after them.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';
import { DUCKDB_MACROS } from '../engine/engines/duckdb/dialect.ts';

/**
 * Open a connection for the tests of the calling file.
 *
 * @param settings DuckDB settings (e.g. `{ threads: '2' }`).
 * @returns the connection, once the file's tests run.
 */
export function duckdbForTests(settings: Record<string, string> = {}): () => DuckDBConnection {
  let db: DuckDBInstance | undefined;
  let connection: DuckDBConnection | undefined;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:', settings);
    connection = await db.connect();
    await connection.run("SET TimeZone = 'UTC'");
    for (const macro of DUCKDB_MACROS) await connection.run(macro);
  });
  afterAll(() => {
    connection?.closeSync();
    db?.closeSync();
  });
  return () => connection!;
}
