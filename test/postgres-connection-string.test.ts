// The database connection string is never printed with a secret (README:
// "The password is never printed: not in errors, not in reports"), in every
// form node-postgres and libpq accept, and a form codicil does not read is
// refused in words rather than taken for a database name on a host `base`.
// No server is needed: every case here fails before or at connecting.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../engine/cli/main.ts';
import { check } from '../engine/index.ts';
import { connectionStringProblem, driverUrl, redacted, scrubbed, secretsOf, withoutSecrets } from '../engine/engines/postgres/connection-string.ts';
import { connectionProblem } from '../engine/engines/postgres/connect.ts';
import { root } from './helpers.ts';

const SECRET = 'hunter2';

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false, progress: false, env });
  return { code, stdout, stderr, all: stdout + stderr };
}

describe('redacted: a connection string as it may be shown', () => {
  it.each([
    ['the URL’s user:password@', `postgresql://u:${SECRET}@db.internal:5432/compliance`, 'postgresql://u:***@db.internal:5432/compliance'],
    ['a password holding @ and :, split at the last @ as a URL parser splits it', `postgresql://u:p@ss:${SECRET}@h/db`, 'postgresql://u:***@h/db'],
    ['a percent-encoded password', 'postgresql://u:hun%40ter2@h/db', 'postgresql://u:***@h/db'],
    ['user:password@ with an empty host (a socket folder as ?host=)', `postgresql://u:${SECRET}@/postgres?host=%2Frun%2Fpg`, 'postgresql://u:***@/postgres?host=%2Frun%2Fpg'],
    ['?password=', `postgresql://u@h/x?password=${SECRET}&sslmode=require`, 'postgresql://u@h/x?password=***&sslmode=require'],
    ['?sslpassword= (the client key’s passphrase)', `postgresql://u@127.0.0.1:1/x?sslpassword=${SECRET}`, 'postgresql://u@127.0.0.1:1/x?sslpassword=***'],
    ['a parameter name percent-encoded, as node-postgres decodes it', `postgresql://u@h/x?pass%77ord=${SECRET}`, 'postgresql://u@h/x?pass%77ord=***'],
    ['?oauth_client_secret= (PostgreSQL 18), but not a path such as sslkey', `postgresql://u@h/x?oauth_client_secret=${SECRET}&sslkey=/k.pem`, 'postgresql://u@h/x?oauth_client_secret=***&sslkey=/k.pem'],
    ['a password= pair mixed into a URL’s database name', `postgresql://u@h/db password=${SECRET}`, 'postgresql://u@h/db password=***'],
    ['keyword/value pairs', `host=127.0.0.1 port=1 user=u password=${SECRET}`, 'host=127.0.0.1 port=1 user=u password=***'],
    ['a quoted value with escapes and spaces round =', `host=h password = 'a b\\'${SECRET}' user=u`, 'host=h password = *** user=u'],
    ['an unquoted value with an escaped space', `host=h password=a\\ ${SECRET} user=u`, 'host=h password=*** user=u'],
    ['sslpassword as a keyword', `host=h sslpassword=${SECRET}`, 'host=h sslpassword=***'],
    ['a .NET-style string (Password=…;)', `Server=h;User Id=u;Password=${SECRET};`, 'Server=h;User Id=u;Password=***'],
    ['a URL of another scheme', `mysql://u:${SECRET}@h/db`, 'mysql://u:***@h/db'],
  ])('masks %s', (_what, given, shown) => {
    expect(redacted(given)).toBe(shown);
    expect(secretsOf(given).length).toBeGreaterThan(0);
  });

  it.each([
    ['a password with an unencoded /, cut there by a URL parser', `postgresql://u:12/${SECRET}@h/db`],
    ['a password with an unencoded #', `postgresql://u:ab#${SECRET}@h/db`],
    ['a # in a query value', `postgresql://u@h/db?password=ab#${SECRET}`],
  ])('shows nothing after the scheme when the URL is ambiguous: %s', (_what, given) => {
    expect(redacted(given)).toBe('postgresql://***');
  });

  it.each([
    ['an unterminated quoted value', `host=h password='${SECRET}`],
    ['text that is neither a URL nor keyword/value pairs', `not a url ${SECRET}`],
    ['a socket folder and a database, node-postgres’s own short form', `/run/postgresql password=${SECRET}`],
    ['nothing', ''],
  ])('shows only *** for a string it cannot read: %s', (_what, given) => {
    expect(redacted(given)).toBe('***');
  });

  it('leaves a string without secrets as it is', () => {
    expect(redacted('postgresql://codicil@/postgres?host=/tmp/x')).toBe('postgresql://codicil@/postgres?host=/tmp/x');
    expect(redacted('postgres://reader@db.internal/compliance?sslmode=verify-full&sslkey=/k.pem')).toBe('postgres://reader@db.internal/compliance?sslmode=verify-full&sslkey=/k.pem');
  });

  it('takes every secret, as written and as decoded, out of a driver’s message', () => {
    expect(scrubbed('database "db password=hunter2" does not exist', `postgresql://u@h/db password=${SECRET}`)).toBe('database "db password=***" does not exist');
    expect(scrubbed('password authentication failed: hun@ter2, hun%40ter2', 'postgresql://u:hun%40ter2@h/db')).toBe('password authentication failed: ***, ***');
    expect(scrubbed("refused a b'c", "host=h password='a b\\'c'")).toBe('refused ***');
  });

  it('masks free text only where it holds a connection string’s secret', () => {
    expect(withoutSecrets(`postgresql://u:${SECRET}@h/db`)).toBe('postgresql://u:***@h/db');
    expect(withoutSecrets(`see postgresql://u:${SECRET}@h/db and password=${SECRET}`)).toBe('see postgresql://u:***@h/db and password=***');
    expect(withoutSecrets('dpa@1.0.0')).toBe('dpa@1.0.0');
    expect(withoutSecrets('examples/records')).toBe('examples/records');
  });
});

