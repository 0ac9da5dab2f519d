/**
 * Waivers (docs/spec/waivers.md) as check applies them: read and validated
 * from the waiver file (or a policy test's list), with their instants.
 */
import type { Waiver as WaiverEntry } from '../generated/waiver-file.ts';

/** Where a waiver is written. */
export interface WaiverSource {
  /** The waiver file (or the policy test's case file), as messages show it. */
  file: string;
  /** The line its item starts on (null when given as data without lines). */
  line: number | null;
}

/** A valid waiver: the entry as written, with its instants. */
export interface Waiver extends WaiverEntry {
  /** `created` in milliseconds since the epoch (a date means 00:00 UTC). */
  createdAt: number;
  /** `expires` in milliseconds since the epoch (exclusive). */
  expiresAt: number;
  source: WaiverSource;
  /** Its position in the list (0 for the first). */
  index: number;
}

/** What a waiver is checked against: the clauses of the policy and the key fields of their findings. */
export interface WaiverContext {
  /** The policy's document id, for messages. */
  document: string;
  /** Each clause of a published version, with the key fields its findings carry. */
  keyFields: ReadonlyMap<string, readonly string[]>;
  /** The same, for each document apart (by id): a waiver names the document when several have its clause. */
  documents: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

/** A finding covered by a waiver in effect (the report's `finding.waiver`). */
export interface WaiverMark {
  id: string;
  reason: string;
  approved_by: string;
  /** The RFC 3339 instant the waiver expires. */
  expires: string;
  /** Where the decision is recorded, when the waiver says. */
  ticket?: string;
}

/** A finding a waiver would have covered had it not expired (the report's `finding.expiredWaiver`). */
export interface ExpiredWaiverMark {
  id: string;
  /** The RFC 3339 instant it expired. */
  expired: string;
}

/** A waiver in effect that covers no finding (the report's `unusedWaivers`). */
export interface UnusedWaiver {
  id: string;
  /** The document whose clause it names, when it names one. */
  document?: string;
  clause: string;
  match: Record<string, string>;
  /** The RFC 3339 instant it expires. */
  expires: string;
  source: WaiverSource;
}

/** Which waivers a check applied (the report's `waivers`). */
export interface WaiverSummary {
  /** The waiver file (or case file) applied; null when there was none. */
  file: string | null;
  /** Waivers in the file. */
  total: number;
  /** In effect at as-of (created ≤ as-of < expires). */
  inEffect: number;
  /** Expired at as-of (expires ≤ as-of). */
  expired: number;
  /** Not in effect yet (as-of < created). */
  upcoming: number;
}
