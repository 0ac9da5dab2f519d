import type { CheckReport, CoverageEntry, Finding } from '../check/report-types.ts';
import type { ExpiredWaiverMark, WaiverMark } from '../waivers/types.ts';
import { clip } from '../errors/visible.ts';
import { errors as catalogue } from '../errors/catalogue.ts';
import type { RecordError } from '../records/errors.ts';
import { ruleKind } from '../rules/registry.ts';
import { POLICY_VERSIONS } from '../rules/plan.ts';

/** Longest message printed (a sentence of codicil's with values from data in it), in characters. */
export const MAX_MESSAGE = 1_000;

/** A clause with its coverage and findings, for reports grouped by clause. */
export interface ClauseGroup {
  /** The clause as reports name it ({@link clauseName}). */
  clause: string;
  /** Its document, when the policy holds several. */
  document?: string;
  coverage: CoverageEntry | undefined;
  findings: Finding[];
}

/** A document of a report's policy, with its published versions. */
export interface ReportDocument {
  document: string;
  versions: string[];
  /** To whom it applies (known only when the policy holds several documents). */
  audience: string | null;
}

/**
 * The documents a report judged by: each with its versions (the one
 * document of a single-document policy).
 *
 * @param report the check report.
 * @returns the documents, in the policy's order.
 */
export function reportDocuments(report: CheckReport): ReportDocument[] {
  return report.policy.documents?.map((d) => ({ document: d.document, versions: d.versions, audience: d.audience })) ?? [{ document: report.policy.document, versions: report.policy.versions, audience: null }];
}

/**
 * The documents in words, each with its versions and to whom it applies:
 * "dpa (versions 1.0.0, 1.1.0; applies to customers), terms (versions 1.0.0)".
 *
 * @param documents the documents ({@link reportDocuments}).
 * @param text how a value is written (escaped for the format).
 * @param name how a document's id is written (by default as its value).
 * @returns the words.
 */
export function documentsWords(documents: readonly ReportDocument[], text: (s: string) => string, name: (s: string) => string = text): string {
  return documents.map((d) => `${name(d.document)} (versions ${text(d.versions.join(', ') || 'none')}${d.audience ? `; applies to ${text(d.audience)}` : ''})`).join(', ');
}

/**
 * The version that judged a finding, as reports show it: its number, as
 * DOCUMENT@VERSION when the policy holds several documents.
 *
 * @param finding a finding.
 * @returns e.g. "1.1.0" or "dpa@1.1.0".
 */
export function judgedBy(finding: { document?: string; version: string }): string {
  return finding.document === undefined ? finding.version : `${finding.document}@${finding.version}`;
}

/**
 * A clause as reports name it: its id, after its document's when the policy
 * holds several (`terms/security.encryption`; ids are unique per document).
 *
 * @param item a finding or coverage entry.
 * @returns the name.
 */
export function clauseName(item: { clause: string; document?: string }): string {
  return item.document === undefined ? item.clause : `${item.document}/${item.clause}`;
}

/**
 * Group a report's findings by clause, in the policy's order.
 *
 * @param report the check report.
 * @returns one group per clause of the coverage (and per clause with findings).
 */
export function groupByClause(report: CheckReport): ClauseGroup[] {
  const groups = new Map<string, ClauseGroup>();
  const of = (item: { document?: string }) => (item.document === undefined ? {} : { document: item.document });
  for (const entry of report.coverage) groups.set(clauseName(entry), { clause: clauseName(entry), ...of(entry), coverage: entry, findings: [] });
  for (const finding of report.findings ?? []) {
    let group = groups.get(clauseName(finding));
    if (!group) groups.set(clauseName(finding), (group = { clause: clauseName(finding), ...of(finding), coverage: undefined, findings: [] }));
    group.findings.push(finding);
  }
  return [...groups.values()];
}

/**
 * A subject key in plain words, each value shortened (it comes from the records).
 *
 * @param key the finding's key.
 * @returns e.g. "incident_id INC-7, customer_id C-12".
 */
