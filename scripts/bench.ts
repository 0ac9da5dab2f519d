/**
 * Benchmark of `codicil check` (npm run bench; never part of the tests).
 *
 *   node scripts/bench.ts [--rows 1000000] [--dir DIR] [--keep] [--runs N] [--from package|sources]
 *
 * Writes N rows of JSONL across the record tables, then measures, each in a
 * fresh child process: the parse-only floor (read the same JSONL lines and
 * JSON.parse them, nothing else) and the full check. Prints rows/s of both,
 * their ratio and the check's peak RSS. `--engines …,parquet-2` also checks
 * the same rows written as Parquet (text as VARCHAR, flags as BOOLEAN; the
 * conversion, kept beside the JSONL folder, is not timed). With `--runs N`,
 * each engine runs N times, each run after one of the floor's (the machine's
 * speed drifts over minutes, and the floor alone varies by ±15% between
 * runs): their median times, and the ratio of the medians. The engine (and
 * the floor's line reader) is the compiled package, built first into lib/ as
 * `npm pack` builds it, since that is what an installed codicil runs;
 * `--from sources` measures the TypeScript sources instead, which Node strips
 * of their types as it loads them (about 0.1 s more per run).
 */
import { spawnSync } from 'node:child_process';
import { ruleKinds } from '../engine/rules/registry.ts';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresBinaries, startPostgres } from '../test/postgres-server.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    child: { type: 'string' },
    'memory-limit': { type: 'string' },
    engines: { type: 'string', default: 'js,duckdb-1,duckdb-2,postgres' },
    database: { type: 'string' },
    runs: { type: 'string', default: '1' },
    from: { type: 'string', default: 'package' },
  },
});
if (values.from !== 'package' && values.from !== 'sources') throw new Error(`--from is package or sources, not ${values.from}`);
/** The engine's modules: the compiled package (lib/, what an installed codicil runs) or the TypeScript sources (stripped by Node as they load). */
const engineModule = (path: string): string => (values.from === 'package' ? `../lib/engine/${path}.js` : `../engine/${path}.ts`);
const AS_OF = Date.parse('2026-01-01T00:00:00Z');

