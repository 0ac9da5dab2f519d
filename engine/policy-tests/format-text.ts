/**
 * The result of `codicil test` for a person (a lawyer reading CI output):
 * one line per case, and for a case that failed, what it expected and what
 * codicil found side by side, then codicil's own words for each finding.
 */
import { createColors } from 'picocolors';
import type { LintMessage } from '../errors/messages.ts';
import { visibleAll } from '../errors/visible.ts';
import { keyText, uncheckedWords } from '../report/group.ts';
import type { ExpectedError, ExpectedFinding } from './case-file.ts';
import type { Outcome } from './compare.ts';
import type { CaseResult, EngineRun, PolicyTestResult } from './run.ts';

type Colors = ReturnType<typeof createColors>;

/**
 * What reaches the terminal: case names, file names, keys and messages come
 * from the policy folder and the records, and an escape character among them
 * (a case file named `\u001b[2J….yaml`, a `name:` with `"\e[31m"`) would act
 * on the reader's terminal; every string is shown with such characters escaped.
 */
const shown = visibleAll;

const EXIT_WORDS: Record<number, string> = { 0: 'no violation', 1: 'a violation', 2: 'records invalid, nothing judged' };

/** An expected or found finding, as two lines: what and whom. */
const findingCell = (f: ExpectedFinding): string[] => [`${f.status} of ${f.clause}${f.waived ? ' (waived)' : ''}`, `  ${keyText(f.key)}`];
/** A record error, as two lines. */
const errorCell = (e: ExpectedError): string[] => [`error${e.code ? ` ${e.code}` : ''} in ${e.file}`, `  line ${e.line ?? '—'}, field ${e.field ?? '—'}`];

/**
 * Render the result as text.
 *
 * @param result the result of `runPolicyTests`.
 * @param options colour.
 * @returns the text, ending in a newline.
 */
export function formatTestText(raw: PolicyTestResult, options: { color?: boolean } = {}): string {
  const result = shown(raw);
  const c = createColors(options.color ?? false);
  const out: string[] = [];
  const on = result.engines.length === 1 ? `engine ${result.engines[0]}` : `engines ${result.engines.join(', ')} (they must agree)`;
  out.push(c.bold(`codicil test — policy ${result.document || '?'} (${result.policy}), cases in ${result.tests}, ${on}`), '');
  for (const m of result.problems) out.push(...messageLines(m, c, ''));
  for (const kase of result.cases) out.push(...caseLines(kase, result.engines.length > 1, c));
  const s = result.summary;
  const parts = [`${s.passed} passed`, s.failed > 0 ? c.red(`${s.failed} failed`) : '0 failed', s.invalid > 0 ? c.red(`${s.invalid} invalid`) : '0 invalid'];
  if (s.updated > 0) parts.push(c.yellow(`${s.updated} updated (review the diff)`));
  if (out.at(-1) !== '') out.push('');
  out.push(result.problems.length > 0 && s.cases === 0 ? c.red('✗ no case was run') : `${result.exitCode === 0 ? c.green('✓') : c.red('✗')} ${s.cases} case(s): ${parts.join(', ')}`);
  return `${out.map((line) => line.trimEnd()).join('\n')}\n`;
}

/**
 * One case, as text: a line when it passed; otherwise why, with expected and found side by side.
 *
 * @param kase the case's result.
 * @param many whether it ran on more than one engine.
 * @param options colour.
 * @returns the text, without a final newline.
 */
export function formatCaseText(kase: CaseResult, many: boolean, options: { color?: boolean } = {}): string {
  return caseLines(shown(kase), many, createColors(options.color ?? false))
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}

function caseLines(kase: CaseResult, many: boolean, c: Colors): string[] {
  return [...caseHead(kase, many, c), ...kase.warnings.map((w) => `    ${c.yellow('warning')}: ${w}`)];
}

