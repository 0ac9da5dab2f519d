/**
 * `codicil check`: judge operational records against the clauses in force.
 */
import { relative, resolve } from 'node:path';
import { check } from '../../check/check.ts';
import { FORMATS, renderCheck, type CheckFormat } from '../../report/index.ts';
import { parseAsOf } from '../as-of.ts';
import { defineCommand } from '../define.ts';
import { asOfOption, formatOption, policyOption, recordsOption } from '../options.ts';
import { progressBar } from '../progress.ts';

export default defineCommand({
  name: 'check',
  summary: 'judge operational records against the clauses in force',
  usage: 'check --records DIR [--policy DIR] [--as-of T] [--format F] [--strict] [--explain] [--threads 1|2]',
  options: [
    { ...recordsOption, required: true },
    policyOption,
    asOfOption,
    formatOption(FORMATS, 'text, json, junit, sarif, github (annotations) or markdown (a CI job summary)'),
    { name: 'strict', type: 'boolean', default: false, description: 'unchecked clauses and missing or expired attestations fail' },
    { name: 'explain', type: 'boolean', default: false, description: 'how each finding was judged (text; json adds explanation)' },
    { name: 'threads', type: 'string', choices: ['1', '2'], description: '2 (default on a multi-core machine) judges the deletion tables in a worker thread; 1 uses less memory' },
  ],
  details: 'Exit codes: 0 no violation (pending allowed), 1 a violation (or, with --strict, an unchecked\nclause or a missing attestation), 2 could not judge (invalid policy or records).',
  async run(values, _positionals, io) {
    const bar = io.progress ? progressBar() : undefined;
    const report = await check({
      records: values.records,
      policy: values.policy,
      ...(values['as-of'] !== undefined ? { asOf: parseAsOf(values['as-of']) } : {}),
      strict: values.strict,
      explain: values.explain,
      ...(values.threads !== undefined ? { parallel: values.threads === '2' } : {}),
      ...(bar ? { onProgress: bar.update } : {}),
    });
    bar?.stop();
    // Annotations and SARIF locations are relative to the working directory (the repository root in CI).
    const recordsDir = relative(process.cwd(), resolve(values.records));
    io.stdout(renderCheck(report, values.format as CheckFormat, { color: io.color ?? false, explain: values.explain, recordsDir }));
    return report.exitCode;
  },
});
