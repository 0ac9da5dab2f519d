import { create } from 'xmlbuilder2';
import { place } from '../records/source.ts';
import type { CheckReport } from '../check/report-types.ts';
import { groupByClause, keyText } from './group.ts';

/**
 * JUnit XML: one test case per clause. Violations fail it; unchecked clauses
 * and missing attestations are skipped (failed with --strict); pendings are
 * listed in the case's output. With input errors, one failing case per error.
 *
 * @param report the check report.
 * @returns the XML document (escaped by xmlbuilder2).
 */
export function formatJunit(report: CheckReport): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: 'codicil check' });
  if (report.errors) {
    const suite = root.ele('testsuite', { name: 'input', tests: report.errors.length, failures: report.errors.length, errors: 0, skipped: 0 });
    for (const e of report.errors) {
      suite
        .ele('testcase', { classname: 'codicil.input', name: `${e.file}${e.line !== null ? `:${e.line}` : ''}${e.field ? ` ${e.field}` : ''}` })
        .ele('failure', { message: e.message, type: 'integrity' })
        .txt(e.message);
    }
    return root.end({ prettyPrint: true });
  }
  const groups = groupByClause(report);
  const failed = (g: (typeof groups)[number]) => g.findings.some((f) => f.status === 'violation') || (report.strict && g.coverage !== undefined && ['unchecked', 'missing', 'expired'].includes(g.coverage.status));
  const skipped = (g: (typeof groups)[number]) => !failed(g) && g.coverage !== undefined && ['unchecked', 'missing', 'expired'].includes(g.coverage.status);
  const suite = root.ele('testsuite', {
    name: `policy ${report.policy.document} as of ${report.asOf}`,
    tests: groups.length,
    failures: groups.filter(failed).length,
    errors: 0,
    skipped: groups.filter(skipped).length,
    timestamp: report.asOf.replace(/\.\d+Z$/, ''),
  });
  for (const g of groups) {
    const kase = suite.ele('testcase', { classname: `codicil.${report.policy.document}`, name: g.clause });
    const violations = g.findings.filter((f) => f.status === 'violation');
    const pending = g.findings.filter((f) => f.status === 'pending');
    if (violations.length > 0) {
      kase
        .ele('failure', { message: `${violations.length} violation(s)`, type: 'violation' })
        .txt(violations.map((f) => `${keyText(f.key)}: ${f.message}${f.source ? ` (${place(f.source)})` : ''}`).join('\n'));
    } else if (failed(g)) {
      kase.ele('failure', { message: `${g.coverage!.status} (strict)`, type: g.coverage!.status });
    } else if (skipped(g)) {
      kase.ele('skipped', { message: g.coverage!.status === 'unchecked' ? `unchecked: no ${g.coverage!.missingTables?.join(', ')} records` : `attestation ${g.coverage!.status}` });
    }
    if (pending.length > 0) kase.ele('system-out').txt(pending.map((f) => `pending: ${keyText(f.key)}: ${f.message}`).join('\n'));
  }
  return root.end({ prettyPrint: true });
}
