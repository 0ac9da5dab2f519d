import { create } from 'xmlbuilder2';
import { place } from '../records/source.ts';
import type { CheckReport } from '../check/report-types.ts';
import { expiredWaiverText, groupByClause, keyText, MAX_MESSAGE, reportDocuments, splitWaived, uncheckedWords, waiverText, type ClauseGroup } from './group.ts';
import { echo, escapeChar } from '../errors/visible.ts';

// Values from data: shortened and with control characters shown as \u001b;
// and whatever XML 1.0 cannot hold is replaced by xmlbuilder2 as it writes.
const v = (s: string): string => echo(s);
const said = (s: string): string => echo(s, MAX_MESSAGE, '\n');

/**
 * JUnit XML: one test case per clause. Violations fail it; unchecked clauses
 * and missing attestations are skipped (failed with --strict); pendings are
 * listed in the case's output. With input errors, one failing case per error.
 *
 * @param report the check report.
 * @returns the XML document (escaped by xmlbuilder2).
 */
export function formatJunit(report: CheckReport): string {
  const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: escapeChar }).ele('testsuites', { name: 'codicil check' });
  if (report.errors) {
    const suite = root.ele('testsuite', { name: 'input', tests: report.errors.length, failures: report.errors.length, errors: 0, skipped: 0 });
    for (const e of report.errors) {
      suite
        .ele('testcase', { classname: 'codicil.input', name: `${v(e.file)}${e.line !== null ? `:${e.line}` : ''}${e.field ? ` ${v(e.field)}` : ''}` })
        .ele('failure', { message: said(e.message), type: 'integrity' })
        .txt(said(e.message));
    }
    return root.end({ prettyPrint: true });
  }
  const groups = groupByClause(report);
  // A waived violation does not fail its case (it is listed in the case's output).
  const failed = (g: ClauseGroup) => g.findings.some((f) => f.status === 'violation' && f.waiver === undefined) || (report.strict && g.coverage !== undefined && ['unchecked', 'missing', 'expired'].includes(g.coverage.status));
  const skipped = (g: ClauseGroup) => !failed(g) && g.coverage !== undefined && ['unchecked', 'missing', 'expired'].includes(g.coverage.status);
  // One suite per document: a single one keeps its name of old; several are each named with their versions.
  const suites = report.policy.documents
    ? reportDocuments(report).map((d) => ({ document: d.document, name: `policy ${v(d.document)} (versions ${v(d.versions.join(', ') || 'none')}) as of ${v(report.asOf)}`, groups: groups.filter((g) => g.document === d.document) }))
    : [{ document: report.policy.document, name: `policy ${v(report.policy.document)} as of ${v(report.asOf)}`, groups }];
  for (const s of suites) caseList(s.document, s.name, s.groups);
  // Unused waivers: skipped, like an unchecked clause; failed with --strict.
  const unused = report.unusedWaivers ?? [];
  if (unused.length > 0) {
    const waivers = root.ele('testsuite', { name: 'waivers', tests: unused.length, failures: report.strict ? unused.length : 0, errors: 0, skipped: report.strict ? 0 : unused.length });
    for (const u of unused) {
      const message = `unused: in effect until ${u.expires} but covers no finding of ${v(u.clause)} (${said(keyText(u.match))})`;
      const kase = waivers.ele('testcase', { classname: 'codicil.waivers', name: v(u.id) });
      if (report.strict) kase.ele('failure', { message, type: 'unused-waiver' });
      else kase.ele('skipped', { message });
    }
  }
  return root.end({ prettyPrint: true });

  function caseList(document: string, name: string, of: ClauseGroup[]): void {
    const suite = root.ele('testsuite', { name, tests: of.length, failures: of.filter(failed).length, errors: 0, skipped: of.filter(skipped).length, timestamp: v(report.asOf.replace(/\.\d+Z$/, '')) });
    for (const g of of) {
      const kase = suite.ele('testcase', { classname: `codicil.${v(document)}`, name: v(g.clause) });
      const { counted, waived } = splitWaived(g.findings);
      const violations = counted.filter((f) => f.status === 'violation');
      const pending = counted.filter((f) => f.status === 'pending');
      const at = (f: (typeof counted)[number]) => (f.source ? ` (${v(place(f.source))})` : '');
      if (violations.length > 0) {
        kase
          .ele('failure', { message: `${violations.length} violation(s)`, type: 'violation' })
          .txt(violations.map((f) => said(`${keyText(f.key)}: ${f.message}${at(f)}${f.expiredWaiver ? `; ${expiredWaiverText(f.expiredWaiver)}` : ''}`)).join('\n'));
      } else if (failed(g)) {
        kase.ele('failure', { message: `${g.coverage!.status} (strict)`, type: g.coverage!.status });
      } else if (skipped(g)) {
        kase.ele('skipped', { message: g.coverage!.status === 'unchecked' ? `unchecked: ${v(uncheckedWords(g.coverage!))}` : `attestation ${g.coverage!.status}` });
      }
      const output = [
        ...pending.map((f) => said(`pending: ${keyText(f.key)}: ${f.message}${f.expiredWaiver ? `; ${expiredWaiverText(f.expiredWaiver)}` : ''}`)),
        ...waived.map((f) => said(`waived ${f.status}: ${keyText(f.key)}: ${f.message}${at(f)}; ${waiverText(f.waiver!)}`)),
      ];
      if (output.length > 0) kase.ele('system-out').txt(output.join('\n'));
    }
  }
}
