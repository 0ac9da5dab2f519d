/**
 * `codicil test`: run the policy tests of `<policy>/tests/` (tests.md).
 */
import { DEFAULT_ENGINE, FOLDER_ENGINES, type EngineName } from '../../engines/index.ts';
import { formatTestJson, formatTestJunit, formatTestText, runPolicyTests, TEST_FORMATS } from '../../policy-tests/index.ts';
import { defineCommand } from '../define.ts';
import { formatOption, policyOption } from '../options.ts';

export default defineCommand({
  name: 'test',
  summary: 'run the policy tests: worked examples of what the clauses mean',
  usage: 'test [--policy DIR] [--engine E|all] [--format text|json|junit] [--update]',
  options: [
    policyOption,
    { name: 'engine', type: 'string', value: 'E', choices: [...FOLDER_ENGINES, 'all'], default: DEFAULT_ENGINE, description: `the engine that judges each case (${FOLDER_ENGINES.join(', ')}), or all: every engine, which must agree` },
    formatOption(TEST_FORMATS, 'text: each case, expected and found side by side when it fails; json: the results as data; junit: one test case per case file'),
    { name: 'update', type: 'boolean', default: false, description: "rewrite each failing case's expect from what codicil finds (review the diff)" },
  ],
  details:
    'A case is a YAML file in <policy>/tests/ (subfolders allowed): records, as_of, and what `check` must find.\nExit codes: 0 every case passed, 1 a case failed (or the engines disagree), 2 a case file is invalid or there is no case.',
  async run(values, _positionals, io) {
    const engines = values.engine === 'all' ? FOLDER_ENGINES : [values.engine as EngineName];
    const result = await runPolicyTests({ policy: values.policy, engines, update: values.update });
    io.stdout(values.format === 'json' ? formatTestJson(result) : values.format === 'junit' ? formatTestJunit(result) : formatTestText(result, { color: io.color ?? false }));
    return result.exitCode;
  },
});
