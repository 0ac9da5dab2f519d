/**
 * Indexes built from the tables that rules look things up in (triggers,
 * completions). Each is enabled only when an evaluator uses it, and holds
 * only what judging needs, so memory grows with that state, not with files.
 */
import type { RowSource } from '../records/read.ts';
import type { TableName } from '../records/tables.ts';
import { parseTimestamp } from '../records/timestamp.ts';

/** Incident notice coverage for one incident and customer. */
export interface NoticeState {
  /** Earliest sent_at at or before as-of. */
  first: number;
  firstSource: RowSource;
  /** Bits: 1 nature, 2 data, 4 measures (notices at or before as-of). */
  describes: number;
}

// Completion times are kept in chunks of this many numbers (a multiple of any store count is not needed: slots may span chunks).
const DELETION_CHUNK = 1 << 18;

/** Bits of {@link NoticeState.describes}. */
export const DESCRIBES = { nature: 1, data: 2, measures: 4 } as const;

// Length-prefixed, so no character inside an id can make two pairs collide.
const pair = (a: unknown, b: unknown): string => {
  const x = String(a);
  return `${x.length}:${x}${String(b)}`;
};

/** The shared indexes of one check run. */
export class Indexes {
  /** incident id -> aware_at (ms). */
  readonly incidents = new Map<string, number>();
  /** incident\0customer -> slot in {@link noticeData}: [first sent_at, file index, line, describes bits]. */
  private readonly noticeSlots = new Map<string, number>();
  private noticeData = new Float64Array(0);
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** store id -> kind and whether it holds personal data. */
  readonly dataStores = new Map<string, { kind: string; holdsPersonalData: boolean }>();
  /** account -> slot of its deletions in {@link deletionTimes} (one entry a store). */
  private readonly deletionSlots = new Map<string, number>();
  private deletionChunks: Float64Array[] = [];
  private storeIndex = new Map<string, number>();
  /** person -> earliest signed_at (ms). */
  readonly confidentiality = new Map<string, number>();
  /** name -> sub-processor row and its source. */
  readonly subprocessors = new Map<string, { row: Record<string, unknown>; source: RowSource }>();
  /** clause -> attestation rows. */
  readonly attestations = new Map<string, { attestedAt: number; expiresAt: number; by: string; source: RowSource }[]>();

  /**
   * The deletions of an account (look it up once, then ask per store).
   *
   * @param account the account id.
   * @returns a function giving completed_at (ms) for a store, or undefined when there is no deletions row.
   */
  deletionsOf(account: string): (store: string) => number | undefined {
    const slot = this.deletionSlots.get(account);
    if (slot === undefined) return () => undefined;
    return (store) => {
      const column = this.storeIndex.get(store);
      if (column === undefined) return undefined;
      const at = slot + column;
      const t = this.deletionChunks[Math.floor(at / DELETION_CHUNK)]![at % DELETION_CHUNK]!;
      return Number.isNaN(t) ? undefined : t;
    };
  }

  /**
   * The notices sent (at or before as-of) about an incident to a customer.
   *
   * @param incident the incident id.
   * @param customer the customer id.
   * @returns the earliest notice and what the notices describe together, or undefined when none was sent.
   */
  notice(incident: unknown, customer: unknown): NoticeState | undefined {
    const slot = this.noticeSlots.get(pair(incident, customer));
    if (slot === undefined) return undefined;
    const d = this.noticeData;
    return { first: d[slot]!, firstSource: { file: this.files[d[slot + 1]!]!, line: d[slot + 2]! }, describes: d[slot + 3]! };
  }

  private fileNumber(file: string): number {
    let n = this.fileIndex.get(file);
    if (n === undefined) {
      n = this.files.push(file) - 1;
      this.fileIndex.set(file, n);
    }
    return n;
  }

  /**
   * Drop the indexes that no table read after `table` needs (see READ_ORDER).
   *
   * @param table the table just read.
   */
  release(table: TableName): void {
    if (table === 'incident_impacts') {
      this.incidents.clear();
      this.noticeSlots.clear();
      this.noticeData = new Float64Array(0);
    } else if (table === 'deletion_requests') {
      this.deletionSlots.clear();
      this.deletionChunks = [];
    } else if (table === 'access_grants') this.confidentiality.clear();
  }

