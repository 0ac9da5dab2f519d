import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Log, Result } from 'sarif';
import type { CheckReport } from '../check/report-types.ts';
import { ruleKind } from '../rules/registry.ts';
import { errors } from '../errors/catalogue.ts';
import { visibleInJson } from '../errors/visible.ts';
import { clauseName, errorInRecords, expiredWaiverText, judgedBy, keyText, reportDocuments, repositoryPath, sourceInRecords } from './group.ts';

/**
 * SARIF 2.1.0: one rule per clause, one result per finding located at the
 * record's file and line (violations `error`, pendings `note`), and input
 * errors as results of the rule `codicil/invalid-input`.
 *
 * @param report the check report.
 * @param recordsDir the records folder from the working directory: record files are named under it, so results point into the repository.
 * @returns the SARIF log (valid against the SARIF 2.1.0 schema).
 */
export function formatSarif(report: CheckReport, recordsDir = ''): Log {
  const run = sarifRun(report);
  for (const result of sarifResults(report, recordsDir)) run.addResult(result);
  return sarifLog(run);
}

/** Results in one piece of {@link sarifPieces}. */
const RESULTS_PER_PIECE = 2000;

/** Stand-ins for the results and artifacts in the log's text, each found on a line of its own. */
const RESULTS = '\u0000results';
const ARTIFACTS = '\u0000artifacts';

/**
 * {@link formatSarif}'s log as text (`jsonText`) a piece at a time: the
 * results come a few thousand at a time, each completed by node-sarif-builder
 * (rule and artifact indexes) as they are written, so that many findings are
 * never one log or one text (709 000 findings were a text too long for a
 * JavaScript string).
 *
 * @param report the check report.
 * @param recordsDir prefix for record paths.
 * @yields pieces of the text, in order.
 */
export function* sarifPieces(report: CheckReport, recordsDir = ''): Generator<string> {
  const frame = sarifRun(report);
  frame.run.results = [RESULTS as unknown as Result];
  frame.run.artifacts = [ARTIFACTS as never];
  const [results, artifactsAt, end] = splitAt(`${JSON.stringify(sarifLog(frame), null, 2)}\n`, [RESULTS, ARTIFACTS]);
  yield visibleInJson(results.before);
  // What the library completes from the results: the artifacts they point at, in the order first pointed at.
  const artifacts: unknown[] = [];
  // One run completes every piece's results: its rules give their indexes, its artifacts grow with them.
  const run = sarifRun(report);
  run.run.artifacts = artifacts as never;
  let piece: SarifResultBuilder[] = [];
  let written = 0;
  const write = (): string => {
    run.run.results = [];
    for (const result of piece) run.addResult(result);
    sarifLog(run);
    const items = run.run.results!.map((r) => `${written++ === 0 ? '\n' : ',\n'}${results.indent}${nested(r, results.indent)}`);
    piece = [];
    return visibleInJson(items.join(''));
  };
  for (const result of sarifResults(report, recordsDir)) {
    piece.push(result);
    if (piece.length === RESULTS_PER_PIECE) yield write();
  }
  if (piece.length > 0) yield write();
  const items = artifacts.map((a) => `\n${artifactsAt.indent}${nested(a, artifactsAt.indent)}`).join(',');
  yield visibleInJson(`${closed(artifactsAt.before, written)}${items}${closed(end, artifacts.length)}`);
}

/** A value as `JSON.stringify(…, null, 2)` writes it at this indent (JSON text holds no raw line break but its own). */
const nested = (value: unknown, indent: string): string => JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);

/** Where a stand-in stood, the one item of an array: the text before it (ending in the array's `[`), and its indent. */
interface Place {
  before: string;
  indent: string;
}

/**
 * Split a log's text at its stand-ins.
 *
 * @param text the log's text.
 * @param standIns the stand-ins, in the order they stand.
 * @returns a place per stand-in, each but the first starting with what closes the array before; then the rest of the text.
 */
function splitAt(text: string, standIns: string[]): [Place, Place, string] {
  const places: Place[] = [];
  let rest = text;
  for (const standIn of standIns) {
    const quoted = JSON.stringify(standIn);
    const at = rest.indexOf(quoted);
    const lineStart = rest.lastIndexOf('\n', at);
    places.push({ before: rest.slice(0, lineStart), indent: rest.slice(lineStart + 1, at) });
    rest = rest.slice(at + quoted.length);
  }
  return [places[0]!, places[1]!, rest];
}

/** Text that starts by closing an array (a line break, its indent, `]`), as JSON.stringify writes it: `]` alone after no item. */
const closed = (text: string, items: number): string => (items === 0 ? text.replace(/^\n */, '') : text);

