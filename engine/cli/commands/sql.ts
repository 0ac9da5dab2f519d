/**
 * `codicil sql`: print the SQL a check runs, compiled from the rule plans.
 */
import { compiledSql } from '../../check/sql.ts';
import { ENGINE_NAMES, engine, type EngineName } from '../../engines/index.ts';
import { parseAsOf } from '../as-of.ts';
import { defineCommand } from '../define.ts';
import { asOfOption, policyOption, schemaName, schemaOption } from '../options.ts';
import { usageError } from '../usage.ts';
import { iso } from '../../rules/words.ts';

const DIALECTS = ENGINE_NAMES.filter((n) => engine(n).statements !== undefined);

export default defineCommand({
  name: 'sql',
  summary: 'print the SQL a check runs (compiled from the rule plans), for review',
  usage: 'sql [--dialect D] [--clause ID] [--policy DIR] [--as-of T] [--schema NAME] [--columns typed|text]',
  options: [
    { name: 'dialect', type: 'string', choices: DIALECTS, default: DIALECTS[0]!, description: 'the SQL engine' },
    { name: 'clause', type: 'string', value: 'ID', description: 'only the judging query of this clause' },
    policyOption,
    asOfOption,
    { name: 'schema', type: 'string', value: 'NAME', validate: schemaOption.validate, description: 'postgres: the schema of the record tables (default public); a plain SQL name, folded to lower case as PostgreSQL folds one unquoted' },
    { name: 'columns', type: 'string', choices: ['typed', 'text'], description: 'postgres: how the tables are typed: typed (timestamptz, boolean, as codicil load writes them; the default) or text (every column text, as a CSV export)' },
  ],
  details: 'Tables are staged as records.md names them, with their file (_file) and line (_line), and timestamps\nin epoch milliseconds. Exit codes: 0 printed, 2 the policy has errors or no such clause.',
  async run(values, _positionals, io) {
    const postgres = values.dialect === 'postgres';
    for (const name of ['schema', 'columns'] as const) if (values[name] !== undefined && !postgres) return usageError(io, `--${name} is for --dialect postgres (DuckDB reads a records folder)`, 'sql');
    const asOf = values['as-of'] !== undefined ? parseAsOf(values['as-of']) : Date.now();
    const layout = { schema: schemaName((values.schema as string | undefined) ?? 'public'), columns: (values.columns as 'typed' | 'text' | undefined) ?? 'typed' };
    const result = await compiledSql({
      policy: values.policy,
      dialect: values.dialect as EngineName,
      ...(values.clause !== undefined ? { clause: values.clause } : {}),
      asOf,
      ...(postgres ? { layout } : {}),
    });
    if (!result.ok) {
      io.stderr(`codicil sql: ${result.problem}\n`);
      return 2;
    }
    // With several documents, each document's statements under its own heading, in the order check runs them.
    let document: string | undefined;
    const blocks = result.statements.map((s) => {
      const heading = s.document !== undefined && s.document !== document ? `-- document ${s.document}\n\n` : '';
      document = s.document;
      return `${heading}-- ${s.title}\n${s.sql}\n`;
    });
    io.stdout(`${preamble(values.dialect as string, asOf, layout).map((l) => `-- ${l}`).join('\n')}\n\n${blocks.join('\n')}`);
    return 0;
  },
});

/** What a data team needs to run the statements by hand: their inputs, and what check does outside them. */
function preamble(dialect: string, asOf: number, layout: { schema: string; columns: string }): string[] {
  const inputs =
    dialect === 'postgres'
      ? [`Record tables: schema ${layout.schema}, one table per record table of records.md (${layout.columns} columns: ${layout.columns === 'typed' ? 'timestamptz and boolean, as `codicil load` writes them' : 'every column text'}); check reads each column's own type.`]
      : ['<records> stands for the records folder; each table is read here as <records>/TABLE.jsonl, one file per table,', 'and every table must be there (check also reads CSV, JSON, YAML, Parquet and shard folders, and judges a clause', 'whose tables are missing as unchecked).'];
  return [
    `codicil sql --dialect ${dialect}: the statements codicil check runs, compiled from the rule plans, for review.`,
    ...inputs,
    `As of ${iso(asOf)} (${asOf} in epoch milliseconds): the instant every query replays.`,
    dialect === 'postgres'
      ? 'The statements before the judging queries list the records that break records.md (and duplicate keys, references to nothing): when one lists a row, check names it and judges nothing.'
      : 'A statement that finds records breaking records.md (or a duplicate key, a reference to nothing) stops the run: check names each one and judges nothing.',
    'Outside SQL: waivers (applied to the findings after judging), attestations, and the words of each finding.',
  ];
}