if (values.child) {
  const dir = values.dir!;
  const started = process.hrtime.bigint();
  let rows = 0;
  if (values.child === 'floor') {
    const { textChunks } = (await import(engineModule('records/readers/text'))) as typeof import('../engine/records/readers/text.ts');
    for (const file of listJsonl(dir)) {
      let rest = '';
      for await (const chunk of textChunks(file)) {
        const text = rest + chunk;
        let start = 0;
        let nl = text.indexOf('\n');
        while (nl !== -1) {
          const line = text.slice(start, nl);
          if (line.length > 0) {
            JSON.parse(line);
            rows++;
          }
          start = nl + 1;
          nl = text.indexOf('\n', start);
        }
        rest = text.slice(start);
      }
    }
  } else {
    const { check } = (await import(engineModule('check/check'))) as typeof import('../engine/check/check.ts');
    const [mode, threads] = values.child.split('-') as ['js' | 'duckdb' | 'postgres' | 'parquet', string | undefined];
    // Parquet is read by the duckdb engine (the folder passed is the Parquet one).
    const engine = mode === 'parquet' ? 'duckdb' : mode;
    const report = await check({
      // postgres judges the tables loaded into the bench's own cluster (the load is not timed).
      ...(engine === 'postgres' ? { database: values.database! } : { records: dir }),
      policy: 'policy',
      asOf: AS_OF,
      engine,
      ...(threads ? { threads: Number(threads) } : {}),
      ...(values['memory-limit'] ? { memoryLimit: values['memory-limit'] } : {}),
    });
    if (report.exitCode === 2) throw new Error(`bench records invalid: ${JSON.stringify(report.errors?.slice(0, 3))}`);
    rows = report.summary.rows;
    process.stderr.write(`  check: ${report.summary.checked} subjects, ${report.summary.violations} violations, ${report.summary.pending} pending\n`);
    for (const c of report.coverage) if (c.subjects > 0) process.stderr.write(`    ${c.clause}: ${c.subjects} subjects, ${c.violations} violations\n`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ rows, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

function listJsonl(dir: string): string[] {
  return listFiles(dir, '.jsonl');
}

function listFiles(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(extension))
    .sort()
    .map((f) => join(dir, f));
}

/** Write each JSONL table as Parquet of its fields' own types: text as VARCHAR, flags as BOOLEAN (an export from a warehouse). */
async function toParquet(from: string, to: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { table } = await import('../engine/records/tables.ts');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const file of listJsonl(from)) {
      const name = file.slice(from.length + 1, -'.jsonl'.length);
      const columns = table(name as Parameters<typeof table>[0]).fields.map((f) => `'${f.name}': '${f.kind === 'boolean' ? 'BOOLEAN' : 'VARCHAR'}'`);
      await connection.run(`COPY (SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {${columns.join(', ')}})) TO '${join(to, `${name}.parquet`)}' (FORMAT parquet)`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

// --- generator ---------------------------------------------------------------
let seed = 0x9e3779b9;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const START = Date.parse('2025-01-01T00:00:00Z');
const SPAN = Date.parse('2025-12-31T00:00:00Z') - START;
const H = 3_600_000;
const ts = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const when = (): number => START + Math.floor(random() * SPAN);

class Table {
  private buffer: string[] = [];
  private readonly out: WriteStream;
  rows = 0;
  constructor(dir: string, name: string) {
    this.out = createWriteStream(join(dir, `${name}.jsonl`));
  }
  async add(row: object): Promise<void> {
    this.buffer.push(JSON.stringify(row));
    this.rows++;
    if (this.buffer.length >= 10_000) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const ok = this.out.write(`${this.buffer.join('\n')}\n`);
    this.buffer = [];
    if (!ok) await new Promise((resolve) => this.out.once("drain", () => resolve(undefined)));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve) => this.out.end(() => resolve()));
  }
}

async function generate(dir: string, n: number): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t = (name: string) => new Table(dir, name);
  const stores = ['db', 'objects', 'logs', 'warehouse', 'search', 'backup', 'cache'];
  const storesTable = t('data_stores');
  for (const id of stores) await storesTable.add({ id, kind: id === 'backup' ? 'backup' : id === 'cache' ? 'cache' : 'primary', holds_personal_data: id !== 'cache' });
  await storesTable.close();

  // Incidents 2%, impacts 6% (3 per incident), notices 8%.
  const incidents = t('incidents');
  const impacts = t('incident_impacts');
  const notices = t('incident_notices');
  const nIncidents = Math.max(1, Math.floor(n * 0.02));
  for (let i = 0; i < nIncidents; i++) {
    const id = `INC-${i}`;
    const aware = when();
    await incidents.add({ id, aware_at: ts(aware), summary: 'generated incident' });
    for (let c = 0; c < 3; c++) {
      const customer = `C-${(i * 7 + c * 13) % 50_000}-${c}`;
      await impacts.add({ incident_id: id, customer_id: customer });
      const late = random() < 0.01 ? 80 : 20 + random() * 40;
      await notices.add({ incident_id: id, customer_id: customer, sent_at: ts(aware + late * H), describes_nature: true, describes_data: true });
      if (c < 1) await notices.add({ incident_id: id, customer_id: customer, sent_at: ts(aware + (late + 5) * H), describes_measures: true });
      else if (random() > 0.01) await notices.add({ incident_id: id, customer_id: customer, sent_at: ts(aware + (late + 1) * H), describes_measures: true });
    }
  }
  await Promise.all([incidents.close(), impacts.close(), notices.close()]);

  // Deletion requests 7%, deletions 40% (most stores per request).
  const requests = t('deletion_requests');
  const deletions = t('deletions');
  const nRequests = Math.floor(n * 0.07);
  for (let i = 0; i < nRequests; i++) {
    const account = `A-${i}`;
    const requested = when();
    await requests.add({ id: `DEL-${i}`, account_id: account, requested_at: ts(requested), origin: random() < 0.8 ? 'account_termination' : 'written_request' });
    for (const store of stores.filter((s) => s !== 'cache')) {
      const hours = random() < 0.01 ? 30 : random() * 20;
      await deletions.add({ account_id: account, store, completed_at: ts(requested + hours * H) });
    }
  }
  await Promise.all([requests.close(), deletions.close()]);

  const subs = t('subprocessors');
  const locations = t('subprocessor_locations');
  const categories = ['cloud_infrastructure', 'payment', 'security', 'email'];
  for (let i = 0; i < 200; i++) {
    const engaged = Date.parse('2024-06-01T00:00:00Z') + i * 2 * 24 * H;
    await subs.add({ name: `vendor-${i}`, category: random() < 0.02 ? 'analytics' : categories[i % 4], engaged_at: ts(engaged), notice_sent_at: ts(engaged - (random() < 0.05 ? 10 : 35) * 24 * H) });
    for (const [country, mechanism] of [['IE', 'none'], ['US', 'adequacy'], [i % 50 === 0 ? 'IN' : 'JP', i % 50 === 0 ? 'none' : 'adequacy']]) await locations.add({ subprocessor: `vendor-${i}`, country, mechanism });
  }
  await Promise.all([subs.close(), locations.close()]);

  // DSRs 15%, access grants 12%, confidentiality agreements 10%.
  const dsr = t('dsr_requests');
  const rights = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'];
  for (let i = 0; i < Math.floor(n * 0.15); i++) {
    const received = when();
    await dsr.add({ id: `DSR-${i}`, customer_id: `C-${i % 50_000}`, right: rights[i % 6], received_at: ts(received), customer_notified_at: ts(received + (random() < 0.01 ? 60 : random() * 40) * H) });
  }
  await dsr.close();
  const grants = t('access_grants');
  const agreements = t('confidentiality_agreements');
  const nPeople = Math.floor(n * 0.1);
  for (let i = 0; i < nPeople; i++) await agreements.add({ person_id: `P-${i}`, signed_at: ts(Date.parse('2024-01-01T00:00:00Z') + random() * 300 * 24 * H) });
  for (let i = 0; i < Math.floor(n * 0.12); i++) await grants.add({ id: `G-${i}`, person_id: `P-${random() < 0.001 ? nPeople + i : i % nPeople}`, granted_at: ts(when()) });
  await Promise.all([grants.close(), agreements.close()]);
  return listJsonl(dir).reduce((sum, f) => sum + statSync(f).size, 0);
}

function child(mode: string, dir: string): { rows: number; ms: number; maxRssMb: number } {
  // The same V8 flag as bin/codicil.js, so the figures are what users get.
  const limit = values['memory-limit'] && mode.startsWith('duckdb') ? ['--memory-limit', values['memory-limit']] : [];
  const database = values.database ? ['--database', values.database] : [];
  const result = spawnSync(process.execPath, ['--max-semi-space-size=16', new URL(import.meta.url).pathname, '--child', mode, '--dir', dir, '--from', values.from!, ...limit, ...database], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${mode} failed (exit ${result.status})`);
  return JSON.parse(result.stdout) as { rows: number; ms: number; maxRssMb: number };
}

/** Runs of a child: the median time, the range of times (words, empty for one run), and the highest peak RSS. */
function summary(runs: { rows: number; ms: number; maxRssMb: number }[]): { rows: number; ms: number; range: string; maxRssMb: number } {
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const median = times.length % 2 === 1 ? times[(times.length - 1) / 2]! : (times[times.length / 2 - 1]! + times[times.length / 2]!) / 2;
  const range = runs.length > 1 ? `median of ${runs.length}: ${(times[0]! / 1000).toFixed(2)}–${(times.at(-1)! / 1000).toFixed(2)} s` : '';
  return { rows: runs[0]!.rows, ms: median, range, maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

/** A summary's range in parentheses, or nothing for one run. */
const spread = (s: { range: string }): string => (s.range ? ` (${s.range})` : '');

const RUNS = Math.max(1, Number(values.runs));

const n = Number(values.rows);
const dir = values.dir ?? join(tmpdir(), `codicil-bench-${n}`);
const fmt = (x: number) => Math.round(x).toLocaleString('en');
console.log(`codicil bench: ${fmt(n)} rows requested, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
if (values.from === 'package') {
  // What an installed codicil runs: the engine compiled to lib/ (npm run build:package), which Node loads without stripping types.
  const built = spawnSync(process.execPath, [new URL('./build-package.ts', import.meta.url).pathname], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('npm run build:package failed: the bench measures the compiled package (--from sources measures the TypeScript sources)');
  console.log('engine: the compiled package in lib/, built now (npm run build:package), as an installed codicil runs it');
} else console.log('engine: the TypeScript sources, stripped by Node as they load (an installed codicil runs the compiled package: --from package)');
let t0 = Date.now();
if (!existsSync(join(dir, 'incidents.jsonl')) || !values.keep) {
  const bytes = await generate(dir, n);
  console.log(`generated ${(bytes / 2 ** 20).toFixed(0)} MiB of JSONL in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${dir}`);
}
t0 = Date.now();
const floor = summary(Array.from({ length: RUNS }, () => child('floor', dir)));
const floorRate = floor.rows / (floor.ms / 1000);
console.log(`parse-only floor:           ${fmt(floor.rows)} rows in ${(floor.ms / 1000).toFixed(2)} s${spread(floor)} = ${fmt(floorRate)} rows/s (peak RSS ${fmt(floor.maxRssMb)} MB)`);
// The floor uses one core; each engine runs in a fresh process.
const labels: Record<string, string> = { js: 'js (1 thread)', 'duckdb-1': 'duckdb, 1 thread', 'duckdb-2': 'duckdb, 2 threads', 'parquet-2': 'duckdb, 2 threads, Parquet', postgres: 'postgres (in place)' };
for (const mode of values.engines.split(',')) {
  if (mode.endsWith('-2') && cpus().length < 2) continue;
  let records = dir;
  if (mode.startsWith('parquet')) {
    records = `${dir}-parquet`;
    const t = Date.now();
    if (!existsSync(join(records, 'incidents.parquet')) || !values.keep) await toParquet(dir, records);
    console.log(`  the same rows as Parquet (${(listFiles(records, '.parquet').reduce((sum, f) => sum + statSync(f).size, 0) / 2 ** 20).toFixed(0)} MiB) → ${records}, written in ${((Date.now() - t) / 1000).toFixed(1)} s, not timed below`);
  }
  let server: { url: string; stop(): void } | undefined;
  if (mode === 'postgres') {
    // A row for postgres up to a few million rows (the load holds the rows in memory): a throwaway cluster, loaded once, judged in place.
    if (n > 2_000_000 || !postgresBinaries()) {
      console.log(`postgres (in place)         skipped: ${n > 2_000_000 ? 'measured up to 2 M rows' : 'no PostgreSQL binaries'}`);
      continue;
    }
    server = startPostgres();
    values.database = server.url;
    const t = Date.now();
    const { loadPolicy } = await import('../engine/model/load-policy.ts');
    const { publishedVersions } = await import('../engine/model/in-force.ts');
    const { loadRecords } = await import('../engine/engines/postgres/load.ts');
    const { policy } = await loadPolicy('policy', ruleKinds);
    const loaded = await loadRecords({ records: dir, database: server.url, clauseIds: new Set(publishedVersions(policy).flatMap((v) => v.clauses.map((c) => c.id))) });
    if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.errors.slice(0, 2))}`);
    console.log(`  loaded into PostgreSQL (${server.url.replace(/\?.*/, '')}) in ${((Date.now() - t) / 1000).toFixed(1)} s, not timed below`);
  }
  let full: ReturnType<typeof summary>;
  // Several runs: each after one of the floor's, and the ratio to those floors' median.
  let against = floor;
  try {
    if (RUNS === 1) full = summary([child(mode, records)]);
    else {
      const floors: ReturnType<typeof child>[] = [];
      const runs: ReturnType<typeof child>[] = [];
      for (let i = 0; i < RUNS; i++) (floors.push(child('floor', dir)), runs.push(child(mode, records)));
      full = summary(runs);
      against = summary(floors);
    }
  } finally {
    server?.stop();
  }
  const rate = full.rows / (full.ms / 1000);
  const ratio = rate / (against.rows / (against.ms / 1000));
  const beside = RUNS === 1 ? '' : ` (its own floor runs: ${(against.ms / 1000).toFixed(2)} s, ${against.range})`;
  console.log(`${(labels[mode] ?? mode).padEnd(27)} ${fmt(full.rows)} rows in ${(full.ms / 1000).toFixed(2)} s${spread(full)} = ${fmt(rate)} rows/s (peak RSS ${fmt(full.maxRssMb)} MB); ${ratio.toFixed(2)}× the floor${beside}`);
  // The issue's targets, where this run is the one they name (GB as 10⁹ bytes; the RSS above is in MiB).
  const gb = (full.maxRssMb * 2 ** 20) / 1e9;
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  if (mode === 'duckdb-2' && n >= 10_000_000 && n < 100_000_000 && values['memory-limit'] === undefined) {
    console.log(`  targets at 10 M rows: ≥ 1.0× the floor: ${verdict(ratio >= 1)} (${ratio.toFixed(2)}×${RUNS === 1 ? ', one run: --runs 5 for medians' : `, medians of ${RUNS}`}); peak RSS ≤ 1 GB: ${verdict(gb <= 1)} (${gb.toFixed(2)} GB)`);
  }
  if (mode === 'duckdb-2' && n >= 100_000_000 && values['memory-limit'] === '1GB') console.log(`  target at 100 M rows with --memory-limit 1GB: peak RSS ≤ 2 GB: ${verdict(gb <= 2)} (${gb.toFixed(2)} GB)`);
}
console.log('targets (duckdb, 2 threads, 10 M rows): ≥ 1.0× the floor (aim 1.5×), peak RSS ≤ 1 GB; --rows 100000000 --memory-limit 1GB: peak RSS ≤ 2 GB');
console.log('(postgres: the peak RSS is the codicil process; the server is not counted)');
if (!values.keep) for (const d of [dir, `${dir}-parquet`]) rmSync(d, { recursive: true, force: true });
