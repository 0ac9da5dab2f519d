import { createColors } from 'picocolors';
import { place } from '../records/source.ts';
import type { CheckReport, Finding } from '../check/report-types.ts';
import type { RecordError } from '../records/errors.ts';
import { clauseName, documentsWords, errorsInWords, expiredWaiverText, groupByClause, judgedBy, keyText, linePieces, MAX_MESSAGE, reportDocuments, splitWaived, summaryLine, uncheckedWords, waiverText } from './group.ts';
import { echo } from '../errors/visible.ts';
import { attested } from '../rules/registry.ts';

// Every value from the records or the policy reaches the terminal shortened,
// with control and escape characters shown as \u001b, never raw.
const v = (s: string): string => echo(s);
const said = (s: string): string => echo(s, MAX_MESSAGE);

/**
 * An error of the input as the text report lists it, indented: its file,
 * line and field, then its words; every value shortened and its control
 * characters shown as `\u001b` (a file name or a record value could
 * otherwise write to the terminal, or start a CI log line with `::error`).
 * An error of no file (the count of those not listed) is said as it is.
 *
 * @param e the error.
 * @returns the line.
 */
export const errorLine = (e: Pick<RecordError, 'file' | 'line' | 'field' | 'message'>): string =>
  `  ${e.file ? `${v(e.file)}${e.line !== null ? `:${e.line}` : ''}${e.field ? ` [${v(e.field)}]` : ''}: ` : ''}${said(e.message)}`;

/**
 * The report for a person: grouped by clause, in plain words, with the
 * record each finding comes from. Colour only when asked (a terminal without NO_COLOR).
 *
 * @param report the check report.
 * @param options colour; explain adds how each finding was judged.
 * @returns the text.
 */
export function formatText(report: CheckReport, options: { color?: boolean; explain?: boolean } = {}): string {
  return [...textPieces(report, options)].join('');
}

/**
 * The text report a piece at a time (their concatenation is
 * {@link formatText}'s text): many findings are written without ever being
 * one text.
 *
 * @param report the check report.
 * @param options colour; explain adds how each finding was judged.
 * @returns pieces of whole lines, in order.
 */
export function textPieces(report: CheckReport, options: { color?: boolean; explain?: boolean } = {}): Generator<string> {
  return linePieces(textLines(report, options));
}

/** The text report's lines. */
function* textLines(report: CheckReport, options: { color?: boolean; explain?: boolean }): Generator<string> {
  const c = createColors(options.color ?? false);
  const versions = report.policy.versions.join(', ') || 'none';
  const documents = report.policy.documents;
  // Several documents: each with its versions and to whom it applies.
  const policyWords = documents ? `documents ${documentsWords(reportDocuments(report), v)}` : `${v(report.policy.document) || '?'} (versions ${v(versions)})`;
  yield c.bold(`codicil check — policy ${policyWords}, as of ${v(report.asOf)}`);
  if (report.errors) {
    yield* ['', c.red(c.bold(`Could not judge: ${errorsInWords(report.errors)}. Nothing was judged.`))];
    for (const e of report.errors) yield errorLine(e);
    return;
  }
  const w = report.waivers;
  if (w?.file) yield c.dim(`waivers: ${v(w.file)} (${w.total}: ${w.inEffect} in effect, ${w.expired} expired, ${w.upcoming} not yet in effect)`);
  for (const group of groupByClause(report)) {
    const cov = group.coverage;
    const section = cov?.section ? ` (§${v(cov.section)})` : '';
    let status: string;
    if (!cov) status = '';
    else if (attested(cov.rule)) status = cov.status === 'attested' ? c.green('attested') : cov.status === 'unchecked' ? c.yellow('unchecked: no attestations table') : c.yellow(v(cov.status));
    else if (cov.status === 'unchecked') status = c.yellow(`unchecked: ${v(uncheckedWords(cov))}`);
    else status = `${cov.subjects} checked, ${cov.violations > 0 ? c.red(`${cov.violations} violation(s)`) : '0 violations'}, ${cov.pending > 0 ? c.yellow(`${cov.pending} pending`) : '0 pending'}`;
    if (cov?.waived) status += `, ${c.cyan(`${cov.waived} waived`)}`;
    // Waived findings are shown apart, below.
    const findings = splitWaived(group.findings).counted;
    if (cov && attested(cov.rule) && findings.length === 0) continue; // listed under attestations below
    yield* ['', `${c.bold(v(group.clause))}${section} — ${status}`];
    for (const f of findings) {
      const mark = f.status === 'violation' ? c.red('✗ violation') : c.yellow('… pending');
      yield `  ${mark}  ${findingText(f)}`;
      if (f.expiredWaiver) yield c.yellow(`      ${said(expiredWaiverText(f.expiredWaiver))}`);
      if (options.explain) for (const step of f.explanation ?? []) yield c.dim(`      ${said(step)}`);
    }
  }
  const waived = splitWaived(report.findings ?? []).waived;
  if (waived.length > 0) {
    yield* ['', c.bold('Waived (accepted by a waiver in effect: reported, not counted)')];
    for (const f of waived) {
      yield `  ${c.cyan(`~ waived ${f.status}`)}  ${v(clauseName(f))}: ${findingText(f)}`;
      yield c.cyan(`      ${said(waiverText(f.waiver!))}`);
      if (options.explain) for (const step of f.explanation ?? []) yield c.dim(`      ${said(step)}`);
    }
  }
  const unused = report.unusedWaivers ?? [];
  if (unused.length > 0) {
    yield* ['', c.bold(`Unused waivers (in effect, covering no finding${report.strict ? ': they fail --strict' : ''})`)];
    for (const u of unused) {
      const mark = report.strict ? c.red('✗ unused') : c.yellow('! unused');
      yield `  ${mark}  ${v(u.id)}  ${v(clauseName(u))}: ${said(keyText(u.match))}, until ${v(u.expires)}${c.dim(` (${v(u.source.file)}${u.source.line === null ? '' : `:${u.source.line}`})`)}`;
    }
  }
  const attestations = report.coverage.filter((e) => attested(e.rule));
  if (attestations.length > 0) {
    yield* ['', c.bold('Attestations')];
    for (const e of attestations) {
      const detail = e.attestation ? c.dim(` (${v(e.attestation.by)}, ${e.status === 'expired' ? 'expired' : 'valid until'} ${v(e.attestation.expiresAt)})`) : '';
      const status = e.status === 'attested' ? c.green('attested') : c.yellow(v(e.status));
      yield `  ${status.padEnd(options.color ? 18 : 9)} ${v(clauseName(e))}${detail}`;
    }
  }
  yield* ['', c.bold(summaryLine(report))];

  function findingText(f: Finding): string {
    const where = f.source ? c.dim(` (${v(place(f.source))})`) : '';
    return `${said(keyText(f.key))}: ${said(f.message)}${where}${(documents?.find((d) => d.document === f.document)?.versions ?? report.policy.versions).length > 1 ? c.dim(` [judged by ${v(judgedBy(f))}]`) : ''}`;
  }
}
