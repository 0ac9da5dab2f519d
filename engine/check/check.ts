/**
 * `codicil check`: judge operational records against the clauses in force
 * when each event happened. Fails closed: any policy or record error means
 * nothing is judged and exit code 2.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadPolicy } from '../model/load-policy.ts';
import { publishedVersions } from '../model/in-force.ts';
import type { Clause } from '../model/types.ts';
import { discoverRecords } from '../records/discover.ts';
import type { RecordError } from '../records/errors.ts';
import { TABLE_NAMES, type TableName } from '../records/tables.ts';
import { ruleKind } from '../rules/registry.ts';
import { toMessages } from '../lint/lint.ts';
import { errors as errorCatalogue } from '../errors/catalogue.ts';
import { iso } from './deadline.ts';
import { capErrors, judgeTables, kindsOf, mergeJudged, orderErrors, versionIndex, WORKER_TABLES, type JudgeSetup } from './judge.ts';
import { judgeInWorker } from './worker.ts';
import type { CheckReport, CoverageEntry, Finding } from './report-types.ts';

/** Size of the deletion tables from which a second thread pays off. */
const PARALLEL_MIN_BYTES = 16 * 2 ** 20;

/** Options of {@link check}. */
export interface CheckOptions {
  /** The records folder; without it only the policy's own clauses are judged. */
  records?: string;
  /** The policy folder (default `policy`). */
  policy?: string;
  /** The replayed instant (default now). */
  asOf?: Date | number;
  /** Unchecked clauses and missing or expired attestations fail the check. */
  strict?: boolean;
  /** Keep each finding's explanation (how it was judged). Off by default: at scale it is most of a finding's memory. */
  explain?: boolean;
  /** Progress, after each file read. */
  onProgress?: (rows: number, file: string) => void;
  /** Judge the largest group of tables in a worker thread (default: with more than one core and 16 MiB or more of deletion records). */
  parallel?: boolean;
}

const STATUS_ORDER = { violation: 0, pending: 1 } as const;

/**
 * Compare findings for a stable order that does not depend on the order of
 * records: by clause (policy order), status, then key.
 */
function findingOrder(clauseRank: Map<string, number>) {
  return (a: Finding, b: Finding): number =>
    (clauseRank.get(a.clause) ?? 1e9) - (clauseRank.get(b.clause) ?? 1e9) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)) ||
    a.version.localeCompare(b.version) ||
    a.message.localeCompare(b.message);
}

/**
 * Judge a records folder against a policy.
 *
 * @param options records and policy folders, as-of, strict.
 * @returns the report, with its exit code.
 */