export function keyText(key: Record<string, string>): string {
  return Object.entries(key)
    .map(([k, v]) => `${clip(k)} ${clip(String(v))}`)
    .join(', ');
}

/**
 * Why a clause was not checked, in words: the tables it needs that are
 * absent, and why nothing was judged at all (no version in force at as-of).
 *
 * @param entry an unchecked coverage entry.
 * @returns e.g. "no incidents, incident_notices records", or the reason given.
 */
export function uncheckedWords(entry: CoverageEntry): string {
  const parts = [...(entry.missingTables?.length ? [`no ${entry.missingTables.join(', ')} records`] : []), ...(entry.reason ? [entry.reason] : [])];
  return parts.length > 0 ? parts.join('; ') : 'not checked';
}

/**
 * How many errors the input has: those listed, and those counted by the
 * last line of a capped list ("N further error(s) not shown").
 *
 * @param errors the report's errors.
 * @returns the total.
 */
export function errorTotal(errors: readonly RecordError[]): number {
  return errors.reduce((n, e) => n + (e.code === catalogue.furtherErrors.code ? Number(/^(\d+)/.exec(e.message)?.[1] ?? 0) : 1), 0);
}

/** The codes of errors of the run rather than of the input (`ofTheRun` in the catalogue). */
const OF_THE_RUN = new Set(Object.values(catalogue).filter((e) => e.ofTheRun).map((e) => e.code));

/**
 * Why nothing was judged, counted: errors in the input, and errors of the
 * engine or database that read it (a report must not blame the input for
 * DuckDB running out of memory).
 *
 * @param errors the report's errors.
 * @returns e.g. "23 error(s) in the input", or "1 error(s) of the engine or database reading it".
 */
export function errorsInWords(errors: readonly RecordError[]): string {
  const ofTheRun = errors.filter((e) => OF_THE_RUN.has(e.code)).length;
  const inInput = errorTotal(errors) - ofTheRun;
  const parts: string[] = [];
  if (inInput > 0 || ofTheRun === 0) parts.push(`${inInput} error(s) in the input`);
  if (ofTheRun > 0) parts.push(`${ofTheRun} error(s) of the engine or database reading it`);
  return parts.join(' and ');
}

/**
 * One line summing up a report.
 *
 * @param report the check report.
 * @returns e.g. "3 violations, 1 pending, 1204 subjects checked".
 */
export function summaryLine(report: CheckReport): string {
  const s = report.summary;
  const a = s.attestations;
  const waived = s.waived > 0 ? `, ${s.waived} waived` : '';
  const unused = report.unusedWaivers?.length ? `; ${report.unusedWaivers.length} unused waiver(s)` : '';
  // No clause at all: no version is published yet (a policy of drafts), which a count of zeros would not say.
  const nothing = report.coverage.length === 0 ? '; nothing was judged: no version of the policy is published' : '';
  return `${s.violations} violation(s), ${s.pending} pending${waived}, ${s.checked} subject(s) checked (${s.passed} passed) from ${s.rows} record(s); ${s.unchecked} clause(s) unchecked; attestations: ${a.attested} attested, ${a.missing} missing, ${a.expired} expired${unused}${nothing}`;
}

/**
 * A waiver that covers a finding, in plain words (values from the waiver file, shortened).
 *
 * @param waiver the finding's waiver.
 * @returns e.g. "waived by W-1 until 2025-12-31T00:00:00Z, approved by dpo@example.com (ticket LEGAL-42): Legal hold".
 */
export function waiverText(waiver: WaiverMark): string {
  return `waived by ${clip(waiver.id)} until ${waiver.expires}, approved by ${clip(waiver.approved_by)}${waiver.ticket === undefined ? '' : ` (ticket ${clip(waiver.ticket)})`}: ${clip(waiver.reason, MAX_MESSAGE)}`;
}

/**
 * A waiver that no longer covers a finding, in plain words.
 *
 * @param expired the finding's expired waiver.
 * @returns e.g. "waiver W-2 expired 2025-06-15T00:00:00Z: it no longer covers this finding".
 */
