/**
 * The record errors of the catalogue (`CODICIL-D…`): every problem a records
 * folder or a database table can have. Each engine reports a problem by name
 * and figures; the words are made here only, so `js`, `duckdb` and `postgres`
 * give the same message for the same problem.
 */
import type { ErrorDefinition } from './catalogue.ts';

function define<Args extends unknown[]>(entry: ErrorDefinition<Args>): ErrorDefinition<Args> {
  return entry;
}

/** Every record error, by name. */
export const recordErrors = {
  // --- the folder and its files ---------------------------------------------
  recordsUnreadable: define({
    code: 'CODICIL-D001',
    title: 'Records folder unreadable',
    message: (dir: string, reason: string) => `cannot read the records folder ${dir}: ${reason}`,
    hint: () => 'Pass the folder that holds one file (or shard folder) per record table with --records.',
  }),
  notATable: define({
    code: 'CODICIL-D002',
    title: 'Not a record table',
    message: (name: string, known: string) => `${JSON.stringify(name)} is not a record table (known: ${known}); a misnamed file is never skipped`,
    hint: () => 'Rename the file after its table (records.md), or start its name with _ or . to keep it out.',
  }),
  unknownFormat: define({
    code: 'CODICIL-D003',
    title: 'Unknown record format',
    message: (ext: string) => `unknown format ${ext || '(none)'}: a table is .jsonl, .json, .csv, .yaml, .yml or .parquet`,
    hint: () => 'Export the table as JSONL, CSV, JSON, YAML or Parquet.',
  }),
  tableTwice: define({
    code: 'CODICIL-D004',
    title: 'Table given more than once',
    message: (table: string) => `table ${table} is given more than once; shard a large table into a folder ${table}/ instead`,
    hint: () => 'Keep one file or one shard folder per table.',
  }),
  notARegularFile: define({
    code: 'CODICIL-D005',
    title: 'Not a regular file',
    message: (what: string) => `${what}: only regular files (and shard folders of them) are read`,
    hint: () => 'Export the table to a file; pipes, devices and sockets are never read.',
  }),
  recordLinkOutside: define({
    code: 'CODICIL-D006',
    title: 'Link out of the records folder',
    message: (target: string) => `links to ${target}, outside the records folder`,
    hint: () => 'Copy the file into the records folder: links must stay inside the folder given.',
  }),
  recordFileUnreadable: define({
    code: 'CODICIL-D007',
    title: 'Record file unreadable',
    message: (reason: string) => `cannot read the file: ${reason}`,
    hint: () => 'Check the file exists, is readable and is not a broken or looping link.',
  }),
  recordFileTooLarge: define({
    code: 'CODICIL-D008',
    title: 'Record file too large',
    message: (size: string, limit: string, format: string) => `the file is ${size}; a ${format} table file is read whole and may be at most ${limit}`,
    hint: () => 'Export large tables as JSONL, CSV or Parquet (streamed), or shard them into a folder.',
  }),
  parquetNeedsDuckdb: define({
    code: 'CODICIL-D009',
    title: 'Parquet needs the duckdb engine',
    message: () => 'the js engine does not read Parquet; run check with --engine duckdb (the default)',
    hint: () => 'Leave out --engine js, or export the table as JSONL or CSV.',
  }),
  emptyTable: define({
    code: 'CODICIL-D010',
    title: 'Table file with no rows',
    message: () => 'the file holds no rows: an empty export is refused (a CSV file may hold only its header row)',
    hint: () => 'A truncated export must not pass: remove the file to leave its clauses unchecked, or export the rows.',
  }),
  recordInvalidUtf8: define({
    code: 'CODICIL-D011',
    title: 'Not UTF-8',
    message: () => 'the bytes are not valid UTF-8 (a corrupted or Windows-1252 export?); nothing is guessed',
    hint: () => 'Export the table as UTF-8.',
  }),
  recordUtf16: define({
    code: 'CODICIL-D019',
    title: 'UTF-16, not UTF-8',
    message: (encoding: string) => `the file is ${encoding} (it begins with that byte-order mark), not UTF-8: save it as UTF-8; nothing is guessed`,
    hint: () => 'Save or export the table as UTF-8 (in Excel: "CSV UTF-8"; in PowerShell: -Encoding utf8).',
  }),
  lineTooLong: define({
    code: 'CODICIL-D012',
    title: 'Line or cell too long',
    message: (limit: string) => `the line is longer than ${limit}; no record is that long`,
    hint: () => 'Check the export: a record table is flat, one record a line.',
  }),
  columnType: define({
    code: 'CODICIL-D013',
    title: 'Column of the wrong type',
    message: (column: string, type: string, wanted: string) => `column ${column} is ${type}; records.md reads it from ${wanted}`,
    hint: () => 'Give the column the type records.md reads (or text, validated like a CSV cell), e.g. through a view.',
  }),
  columnWithoutOffset: define({
    code: 'CODICIL-D014',
    title: 'Timestamp column without a time zone',
    message: (column: string) => `column ${column} is a timestamp without time zone: it has no offset, and a time without one is never guessed`,
    hint: () => 'Use timestamptz (or text with an offset, such as 2025-03-01T09:30:00Z).',
  }),
  databaseUnreadable: define({
    code: 'CODICIL-D015',
    title: 'Database unreadable',
    message: (reason: string) => reason,
    hint: () => 'Check --database (or CODICIL_DATABASE_URL), that the server runs, and that the user may SELECT the record tables.',
    ofTheRun: true,
  }),
  engineSettingsRefused: define({
    code: 'CODICIL-D017',
    title: 'DuckDB refused its settings',
    message: (settings: string, words: string) => `DuckDB refused its settings (${settings}) and judged nothing: ${words}`,
    hint: () => 'Give --memory-limit a size this machine can have (e.g. 2GB) and --threads a count of cores (e.g. 2).',
    ofTheRun: true,
  }),
  misnamedTable: define({
    code: 'CODICIL-D018',
    title: 'Table named in other letters',
    message: (name: string, table: string) => `${JSON.stringify(name)} is not a record table: it differs from ${table} only in case, and a misnamed table is never skipped`,
    hint: () => 'Record tables are named in lower case, as records.md names them: rename the table (ALTER TABLE "Incidents" RENAME TO incidents), show it through a view of that name, or keep it in another schema.',
  }),
  engineOutOfMemory: define({
    code: 'CODICIL-D016',
    title: 'DuckDB ran out of memory',
    message: (limit: string, words: string) => `DuckDB ran out of memory (${limit}) and judged nothing: ${words}`,
    hint: () => 'Give it more memory (--memory-limit 2GB) or fewer threads (--threads 1): beyond the limit DuckDB spills to a temp directory, but some steps must fit in it.',
    ofTheRun: true,
  }),
  // --- syntax of a format ---------------------------------------------------------
  invalidJson: define({
    code: 'CODICIL-D101',
    title: 'Not valid JSON',
    message: (detail: string) => `not valid JSON: ${detail}`,
    hint: () => 'Each line of a JSONL file is one JSON object.',
  }),
  lineNotObject: define({
    code: 'CODICIL-D102',
    title: 'JSONL line is not an object',
    message: (type: string) => `a line must hold one JSON object, not ${type}`,
    hint: () => 'Each line of a JSONL file is one JSON object.',
  }),
  jsonNotArray: define({
    code: 'CODICIL-D103',
    title: 'JSON table is not an array',
    message: (type: string) => `a JSON table is an array of objects, not ${type}`,
    hint: () => 'Write the table as [ {…}, {…} ].',
  }),
  itemNotObject: define({
    code: 'CODICIL-D104',
    title: 'Table item is not an object',
    message: (index: number, type: string) => `item ${index} must be an object, not ${type}`,
    hint: () => 'Every item of a table is one record with field: value pairs.',
  }),
  invalidYaml: define({
    code: 'CODICIL-D105',
    title: 'Not valid YAML',
    message: (detail: string) => `not valid YAML: ${detail}`,
    hint: () => 'A YAML table is a sequence of mappings (each row starting with "- ").',
  }),
  yamlNotSequence: define({
    code: 'CODICIL-D106',
    title: 'YAML table is not a sequence',
    message: () => 'a YAML table is a sequence of mappings (each row starting with "- ")',
    hint: () => 'A YAML table is a sequence of mappings (each row starting with "- ").',
  }),
  fieldNameNotString: define({
    code: 'CODICIL-D107',
    title: 'Field name is not a string',
    message: () => 'a field name must be a plain string',
    hint: () => 'Write field names as plain words (records.md).',
  }),
  valueUnreadable: define({
    code: 'CODICIL-D108',
    title: 'Value cannot be read',
    message: (field: string, reason: string) => `cannot read ${field}: ${reason}`,
    hint: () => 'Values are plain scalars; aliases are limited.',
  }),
  invalidCsv: define({
    code: 'CODICIL-D109',
    title: 'Not valid CSV',
    message: (detail: string) => `not valid CSV: ${detail}`,
    hint: () => 'CSV is RFC 4180: a header row, commas, double quotes around fields holding commas, quotes or line breaks.',
  }),
  csvNoHeader: define({
    code: 'CODICIL-D110',
    title: 'CSV without a header row',
    message: () => 'the file has no header row',
    hint: () => 'The first row of a CSV table names its columns.',
  }),
  unknownColumn: define({
    code: 'CODICIL-D111',
    title: 'Unknown column',
    message: (column: string) => `unknown column ${JSON.stringify(column)}`,
    hint: () => 'Column names are the fields of records.md: typos must not pass.',
  }),
  columnTwice: define({
    code: 'CODICIL-D112',
    title: 'Column given twice',
    message: (column: string) => `column ${JSON.stringify(column)} appears twice`,
    hint: () => 'Give each column once.',
  }),
  // --- codicil load: writing a valid folder into PostgreSQL ------------------------
  valueNotStorable: define({
    code: 'CODICIL-D120',
    title: 'Value PostgreSQL cannot hold as codicil reads it',
    message: (field: string, why: string) => `${field} ${why}`,
    hint: () => 'The record is valid, but this value cannot be loaded as it is: nothing was loaded. Load the folder with --columns text (every value kept as written), or correct the value.',
  }),
  loadFailed: define({
    code: 'CODICIL-D121',
    title: 'Load failed in the database',
    message: (words: string) => words,
    hint: () => 'Nothing was loaded (the transaction was rolled back). Check that the user may create tables in the schema (CREATE on it, or on the database to create the schema) and that the server stays up.',
    ofTheRun: true,
  }),
  relationNotATable: define({
    code: 'CODICIL-D122',
    title: 'Record table name held by a view, not a table',
    message: (relation: string, kind: string) => `${relation} is ${kind}: load replaces only tables, and drops nothing else (--replace or not)`,
    hint: () => 'Nothing was loaded. Load into another --schema, or drop or rename it yourself (check --engine postgres judges a view of a record table’s name as that table).',
  }),
  // --- values of a row --------------------------------------------------------------
  unknownField: define({
    code: 'CODICIL-D201',
    title: 'Unknown field',
    message: (field: string) => `unknown field ${JSON.stringify(field)} (typos must not pass)`,
    hint: () => 'Fields are those of records.md.',
  }),
  fieldTwice: define({
    code: 'CODICIL-D202',
    title: 'Field given twice in a record',
    message: (field: string) => `field ${JSON.stringify(field)} is given twice in the record (which value counts is never guessed)`,
    hint: () => 'Give each field once.',
  }),
  requiredMissing: define({
    code: 'CODICIL-D203',
    title: 'Required field missing',
    message: (field: string) => `required field ${field} is missing`,
    hint: () => 'Fields marked * in records.md are required.',
  }),
  wrongType: define({
    code: 'CODICIL-D204',
    title: 'Value of the wrong type',
    message: (field: string, expected: string, got: string) => `${field} must be ${expected} (got ${got})`,
    hint: () => 'Ids, timestamps and words are strings; flags are true or false.',
  }),
  emptyValue: define({
    code: 'CODICIL-D205',
    title: 'Empty id',
    message: (field: string) => `${field} must not be empty`,
    hint: () => 'An id is a non-empty string.',
  }),
  notInEnum: define({
    code: 'CODICIL-D206',
    title: 'Value not one of the allowed words',
    message: (field: string, allowed: string, got: string) => `${field} must be one of ${allowed} (got ${got})`,
    hint: () => 'records.md lists the allowed words.',
  }),
  timestampWithoutOffset: define({
    code: 'CODICIL-D207',
    title: 'Timestamp without an offset',
    message: (value: string) => `timestamp ${value} has no offset: add Z or +hh:mm (a time without an offset is never guessed)`,
    hint: () => 'Write timestamps as RFC 3339 with an offset, e.g. 2025-03-01T09:30:00Z.',
  }),
  badTimestamp: define({
    code: 'CODICIL-D208',
    title: 'Not a timestamp',
    message: (value: string) => `${value} is not an RFC 3339 timestamp (e.g. 2025-03-01T09:30:00Z)`,
    hint: () => 'Write timestamps as RFC 3339 with an offset, e.g. 2025-03-01T09:30:00Z.',
  }),
  badCountry: define({
    code: 'CODICIL-D209',
    title: 'Not a country code',
    message: (field: string, value: string) => `${field} ${value} is not an ISO 3166-1 alpha-2 country code in upper case (e.g. GB for the United Kingdom, GR for Greece)`,
    hint: () => 'Countries are ISO 3166-1 alpha-2 codes in upper case.',
  }),
  // --- across rows ----------------------------------------------------------------
  duplicateKey: define({
    code: 'CODICIL-D301',
    title: 'Duplicate key',
    message: (key: string, first: string) => `duplicate key ${key}: already at ${first}`,
    hint: () => 'Each key is unique in its table (records.md).',
  }),
  danglingReference: define({
    code: 'CODICIL-D302',
    title: 'Reference to a missing row',
    message: (field: string, id: string, target: string, tableAbsent: boolean) => `${field} ${id} does not exist in ${target}${tableAbsent ? ` (no ${target} table)` : ''}`,
    hint: () => 'Every reference names a row of the table it refers to.',
  }),
  unknownClause: define({
    code: 'CODICIL-D303',
    title: 'Attestation for an unknown clause',
    message: (id: string) => `clause ${id} does not exist in the policy`,
    hint: () => 'Attestations name a clause id of the policy.',
  }),
  furtherErrors: define({
    code: 'CODICIL-D900',
    title: 'More errors not shown',
    message: (count: number) => `${count} further error(s) not shown`,
    hint: () => 'Fix the errors shown and run again.',
  }),
} as const;

/** The name of a record error. */
export type RecordErrorName = keyof typeof recordErrors;
