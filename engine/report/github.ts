import type { CheckReport } from '../check/report-types.ts';
import { keyText, MAX_MESSAGE, summaryLine, clauseName } from './group.ts';
import { echo, MAX_ECHO } from '../errors/visible.ts';

// GitHub workflow commands: data escapes %, CR, LF; properties also : and ,.
// Before that, a value is shortened and its other control characters (an
// ESC would colour the log) are shown as \u001b.
const workflow = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const data = (s: string): string => workflow(echo(s, MAX_MESSAGE, '\r\n'));
const property = (s: string): string => workflow(echo(s, MAX_ECHO, '\r\n')).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations: `::error` for violations and input errors,
 * `::warning` for pendings (and strict failures), each pointing at the
 * record's file and line.
 *
 * @param report the check report.
 * @param recordsDir prefix for record paths, so annotations point into the repository.
 * @returns one workflow command a line, then a notice with the summary.
 */
export function formatGithub(report: CheckReport, recordsDir = ''): string {
  const prefix = recordsDir ? `${recordsDir.replace(/\/$/, '')}/` : '';
  const where = (file: string | undefined, line: number | null | undefined): string[] => [
    ...(file ? [`file=${property(file.startsWith('policy/') || !prefix ? file : prefix + file)}`] : []),
    ...(line ? [`line=${line}`] : []),
  ];
  const lines: string[] = [];
  if (report.errors) {
    for (const e of report.errors) lines.push(`::error ${[...where(e.file, e.line), `title=${property(`codicil: invalid input${e.field ? ` (${e.field})` : ''}`)}`].join(',')}::${data(e.message)}`);
    lines.push(`::error title=codicil::${data(`Could not judge: ${report.errors.length} error(s) in the input`)}`);
    return `${lines.join('\n')}\n`;
  }
  for (const f of report.findings ?? []) {
    const level = f.status === 'violation' ? 'error' : 'warning';
    lines.push(`::${level} ${[...where(f.source?.file, f.source?.line ?? undefined), `title=${property(`${clauseName(f)} ${f.status}`)}`].join(',')}::${data(`${keyText(f.key)}: ${f.message}`)}`);
  }
  for (const c of report.coverage) {
    if (c.status === 'unchecked' || c.status === 'missing' || c.status === 'expired') {
      lines.push(`::${report.strict ? 'error' : 'notice'} title=${property(`${clauseName(c)} ${c.status}`)}::${data(c.status === 'unchecked' ? `unchecked: no ${(c.missingTables ?? []).join(', ')} records` : `attestation ${c.status}`)}`);
    }
  }
  lines.push(`::notice title=codicil check::${data(summaryLine(report))}`);
  return `${lines.join('\n')}\n`;
}
