/** The report of `codicil check` (cli.md, "The JSON report"). */
import type { RecordError } from '../records/errors.ts';
import type { RowSource } from '../records/read.ts';
import type { ExpiredWaiverMark, UnusedWaiver, WaiverMark, WaiverSummary } from '../waivers/types.ts';

/** A violation or pending subject. */
export interface Finding {
  /** The document of the clause: present only when the policy holds more than one document. */
  document?: string;
  clause: string;
  status: 'violation' | 'pending';
  key: Record<string, string>;
  version: string;
  message: string;
  source: RowSource | null;
  /** How it was judged, step by step (only with `explain`). */
  explanation?: string[];
  /** The waiver in effect that covers it (waivers.md): still reported, not counted toward exit 1. */
  waiver?: WaiverMark;
  /** A waiver that would cover it had it not expired: the finding counts as usual. */
  expiredWaiver?: ExpiredWaiverMark;
}

/** How far one clause was checked. */
export interface CoverageEntry {
  /** The document of the clause: present only when the policy holds more than one document. */
  document?: string;
  clause: string;
  /** checked; unchecked (a table it needs is absent); for attestations: attested, missing, expired (or unchecked without an attestations table). */
  status: 'checked' | 'unchecked' | 'attested' | 'missing' | 'expired';
  /** Subjects judged. */
  subjects: number;
  passed: number;
  /** Violations not covered by a waiver. */
  violations: number;
  /** Pending subjects not covered by a waiver. */
  pending: number;
  /** Findings covered by a waiver in effect (present when there are any). */
  waived?: number;
  /** The rule kind. */
  rule: string;
  /** Section of the clause in the latest version that has it. */
  section: string | null;
  /** Tables it needs that the records folder lacks. */
  missingTables?: string[];
  /** Why it is unchecked, when no table is missing (e.g. no version in force at as-of). */
  reason?: string;
  /** For attestations: the attestation relied on or found expired. */
  attestation?: { by: string; attestedAt: string; expiresAt: string; source: RowSource };
}

/** The check report. */
export interface CheckReport {
  asOf: string;
  /**
   * The first (or only) document and its published versions; `documents`,
   * only when the policy holds more than one, lists each with its title and
   * audience (to whom it applies).
   */
  policy: { document: string; versions: string[]; documents?: { document: string; title: string; audience: string | null; versions: string[] }[] };
  summary: {
    /** Violations not covered by a waiver in effect: those that make exit 1. */
    violations: number;
    /** Pending subjects not covered by a waiver in effect. */
    pending: number;
    /** Findings (violations and pendings) covered by a waiver in effect. */
    waived: number;
    /** Subjects judged. */
    checked: number;
    passed: number;
    /** Clauses left unchecked. */
    unchecked: number;
    attestations: { attested: number; missing: number; expired: number };
    /** Rows read. */
    rows: number;
  };
  coverage: CoverageEntry[];
  /** Violations and pendings (absent when the check could not judge). */
  findings?: Finding[];
  /** Waivers in effect that cover no finding: a warning, a failure with `--strict` (absent when the check could not judge). */
  unusedWaivers?: UnusedWaiver[];
  /** The waivers applied (absent when the check could not judge). */
  waivers?: WaiverSummary;
  /** Integrity or policy errors (present only when the check could not judge). */
  errors?: RecordError[];
  /** Whether `--strict` was in effect. */
  strict: boolean;
  /** The engine that judged (engines.md: the only field that may differ between engines). */
  engine: string;
  /** The exit code of cli.md: 0 no violation, 1 violation (or strict failure), 2 could not judge. */
  exitCode: 0 | 1 | 2;
}
