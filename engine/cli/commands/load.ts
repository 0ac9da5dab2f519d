/**
 * `codicil load`: put a records folder into PostgreSQL (to try the postgres
 * engine, and for its tests). Validates first; loads in one transaction;
 * writes only the tables the folder holds, and names the schema's other
 * record tables, which `check` judges with them.
 */
import { errors } from '../../errors/catalogue.ts';
import { toMessages } from '../../errors/messages.ts';
import { loadPolicy } from '../../model/load-policy.ts';
import { ruleKinds } from '../../rules/registry.ts';
import { publishedVersions } from '../../model/in-force.ts';
import { loadRecords, type LoadResult } from '../../engines/postgres/load.ts';
import { place } from '../../records/source.ts';
import { visible } from '../../errors/visible.ts';
import { defineCommand } from '../define.ts';
import { databaseOption, databaseUrl, policyOption, recordsOption, schemaName, schemaOption } from '../options.ts';
import { usageError } from '../usage.ts';

export default defineCommand({
  name: 'load',
  summary: 'load a records folder into PostgreSQL (validated first; all or nothing)',
  usage: 'load --records DIR --database URL [--schema NAME] [--columns typed|text] [--replace] [--policy DIR]',
  options: [
    { ...recordsOption, required: true },
    databaseOption,
    schemaOption,
    { name: 'columns', type: 'string', choices: ['typed', 'text'], default: 'typed', description: 'typed: timestamptz, boolean, keys and required fields enforced; text: every column text, as a CSV export' },
    { name: 'replace', type: 'boolean', default: false, description: 'replace the tables the folder holds that the schema has already (else they are refused); its other record tables are never touched' },
    { ...policyOption, description: 'the policy folder (attestations must name its clauses)' },
  ],
  details:
    'Only the tables the folder holds are written: record tables of the schema it does not hold stay as they were,\nand `check --engine postgres` judges them with the rest (load says which; drop those that are stale).\nExit codes: 0 loaded, 2 nothing loaded (an invalid policy or records, a value PostgreSQL cannot hold, tables that exist, a database that refuses the load).',
  async run(values, _positionals, io) {
    const database = databaseUrl(values.database, io.env ?? process.env);
    if (database === undefined) return usageError(io, 'load needs --database URL (or CODICIL_DATABASE_URL)', 'load');
    const { policy, files, failed } = await loadPolicy(values.policy, ruleKinds);
    // A policy that cannot be read names no clause: every attestation would be blamed for it. Its own errors, as check reports them.
    const blocking = files.flatMap(toMessages).filter((m) => m.severity === 'error' && m.code !== errors.shortNotice.code);
    if (failed && blocking.length > 0) {
      io.stderr(`codicil load: nothing was loaded: the policy has errors.\n${blocking.map((m) => `  ${visible(`${place({ file: m.file, line: m.line })}: ${m.message}`)} [${m.code}]`).join('\n')}\n`);
      return 2;
    }
    const clauseIds = new Set(publishedVersions(policy).flatMap((v) => v.clauses.map((c) => c.id)));
    // A plain name, as PostgreSQL reads it unquoted: --schema Staging is the schema SQL's Staging.incidents finds.
    const schema = schemaName(values.schema);
    const result = await loadRecords({ records: values.records, database, schema, clauseIds, columns: values.columns as 'typed' | 'text', replace: values.replace });
    if (!result.ok) {
      // As check prints them: a file name or a value never writes to the terminal, nor starts a CI log line (review).
      io.stderr(`codicil load: nothing was loaded.\n${result.errors.map((e) => `  ${visible(`${place({ file: e.file, line: e.line, ...(e.key ? { key: e.key } : {}) })}${e.field ? ` [${e.field}]` : ''}: ${e.message}`)} [${e.code}]`).join('\n')}\n`);
      return 2;
    }
    io.stdout(loadedWords(schema, result));
    return 0;
  },
});

/** What was loaded, and which record tables of the schema were left as they were (check judges them too). */
function loadedWords(schema: string, result: Extract<LoadResult, { ok: true }>): string {
  const tables = result.tables.map((t) => `${t.table} (${t.rows}${t.replaced ? ', replaced' : ''})`);
  const lines = [`Loaded into schema ${schema}: ${tables.join(', ') || 'no table (the folder holds none)'}.`];
  if (result.kept.length > 0) {
    lines.push(
      `Left as they were in schema ${schema}, not in the folder: ${result.kept.join(', ')}. \`check --engine postgres --schema ${schema}\` judges them with the tables loaded; drop those that are stale (their clauses are then unchecked).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