/** The run without its results: the tool, one rule per clause (or the invalid-input rule), and what is said of the run itself. */
function sarifRun(report: CheckReport): SarifRunBuilder {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'codicil', toolDriverVersion: '0.1.0' });
  if (report.errors) {
    run.addRule(new SarifRuleBuilder().initSimple({ ruleId: 'codicil/invalid-input', shortDescriptionText: 'Records or policy that cannot be judged' }));
    return run;
  }
  for (const entry of report.coverage) {
    const kind = ruleKind(entry.rule.split(', ')[0]!);
    run.addRule(new SarifRuleBuilder().initSimple({ ruleId: clauseName(entry), shortDescriptionText: kind ? `${kind.title} (${entry.rule})` : entry.rule }));
  }
  // Several documents: the run says which, each with its versions (as the JSON report's policy.documents).
  if (report.policy.documents) run.run.properties = { documents: reportDocuments(report) };
  // Unused waivers are warnings about the run itself (failures with --strict).
  const unused = report.unusedWaivers ?? [];
  if (unused.length > 0) {
    run.run.invocations = [
      {
        executionSuccessful: true,
        toolExecutionNotifications: unused.map((u) => ({
          level: report.strict ? 'error' : 'warning',
          descriptor: { id: errors.waiverUnused.code },
          message: { text: `${errors.waiverUnused.message(u.id, clauseName(u))} (${keyText(u.match)}, until ${u.expires})` },
          locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(u.source.file) }, ...(u.source.line === null ? {} : { region: { startLine: u.source.line } }) } }],
        })),
      },
    ];
  }
  return run;
}

/** The run's results: an input error or a finding each. */
function* sarifResults(report: CheckReport, recordsDir: string): Generator<SarifResultBuilder> {
  if (report.errors) {
    for (const e of report.errors) {
      yield new SarifResultBuilder().initSimple({
        ruleId: 'codicil/invalid-input',
        level: 'error',
        messageText: `${e.field ? `${e.field}: ` : ''}${e.message}`,
        // Only record errors name a file of the records folder; policy and waiver files are named from the working directory.
        ...(e.file ? { fileUri: fileUri(repositoryPath(e.file, errorInRecords(e), recordsDir)) } : {}),
        ...(e.line ? { startLine: e.line } : {}),
      });
    }
    return;
  }
  const inRecords = sourceInRecords(report);
  for (const f of report.findings ?? []) {
    const result = new SarifResultBuilder().initSimple({
      ruleId: clauseName(f),
      level: f.status === 'violation' ? 'error' : 'note',
      messageText: `${f.status}: ${keyText(f.key)}: ${f.message} (judged by ${f.document === undefined ? 'version ' : ''}${judgedBy(f)})${f.expiredWaiver ? `; ${expiredWaiverText(f.expiredWaiver)}` : ''}`,
      ...(f.source ? { fileUri: fileUri(repositoryPath(f.source.file, inRecords(f), recordsDir)), ...(f.source.line !== null ? { startLine: f.source.line } : {}) } : {}),
    });
    // A waived finding stays a result, suppressed as accepted: code-scanning dashboards show it as such.
    if (f.waiver) {
      const w = f.waiver;
      result.result.suppressions = [{ kind: 'external', status: 'accepted', justification: `${w.reason} (waiver ${w.id}, approved by ${w.approved_by}${w.ticket === undefined ? '' : `, ticket ${w.ticket}`}, until ${w.expires})` }];
      result.result.properties = { waiver: { ...w } };
    } else if (f.expiredWaiver) result.result.properties = { expiredWaiver: { ...f.expiredWaiver } };
    yield result;
  }
}

/**
 * A file's path as the relative URI SARIF locates it by: each segment
 * percent-encoded (review: a folder with a space or a non-ASCII letter made
 * the log invalid, and `%41`, `#` or `?` pointed at another file), `/` kept.
 *
 * @param path a path, `/`-separated.
 * @returns e.g. `rec%20with%20space/incidents.jsonl`.
 */
function fileUri(path: string): string {
  // A lone surrogate (no file system names one) would make encodeURIComponent throw.
  return path.toWellFormed().split('/').map(encodeURIComponent).join('/');
}

/** The log of one run, completed by node-sarif-builder (artifacts, rule and artifact indexes). */
function sarifLog(run: SarifRunBuilder): Log {
  const builder = new SarifBuilder();
  builder.addRun(run);
  return builder.buildSarifOutput() as Log;
}
