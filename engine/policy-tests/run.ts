/**
 * `codicil test`: run every policy test of a policy folder (tests.md). A
 * case is `check` on its records at its `as_of`, with the policy of the
 * folder it sits in, on one engine or on every engine; it passes when the
 * exit and the findings (or the record errors) are exactly what it expects,
 * and, on every engine, the same report.
 */
import { realpath } from 'node:fs/promises';
import { ruleKind, ruleKinds } from '../rules/registry.ts';
import { join, relative, resolve } from 'node:path';
import { VFile } from 'vfile';
import { check } from '../check/check.ts';
import type { CheckReport, CoverageEntry } from '../check/report-types.ts';
import { DEFAULT_ENGINE, type EngineName, type EngineOptions } from '../engines/index.ts';
import { errors } from '../errors/catalogue.ts';
import { report as reportOn } from '../errors/report.ts';
import { WriteFailed, writeFileReplacing } from '../io/write.ts';
import { toMessages, type LintMessage } from '../errors/messages.ts';
import { effectiveInstant, publishedVersions } from '../model/in-force.ts';
import { loadPolicy } from '../model/load-policy.ts';
import { isInside } from '../model/policy-file.ts';
import type { RecordError } from '../records/errors.ts';
import { runnable, type CaseFile, type Expectation } from './case-file.ts';
import { compare, outcomeOf, reportDifferences, type Mismatch, type Outcome } from './compare.ts';
import { readCaseFiles, TESTS_FOLDER } from './discover.ts';
import { mapReport, writeInlineRecords } from './inline-records.ts';
import { rewriteExpect } from './update.ts';
import { waiverContext } from '../waivers/index.ts';

/** Options of {@link runPolicyTests}. */
export interface PolicyTestOptions {
  /** The policy folder (default `policy`); its cases are in `tests/`. */
  policy?: string;
  /** The engines each case runs on (default: the default engine). More than one: they must agree. */
  engines?: readonly EngineName[];
  /** Rewrite each failing case's `expect` from what codicil found. */
  update?: boolean;
  /** Options passed to every engine (threads, memory limit, …), as `check` takes them. */
  engineOptions?: EngineOptions;
}

/** One case on one engine. */
export interface EngineRun {
  engine: string;
  /** The check report, its errors and sources naming the case file for inline records. */
  report: CheckReport;
  /** What the case compares. */
  outcome: Outcome;
  /** How it differs from `expect` (null: as expected). */
  mismatch: Mismatch | null;
}

/** Where an engine's report differs from the reference engine's. */
export interface Disagreement {
  engine: string;
  reference: string;
  differences: { path: string; a: unknown; b: unknown }[];
}

/** The result of one case file. */
export interface CaseResult {
  /** The file, relative to `tests/`. */
  file: string;
  /** The file, relative to the working directory. */
  path: string;
  /** The case's name (null when the file could not be read that far). */
  name: string | null;
  asOf: string | null;
  status: 'passed' | 'failed' | 'invalid';
  expected: Expectation | null;
  runs: EngineRun[];
  disagreements: Disagreement[];
  /** Why the case file is invalid; for a failed case, why `--update` could not rewrite it (CODICIL-T009). */
  problems: LintMessage[];
  /** What the reader should know although the case ran (it judges nothing). */
  warnings: string[];
  /** `--update` rewrote its `expect`. */
  updated: boolean;
}

/** The result of {@link runPolicyTests}. */
export interface PolicyTestResult {
  /** The policy folder. */
  policy: string;
  document: string;
  /** The tests folder, relative to the working directory. */
  tests: string;
  engines: string[];
  cases: CaseResult[];
  /** Problems that stop every case (the policy cannot be read, no case). */
  problems: LintMessage[];
  summary: { cases: number; passed: number; failed: number; invalid: number; updated: number };
  /** 0 every case passed; 1 a case failed; 2 a case file is invalid, or there is no case. */
  exitCode: 0 | 1 | 2;
}

const shown = (path: string): string => relative(process.cwd(), path) || path;

/**
 * Run the policy tests of a policy folder.
 *
 * @param options the policy folder, the engines, and whether to update expectations.
 * @returns every case's result and the exit code.
 */
