/**
 * `codicil sql`: print the SQL a check runs, compiled from the rule plans.
 */
import { compiledSql } from '../../check/sql.ts';
import { ENGINE_NAMES, engine, type EngineName } from '../../engines/index.ts';
import { parseAsOf } from '../as-of.ts';
import { defineCommand } from '../define.ts';
import { asOfOption, policyOption } from '../options.ts';

const DIALECTS = ENGINE_NAMES.filter((n) => engine(n).statements !== undefined);

export default defineCommand({
  name: 'sql',
  summary: 'print the SQL a check runs (compiled from the rule plans), for review',
  usage: 'sql [--dialect D] [--clause ID] [--policy DIR] [--as-of T]',
  options: [
    { name: 'dialect', type: 'string', choices: DIALECTS, default: DIALECTS[0]!, description: 'the SQL engine' },
    { name: 'clause', type: 'string', value: 'ID', description: 'only the judging query of this clause' },
    policyOption,
    asOfOption,
  ],
  details: 'Tables are staged as records.md names them, with their file (_file) and line (_line), and timestamps\nin epoch milliseconds. Exit codes: 0 printed, 2 the policy has errors or no such clause.',
  async run(values, _positionals, io) {
    const result = await compiledSql({
      policy: values.policy,
      dialect: values.dialect as EngineName,
      ...(values.clause !== undefined ? { clause: values.clause } : {}),
      ...(values['as-of'] !== undefined ? { asOf: parseAsOf(values['as-of']) } : {}),
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
    io.stdout(blocks.join('\n'));
    return 0;
  },
});
