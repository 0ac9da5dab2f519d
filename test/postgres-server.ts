/**
 * A throwaway PostgreSQL cluster for the tests: Debian's binaries, a temp
 * data directory, a Unix socket in it (no TCP port), stopped at the end.
 * initdb and the server refuse to run as root, so as root they run as the
 * `postgres` user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** A running cluster. */
export interface PostgresServer {
  /** postgresql://codicil@/postgres?host=<socket folder> */
  url: string;
  /** Where the binaries came from (for the test output). */
  version: string;
  stop(): void;
}

/** The folder of Debian's PostgreSQL binaries (the newest installed), if any. */
export function postgresBinaries(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

/**
 * Start a cluster.
 *
 * @returns the running server.
 * @throws when the binaries are missing or the server does not start.
 */
export function startPostgres(): PostgresServer {
  const bin = postgresBinaries();
  if (!bin) throw new Error('no PostgreSQL binaries in /usr/lib/postgresql (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'codicil-pg-'));
  const data = join(dir, 'data');
  const root = userInfo().uid === 0;
  if (root) {
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
    chmodSync(dir, 0o700);
  }
  const run = (command: string, args: string[]) => {
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'codicil', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // Every user is trusted but one, `guarded`, who must give a password: the tests of a refused password need it.
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(hba, `local all guarded scram-sha-256\n${readFileSync(hba, 'utf8')}`);
  run('pg_ctl', ['-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', `-c listen_addresses='' -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`, 'start']);
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const version = run('pg_ctl', ['--version']).trim();
  return { url: `postgresql://codicil@/postgres?host=${encodeURIComponent(dir)}`, version, stop };
}