export async function runPolicyTests(options: PolicyTestOptions = {}): Promise<PolicyTestResult> {
  const policyDir = options.policy ?? 'policy';
  const engines = [...(options.engines ?? [DEFAULT_ENGINE])];
  const testsDir = join(policyDir, TESTS_FOLDER);
  const { policy, files } = await loadPolicy(policyDir, ruleKinds);
  const base = { policy: policyDir, document: policy.document, tests: shown(testsDir), engines };
  const finish = (cases: CaseResult[], problems: LintMessage[]): PolicyTestResult => {
    const count = (status: CaseResult['status']) => cases.filter((c) => c.status === status).length;
    const summary = { cases: cases.length, passed: count('passed'), failed: count('failed'), invalid: count('invalid'), updated: cases.filter((c) => c.updated).length };
    const exitCode = problems.length > 0 || summary.invalid > 0 ? 2 : summary.failed > 0 ? 1 : 0;
    return { ...base, cases, problems, summary, exitCode };
  };

  // The same rule as check: a policy that cannot be read judges nothing (short notice is a finding, not a reason).
  const blocking = files.flatMap(toMessages).filter((m) => m.severity === 'error' && m.code !== errors.shortNotice.code);
  if (blocking.length > 0) return finish([], blocking);

  // A case may name a clause of any document of the policy.
  const clauseIds = new Set(policy.documents.flatMap((d) => d.versions).flatMap((v) => v.clauses.map((c) => c.id)));
  const caseFiles = await readCaseFiles(policyDir, { document: policy.document, clauseIds, waivers: waiverContext(policy.document, policy.documents.flatMap((d) => publishedVersions(d))) });
  // A case file that could not be read (a FIFO, a link out of the policy folder, not UTF-8 …) is never skipped: nothing is judged.
  const refused = caseFiles.filter((c) => c.refused);
  if (refused.length > 0) return finish([], refused.flatMap((c) => toMessages(c.file)));
  if (caseFiles.length === 0) {
    const folder = new VFile({ path: shown(testsDir) });
    reportOn(folder, errors.noPolicyTests, [shown(testsDir)]);
    return finish([], toMessages(folder));
  }
  const cases: CaseResult[] = [];
  const first = publishedVersions(policy)[0];
  for (const kase of caseFiles) {
    const result = await runCase(kase, policyDir, engines, options.update ?? false, options.engineOptions ?? {});
    // A case judged before anything is in force passes whatever it expects of no findings: say so.
    if (kase.asOf !== undefined && (first === undefined || kase.asOf < effectiveInstant(first))) {
      result.warnings.push(first === undefined ? `no version of ${policy.document} is published yet, so this case judges nothing` : `no version of ${policy.document} is in force at as_of (the first takes effect on ${first.effective}), so this case judges nothing`);
    } else {
      const warning = judgedNothing(result, kase);
      if (warning !== null) result.warnings.push(warning);
    }
    cases.push(result);
  }
  return finish(cases, []);
}

/** The reference run's report, when it judged (no record errors). */
function judgedReport(result: CaseResult): CheckReport | undefined {
  const report = (result.runs.find((r) => r.engine === 'js') ?? result.runs[0])?.report;
  return report === undefined || report.errors !== undefined ? undefined : report;
}

/** The records tables a rule kind (or a clause's kinds, `a, b`) reads. */
const tablesRead = (rule: string): string[] => rule.split(', ').flatMap((name) => ruleKind(name)?.tables ?? []);

/**
 * Whether a clause judged something: it was checked (so every table it
 * reads was given, if only as `[]`), and, for a clause that reads no table
 * (amendment notice judges the policy's own versions), it had a subject.
 */
const judgedClause = (c: CoverageEntry): boolean => c.status !== 'unchecked' && (tablesRead(c.rule).length > 0 || c.subjects > 0);

/**
 * Why a case that ran can never find a violation, or null when it can.
 * Review: a case missing a table passed whatever the clause said ("… 72 h + 1 s
 * is a violation", expecting none); so did one with no records at all. Either
 * every clause that reads one of the tables it gives was unchecked (another
 * table it needs was left out), or no clause judged anything. A clause
 * checked with no subject in force (a sub-processor engaged before the DPA)
 * is a judgement, not this.
 *
 * @param result the case's result, with its runs.
 * @param kase the case file (which tables it gives inline).
 * @returns the warning's words, or null.
 */
function judgedNothing(result: CaseResult, kase: CaseFile): string | null {
  const report = judgedReport(result);
  if (report === undefined) return null;
  const given = new Set(Object.keys(kase.spec?.records ?? {}));
  const touched = report.coverage.filter((c) => tablesRead(c.rule).some((t) => given.has(t)));
  if (touched.length > 0 && touched.every((c) => c.status === 'unchecked')) return 'every clause that reads its records was unchecked (another table it needs is missing), so this case cannot find a violation';
  if (report.coverage.some(judgedClause)) return null;
  return kase.spec?.records_dir === undefined && given.size === 0
    ? 'this case gives no records (records is missing or empty), so no clause judged anything and it cannot find a violation'
    : 'no clause judged its records (every clause needs a table it does not give), so this case cannot find a violation';
}

