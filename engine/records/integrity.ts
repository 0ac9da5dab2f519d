/**
 * Integrity across rows, as every engine applies it: the order tables are
 * read in, which tables others refer to, and how keys are written in messages.
 */
import type { RecordErrorName } from '../errors/records.ts';
import type { RecordProblem } from './errors.ts';
import { table, type TableName } from './tables.ts';
import { shownValue } from './limits.ts';

/**
 * Tables in reading order: every table is read after the tables it
 * references, and the tables rules index (triggers, completions) before the
 * tables whose rows are the subjects judged. Rule plans are checked against
 * it when a kind is defined.
 */
export const READ_ORDER: TableName[] = [
  'data_stores',
  'incidents',
  'subprocessors',
  'attestations',
  // Each index table is followed by the table judged against it, so the
  // index can be dropped as soon as it has served (lower peak memory).
  'incident_notices',
  'incident_impacts',
  'deletions',
  'deletion_requests',
  'confidentiality_agreements',
  'access_grants',
  'subprocessor_locations',
  'dsr_requests',
  'information_requests',
  'inability_notices',
];

/** Tables other tables reference: their keys are kept for look-ups. */
export const REFERENCED = new Set<TableName>(READ_ORDER.flatMap((name) => Object.values(table(name).references)).filter((t): t is TableName => t !== 'policy:clause'));

/**
 * The file problems after which some of a file's rows may not have been read (not an unknown column: its rows are read without it).
 * A line too long is one only in CSV, whose parser reads nothing after it; JSONL and PostgreSQL report it for the row, and read on.
 */
const ROWS_UNREAD = new Set<RecordErrorName>(['recordFileUnreadable', 'recordFileTooLarge', 'recordInvalidUtf8', 'recordUtf16', 'parquetNeedsDuckdb', 'invalidJson', 'jsonNotArray', 'invalidYaml', 'yamlNotSequence', 'invalidCsv', 'lineTooLong']);

/**
 * Whether a problem leaves rows of a file unread: a row that could not be
 * read at all (not JSON, not an object, a CSV record of the wrong length),
 * or a problem of the whole file after which some rows may not have been.
 * References into its table are then not checked: a row that could not be
 * read cannot be told from a row that does not exist, and the problem
 * already stops the check (a review found 11 references "missing" from an
 * unreadable incidents file, each its own error; a user, a reference to a
 * CSV row with a cell left out).
 *
 * @param p a problem the reader reported.
 * @param isRow whether it is a row's (the reader could not read that row), not the file's.
 * @returns whether the table's keys are not all known.
 */
export const leavesRowsUnread = (p: RecordProblem, isRow = false): boolean => isRow || ROWS_UNREAD.has(p.name);

/** Referenced table -> the last table (in READ_ORDER) that refers to it. */
export const LAST_REFERENCE = new Map<TableName, TableName>(
  READ_ORDER.flatMap((name) => Object.values(table(name).references).filter((t): t is TableName => t !== 'policy:clause').map((t) => [t, name] as [TableName, TableName])),
);

/**
 * A row's key as one string. Composite keys are length-prefixed, so no
 * character inside an id can make two keys collide.
 *
 * @param row the row.
 * @param fields the key fields.
 * @returns the key.
 */
export const keyOf = (row: Record<string, unknown>, fields: readonly string[]): string => (fields.length === 1 ? String(row[fields[0]!]) : keyOfValues(fields.map((f) => row[f])));

/**
 * A key given by its values, written as {@link keyOf} writes it.
 *
 * @param values the key's values, in order.
 * @returns the key.
 */
export const keyOfValues = (values: readonly unknown[]): string =>
  values.length === 1
    ? String(values[0])
    : values
        .map((x) => {
          const v = String(x);
          return `${v.length}:${v}`;
        })
        .join('');

/**
 * A key as messages show it: `account_id="A-1", store="logs"`.
 *
 * @param row the row.
 * @param fields the key fields.
 * @returns the words.
 */
export const describeKey = (row: Record<string, unknown>, fields: readonly string[]): string => fields.map((f) => `${f}=${shownValue(row[f])}`).join(', ');
