import type { CheckReport } from '../check/report-types.ts';
import { place } from '../records/source.ts';
import { groupByClause, keyText, summaryLine } from './group.ts';

// Table cells: escape the characters Markdown would read as syntax.
const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/([*_`<>[\]])/g, '\\$1');

/**
 * A Markdown job summary (e.g. for $GITHUB_STEP_SUMMARY): verdict, a table
 * of clauses, then the findings.
 *
 * @param report the check report.
 * @returns Markdown.
 */
export function formatMarkdown(report: CheckReport): string {
  const out: string[] = [];
  if (report.errors) {
    out.push('## ⛔ codicil check: could not judge', '', `${report.errors.length} error(s) in the input; nothing was judged.`, '', '| file | line | field | problem |', '|---|---|---|---|');
    for (const e of report.errors) out.push(`| ${cell(e.file)} | ${e.line ?? ''} | ${cell(e.field ?? '')} | ${cell(e.message)} |`);
    return `${out.join('\n')}\n`;
  }
  const verdict = report.exitCode === 0 ? '✅ no violations' : report.summary.violations > 0 ? `❌ ${report.summary.violations} violation(s)` : '❌ strict check failed';
  out.push(`## codicil check: ${verdict}`, '', `Policy **${cell(report.policy.document)}** (versions ${report.policy.versions.join(', ')}), as of \`${report.asOf}\`.`, '', cell(summaryLine(report)), '');
  out.push('| clause | section | status | subjects | violations | pending |', '|---|---|---|---:|---:|---:|');
  for (const g of groupByClause(report)) {
    const c = g.coverage;
    if (!c) continue;
    const status = c.status === 'checked' ? (c.violations > 0 ? '❌ checked' : '✅ checked') : c.status === 'attested' ? '✅ attested' : `⚠️ ${c.status}`;
    out.push(`| \`${g.clause}\` | ${c.section ?? ''} | ${status} | ${c.subjects} | ${c.violations} | ${c.pending} |`);
  }
  const findings = report.findings ?? [];
  if (findings.length > 0) {
    out.push('', '### Findings', '', '| clause | status | subject | what happened | record |', '|---|---|---|---|---|');
    for (const f of findings) out.push(`| \`${f.clause}\` | ${f.status} | ${cell(keyText(f.key))} | ${cell(f.message)} | ${f.source ? cell(place(f.source)) : ''} |`);
  }
  return `${out.join('\n')}\n`;
}