function caseHead(kase: CaseResult, many: boolean, c: Colors): string[] {
  const title = kase.name ? `  ${c.dim(kase.name)}` : '';
  if (kase.updated) return [`${c.yellow('↻')} ${kase.file}${title}`, `    expect rewritten from what codicil found: review the diff of ${kase.path}`];
  if (kase.status === 'passed') return [`${c.green('✓')} ${kase.file}${title}`];
  if (kase.status === 'invalid') {
    const problems = [...kase.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    return [`${c.red('!')} ${kase.file}  ${c.red('invalid case file')}${title}`, ...problems.flatMap((m) => messageLines(m, c, '    ')), ''];
  }
  const out = [`${c.red('✗')} ${kase.file}${title}`, c.dim(`    as of ${kase.asOf}`)];
  for (const run of kase.runs) if (run.mismatch) out.push(...sideBySide(run, many, c));
  for (const d of kase.disagreements) {
    out.push('', c.red(`    the engines disagree: ${d.engine} gives another report than ${d.reference}`));
    for (const diff of d.differences) out.push(`      ${diff.path}: ${d.reference} ${JSON.stringify(diff.a)}, ${d.engine} ${JSON.stringify(diff.b)}`);
  }
  // --update could not rewrite the file (CODICIL-T009).
  if (kase.problems.length > 0) out.push('', ...kase.problems.flatMap((m) => messageLines(m, c, '    ')));
  out.push('');
  return out;
}

/** Expected and found, one row per finding, the differing rows marked. */
function sideBySide(run: EngineRun, many: boolean, c: Colors): string[] {
  const m = run.mismatch!;
  const rows: { same: boolean; left: string[]; right: string[] }[] = [];
  const found: Outcome = run.outcome;
  const expectedExit = m.exit?.expected ?? found.exit;
  rows.push({ same: m.exit === null, left: [`exit ${expectedExit}: ${EXIT_WORDS[expectedExit]}`], right: [`exit ${found.exit}: ${EXIT_WORDS[found.exit]}`] });
  for (const f of m.matched) rows.push({ same: true, left: findingCell(f), right: findingCell(f) });
  for (const f of m.missing) rows.push({ same: false, left: findingCell(f), right: ['—'] });
  for (const f of m.unexpected) rows.push({ same: false, left: ['—'], right: findingCell(f) });
  for (const e of m.matchedErrors) rows.push({ same: true, left: errorCell(e), right: errorCell(e) });
  for (const e of m.missingErrors) rows.push({ same: false, left: errorCell(e), right: ['—'] });
  for (const e of m.unexpectedErrors) rows.push({ same: false, left: ['—'], right: errorCell(e) });
  const width = Math.max('expected'.length, ...rows.flatMap((r) => r.left.map((l) => l.length))) + 4;
  const out = ['', `    ${many ? `on ${run.engine}: ` : ''}${c.bold('expected'.padEnd(width))}${c.bold('found')}`];
  for (const row of rows) {
    const height = Math.max(row.left.length, row.right.length);
    for (let i = 0; i < height; i++) {
      const mark = i > 0 ? '  ' : row.same ? c.dim('= ') : c.red('✗ ');
      const left = (row.left[i] ?? '').padEnd(width);
      out.push(`  ${mark}${row.same ? left : c.red(left)}${row.right[i] ?? ''}`);
    }
  }
  const findings = run.report.findings ?? [];
  const errors = run.report.errors ?? [];
  out.push('', '    what codicil found:');
  if (findings.length === 0 && errors.length === 0) out.push('      no violation and nothing pending');
  // An expected finding of a clause that could not be judged: say why, or the reader hunts for it.
  for (const clause of new Set(m.missing.map((f) => f.clause))) {
    const entry = run.report.coverage.find((e) => e.clause === clause);
    if (entry?.status === 'unchecked') out.push(`      ${clause} was not checked: ${uncheckedWords(entry)}`);
  }
  for (const f of findings) out.push(`      ${f.status} of ${f.clause} (${keyText(f.key)}), judged by version ${f.version}: ${f.message}${f.source ? c.dim(` [${f.source.file}:${f.source.line}]`) : ''}`);
  for (const e of errors) out.push(`      ${e.code} ${e.file}${e.line !== null ? `:${e.line}` : ''}${e.field ? ` ${e.field}` : ''}: ${e.message}`);
  return out;
}

function messageLines(m: LintMessage, c: Colors, indent: string): string[] {
  const where = m.line === null ? m.file : `${m.file}:${m.line}${m.column !== null ? `:${m.column}` : ''}`;
  const lines = [`${indent}${where}  ${c.red(m.severity)}  ${m.message}  [${m.code}]`];
  if (m.hint) lines.push(`${indent}  ${c.dim(`hint: ${m.hint}`)}`);
  return lines;
}
