/**
 * The result of `codicil test` for tools: JSON, and JUnit XML for CI test
 * reports (one test case per case file, per engine).
 */
import { create } from 'xmlbuilder2';
import { escapeChar, jsonText, visibleAll } from '../errors/visible.ts';
import { formatCaseText } from './format-text.ts';
import type { CaseResult, PolicyTestResult } from './run.ts';

/**
 * The result as JSON: every case with its status, what it expected, and on
 * each engine what codicil found (exit, findings or errors with codicil's
 * words, the clauses it judged) and how it differs.
 *
 * @param result the result of `runPolicyTests`.
 * @returns pretty-printed JSON, ending in a newline.
 */
export function formatTestJson(result: PolicyTestResult): string {
  // jsonText: what JSON.stringify leaves raw but a terminal or viewer acts on (bidi overrides, C1) is escaped too.
  const cases = result.cases.map((k) => ({
    file: k.file,
    path: k.path,
    name: k.name,
    asOf: k.asOf,
    status: k.status,
    updated: k.updated,
    expected: k.expected,
    runs: k.runs.map((r) => ({
      engine: r.engine,
      found: r.outcome,
      mismatch: r.mismatch,
      findings: r.report.findings,
      errors: r.report.errors,
      // Which clauses the case exercised: those that judged at least one subject.
      judged: Object.fromEntries(r.report.coverage.filter((c) => c.subjects > 0).map((c) => [c.clause, { subjects: c.subjects, passed: c.passed, violations: c.violations, pending: c.pending }])),
    })),
    disagreements: k.disagreements,
    problems: k.problems,
    warnings: k.warnings,
  }));
  return jsonText({ policy: result.policy, document: result.document, tests: result.tests, engines: result.engines, summary: result.summary, exitCode: result.exitCode, problems: result.problems, cases });
}

/**
 * The result as JUnit XML: one test case per case file (per engine with
 * more than one); a failed case carries the side-by-side text, an invalid
 * one its problems as an error.
 *
 * @param result the result of `runPolicyTests`.
 * @returns the XML document.
 */
export function formatTestJunit(raw: PolicyTestResult): string {
  // Names, paths and messages from the policy folder with control characters shown (ESC is not even allowed in XML 1.0).
  const result = visibleAll(raw);
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: escapeChar }).ele('testsuites', { name: 'codicil test' });
  const many = result.engines.length > 1;
  const testcases = result.cases.flatMap((k) => (many && k.runs.length > 0 ? k.runs.map((r) => ({ kase: k, engine: r.engine })) : [{ kase: k, engine: many ? undefined : result.engines[0] }]));
  const failed = (k: CaseResult, engine: string | undefined) => k.status === 'failed' && (k.runs.some((r) => (engine === undefined || r.engine === engine) && r.mismatch !== null) || k.disagreements.some((d) => engine === undefined || d.engine === engine || d.reference === engine));
  const suite = root.ele('testsuite', {
    name: `policy tests of ${result.document || '?'} (${result.tests})`,
    tests: testcases.length + (result.problems.length > 0 ? 1 : 0),
    failures: testcases.filter((t) => failed(t.kase, t.engine)).length,
    errors: testcases.filter((t) => t.kase.status === 'invalid').length + (result.problems.length > 0 ? 1 : 0),
    skipped: 0,
  });
  if (result.problems.length > 0) {
    const text = result.problems.map((m) => `${m.file}${m.line !== null ? `:${m.line}` : ''}: ${m.message} [${m.code}]`).join('\n');
    suite.ele('testcase', { classname: 'codicil.test', name: result.tests }).ele('error', { message: result.problems[0]!.message, type: result.problems[0]!.code }).txt(text);
  }
  for (const { kase, engine } of testcases) {
    const testcase = suite.ele('testcase', { classname: `codicil.test${engine ? `.${engine}` : ''}`, name: kase.name ? `${kase.file}: ${kase.name}` : kase.file, file: kase.path });
    if (kase.status === 'invalid') {
      const text = kase.problems.map((m) => `${m.file}${m.line !== null ? `:${m.line}` : ''}: ${m.message} [${m.code}]`).join('\n');
      testcase.ele('error', { message: 'invalid case file', type: kase.problems[0]?.code ?? 'invalid' }).txt(text);
    } else if (failed(kase, engine)) {
      // The same side by side a person reads in the text output.
      const text = formatCaseText(kase, many);
      testcase.ele('failure', { message: 'codicil found something other than the case expects', type: 'mismatch' }).txt(text);
    }
    if (kase.warnings.length > 0) testcase.ele('system-out').txt(kase.warnings.map((w) => `warning: ${w}`).join('\n'));
  }
  return root.end({ prettyPrint: true });
}