describe('connectionStringProblem: the forms codicil reads', () => {
  it('reads a postgresql:// or postgres:// URL, with a socket folder as ?host=', () => {
    expect(connectionStringProblem('postgresql://u:pw@db.internal:5432/compliance')).toBeNull();
    expect(connectionStringProblem('postgres://u@/postgres?host=%2Frun%2Fpg')).toBeNull();
    expect(connectionStringProblem('postgresql://codicil@/postgres?host=/tmp/x')).toBeNull();
  });

  it.each([
    ['keyword/value pairs', `host=127.0.0.1 user=u password=${SECRET}`, 'a keyword/value connection string is not read: give it as a URL'],
    ['text that is no connection string', 'not a url', 'it is not a PostgreSQL URL (postgresql://user@host:port/dbname, a socket folder as ?host=/path); it is not shown, as it may hold a password'],
    ['another scheme', `mysql://u:${SECRET}@h/db`, 'it starts mysql://, not postgresql:// or postgres://'],
    ['a #', `postgresql://u:ab#${SECRET}@h/db`, 'the URL holds a #, which would end it: percent-encode @, :, /, ?, # and %'],
    ['an @ after the host', `postgresql://u:12/${SECRET}@h/db`, 'the URL holds an @ after its host: percent-encode'],
    ['a URL no parser reads', `postgresql://u:${SECRET}@h:99999/db`, 'it is not a valid URL: its port is not a number from 0 to 65535'],
    ['an IPv6 host whose [ is never closed (review: blamed on the user name or password)', `postgresql://u:${SECRET}@[::1/postgres`, 'it is not a valid URL: its host opens an IPv6 address with [ but never closes it with ] (postgresql://user@[::1]:5432/dbname)'],
    ['an sslmode libpq does not know (review: node-postgres took it for one that verifies, and blamed the server)', `postgresql://u:${SECRET}@h/db?sslmode=bogus`, 'sslmode=bogus is not an SSL mode: give one of disable, allow, prefer, require, verify-ca, verify-full, no-verify'],
    ['an sslmode in other letters, as libpq refuses it', `postgresql://u@h/db?sslmode=REQUIRE&password=${SECRET}`, 'sslmode=REQUIRE is not an SSL mode'],
    ['an empty sslmode', 'postgresql://u@h/db?sslmode=', 'sslmode is empty: give one of'],
  ])('refuses %s, in words that never hold the string', (_what, given, words) => {
    const problem = connectionStringProblem(given);
    expect(problem).toContain(words);
    expect(problem).not.toContain(SECRET);
    // Only a # or an @ is blamed on the user name or password.
    if (!words.includes('percent-encode')) expect(problem).not.toContain('user name or password');
  });

  it('reads every sslmode libpq knows, and node-postgres’s no-verify, and an IPv6 host in brackets', () => {
    for (const mode of ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']) expect(connectionStringProblem(`postgresql://u@h/db?sslmode=${mode}`), mode).toBeNull();
    expect(connectionStringProblem('postgresql://u@[::1]:5432/db')).toBeNull();
  });

  it('gives node-postgres prefer, require and verify-ca as the verify-full it reads them as, so that it prints no SECURITY WARNING (review); else the URL as written', () => {
    expect(driverUrl('postgresql://u@h/db?sslmode=require')).toBe('postgresql://u@h/db?sslmode=verify-full');
    expect(driverUrl('postgresql://u@h/db?application_name=x&sslmode=prefer&sslrootcert=/ca.pem')).toBe('postgresql://u@h/db?application_name=x&sslmode=verify-full&sslrootcert=/ca.pem');
    expect(driverUrl('postgresql://u@h/db?ssl%6Dode=verify-ca')).toBe('postgresql://u@h/db?sslmode=verify-full');
    for (const kept of ['postgresql://u@h/db', 'postgresql://u@h/db?sslmode=disable', 'postgresql://u@h/db?sslmode=no-verify', 'postgresql://u@h/db?sslmode=verify-full', 'postgresql://u@h/db?uselibpqcompat=true&sslmode=require']) {
      expect(driverUrl(kept)).toBe(kept);
    }
  });

  it('emits no process warning for sslmode=require (node-postgres’s SECURITY WARNING, printed on stderr before codicil’s words)', async () => {
    const warnings: string[] = [];
    const listener = (w: Error) => void warnings.push(w.message);
    process.on('warning', listener);
    try {
      const { code, stderr } = await run(['load', '--records', join(root, 'examples', 'records'), '--policy', join(root, 'policy'), '--database', 'postgresql://u@127.0.0.1:1/x?sslmode=require']);
      expect(code).toBe(2);
      expect(stderr).toContain('nothing is listening there');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });
});

describe('the report never holds the secret', () => {
  const nowhere = [
    `host=127.0.0.1 port=1 user=u password=${SECRET}`,
    `host=127.0.0.1 port=1 user=u password='a ${SECRET}'`,
    `postgresql://u@127.0.0.1:1/x?sslpassword=${SECRET}`,
    `postgresql://u@127.0.0.1:1/x?pass%77ord=${SECRET}`,
    `postgresql://u:${SECRET}@127.0.0.1:1/x`,
    `postgresql://u:12/${SECRET}@127.0.0.1:1/x`,
    `not a url ${SECRET}`,
  ];

  it.each(nowhere)('check --engine postgres --database %s: exit 2, no password in any format', async (database) => {
    for (const format of ['text', 'json', 'sarif', 'markdown', 'github', 'junit']) {
      const { code, all } = await run(['check', '--engine', 'postgres', '--database', database, '--policy', join(root, 'policy'), '--format', format]);
      expect(code, format).toBe(2);
      expect(all, format).toContain('cannot read the database');
      expect(all, format).not.toContain(SECRET);
      expect(all, format).not.toMatch(/\n\s+at /);
    }
    // And from the environment.
    const fromEnv = await run(['check', '--engine', 'postgres', '--policy', join(root, 'policy'), '--format', 'json'], { CODICIL_DATABASE_URL: database });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.all).not.toContain(SECRET);
  });

  it.each(nowhere)('load --database %s: nothing loaded, exit 2, no password', async (database) => {
    const { code, stderr, all } = await run(['load', '--records', join(root, 'examples', 'records'), '--policy', join(root, 'policy'), '--database', database]);
    expect(code).toBe(2);
    expect(stderr).toContain('codicil load: nothing was loaded.');
    expect(stderr).toContain('[CODICIL-D015]');
    expect(all).not.toContain(SECRET);
  });

  it('says what is wrong with a keyword/value string and with text that is no URL, instead of “getaddrinfo ENOTFOUND base”', async () => {
    const kv = await check({ database: `host=127.0.0.1 port=1 user=u password=${SECRET}`, policy: join(root, 'policy'), engine: 'postgres' });
    expect(kv.exitCode).toBe(2);
    expect(kv.errors).toEqual([
      expect.objectContaining({
        code: 'CODICIL-D015',
        file: 'postgres:public',
        message: 'cannot read the database host=127.0.0.1 port=1 user=u password=***: a keyword/value connection string is not read: give it as a URL (postgresql://user@host:port/dbname, a socket folder as ?host=/path)',
      }),
    ]);
    const text = await check({ database: 'not a url', policy: join(root, 'policy'), engine: 'postgres' });
    expect(text.errors![0]!.message).toBe('cannot read the database ***: it is not a PostgreSQL URL (postgresql://user@host:port/dbname, a socket folder as ?host=/path); it is not shown, as it may hold a password');
    expect(JSON.stringify(text)).not.toContain('ENOTFOUND');
  });

  it('names the refused secret in no connection failure, as written or as decoded', () => {
    const error = Object.assign(new Error('password authentication failed for user "u" (hun@ter2)'), { code: '28P01' });
    const words = connectionProblem(error, 'postgresql://u:hun%40ter2@h/db?sslpassword=s%20s');
    expect(words).toBe('cannot read the database postgresql://u:***@h/db?sslpassword=***: the password was refused (password authentication failed for user "u" (***))');
  });

  it('never echoes a password in a usage error: --database given twice, a URL given without --database', async () => {
    const twice = await run(['check', '--engine', 'postgres', '--database', `postgresql://u:${SECRET}@h/a`, '--database', `postgresql://u@h/b?password=${SECRET}`]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--database is given twice ("postgresql://u:***@h/a", "postgresql://u@h/b?password=***"); give it once [CODICIL-U001]');
    const bare = await run(['load', '--records', join(root, 'examples', 'records'), `postgresql://u:${SECRET}@h/a`]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('unexpected argument "postgresql://u:***@h/a"');
    for (const r of [twice, bare]) expect(r.all).not.toContain(SECRET);
  });
});
