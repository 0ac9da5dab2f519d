/**
 * One policy test file (docs/spec/tests.md): read, checked against
 * schemas/policy-test.schema.json and against itself, with the line of every
 * inline row so that record errors can point into the case file. Never
 * throws on the file's content: every problem is a positional message.
 */
import { isMap, isSeq, type Document, type LineCounter } from 'yaml';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { capMessages } from '../model/file-guard.ts';
import type { PolicyTestCase } from '../generated/policy-test.ts';
import { readYaml } from '../parse/yaml-data.ts';
import { yamlPlace } from '../parse/yaml-place.ts';
import { parseTimestamp } from '../schemas/timestamp.ts';
import { TABLE_NAMES, type TableName } from '../records/tables.ts';
import { validate } from '../schemas/validator.ts';
import { checkWaiverList, waiverProblemWords, type WaiverContext } from '../waivers/index.ts';
import { meant, nearest } from '../errors/nearest.ts';

/** What a case expects: exit, and findings or errors. */
export type Expectation = PolicyTestCase['expect'];
/** One expected finding. */
export type ExpectedFinding = NonNullable<Expectation['findings']>[number];
/** One expected record error. */
export type ExpectedError = NonNullable<Expectation['errors']>[number];

/** Where the rows of one inline table are written in the case file. */
export interface TablePlace {
  /** The line of the table's name (`incidents:`). */
  line: number;
  /** The line each row starts on, in order. */
  rows: number[];
}

/** A case file, read. */
export interface CaseFile {
  /** The file's path as messages show it (relative to the working directory). */
  path: string;
  /** The file relative to `tests/`, with `/` (what reports and expected errors name). */
  name: string;
  /** Its messages (errors make the case invalid). */
  file: VFile;
  /** The parsed YAML, for `--update` (undefined when it is not valid YAML). */
  doc: Document | undefined;
  /** The case, when the file matches its schema (see {@link runnable} for whether it can run). */
  spec: PolicyTestCase | undefined;
  /** `as_of` in milliseconds, when valid. */
  asOf: number | undefined;
  /** Where each inline table is written. */
  tables: Map<TableName, TablePlace>;
  /** The line each of its waivers starts on. */
  waiverLines: number[];
  /** Where `records_dir` is written, when it is. */
  recordsDirAt?: { line: number; column: number };
  /**
   * The file was not read: not a regular file, a link that leads out of the
   * policy folder or nowhere, too large, not UTF-8 (its error is on `file`).
   * `codicil test` then judges nothing.
   */
  refused: boolean;
}

/** What a case is checked against besides its own syntax. */
export interface CaseContext {
  /** The policy's document id, for messages. */
  document: string;
  /** Every clause id of the policy's versions (an expected finding must name one); undefined when a version file could not be read, so the clauses are not all known. */
  clauseIds: ReadonlySet<string> | undefined;
  /** The clauses a waiver may name and the key fields of their findings (omit to check waivers alone). */
  waivers?: WaiverContext;
}

/** Problems of `expect` alone: `--update` may still run the case and rewrite it. */
const EXPECTATION_CODES = new Set([errors.testContradiction.code, errors.testUnknownClause.code]);

/**
 * Whether a case can run: it is valid, or — when its expectation is about
 * to be rewritten — only its `expect` is wrong.
 *
 * @param kase the case file.
 * @param update whether `expect` will be rewritten.
 * @returns true when `check` can run on it.
 */
export function runnable(kase: CaseFile, update: boolean): boolean {
  const fatal = kase.file.messages.filter((m) => m.fatal);
  return kase.spec !== undefined && kase.asOf !== undefined && (fatal.length === 0 || (update && fatal.every((m) => EXPECTATION_CODES.has(m.ruleId ?? ''))));
}

/**
 * Read `as_of` as `--as-of` reads it: RFC 3339 with an offset, or a date meaning 00:00 UTC.
 *
 * @param text the value.
 * @returns milliseconds since the epoch, or NaN.
 */
