import type { CheckReport } from '../check/report-types.ts';
import { place } from '../records/source.ts';
import { clauseName, documentsWords, errorsInWords, expiredWaiverText, groupByClause, keyText, linePieces, MAX_MESSAGE, reportDocuments, splitWaived, summaryLine } from './group.ts';
import { echo, MAX_ECHO } from '../errors/visible.ts';

// Values from data: shortened, control characters shown as \u001b, line
// breaks folded, then every character Markdown or HTML would read as syntax
// escaped (a backslash escape is valid before any ASCII punctuation), and
// GFM's literal autolinks broken: a record value `https://…`, `www.…` or
// `a@b.c` would be a live link in a job summary. Not by an escape (remark
// joins escaped text before it links) but by an empty comment, which every
// GFM parser keeps as its own node and nobody sees.
const BREAK = '<!-- -->';
const unlinked = (s: string): string => s.replace(/:\/\/|@/g, (m) => BREAK + m).replace(/(www)\./gi, (_m, w: string) => `${w}${BREAK}.`);
const cell = (s: string, max = MAX_ECHO): string => unlinked(echo(s.replace(/\r\n?|\n/g, ' '), max).replace(/([\\|*_`<>[\]&~])/g, '\\$1'));
const said = (s: string): string => cell(s, MAX_MESSAGE);
// Ids (DOCUMENT/CLAUSE too) and timestamps as code when they are plain (as they always are from a valid policy), else as escaped text.
const code = (s: string): string => (/^[\w.:+/-]{1,200}$/.test(s) ? `\`${s}\`` : cell(s));

/**
 * A Markdown job summary (e.g. for $GITHUB_STEP_SUMMARY): verdict, a table
 * of clauses, then the findings.
 *
 * @param report the check report.
 * @returns Markdown.
 */
export function formatMarkdown(report: CheckReport): string {
  return [...markdownPieces(report)].join('');
}

/**
 * {@link formatMarkdown}'s text a piece at a time (a few thousand lines).
 *
 * @param report the check report.
 * @returns pieces of whole lines, in order.
 */
export function markdownPieces(report: CheckReport): Generator<string> {
  return linePieces(markdownLines(report));
}

/** The lines of {@link formatMarkdown}. */
function* markdownLines(report: CheckReport): Generator<string> {
  if (report.errors) {
    yield* ['## ⛔ codicil check: could not judge', '', `${errorsInWords(report.errors)}; nothing was judged.`, '', '| file | line | field | problem |', '|---|---|---|---|'];
    for (const e of report.errors) yield `| ${cell(e.file)} | ${e.line ?? ''} | ${cell(e.field ?? '')} | ${said(e.message)} |`;
    return;
  }
  const verdict = report.exitCode === 0 ? '✅ no violations' : report.summary.violations > 0 ? `❌ ${report.summary.violations} violation(s)` : '❌ strict check failed';
  const w = report.waivers;
  const waivers = w?.file ? ` Waivers: ${cell(w.file)} (${w.inEffect} in effect, ${w.expired} expired, ${w.upcoming} not yet in effect).` : '';
  // Several documents: each with its versions and to whom it applies.
  const policy = report.policy.documents
    ? `Policy of ${report.policy.documents.length} documents: ${documentsWords(reportDocuments(report), cell, (d) => `**${cell(d)}**`)}`
    : `Policy **${cell(report.policy.document)}** (versions ${cell(report.policy.versions.join(', '))})`;
  yield* [`## codicil check: ${verdict}`, '', `${policy}, as of ${code(report.asOf)}.${waivers}`, '', said(summaryLine(report)), ''];
  yield* ['| clause | section | status | subjects | violations | pending |', '|---|---|---|---:|---:|---:|'];
  for (const g of groupByClause(report)) {
    const c = g.coverage;
    if (!c) continue;
    const waived = c.waived ? ` (${c.waived} waived)` : '';
    const status = `${c.status === 'checked' ? (c.violations > 0 ? '❌ checked' : '✅ checked') : c.status === 'attested' ? '✅ attested' : `⚠️ ${c.status}`}${waived}`;
    yield `| ${code(g.clause)} | ${cell(c.section ?? '')} | ${status} | ${c.subjects} | ${c.violations} | ${c.pending} |`;
  }
  const { counted, waived } = splitWaived(report.findings ?? []);
  if (counted.length > 0) {
    yield* ['', '### Findings', '', '| clause | status | subject | what happened | record |', '|---|---|---|---|---|'];
    for (const f of counted) yield `| ${code(clauseName(f))} | ${f.status} | ${said(keyText(f.key))} | ${said(f.message)}${f.expiredWaiver ? ` (${said(expiredWaiverText(f.expiredWaiver))})` : ''} | ${f.source ? cell(place(f.source)) : ''} |`;
  }
  if (waived.length > 0) {
    yield* ['', '### Waived findings', '', 'Accepted by a waiver in effect: reported, not counted.', '', '| clause | status | subject | what happened | record | waiver | until | approved by | reason |', '|---|---|---|---|---|---|---|---|---|'];
    for (const f of waived) {
      const w = f.waiver!;
      yield `| ${code(clauseName(f))} | ${f.status} | ${said(keyText(f.key))} | ${said(f.message)} | ${f.source ? cell(place(f.source)) : ''} | ${code(w.id)}${w.ticket === undefined ? '' : ` (${cell(w.ticket)})`} | ${code(w.expires)} | ${cell(w.approved_by)} | ${said(w.reason)} |`;
    }
  }
  const unused = report.unusedWaivers ?? [];
  if (unused.length > 0) {
    yield* ['', `### ${report.strict ? '❌' : '⚠️'} Unused waivers`, '', `In effect, but covering no finding${report.strict ? ' (they fail --strict)' : ''}.`, '', '| waiver | clause | match | until | file |', '|---|---|---|---|---|'];
    for (const u of unused) yield `| ${code(u.id)} | ${code(clauseName(u))} | ${said(keyText(u.match))} | ${code(u.expires)} | ${cell(`${u.source.file}${u.source.line === null ? '' : `:${u.source.line}`}`)} |`;
  }
}
