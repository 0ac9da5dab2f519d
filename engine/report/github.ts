import type { CheckReport } from '../check/report-types.ts';
import { clauseName, documentsWords, errorInRecords, errorsInWords, expiredWaiverText, keyText, linePieces, MAX_MESSAGE, reportDocuments, repositoryPath, sourceInRecords, summaryLine, uncheckedWords, waiverText } from './group.ts';
import { echo, MAX_ECHO } from '../errors/visible.ts';

// GitHub workflow commands: data escapes %, CR, LF; properties also : and ,.
// Before that, a value is shortened and its other control characters (an
// ESC would colour the log) are shown as \u001b.
const workflow = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const data = (s: string): string => workflow(echo(s, MAX_MESSAGE, '\r\n'));
const property = (s: string): string => workflow(echo(s, MAX_ECHO, '\r\n')).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations: `::error` for violations and input errors,
 * `::warning` for pendings (and strict failures), `::notice` for findings a
 * waiver covers, each pointing at the record's file and line; unused waivers
 * are warnings (errors with --strict) at the waiver's line.
 *
 * @param report the check report.
 * @param recordsDir the records folder from the working directory: record files are named under it, so annotations point into the repository.
 * @returns one workflow command a line, then a notice with the summary.
 */
export function formatGithub(report: CheckReport, recordsDir = ''): string {
  return [...githubPieces(report, recordsDir)].join('');
}

/**
 * {@link formatGithub}'s text a piece at a time (a few thousand commands).
 *
 * @param report the check report.
 * @param recordsDir prefix for record paths.
 * @returns pieces of whole lines, in order.
 */
export function githubPieces(report: CheckReport, recordsDir = ''): Generator<string> {
  return linePieces(githubLines(report, recordsDir));
}

/** The workflow commands of {@link formatGithub}, a line each. */
function* githubLines(report: CheckReport, recordsDir: string): Generator<string> {
  // A record file is named under the records folder; a policy or waiver file as it is (from the working directory, or absolute).
  const where = (file: string | undefined, line: number | null | undefined, inRecords: boolean): string[] => [
    ...(file ? [`file=${property(repositoryPath(file, inRecords, recordsDir))}`] : []),
    ...(line ? [`line=${line}`] : []),
  ];
  if (report.errors) {
    for (const e of report.errors) yield `::error ${[...where(e.file, e.line, errorInRecords(e)), `title=${property(`codicil: invalid input${e.field ? ` (${e.field})` : ''}`)}`].join(',')}::${data(e.message)}`;
    yield `::error title=codicil::${data(`Could not judge: ${errorsInWords(report.errors)}`)}`;
    return;
  }
  const inRecords = sourceInRecords(report);
  for (const f of report.findings ?? []) {
    const level = f.waiver ? 'notice' : f.status === 'violation' ? 'error' : 'warning';
    const title = f.waiver ? `${clauseName(f)} ${f.status} (waived: ${f.waiver.id})` : `${clauseName(f)} ${f.status}`;
    const note = f.waiver ? ` — ${waiverText(f.waiver)}` : f.expiredWaiver ? ` (${expiredWaiverText(f.expiredWaiver)})` : '';
    yield `::${level} ${[...where(f.source?.file, f.source?.line ?? undefined, inRecords(f)), `title=${property(title)}`].join(',')}::${data(`${keyText(f.key)}: ${f.message}${note}`)}`;
  }
  for (const u of report.unusedWaivers ?? []) {
    yield `::${report.strict ? 'error' : 'warning'} ${[...where(u.source.file, u.source.line, false), `title=${property(`unused waiver ${u.id}`)}`].join(',')}::${data(`waiver ${u.id} is in effect until ${u.expires} but covers no finding of ${clauseName(u)} (${keyText(u.match)})`)}`;
  }
  for (const c of report.coverage) {
    if (c.status === 'unchecked' || c.status === 'missing' || c.status === 'expired') {
      yield `::${report.strict ? 'error' : 'notice'} title=${property(`${clauseName(c)} ${c.status}`)}::${data(c.status === 'unchecked' ? `unchecked: ${uncheckedWords(c)}` : `attestation ${c.status}`)}`;
    }
  }
  // Several documents: the summary says which were judged, each with its versions.
  const documents = report.policy.documents ? ` — documents ${documentsWords(reportDocuments(report).map((d) => ({ ...d, audience: null })), (s) => s)}` : '';
  yield `::notice title=codicil check::${data(`${summaryLine(report)}${documents}`)}`;
}