export async function check(options: CheckOptions): Promise<CheckReport> {
  const asOf = options.asOf === undefined ? Date.now() : typeof options.asOf === 'number' ? options.asOf : options.asOf.getTime();
  const strict = options.strict ?? false;
  const { policy, files, failed } = await loadPolicy(options.policy ?? 'policy');
  const versions = publishedVersions(policy);
  const base = {
    asOf: new Date(asOf).toISOString(),
    policy: { document: policy.document, versions: versions.map((v) => v.version) },
    strict,
  };
  const emptySummary = { violations: 0, pending: 0, checked: 0, passed: 0, unchecked: 0, attestations: { attested: 0, missing: 0, expired: 0 }, rows: 0 };
  // Short notice of an amendment is a finding of amendment.advance-notice
  // here, not a reason the policy cannot be read (lint reports it as an error).
  const blocking = files.flatMap(toMessages).filter((m) => m.severity === 'error' && m.code !== errorCatalogue.shortNotice.code);
  if (failed && blocking.length > 0) {
    const errors: RecordError[] = blocking
      .map((m) => ({ file: m.file, line: m.line, field: null, message: `${m.message} [${m.code}]` }));
    return { ...base, summary: emptySummary, coverage: [], errors, exitCode: 2 };
  }

  // Every clause id of every published version, in the order of the latest version that has it.
  const clauseRank = new Map<string, number>();
  const latestClause = new Map<string, Clause>();
  for (const version of [...versions].reverse()) {
    for (const clause of version.clauses) {
      if (!latestClause.has(clause.id)) latestClause.set(clause.id, clause);
    }
  }
  const ordered = [...latestClause.values()].sort((a, b) => a.position.line - b.position.line);
  ordered.forEach((c, i) => clauseRank.set(c.id, i));

  const { byVersion, versionAt } = versionIndex(versions);

  const discovered = options.records === undefined ? undefined : await discoverRecords(options.records);
  const present = new Set<TableName>(discovered?.tables.keys() ?? []);
  const setup: JudgeSetup = { versions, reference: policy.reference, asOf, explain: options.explain ?? false };
  // Two cores: the deletion tables (the largest group) are judged in a worker
  // thread while this thread judges the rest. Groups share no index and no reference.
  const offload = WORKER_TABLES.filter((t) => present.has(t));
  // A worker costs a policy load (~0.5 s): worth it only for large tables.
  const offloadBytes = offload.flatMap((t) => discovered?.tables.get(t) ?? []).reduce((n, f) => n + statSync(f.path).size, 0);
  const parallel = options.records !== undefined && offload.length > 0 && (options.parallel ?? (availableParallelism() > 1 && offloadBytes >= PARALLEL_MIN_BYTES));
  const mine = new Set(TABLE_NAMES.filter((t) => !parallel || !WORKER_TABLES.includes(t)));
  const [local, remote] = await Promise.all([
    judgeTables(setup, options.records, discovered, mine, true, options.onProgress),
    parallel ? judgeInWorker({ policy: options.policy ?? 'policy', records: options.records!, asOf, explain: options.explain ?? false, tables: WORKER_TABLES }) : undefined,
  ]);
  const judged = remote ? mergeJudged(local, remote) : local;
  const { tallies, findings, rows } = judged;
  const { indexes } = local; // attestations are always read on this thread
  if (judged.errors.length > 0 || (discovered?.errors.length ?? 0) > 0) {
    const errors = [...(discovered?.errors ?? []), ...orderErrors(judged.errors)].map(({ file, line, field, message }) => ({ file, line, field, message }));
    return { ...base, summary: { ...emptySummary, rows }, coverage: [], errors: capErrors(errors), exitCode: 2 };
  }
  const kindsById = kindsOf(versions);
  const missingTables = (kindName: string): string[] => (ruleKind(kindName)?.tables ?? []).filter((t) => !present.has(t));

  const coverage: CoverageEntry[] = [];
  const attestationFindings: Finding[] = [];
  const inForceAtAsOf = versionAt(asOf);
  for (const clause of ordered) {
    const t = tallies[clause.id] ?? { subjects: 0, passed: 0, violations: 0, pending: 0 };
    if (clause.attestation) {
      // Attestations are about the obligations in force now (as of).
      const current = inForceAtAsOf && byVersion.get(inForceAtAsOf)!.get(clause.id);
      if (!current?.attestation) continue;
      const entry: CoverageEntry = { clause: clause.id, rule: 'attestation', section: current.section, status: 'unchecked', subjects: 0, passed: 0, violations: 0, pending: 0 };
      if (!present.has('attestations')) entry.missingTables = ['attestations'];
      else {
        const rowsFor = (indexes.attestations.get(clause.id) ?? []).filter((a) => a.attestedAt <= asOf);
        const valid = rowsFor.filter((a) => a.expiresAt > asOf).sort((a, b) => b.expiresAt - a.expiresAt)[0];
        const latest = [...rowsFor].sort((a, b) => b.expiresAt - a.expiresAt)[0];
        entry.status = valid ? 'attested' : latest ? 'expired' : 'missing';
        const shown = valid ?? latest;
        if (shown) entry.attestation = { by: shown.by, attestedAt: iso(shown.attestedAt), expiresAt: iso(shown.expiresAt), source: shown.source };
      }
      coverage.push(entry);
      if (strict && entry.status !== 'attested') {
        attestationFindings.push({
          clause: clause.id,
          status: 'violation',
          key: { attestation: clause.id },
          version: inForceAtAsOf!.version,
          message:
            entry.status === 'expired'
              ? `the attestation for ${clause.id} expired on ${entry.attestation!.expiresAt}`
              : entry.status === 'missing'
                ? `no attestation for ${clause.id}`
                : `${clause.id} is unchecked: no attestations table`,
          source: entry.attestation?.source ?? null,
          ...(options.explain ? { explanation: [`obligation needing an attestation: ${clause.text.split('\n')[0]}`, `as of ${iso(asOf)}: ${entry.status}`] } : {}),
        });
      }
      continue;
    }
    const kindNames = [...(kindsById.get(clause.id) ?? [])];
    const missing = [...new Set(kindNames.flatMap(missingTables))];
    const entry: CoverageEntry = {
      clause: clause.id,
      rule: kindNames.join(', '),
      section: clause.section,
      status: missing.length > 0 ? 'unchecked' : 'checked',
      subjects: missing.length > 0 ? 0 : t.subjects,
      passed: missing.length > 0 ? 0 : t.passed,
      violations: missing.length > 0 ? 0 : t.violations,
      pending: missing.length > 0 ? 0 : t.pending,
    };
    if (missing.length > 0) entry.missingTables = missing;
    coverage.push(entry);
  }

  const all = [...findings, ...attestationFindings].sort(findingOrder(clauseRank));
  const count = (status: CoverageEntry['status']) => coverage.filter((c) => c.status === status && c.rule === 'attestation').length;
  const summary = {
    violations: all.filter((f) => f.status === 'violation').length,
    pending: all.filter((f) => f.status === 'pending').length,
    checked: coverage.reduce((n, c) => n + c.subjects, 0),
    passed: coverage.reduce((n, c) => n + c.passed, 0),
    unchecked: coverage.filter((c) => c.status === 'unchecked').length,
    attestations: { attested: count('attested'), missing: count('missing'), expired: count('expired') },
    rows,
  };
  const strictFailure = strict && (summary.unchecked > 0 || summary.attestations.missing > 0 || summary.attestations.expired > 0);
  return { ...base, summary, coverage, findings: all, exitCode: summary.violations > 0 || strictFailure ? 1 : 0 };
}

export type { CheckReport, Finding, CoverageEntry } from './report-types.ts';
