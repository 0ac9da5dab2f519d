/**
 * `codicil check`: judge operational records against the clauses in force.
 */
import { relative, resolve } from 'node:path';
import { check, emptySummary } from '../../check/check.ts';
import type { CheckReport } from '../../check/report-types.ts';
import { DEFAULT_ENGINE, ENGINE_NAMES, engine, type EngineName } from '../../engines/index.ts';
import { errors } from '../../errors/catalogue.ts';
import { FORMATS, formatJson, renderCheckPieces, type CheckFormat } from '../../report/index.ts';
import { parseAsOf } from '../as-of.ts';
import { defineCommand, type Io } from '../define.ts';
import { asOfOption, databaseOption, databaseUrl, formatOption, policyOption, recordsOption, schemaName, schemaOption, waiversOption } from '../options.ts';
import { usageError } from '../usage.ts';
import { progressBar } from '../progress.ts';

export default defineCommand({
  name: 'check',
  summary: 'judge operational records against the clauses in force',
  usage: 'check (--records DIR | --database URL [--schema NAME]) [--engine duckdb|js|postgres] [--policy DIR] [--as-of T] [--format F] [--strict] [--explain] [--waivers FILE] [--threads N] [--memory-limit SIZE] [--lock-timeout SECONDS]',
  options: [
    { ...recordsOption, description: 'the records folder (every engine but postgres)' },
    policyOption,
    asOfOption,
    formatOption(FORMATS, 'text, json, junit, sarif, github (annotations) or markdown (a CI job summary)'),
    { name: 'strict', type: 'boolean', default: false, description: 'unchecked clauses, missing or expired attestations and unused waivers fail' },
    { name: 'explain', type: 'boolean', default: false, description: 'how each finding was judged (text; json adds explanation)' },
    waiversOption,
    { name: 'engine', type: 'string', choices: ENGINE_NAMES, default: DEFAULT_ENGINE, description: `the engine that judges: ${ENGINE_NAMES.map((n) => `${n} (${engine(n).reads})`).join('; ')}` },
    { name: 'threads', type: 'string', value: 'N', validate: (v) => (/^[1-9][0-9]{0,3}$/.test(v) ? null : `--threads must be a whole number from 1, not ${v}`), description: 'duckdb: threads to use (default: every core)' },
    databaseOption,
    schemaOption,
    { name: 'lock-timeout', type: 'string', value: 'SECONDS', validate: (v) => (/^[1-9][0-9]{0,5}$/.test(v) ? null : `--lock-timeout must be a whole number of seconds from 1, not ${v}`), description: 'postgres: how long to wait for a record table another session holds locked (default 10)' },
    { name: 'memory-limit', type: 'string', value: 'SIZE', validate: (v) => (/^[1-9][0-9]*(\.[0-9]+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v) ? null : `--memory-limit must be a size such as 512MB or 2GB, not ${v}`), description: 'duckdb: memory to use before spilling to a temp directory (default: three fifths of the records\' size on disk, at least 512MiB, at most 80% of RAM)' },
  ],
  details:
    'Waived findings (a waiver in effect covers them) are reported but do not count.\nExit codes: 0 no violation (pending allowed), 1 a violation (or, with --strict, an unchecked\nclause, a missing attestation, an unused waiver or no published version), 2 could not judge (invalid policy, waivers or\nrecords, or an unreadable database).',
  usageReport,
  async run(values, _positionals, io) {
    const chosen = values.engine as EngineName;
    const database = databaseUrl(values.database, io.env ?? process.env);
    const folder = engine(chosen).reads_folder !== false;
    if (folder && values.records === undefined) return refuse(io, values, 'check needs --records DIR');
    if (!folder && values.records !== undefined) return refuse(io, values, `the ${chosen} engine reads a database, not --records: give --database URL (or CODICIL_DATABASE_URL)`);
    if (!folder && database === undefined) return refuse(io, values, `the ${chosen} engine needs --database URL (or CODICIL_DATABASE_URL)`);
    if (folder && (values.database !== undefined || values.schema !== 'public')) return refuse(io, values, `--database and --schema are for --engine postgres, not ${chosen}`);
    if (chosen !== 'postgres' && values['lock-timeout'] !== undefined) return refuse(io, values, `--lock-timeout is for --engine postgres, not ${chosen}`);
    if (chosen !== 'duckdb' && (values.threads !== undefined || values['memory-limit'] !== undefined)) return refuse(io, values, `--threads and --memory-limit are for --engine duckdb, not ${chosen}`);
    const bar = io.progress ? progressBar() : undefined;
    const report = await check({
      ...(values.records !== undefined ? { records: values.records } : {}),
      // A plain name, as PostgreSQL reads it unquoted: --schema Public is public.
      ...(!folder ? { database: database!, schema: schemaName(values.schema) } : {}),
      policy: values.policy,
      ...(values['as-of'] !== undefined ? { asOf: parseAsOf(values['as-of']) } : {}),
      strict: values.strict,
      explain: values.explain,
      ...(values.waivers !== undefined ? { waivers: values.waivers } : {}),
      engine: chosen,
      ...(values.threads !== undefined ? { threads: Number(values.threads) } : {}),
      ...(values['memory-limit'] !== undefined ? { memoryLimit: values['memory-limit'] } : {}),
      ...(values['lock-timeout'] !== undefined ? { lockTimeout: Number(values['lock-timeout']) } : {}),
      ...(bar ? { onProgress: bar.update } : {}),
    });
    bar?.stop();
    // Annotations and SARIF locations are relative to the working directory (the repository root in CI).
    const recordsDir = values.records === undefined ? '' : relative(process.cwd(), resolve(values.records));
    for (const piece of renderCheckPieces(report, values.format as CheckFormat, { color: io.color ?? false, explain: values.explain, recordsDir })) io.stdout(piece);
    return report.exitCode;
  },
});

/**
 * Bad usage, in the report asked for: with --format json, cli.md's report of
 * exit 2, whose `errors` hold the usage error (a CI job reading the JSON
 * must see why nothing was judged, not an empty stdout); else none.
 */
function usageReport(problem: string, given: Readonly<Record<string, string | true>>): string | null {
  if (given.format !== 'json') return null;
  const asOf = typeof given['as-of'] === 'string' ? parseAsOf(given['as-of']) : Number.NaN;
  const named = ENGINE_NAMES.find((n) => n === given.engine);
  const report: CheckReport = {
    asOf: new Date(Number.isNaN(asOf) ? Date.now() : asOf).toISOString(),
    policy: { document: '', versions: [] },
    strict: given.strict === true,
    engine: named ?? DEFAULT_ENGINE,
    summary: emptySummary(),
    coverage: [],
    errors: [{ code: errors.usage.code, file: '', line: null, field: null, message: errors.usage.message(problem, 'check') }],
    exitCode: 2,
  };
  return formatJson(report);
}

/** A usage error found once the options are parsed: in the report asked for, and on stderr. */
function refuse(io: Io, values: { format: string; 'as-of'?: string | undefined; strict: boolean; engine: string }, problem: string): number {
  const report = usageReport(problem, { format: values.format, ...(values['as-of'] !== undefined ? { 'as-of': values['as-of'] } : {}), ...(values.strict ? { strict: true } : {}), engine: values.engine });
  if (report !== null) io.stdout(report);
  return usageError(io, problem, 'check');
}
