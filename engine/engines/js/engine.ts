/**
 * The `js` engine: the reference. Reads a records folder in this process
 * (streamed, table by table), validates every row with records.md's rules,
 * and interprets each clause's plan.
 */
import { discoverRecords, type DiscoveredRecords } from '../../records/discover.ts';
import { readRecords, type RowSource } from '../../records/read.ts';
import type { TableName } from '../../records/tables.ts';
import type { Outcome } from '../../rules/outcome.ts';
import type { AttestationRow, Judged, JudgeInput, Tally } from '../types.ts';
import { Interpreter } from './interpret.ts';

/**
 * Judge a records folder in this process.
 *
 * @param records the records folder (undefined: only the policy's own clauses).
 * @param input the policy's clauses, reference data and as-of.
 * @param discovered the folder's tables, when already discovered.
 * @returns errors, tallies, outcomes and attestations.
 */
export async function judgeWithJs(records: string | undefined, input: JudgeInput, discovered?: DiscoveredRecords): Promise<Judged> {
  const tallies = new Map<string, Tally>();
  const outcomes: Outcome[] = [];
  const attestations: AttestationRow[] = [];
  const found = records === undefined ? undefined : (discovered ?? (await discoverRecords(records)));
  const present = new Set<TableName>(found?.tables.keys() ?? []);
  const interpreter = new Interpreter({ asOf: input.asOf, versions: input.versions, reference: input.reference, tallies, outcomes });
  // A clause whose tables are not all present is unchecked, not judged.
  for (const clause of input.clauses) if (clause.kind.tables.every((t) => present.has(t) || clause.kind.plan.shape === 'attestation')) interpreter.add(clause);
  // Rows arrive with their timestamps in ms (instants: true).
  const keepAttestation = (row: Record<string, unknown>, source: RowSource) =>
    void attestations.push({ clause: row.clause as string, by: row.attested_by as string, attestedAt: row.attested_at as number, expiresAt: row.expires_at as number, source });
  let errors: Judged['errors'] = [];
  let rows = 0;
  if (records !== undefined && found) {
    const result = await readRecords(records, {
      // Discovery errors are check's to report (every engine shares them).
      discovered: { tables: found.tables, errors: [] },
      instants: true,
      clauseIds: input.clauseIds,
      handler: (table) => {
        const h = interpreter.handler(table);
        if (table !== 'attestations') return h;
        return h ? (row, source) => (h(row, source), keepAttestation(row, source)) : keepAttestation;
      },
      onTableDone: (table) => interpreter.done(table),
      ...(input.onProgress ? { onProgress: (n: number, file: { name: string }) => input.onProgress!(n, file.name) } : {}),
    });
    errors = result.errors;
    rows = result.rows;
  }
  if (errors.length === 0) interpreter.finish();
  return { present, errors, rows, tallies, outcomes, attestations };
}
