/**
 * Connecting to PostgreSQL: the URL (never shown with its password), clear
 * errors for every way a connection fails, and a time limit.
 */
import type pg from 'pg';
import { connectionStringProblem, driverUrl, redacted, scrubbed } from './connection-string.ts';

/** How long to wait for the server to answer a connection. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** How long to wait, by default, for a table another session holds locked (a migration, a VACUUM FULL): never forever. */
export const LOCK_TIMEOUT_SECONDS = 10;

/** The error code of record tables whose rows row-level security would hide from the user (codicil's own, not SQLSTATE); its message names them. */
export const ROW_SECURITY = 'codicil-row-security';

/** Why rows of `what` cannot be judged, and what to do. */
const rowSecurityWords = (what: string): string =>
  `row-level security would hide rows of ${what} from this user, and codicil never judges part of a table: read as a role that sees every row (the table's owner, where it does not force row-level security, or a role with BYPASSRLS), or disable row-level security on the table`;

/** A connection string codicil does not read (the words never hold the string). */
class ConnectionStringError extends Error {}

/**
 * A connection failure in words, without the password.
 *
 * @param error what node-postgres threw.
 * @param url the URL.
 * @param action what codicil was doing: `check` reads the record tables, `load` writes them.
 * @returns the words.
 */
export function connectionProblem(error: unknown, url: string, action: 'check' | 'load' = 'check'): string {
  const failed = action === 'load' ? `cannot load into the database ${redacted(url)}` : `cannot read the database ${redacted(url)}`;
  if (error instanceof ConnectionStringError) return `${failed}: ${error.message}`;
  const e = error as Error & { code?: string };
  // A server's message may quote what it was given (a database name that held a password pair).
  const message = scrubbed(e.message ?? String(error), url);
  const why: Record<string, string> = {
    ECONNREFUSED: 'nothing is listening there',
    ENOTFOUND: 'the host name is unknown',
    ENOENT: 'no server socket is there',
    '28P01': 'the password was refused',
    '28000': 'the server refuses this user',
    '3D000': 'the database does not exist',
    '42501': action === 'load' ? 'the user may not create tables there (load needs CREATE on the schema, or on the database to create the schema)' : 'the user may not read it (codicil needs SELECT on the record tables)',
    '55P03': 'a record table is locked by another session and stayed locked past the lock timeout (--lock-timeout)',
    '57014': 'the server cancelled the query',
    '57P01': `the server shut down during the ${action}`,
  };
  // row_security = off (engine.ts) refuses a read that a policy would filter, under a view too: 42501, as a refused SELECT.
  if (e.code === ROW_SECURITY) return `${failed}: ${rowSecurityWords(message)}`;
  if (e.code === '42501' && /row-level security/.test(message)) return `${failed}: ${rowSecurityWords('a table a record view reads')} (${message})`;
  // node-postgres's words when SSL is asked for (by any sslmode but disable, ssl=true or PGSSLMODE): it never falls back to a connection without.
  if (message === 'The server does not support SSL connections') return `${failed}: the server does not accept SSL connections, which the connection asks for (sslmode=disable connects without SSL; codicil never falls back to that by itself)`;
  const reason = e.code && why[e.code] ? `${why[e.code]} (${message})` : message;
  return `${failed}: ${reason}`;
}

/**
 * Open a client.
 *
 * @param url the database URL (postgresql://…; a Unix socket folder as `?host=/path`).
 * @returns the connected client.
 * @throws the driver's error, or why the string is not a URL codicil reads (give either to {@link connectionProblem}).
 */
export async function connect(url: string): Promise<pg.Client> {
  // node-postgres reads anything but a URL as a database name on a host `base`: refuse it here, in words.
  const problem = connectionStringProblem(url);
  if (problem !== null) throw new ConnectionStringError(problem);
  // The driver is loaded when a database is read: a check with another engine never loads it.
  const { default: driver } = (await import('pg')) as { default: typeof pg };
  // sslmode=require as node-postgres reads it, without its multi-line warning on stderr (connection-string.ts).
  const client = new driver.Client({ connectionString: driverUrl(url), connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'codicil' });
  // A server that goes away mid-check is reported by the query that fails; never an unhandled error.
  client.on('error', () => {});
  await client.connect();
  return client;
}