/** Run one case on every engine asked for. */
async function runCase(kase: CaseFile, policy: string, engines: EngineName[], update: boolean, engineOptions: EngineOptions): Promise<CaseResult> {
  const result: CaseResult = {
    file: kase.name,
    path: kase.path,
    name: kase.spec?.name ?? null,
    asOf: kase.asOf === undefined ? null : new Date(kase.asOf).toISOString(),
    status: 'invalid',
    expected: kase.spec?.expect ?? null,
    runs: [],
    disagreements: [],
    problems: toMessages(kase.file),
    warnings: [],
    updated: false,
  };
  const spec = kase.spec;
  if (!spec || kase.asOf === undefined || !runnable(kase, update)) return result;

  // A case is judged with its own waivers only, never the policy folder's waivers.yaml: a worked example does not depend on operational decisions.
  const waivers = (spec.waivers ?? []).length > 0 ? { file: kase.name, entries: spec.waivers!, lines: kase.waiverLines } : false;
  const inline = spec.records === undefined ? undefined : await writeInlineRecords(kase);
  const records = inline?.dir ?? (spec.records_dir === undefined ? undefined : resolve(kase.path, '..', spec.records_dir));
  try {
    for (const engine of engines) {
      const raw = await check({ ...engineOptions, policy, engine, asOf: kase.asOf, waivers, ...(records === undefined ? {} : { records }) });
      const report = inline ? mapReport(raw, inline) : records !== undefined ? folderAsDot(raw, records) : raw;
      const outcome = outcomeOf(report);
      result.runs.push({ engine, report, outcome, mismatch: compare(spec.expect, outcome) });
    }
  } finally {
    await inline?.remove();
  }

  // engines.md: every engine gives the same report; js is the reference.
  const reference = result.runs.find((r) => r.engine === 'js') ?? result.runs[0]!;
  for (const run of result.runs) {
    if (run === reference) continue;
    const differences = reportDifferences(reference.report, run.report);
    if (differences.length > 0) result.disagreements.push({ engine: run.engine, reference: reference.engine, differences });
  }

  const found = reference.outcome;
  for (const u of reference.report.unusedWaivers ?? []) result.warnings.push(`waiver ${u.id} is in effect at as_of but covers no finding of ${u.clause}`);
  // Invalid records make the case file invalid, unless the case is about them (expects exit 2 and lists the errors).
  const unexpectedErrors = found.exit === 2 && spec.expect.exit !== 2;
  const failed = result.runs.some((r) => r.mismatch !== null) || result.disagreements.length > 0;
  // Why --update left the file as it was (a failed write): the case stays what it is, and says so.
  const notRewritten: LintMessage[] = [];
  if (update && result.disagreements.length === 0 && (failed || result.problems.length > 0)) {
    try {
      // The text that was read and checked (never read again: the file may have changed meanwhile).
      // Written whole next to it, then renamed: a failed write leaves it unchanged, a hard link is not written through.
      await writeFileReplacing(await rewritten(kase.path, policy), rewriteExpect(String(kase.file.value), kase.doc!, found));
      result.updated = true;
      result.expected = found as Expectation;
      result.status = 'passed';
      result.problems = [];
      return result;
    } catch (error) {
      if (!(error instanceof WriteFailed)) throw error;
      const file = new VFile({ path: kase.path });
      reportOn(file, errors.testNotRewritten, [kase.path, error.reason]);
      notRewritten.push(...toMessages(file));
    }
  }
  if (unexpectedErrors) {
    result.problems = [...recordProblems(kase, reference.report.errors ?? [], spec.records_dir === undefined ? undefined : records), ...notRewritten];
    return result;
  }
  // Only --update runs a case whose expect is invalid: it still is.
  if (result.problems.length > 0) {
    result.problems.push(...notRewritten);
    return result;
  }
  result.status = failed ? 'failed' : 'passed';
  result.problems = notRewritten;
  return result;
}

/**
 * The file `--update` replaces for a case file: the file a link inside the
 * policy folder names (the link stays a link, as the case was read through
 * it), otherwise the case file's own name (a link that now leads out of the
 * folder is replaced, never followed).
 *
 * @param path the case file.
 * @param policy the policy folder.
 * @returns the path to write.
 */
async function rewritten(path: string, policy: string): Promise<string> {
  const [real, within] = await Promise.all([realpath(path).catch(() => undefined), realpath(policy).catch(() => undefined)]);
  return real !== undefined && within !== undefined && isInside(real, within) ? real : resolve(path);
}

/**
 * A records folder's files are named from the folder; an error on the folder
 * itself (it cannot be read) names it `.`, not by its path on this machine:
 * an expectation `--update` writes must hold on every checkout.
 */
function folderAsDot(report: CheckReport, folder: string): CheckReport {
  if (!report.errors?.some((e) => e.file === folder)) return report;
  return { ...report, errors: report.errors.map((e) => (e.file === folder ? { ...e, file: '.' } : e)) };
}

/** The record errors of a case that did not expect them, as messages on the case file (or on the records folder's files). */
function recordProblems(kase: CaseFile, recordErrors: RecordError[], recordsDir: string | undefined): LintMessage[] {
  const file = new VFile({ path: kase.path });
  reportOn(file, errors.testRecordsInvalid, [recordErrors.length], { line: 1, column: 1 });
  const head = toMessages(file);
  const rows = recordErrors.map(
    (e): LintMessage => ({
      // Inline records name the case file (relative to tests/); a records folder's files are shown from the working directory
      // (an error on the folder itself names it by its path, which resolve keeps: it was shown as folder/folder).
      file: recordsDir === undefined ? kase.path : shown(resolve(recordsDir, e.file)),
      line: e.line,
      column: null,
      severity: 'error',
      code: e.code,
      message: e.field ? `${e.field}: ${e.message}` : e.message,
      hint: '',
    }),
  );
  return [...head, ...rows];
}
