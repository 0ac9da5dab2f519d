import { create, fragment } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { place } from '../records/source.ts';
import type { CheckReport } from '../check/report-types.ts';
import { clauseName, expiredWaiverText, groupByClause, keyText, MAX_MESSAGE, reportDocuments, splitWaived, uncheckedWords, waiverText, type ClauseGroup } from './group.ts';
import { echo } from '../errors/visible.ts';

// Values from data: shortened and with control characters shown as \u001b,
// which leaves nothing XML 1.0 cannot hold (C0 controls, lone surrogates and
// U+FFFE/U+FFFF are shown so; test/output-escaping.test.ts). Not through
// xmlbuilder2's invalidCharReplacement: it copies a text a character at a
// time, which took 4 GB for the failures of 709 000 findings.
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
  return [...junitPieces(report)].join('');
}

/** A test suite: its attributes, and its test cases, each added to the suite when it is written. */
interface Suite {
  attributes: Record<string, string | number>;
  cases: Iterable<(suite: XMLBuilder) => void>;
}

/** Stands in the document for a suite's test cases, on a line of its own. */
const CASES = 'codicil: the test cases of suite ';

/**
 * {@link formatJunit}'s document a piece at a time: the suites' frame, then
 * each test case as xmlbuilder2 writes it at its depth, so that the document
 * is never whole (a case still holds its clause's findings).
 *
 * @param report the check report.
 * @yields pieces of the document, in order.
 */
export function* junitPieces(report: CheckReport): Generator<string> {
  const suites = junitSuites(report);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: 'codicil check' });
  const cases = suites.map((s) => [...s.cases]);
  suites.forEach((s, i) => {
    const suite = root.ele('testsuite', s.attributes);
    if (cases[i]!.length > 0) suite.com(`${CASES}${i}`);
  });
  let rest = root.end({ prettyPrint: true });
  for (const [i, list] of cases.entries()) {
    if (list.length === 0) continue;
    const at = rest.indexOf(`<!--${CASES}${i}-->`);
    const lineStart = rest.lastIndexOf('\n', at) + 1;
    yield rest.slice(0, lineStart);
    for (const [k, add] of list.entries()) {
      const kase = fragment();
      add(kase);
      // At the suite's depth: two indentations below the root.
      yield `${kase.end({ prettyPrint: true, offset: 2 })}${k < list.length - 1 ? '\n' : ''}`;
    }
    rest = rest.slice(rest.indexOf('\n', at));
  }
  yield rest;
}

/** The suites of the document: input errors, or one suite per document, then unused waivers. */
function junitSuites(report: CheckReport): Suite[] {
  if (report.errors) {
    const errors = report.errors;
    return [
      {
        attributes: { name: 'input', tests: errors.length, failures: errors.length, errors: 0, skipped: 0 },
        cases: errors.map((e) => (suite: XMLBuilder) => {
          suite
            .ele('testcase', { classname: 'codicil.input', name: `${v(e.file)}${e.line !== null ? `:${e.line}` : ''}${e.field ? ` ${v(e.field)}` : ''}` })
            .ele('failure', { message: said(e.message), type: 'integrity' })
            .txt(said(e.message));
        }),
      },
    ];
  }
  const groups = groupByClause(report);
  // A waived violation does not fail its case (it is listed in the case's output).
  const failed = (g: ClauseGroup) => g.findings.some((f) => f.status === 'violation' && f.waiver === undefined) || (report.strict && g.coverage !== undefined && ['unchecked', 'missing', 'expired'].includes(g.coverage.status));
  const skipped = (g: ClauseGroup) => !failed(g) && g.coverage !== undefined && ['unchecked', 'missing', 'expired'].includes(g.coverage.status);
  // One suite per document: a single one keeps its name of old; several are each named with their versions.
  const documents = report.policy.documents
    ? reportDocuments(report).map((d) => ({ document: d.document, name: `policy ${v(d.document)} (versions ${v(d.versions.join(', ') || 'none')}) as of ${v(report.asOf)}`, groups: groups.filter((g) => g.document === d.document) }))
    : [{ document: report.policy.document, name: `policy ${v(report.policy.document)} as of ${v(report.asOf)}`, groups }];
  const suites: Suite[] = documents.map(({ document, name, groups: of }) => ({
    attributes: { name, tests: of.length, failures: of.filter(failed).length, errors: 0, skipped: of.filter(skipped).length, timestamp: v(report.asOf.replace(/\.\d+Z$/, '')) },
    cases: of.map((g) => (suite: XMLBuilder) => clauseCase(suite, document, g, failed(g), skipped(g))),
  }));
  // Unused waivers: skipped, like an unchecked clause; failed with --strict.
  const unused = report.unusedWaivers ?? [];
  if (unused.length > 0) {
    suites.push({
      attributes: { name: 'waivers', tests: unused.length, failures: report.strict ? unused.length : 0, errors: 0, skipped: report.strict ? 0 : unused.length },
      cases: unused.map((u) => (suite: XMLBuilder) => {
        const message = `unused: in effect until ${v(u.expires)} but covers no finding of ${v(clauseName(u))} (${said(keyText(u.match))})`;
        const kase = suite.ele('testcase', { classname: 'codicil.waivers', name: v(u.id) });
        if (report.strict) kase.ele('failure', { message, type: 'unused-waiver' });
        else kase.ele('skipped', { message });
      }),
    });
  }
  return suites;
}

/** A clause's test case: its violations as the failure, its pendings and waived findings as its output. */
function clauseCase(suite: XMLBuilder, document: string, g: ClauseGroup, failed: boolean, skipped: boolean): void {
  const kase = suite.ele('testcase', { classname: `codicil.${v(document)}`, name: v(g.clause) });
  const { counted, waived } = splitWaived(g.findings);
  const violations = counted.filter((f) => f.status === 'violation');
  const pending = counted.filter((f) => f.status === 'pending');
  const at = (f: (typeof counted)[number]) => (f.source ? ` (${v(place(f.source))})` : '');
  if (violations.length > 0) {
    kase
      .ele('failure', { message: `${violations.length} violation(s)`, type: 'violation' })
      .txt(violations.map((f) => said(`${keyText(f.key)}: ${f.message}${at(f)}${f.expiredWaiver ? `; ${expiredWaiverText(f.expiredWaiver)}` : ''}`)).join('\n'));
  } else if (failed) {
    kase.ele('failure', { message: `${g.coverage!.status} (strict)`, type: g.coverage!.status });
  } else if (skipped) {
    kase.ele('skipped', { message: g.coverage!.status === 'unchecked' ? `unchecked: ${v(uncheckedWords(g.coverage!))}` : `attestation ${g.coverage!.status}` });
  }
  const output = [
    ...pending.map((f) => said(`pending: ${keyText(f.key)}: ${f.message}${f.expiredWaiver ? `; ${expiredWaiverText(f.expiredWaiver)}` : ''}`)),
    ...waived.map((f) => said(`waived ${f.status}: ${keyText(f.key)}: ${f.message}${at(f)}; ${waiverText(f.waiver!)}`)),
  ];
  if (output.length > 0) kase.ele('system-out').txt(output.join('\n'));
}