export function readAsOf(text: string): number {
  return parseTimestamp(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

/**
 * The identity of an expected or actual finding: clause, status, key (in any
 * field order) and whether it is waived.
 *
 * @param f a finding.
 * @returns a string equal for equal findings.
 */
export function findingId(f: ExpectedFinding): string {
  const key = Object.entries(f.key).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([f.clause, f.status, key, f.waived === true]);
}

/**
 * Read and check one case file.
 *
 * @param path the file's path as messages show it.
 * @param name the file relative to `tests/`.
 * @param text its content.
 * @param context the policy it is run against (for clause ids), or undefined to check syntax only.
 * @returns the case, with every problem as a message on `file`.
 */
export function readCaseFile(path: string, name: string, text: string, context?: CaseContext): CaseFile {
  const kase = readCase(path, name, text, context);
  // Problems in the order of the file, whichever check found them.
  kase.file.messages.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  // A file of thousands of broken rows lists its first problems and a count of the rest.
  capMessages(kase.file);
  return kase;
}

function readCase(path: string, name: string, text: string, context: CaseContext | undefined): CaseFile {
  const file = new VFile({ path, value: text });
  const result: CaseFile = { path, name, file, doc: undefined, spec: undefined, asOf: undefined, tables: new Map(), waiverLines: [], refused: false };
  // Read as policy YAML is: no aliases (nothing to expand), duplicate keys refused in linear time, flow nesting bounded.
  const yaml = readYaml(text);
  if (!yaml.ok) {
    for (const { reason, offset } of yaml.problems) {
      const pos = yaml.lines.linePos(offset);
      report(file, errors.testSyntax, [reason], { line: pos.line, column: pos.col });
    }
    return result;
  }
  const { doc, lines } = yaml;
  result.doc = doc;
  const place = (field: string) => yamlPlace(doc, lines, field);
  const data: unknown = yaml.data;
  const problems = validate('policy-test.schema.json', data);
  for (const { field, problem } of problems) {
    if (/^waivers\[\d+\]\.match$/.test(field) && problem.startsWith('must NOT have fewer than 1')) continue; // W007 says it below, in words
    // A table's name mistyped, at its name (a user read "records.incident: is not a known field" at the line after).
    const table = /^records\.([^.[\]]+)$/.exec(field)?.[1];
    if (table !== undefined && problem === 'is not a known field') {
      const near = nearest(table, TABLE_NAMES);
      report(file, errors.testInvalid, [field, `${table} is not a record table${meant(near)}; the tables are those of records.md: ${TABLE_NAMES.join(', ')}`], keyPlace(doc, lines, 'records', table) ?? place(field));
      continue;
    }
    report(file, errors.testInvalid, [field, field.startsWith('waivers') ? waiverProblemWords(field, problem) : problem], place(field));
  }
  if (!isObject(data)) return result;
  // Every other check runs too (a lawyer fixes all problems in one round), each
  // on the fields the schema found sound: a value it refused is never reported
  // again as a consequence.
  const sound = (field: string): boolean => !problems.some((p) => p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`));
  const asOf = checkAsOf(data, file, place, sound);
  if (data.records !== undefined && data.records_dir !== undefined) report(file, errors.testInvalid, ['records_dir', 'give the records inline (records) or as a folder (records_dir), not both'], place('records_dir'));
  if (data.records_dir !== undefined) result.recordsDirAt = place('records_dir');
  const waivers = Array.isArray(data.waivers) ? (data.waivers as unknown[]) : [];
  // The case's waivers are checked as a waiver file is (the same codes), at their lines in the case file.
  const refused = problems.filter((p) => p.field.startsWith('waivers[')).map((p) => p.field.slice('waivers'.length));
  checkWaiverList(waivers, { file, source: name, place: (field) => place(`waivers${field}`), schema: false, refused, ...(context?.waivers ? { context: context.waivers } : {}) });
  result.waiverLines = waivers.map((_w, i) => place(`waivers[${i}]`).line);
  checkRows(data.records, file, place);
  checkExpectation(data, file, place, context, sound);
  result.tables = tablePlaces(doc, lines);
  if (problems.length > 0) return result;
  result.spec = data as unknown as PolicyTestCase;
  if (!Number.isNaN(asOf)) result.asOf = asOf;
  return result;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where a field of the case file is written. */
type PlaceOf = (field: string) => { line: number; column: number };

/** `as_of`, read when the schema let it through (NaN when absent or unreadable, each problem reported once). */
function checkAsOf(data: Record<string, unknown>, file: VFile, place: PlaceOf, sound: (field: string) => boolean): number {
  if (typeof data.as_of !== 'string' || !sound('as_of')) return Number.NaN;
  const asOf = readAsOf(data.as_of);
  if (Number.isNaN(asOf)) report(file, errors.testInvalid, ['as_of', `${JSON.stringify(data.as_of)} is not an RFC 3339 timestamp with an offset (2025-03-10T00:00:00Z) or a date (2025-03-10)`], place('as_of'));
  return asOf;
}

/** Values no record can hold (YAML's .inf and .nan), in whatever rows are lists of mappings. */
function checkRows(records: unknown, file: VFile, place: PlaceOf): void {
  if (!isObject(records)) return;
  for (const [table, rows] of Object.entries(records)) {
    if (!Array.isArray(rows)) continue;
    rows.forEach((row: unknown, i) => {
      if (!isObject(row)) return;
      for (const [field, value] of Object.entries(row)) {
        if (typeof value === 'number' && !Number.isFinite(value)) report(file, errors.testInvalid, [`records.${table}[${i}].${field}`, `${String(value)} is not a value a record can hold`], place(`records.${table}[${i}].${field}`));
      }
    });
  }
}

/**
 * A case file that was not read (its error already on `file`).
 *
 * @param file the file with the reason it was refused.
 * @param name the file relative to `tests/`, with `/`.
 * @returns a case that cannot run.
 */
export function refusedCaseFile(file: VFile, name: string): CaseFile {
  return { path: file.path, name, file, doc: undefined, spec: undefined, asOf: undefined, tables: new Map(), waiverLines: [], refused: true };
}

/**
 * The consistency of `expect`: exit, findings and errors that can all be
 * true at once, and expected findings of clauses the policy has. Each check
 * looks only at what the schema found sound.
 */
function checkExpectation(data: Record<string, unknown>, file: VFile, place: PlaceOf, context: CaseContext | undefined, sound: (field: string) => boolean): void {
  if (!isObject(data.expect)) return; // the schema said it is missing or not a mapping
  const expect = data.expect as Expectation;
  const contradiction = (problem: string, field: string) => report(file, errors.testContradiction, [problem], place(field));
  // Exit is weighed against the findings only when both are as the schema says (a status it refused counts as nothing).
  if (sound('expect.exit') && sound('expect.findings')) checkExit(expect, contradiction, sound('expect.errors'));
  const findings: unknown[] = Array.isArray(expect.findings) ? expect.findings : [];
  // waived: true is weighed against the case's waivers only when they are sound: otherwise "no waiver covers it" may be the waivers' problem, already said.
  const waivers = sound('waivers') ? (data.waivers as PolicyTestCase['waivers']) ?? [] : undefined;
  const seen = new Map<string, number>();
  findings.forEach((f, i) => {
    const at = `expect.findings[${i}]`;
    if (!isObject(f)) return;
    if (context?.clauseIds && typeof f.clause === 'string' && sound(`${at}.clause`) && !context.clauseIds.has(f.clause)) report(file, errors.testUnknownClause, [f.clause, context.document, nearest(f.clause, context.clauseIds)], place(`${at}.clause`));
    if (!sound(at)) return;
    const finding = f as unknown as ExpectedFinding;
    const id = findingId(finding);
    if (seen.has(id)) contradiction(`findings[${i}] repeats findings[${seen.get(id)}]: a subject has one outcome per clause`, at);
    else seen.set(id, i);
    // waived: true requires a waiver: one of the case's must cover the finding (its clause, and its match in the key).
    const covered = waivers?.some((w) => w.clause === finding.clause && Object.entries(w.match).every(([k, v]) => finding.key[k] === v));
    if (finding.waived === true && covered === false) contradiction(`findings[${i}] says waived: true, but no waiver of this case covers it (a waiver of ${finding.clause} whose match is in its key)`, `${at}.waived`);
  });
}

/** Exit, findings and errors that can all be true at once (errors weighed only when the schema found them sound: `errors:` alone is null). */
function checkExit(expect: Expectation, contradiction: (problem: string, field: string) => void, errorsSound: boolean): void {
  const findings = expect.findings ?? [];
  if (expect.exit === 2) {
    if (errorsSound && (expect.errors === undefined || expect.errors.length === 0)) contradiction('exit 2 means the records are invalid: list the errors (file, line, field)', 'expect.exit');
    if (expect.findings !== undefined) contradiction('exit 2 means nothing was judged: there are no findings to expect', 'expect.findings');
    return;
  }
  if (expect.errors !== undefined) contradiction(`errors are listed only with exit 2 (invalid records), not exit ${expect.exit}`, 'expect.errors');
  if (expect.findings === undefined) contradiction(`list the findings expected with exit ${expect.exit} (findings: [] for none)`, 'expect.exit');
  const counted = findings.filter((f) => f.status === 'violation' && f.waived !== true).length;
  if (expect.exit === 0 && counted > 0) contradiction(`exit 0 means no violation, but ${counted} violation(s) are expected (a waived violation says waived: true)`, 'expect.exit');
  if (expect.exit === 1 && counted === 0 && expect.findings !== undefined) contradiction('exit 1 means at least one violation that is not waived, but none is expected', 'expect.exit');
}

/** The name of a mapping's key, as written. */
const keyName = (pair: { key: unknown }): string => String((pair.key as { value?: unknown } | null)?.value ?? pair.key);

/** Where a key of a top-level mapping is written (its name, not its value), if it is. */
function keyPlace(doc: Document, lines: LineCounter, parent: string, key: string): { line: number; column: number } | undefined {
  const map = doc.get(parent, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => keyName(p) === key);
  const range = (pair?.key as { range?: [number, number, number] } | null | undefined)?.range;
  if (range === undefined) return undefined;
  const pos = lines.linePos(range[0]);
  return { line: pos.line, column: pos.col };
}

/** The line of each inline table and of each of its rows. */
function tablePlaces(doc: Document, lines: LineCounter): Map<TableName, TablePlace> {
  const places = new Map<TableName, TablePlace>();
  const records = doc.get('records', true);
  if (!isMap(records)) return places;
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  for (const pair of records.items) {
    const table = keyName(pair) as TableName;
    if (!(TABLE_NAMES as readonly string[]).includes(table)) continue;
    const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
    const rows = isSeq(pair.value) ? pair.value.items.map((item) => lineOf((item as { range?: [number, number, number] }).range?.[0])) : [];
    places.set(table, { line: lineOf(keyRange?.[0]), rows });
  }
  return places;
}