export function expiredWaiverText(expired: ExpiredWaiverMark): string {
  return `waiver ${clip(expired.id)} expired ${expired.expired}: it no longer covers this finding`;
}

/**
 * The findings not covered by a waiver, and those covered, for reports that show waived findings apart.
 *
 * @param findings a report's findings.
 * @returns both lists, in report order.
 */
export function splitWaived(findings: readonly Finding[]): { counted: Finding[]; waived: Finding[] } {
  return { counted: findings.filter((f) => f.waiver === undefined), waived: findings.filter((f) => f.waiver !== undefined) };
}

/**
 * Codes of record errors (`CODICIL-D…`) that name no file of the records
 * folder: the folder itself as it was given (unreadable; DuckDB refusing its
 * settings or running out of memory), or a database.
 */
const NOT_A_RECORD_FILE = new Set([catalogue.recordsUnreadable.code, ...OF_THE_RUN]);

/**
 * Whether an error names a file of the records folder (relative to it):
 * record errors do; policy and waiver errors name their file from the
 * working directory (or absolutely), as the policy folder was given.
 *
 * @param error an error of the report.
 * @returns true for a file to find under the records folder.
 */
export function errorInRecords(error: RecordError): boolean {
  return error.code.startsWith('CODICIL-D') && !NOT_A_RECORD_FILE.has(error.code);
}

/**
 * Which of a report's findings have a record as their source (a file
 * relative to the records folder), rather than the policy's own versions
 * (amendment notice: a version file, named as the policy folder was given).
 * Told by the rule kind that judged the finding's clause (the coverage's
 * `rule`), never by the path's text: a policy folder can have any name.
 *
 * @param report the check report.
 * @returns the test, for each finding of the report.
 */
export function sourceInRecords(report: CheckReport): (finding: Finding) => boolean {
  // Per clause, the subject keys of its kinds that judge the policy's versions (a clause may change kind between versions).
  const policyKeys = new Map<string, string[]>();
  for (const entry of report.coverage) {
    const clause = clauseName(entry);
    for (const kind of entry.rule.split(', ')) {
      const plan = ruleKind(kind)?.plan;
      if (plan && plan.shape !== 'attestation' && plan.subject.table === POLICY_VERSIONS) policyKeys.set(clause, [...(policyKeys.get(clause) ?? []), keyNames(plan.subject.key)]);
    }
  }
  return (finding) => !policyKeys.get(clauseName(finding))?.includes(keyNames(finding.key));
}

/** A subject key's field names, as one text to compare. */
const keyNames = (key: Record<string, unknown>): string => Object.keys(key).sort().join('\u0000');

/**
 * A file of a report as the repository names it, for annotations and code
 * scanning: a record file under the records folder, any other as it is.
 *
 * @param file the file as the report names it.
 * @param inRecords whether it is relative to the records folder ({@link errorInRecords}, {@link sourceInRecords}).
 * @param recordsDir the records folder, relative to the working directory ('' for none or the working directory itself).
 * @returns e.g. `exports/incidents.jsonl`, or `legal/dpa/1.1.0.md` unchanged.
 */
export function repositoryPath(file: string, inRecords: boolean, recordsDir: string): string {
  const folder = recordsDir.replace(/\/+$/, '');
  return inRecords && folder !== '' ? `${folder}/${file}` : file;
}

/** Lines in one piece of {@link linePieces}. */
const LINES_PER_PIECE = 2000;

/**
 * A report of lines a piece at a time, each piece whole lines ending in a
 * line break: a report of many findings is written without ever being one
 * text.
 *
 * @param lines the report's lines.
 * @yields pieces of a few thousand lines, in order.
 */
export function* linePieces(lines: Iterable<string>): Generator<string> {
  let piece: string[] = [];
  for (const line of lines) {
    piece.push(line);
    if (piece.length === LINES_PER_PIECE) {
      yield `${piece.join('\n')}\n`;
      piece = [];
    }
  }
  if (piece.length > 0) yield `${piece.join('\n')}\n`;
}
