/**
 * A case's inline records as a records folder `check` can read: one JSONL
 * file per table, one row a line, in a temporary folder. What `check`
 * reports about those files (errors, finding sources) is mapped back to the
 * case file: the file is the case (relative to `tests/`), the line the row's
 * line in it.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../check/report-types.ts';
import { makeTemporaryFolder, removeTemporaryFolder } from '../io/temporary.ts';
import type { RecordError } from '../records/errors.ts';
import type { RowSource } from '../records/read.ts';
import { table as tableDefinition, type TableName } from '../records/tables.ts';
import type { CaseFile } from './case-file.ts';

/** A temporary records folder holding a case's inline records. */
export interface InlineRecords {
  /** The folder. */
  dir: string;
  /** Map a place in the folder's files to the case file. */
  place(file: string, line: number | null): { file: string; line: number | null } | undefined;
  /** Delete the folder. */
  remove(): Promise<void>;
}

/**
 * Write a case's inline records to a temporary folder. A table given with
 * no rows is present and empty: it is written as a CSV file with only its
 * header row (records.md refuses an empty JSONL export, and an absent table
 * would leave its clauses unchecked).
 *
 * @param kase the case file (valid, with inline records).
 * @returns the folder and the mapping back to the case file.
 */
export async function writeInlineRecords(kase: CaseFile): Promise<InlineRecords> {
  const dir = await makeTemporaryFolder(tmpdir(), 'codicil-test-');
  const files = new Map<string, TableName>();
  try {
    for (const [name, rows] of Object.entries(kase.spec?.records ?? {}) as [TableName, Record<string, unknown>[]][]) {
      if (rows.length === 0) {
        const file = `${name}.csv`;
        files.set(file, name);
        await writeFile(join(dir, file), `${tableDefinition(name).fields.map((f) => f.name).join(',')}\n`);
      } else {
        const file = `${name}.jsonl`;
        files.set(file, name);
        await writeFile(join(dir, file), rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      }
    }
  } catch (error) {
    await removeTemporaryFolder(dir);
    throw error;
  }
  return {
    dir,
    place(file, line) {
      const table = files.get(file);
      if (table === undefined) return undefined;
      const where = kase.tables.get(table);
      // A JSONL line is a row; the file as a whole is the table's name.
      const row = line === null || file.endsWith('.csv') ? undefined : where?.rows[line - 1];
      return { file: kase.name, line: row ?? where?.line ?? null };
    },
    remove: () => removeTemporaryFolder(dir),
  };
}

/**
 * A check report whose errors and finding sources name the case file
 * instead of the temporary folder's files.
 *
 * @param report the report of `check` on the folder.
 * @param records the folder.
 * @returns the report, mapped (the input is not changed).
 */
export function mapReport(report: CheckReport, records: InlineRecords): CheckReport {
  const source = (s: RowSource | null): RowSource | null => {
    if (s === null) return null;
    const p = records.place(s.file, s.line);
    return p ? { file: p.file, line: p.line ?? s.line } : s;
  };
  // Messages that cite another row (`already at incidents.jsonl:2`) cite it in the case file too.
  const message = (text: string) =>
    text.replace(/\b([a-z_]+\.(?:jsonl|csv)):(\d+)\b/g, (whole, file: string, line: string) => {
      const p = records.place(file, Number(line));
      return p ? `${p.file}:${p.line}` : whole;
    });
  const error = (e: RecordError): RecordError => {
    const p = records.place(e.file, e.line);
    return p ? { ...e, file: p.file, line: p.line, message: message(e.message) } : e;
  };
  return {
    ...report,
    ...(report.findings ? { findings: report.findings.map((f) => ({ ...f, source: source(f.source) })) } : {}),
    ...(report.errors ? { errors: report.errors.map(error) } : {}),
    coverage: report.coverage.map((c) => (c.attestation ? { ...c, attestation: { ...c.attestation, source: source(c.attestation.source)! } } : c)),
  };
}