  private readonly enabled = new Set<TableName>();
  private readonly asOf: number;

  /** @param asOf the replayed instant: later notices have not been sent yet. */
  constructor(asOf: number) {
    this.asOf = asOf;
  }

  /** Key of the notices and impacts maps. */
  static pair = pair;

  /**
   * Ask for the index of a table to be built.
   *
   * @param table one of the index tables.
   */
  use(table: TableName): void {
    this.enabled.add(table);
  }

  /**
   * The handler that builds the enabled index of a table.
   *
   * @param table the table being read.
   * @returns a row handler, or undefined when nothing indexes the table.
   */
  handler(table: TableName): ((row: Record<string, unknown>, source: RowSource) => void) | undefined {
    if (!this.enabled.has(table)) return undefined;
    const asOf = this.asOf;
    switch (table) {
      case 'incidents':
        return (row) => void this.incidents.set(row.id as string, parseTimestamp(row.aware_at as string));
      case 'incident_notices':
        return (row, source) => {
          const sent = parseTimestamp(row.sent_at as string);
          if (sent > asOf) return; // not sent yet, as of the replayed instant
          const key = pair(row.incident_id, row.customer_id);
          const bits = (row.describes_nature === true ? DESCRIBES.nature : 0) | (row.describes_data === true ? DESCRIBES.data : 0) | (row.describes_measures === true ? DESCRIBES.measures : 0);
          let slot = this.noticeSlots.get(key);
          if (slot === undefined) {
            slot = this.noticeSlots.size * 4;
            this.noticeSlots.set(key, slot);
            if (slot + 4 > this.noticeData.length) {
              const bigger = new Float64Array(Math.max(1024, this.noticeData.length * 2));
              bigger.set(this.noticeData);
              this.noticeData = bigger;
            }
            this.noticeData[slot] = Number.POSITIVE_INFINITY;
            this.noticeData[slot + 3] = 0;
          }
          const data = this.noticeData;
          data[slot + 3] = data[slot + 3]! | bits;
          if (sent < data[slot]!) {
            data[slot] = sent;
            data[slot + 1] = this.fileNumber(source.file);
            data[slot + 2] = source.line;
          }
        };
      case 'data_stores':
        return (row) => void this.dataStores.set(row.id as string, { kind: row.kind as string, holdsPersonalData: row.holds_personal_data === true });
      case 'deletions': {
        // data_stores is read first: give each store a column.
        this.storeIndex = new Map([...this.dataStores.keys()].map((id, i) => [id, i]));
        const width = Math.max(1, this.storeIndex.size);
        return (row) => {
          const account = row.account_id as string;
          let slot = this.deletionSlots.get(account);
          if (slot === undefined) {
            slot = this.deletionSlots.size * width;
            this.deletionSlots.set(account, slot);
            // Fixed-size chunks, so growing never copies everything.
            if (slot + width > this.deletionChunks.length * DELETION_CHUNK) this.deletionChunks.push(new Float64Array(DELETION_CHUNK).fill(Number.NaN));
          }
          const at = slot + this.storeIndex.get(row.store as string)!;
          this.deletionChunks[Math.floor(at / DELETION_CHUNK)]![at % DELETION_CHUNK] = parseTimestamp(row.completed_at as string);
        };
      }
      case 'confidentiality_agreements':
        return (row) => {
          const signed = parseTimestamp(row.signed_at as string);
          const person = row.person_id as string;
          const earliest = this.confidentiality.get(person);
          if (earliest === undefined || signed < earliest) this.confidentiality.set(person, signed);
        };
      case 'subprocessors':
        return (row, source) => void this.subprocessors.set(row.name as string, { row, source });
      case 'attestations':
        return (row, source) => {
          const list = this.attestations.get(row.clause as string) ?? [];
          list.push({ attestedAt: parseTimestamp(row.attested_at as string), expiresAt: parseTimestamp(row.expires_at as string), by: row.attested_by as string, source });
          this.attestations.set(row.clause as string, list);
        };
      default:
        return undefined;
    }
  }
}
