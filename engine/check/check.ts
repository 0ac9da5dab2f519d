/**
 * `codicil check`: judge operational records against the clauses in force
 * when each event happened. Fails closed: any policy or record error means
 * nothing is judged and exit code 2. Every engine judges; this turns what it
 * found into the one report (engines.md: the same report on every engine).
 */
import { loadPolicy } from '../model/load-policy.ts';
import { effectiveInstant, publishedVersions } from '../model/in-force.ts';
import type { Clause, PolicyVersion } from '../model/types.ts';
import { discoverRecords } from '../records/discover.ts';
import type { RecordError } from '../records/errors.ts';
import { ErrorList } from '../records/error-list.ts';
import type { TableName } from '../records/tables.ts';
import { attested, ruleKinds } from '../rules/registry.ts';
import type { ClauseToJudge } from '../rules/in-force.ts';
import { describeOutcome } from '../rules/outcome.ts';
import { iso } from '../rules/words.ts';
import { toMessages, type LintMessage } from '../errors/messages.ts';
import { errors as errorCatalogue } from '../errors/catalogue.ts';
import { DEFAULT_ENGINE, engine as engineNamed, type EngineName, type EngineOptions } from '../engines/index.ts';
import type { AttestationRow, Judged } from '../engines/types.ts';
import { applyWaivers, readWaivers, waiverContext, type WaiversOption } from '../waivers/index.ts';
import type { CheckReport, CoverageEntry, Finding } from './report-types.ts';
import { documentsToJudge, policyClauseIds } from './documents.ts';

/** Options of {@link check}. */
export interface CheckOptions extends EngineOptions {
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
  /** Which reader staged each file (the duckdb engine reads JSONL and Parquet itself, other files with the reference readers). */
  onFileRead?: (file: string, reader: 'plain' | 'native' | 'reference') => void;
  /** The engine that judges (default {@link DEFAULT_ENGINE}). */
  engine?: EngineName;
  /** The waivers (waivers.md): a waiver file, waivers as data, or `false` for none; default: `waivers.yaml` in the policy folder, if any. */
  waivers?: WaiversOption;
}

const STATUS_ORDER = { violation: 0, pending: 1 } as const;

/**
 * Findings in a stable order that does not depend on the order of records or
 * the engine: by clause (policy order), status, key, version, then message.
 *
 * @param findings the findings (left as they are).
 * @param clauseRank each clause id's place in the policy.
 * @returns a new array, sorted.
 */
function inFindingOrder(findings: Finding[], clauseRank: Map<string, number>): Finding[] {
  // Each finding's order written once beside it, not at every comparison (at 10 M rows 68 000 findings,
  // a million comparisons: looking each key up took 80 ms).
  const ranked = findings.map((f) => ({ f, rank: (clauseRank.get(f.clause) ?? 1e9) * 2 + STATUS_ORDER[f.status], key: JSON.stringify(f.key) }));
  ranked.sort((a, b) => a.rank - b.rank || compareText(a.key, b.key) || compareText(a.f.version, b.f.version) || compareText(a.f.message, b.f.message));
  return ranked.map((r) => r.f);
}

// Code-unit order: the same on every machine and locale.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every clause id of the versions, in the order of the latest version that has it. */
function clauseOrder(versions: PolicyVersion[]): Clause[] {
  const latest = new Map<string, Clause>();
  for (const version of [...versions].reverse()) for (const clause of version.clauses) if (!latest.has(clause.id)) latest.set(clause.id, clause);
  return [...latest.values()].sort((a, b) => a.position.line - b.position.line);
}

/** The summary of a check that judged nothing (invalid input, bad usage): a new object each time. */
export const emptySummary = (): CheckReport['summary'] => ({ violations: 0, pending: 0, waived: 0, checked: 0, passed: 0, unchecked: 0, attestations: { attested: 0, missing: 0, expired: 0 }, rows: 0 });

/**
 * Judge a records folder against a policy.
 *
 * @param options records and policy folders, as-of, strict, engine.
 * @returns the report, with its exit code.
 */
export async function check(options: CheckOptions): Promise<CheckReport> {
  const asOf = options.asOf === undefined ? Date.now() : typeof options.asOf === 'number' ? options.asOf : options.asOf.getTime();
  const strict = options.strict ?? false;
  const engineName = options.engine ?? DEFAULT_ENGINE;
  const { policy, files, failed } = await loadPolicy(options.policy ?? 'policy', ruleKinds);
  const versions = publishedVersions(policy);
  const several = policy.documents.length > 1;
  const base = {
    asOf: new Date(asOf).toISOString(),
    policy: {
      document: policy.document,
      versions: versions.map((v) => v.version),
      ...(several ? { documents: policy.documents.map((d) => ({ document: d.document, title: d.title, audience: d.audience, versions: publishedVersions(d).map((v) => v.version) })) } : {}),
    },
    strict,
    engine: engineName,
  };
  // Short notice of an amendment is a finding of amendment.advance-notice
  // here, not a reason the policy cannot be read (lint reports it as an error).
  const blocking = files.flatMap(toMessages).filter((m) => m.severity === 'error' && m.code !== errorCatalogue.shortNotice.code);
  if (failed && blocking.length > 0) return { ...base, summary: emptySummary(), coverage: [], errors: asErrors(blocking), exitCode: 2 };
  // Waivers are read before anything is judged: an invalid waiver file judges nothing.
  // A waiver names a clause id; with several documents, of any of them.
  const waivers = await readWaivers(options.waivers, options.policy ?? 'policy', waiverContext(policy.document, several ? policy.documents.flatMap((d) => publishedVersions(d)) : versions));
  if (waivers.waivers === null) return { ...base, summary: emptySummary(), coverage: [], errors: asErrors(toMessages(waivers.file).filter((m) => m.severity === 'error').sort((a, b) => (a.line ?? 0) - (b.line ?? 0))), exitCode: 2 };

  const discovered = options.records === undefined ? undefined : await discoverRecords(options.records);
  const clauseIds = policyClauseIds(policy);
  const findings: Finding[] = [];
  const coverage: CoverageEntry[] = [];
  let rows = 0;
  const documents = documentsToJudge(policy);
  // The records are read once for every document, each judged by its own versions.
  const results: (Judged | undefined)[] = await engineNamed(engineName).judge(
    options.records,
    discovered,
    documents.map(({ versions: docVersions, clauses }) => ({
      versions: docVersions,
      reference: policy.reference,
      asOf,
      clauses,
      clauseIds,
      explain: options.explain ?? false,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onFileRead ? { onFileRead: options.onFileRead } : {}),
    })),
    options,
  );
  const errors = [...(discovered?.errors ?? []), ...(results[0]?.errors ?? [])];
  if (errors.length > 0) return { ...base, summary: { ...emptySummary(), rows: results[0]?.rows ?? 0 }, coverage: [], errors: capped(errors), exitCode: 2 };
  rows = results[0]?.rows ?? 0;
  for (const [index, { named, versions: docVersions, clauses }] of documents.entries()) {
    const judged = results[index]!;
    // Let each document's outcomes go once they are findings.
    results[index] = undefined;
    const ordered = clauseOrder(docVersions);
    const clauseRank = new Map(ordered.map((c, i) => [c.id, i]));
    // Each outcome is put in words and let go at once: at scale, never both lists whole in memory.
    const byKind = new Map(clauses.map((c) => [`${c.id}\u0000${c.kind.kind}`, c]));
    const outcomes = judged.outcomes;
    const found: Finding[] = new Array(outcomes.length);
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      const clause = byKind.get(`${o.clause}\u0000${o.kind}`)!;
      const v = clause.versions.find((x) => x.version.version === o.version)!;
      const { message, explanation } = describeOutcome(o, clause.kind, v, asOf, options.explain ?? false);
      found[i] = { ...named, clause: o.clause, status: o.status as Finding['status'], key: o.key, version: o.version, message, source: o.source, ...(options.explain ? { explanation } : {}) };
      (outcomes as unknown[])[i] = undefined;
    }
    const covered = coverageOf(ordered, clauses, judged, asOf, strict, options.explain ?? false, docVersions);
    coverage.push(...covered.coverage.map((c) => ({ ...named, ...c })));
    // One at a time: a spread into push() passes every finding as an argument and overflows the stack past ~120 000.
    for (const f of inFindingOrder(found.concat(covered.attestationFindings.map((a) => ({ ...named, ...a }))), clauseRank)) findings.push(f);
  }
  // The one place waivers apply, after judging: the same on every engine.
  const applied = applyWaivers(findings, waivers.waivers, asOf);
  const all = applied.findings;
  uncountWaived(coverage, all);
  const count = (status: CoverageEntry['status']) => coverage.filter((c) => c.status === status && attested(c.rule)).length;
  const counted = all.filter((f) => f.waiver === undefined);
  const summary = {
    violations: counted.filter((f) => f.status === 'violation').length,
    pending: counted.filter((f) => f.status === 'pending').length,
    waived: all.length - counted.length,
    checked: coverage.reduce((n, c) => n + c.subjects, 0),
    passed: coverage.reduce((n, c) => n + c.passed, 0),
    unchecked: coverage.filter((c) => c.status === 'unchecked').length,
    attestations: { attested: count('attested'), missing: count('missing'), expired: count('expired') },
    rows,
  };
  // With --strict, a missing or expired attestation is a finding (counted above unless waived); an unchecked clause or an unused waiver fails,
  // and so does a policy with no clause at all (no version published: nothing was judged, review).
  const strictFailure = strict && (coverage.length === 0 || coverage.some((c) => c.status === 'unchecked' && c.rule !== 'attestation') || applied.unused.length > 0);
  return { ...base, summary, coverage, findings: all, unusedWaivers: applied.unused, waivers: { file: waivers.path, ...applied.summary }, exitCode: summary.violations > 0 || strictFailure ? 1 : 0 };
}

/** Lint messages that stop a check, as the report's errors. */
function asErrors(messages: LintMessage[]): RecordError[] {
  return messages.map((m) => ({ code: m.code, file: m.file, line: m.line, field: m.field ?? null, message: m.message }));
}

/** Coverage counts only what is not waived: a clause's waived findings move from violations and pending to `waived`. */
function uncountWaived(coverage: CoverageEntry[], findings: Finding[]): void {
  const waived = new Map<string, { violation: number; pending: number }>();
  for (const f of findings) {
    if (f.waiver === undefined) continue;
    const n = waived.get(`${f.document ?? ''}\u0000${f.clause}`) ?? { violation: 0, pending: 0 };
    n[f.status]++;
    waived.set(`${f.document ?? ''}\u0000${f.clause}`, n);
  }
  for (const entry of coverage) {
    const n = waived.get(`${entry.document ?? ''}\u0000${entry.clause}`);
    if (!n) continue;
    entry.waived = n.violation + n.pending;
    // An attested obligation's coverage counts no findings (its finding under --strict is its status).
    if (attested(entry.rule)) continue;
    entry.violations -= n.violation;
    entry.pending -= n.pending;
  }
}

/**
 * The errors of one check, merged from discovery and the engine: discovery
 * first, at most MAX_ERRORS of them in all, then one count of the rest
 * (review: two capped lists made twice as many; the folder's own were not capped).
 */
function capped(errors: RecordError[]): RecordError[] {
  const list = new ErrorList();
  // One rank: they keep the order they come in (each list is in report order already).
  for (const error of errors) list.add(error, [0, 0, 0, 0]);
  return list.list();
}

/**
 * The attestation a clause's coverage shows: the one lasting longest, then
 * the latest made, then by who made it, then where it is written — never
 * the order rows arrive in, which a database does not define (review: two
 * attestations expiring together showed another person on postgres).
 */
function lastingFirst(a: AttestationRow, b: AttestationRow): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return b.expiresAt - a.expiresAt || b.attestedAt - a.attestedAt || text(a.by, b.by) || text(a.source.file, b.source.file) || (a.source.line ?? 0) - (b.source.line ?? 0) || text(JSON.stringify(a.source.key ?? {}), JSON.stringify(b.source.key ?? {}));
}

/**
 * Each clause's section as the reader of the version in force at as-of finds
 * it: numbered by that version, or by the last one before it that had the
 * clause (a withdrawn clause still judges earlier events), or else by the
 * first version to come that has it. Never by a version not yet in force
 * (review: §8.1 of a published 1.1.0 was cited while 1.0.1, whose §7 it is, was in force).
 */
function sectionsAt(versions: PolicyVersion[], asOf: number): Map<string, string | null> {
  const sections = new Map<string, string | null>();
  for (const version of versions) if (effectiveInstant(version) <= asOf) for (const clause of version.clauses) sections.set(clause.id, clause.section);
  for (const version of versions) if (effectiveInstant(version) > asOf) for (const clause of version.clauses) if (!sections.has(clause.id)) sections.set(clause.id, clause.section);
  return sections;
}

/** How far each clause was checked, and, with --strict, the attestations that fail. */
function coverageOf(ordered: Clause[], clauses: ClauseToJudge[], judged: Judged, asOf: number, strict: boolean, explain: boolean, versions: PolicyVersion[]) {
  const coverage: CoverageEntry[] = [];
  const attestationFindings: Finding[] = [];
  const present = judged.present;
  const inForce = [...versions].reverse().find((v) => effectiveInstant(v) <= asOf);
  // Before the first version takes effect nothing is in force, so nothing can be judged.
  const notYet = inForce === undefined && versions.length > 0 ? `no version of the policy is in force at as-of (the first takes effect on ${versions[0]!.effective})` : undefined;
  const sections = sectionsAt(versions, asOf);
  for (const clause of ordered) {
    const kinds = clauses.filter((c) => c.id === clause.id);
    if (kinds.some((k) => k.kind.plan.shape === 'attestation')) {
      // Attestations are about the obligations in force now (as of).
      const current = inForce?.clauses.find((c) => c.id === clause.id);
      if (!current?.attestation) continue;
      const entry: CoverageEntry = { clause: clause.id, rule: 'attestation', section: current.section, status: 'unchecked', subjects: 0, passed: 0, violations: 0, pending: 0 };
      if (!present.has('attestations')) entry.missingTables = ['attestations'];
      else {
        const rowsFor = judged.attestations.filter((a) => a.clause === clause.id && a.attestedAt <= asOf);
        const valid = rowsFor.filter((a) => a.expiresAt > asOf).sort(lastingFirst)[0];
        const latest = [...rowsFor].sort(lastingFirst)[0];
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
          version: inForce!.version,
          message:
            entry.status === 'expired'
              ? `the attestation for ${clause.id} expired on ${entry.attestation!.expiresAt}`
              : entry.status === 'missing'
                ? `no attestation for ${clause.id}`
                : `${clause.id} is unchecked: no attestations table`,
          source: entry.attestation?.source ?? null,
          ...(explain ? { explanation: [`obligation needing an attestation: ${clause.text.split('\n')[0]}`, `as of ${iso(asOf)}: ${entry.status}`] } : {}),
        });
      }
      continue;
    }
    const missing = [...new Set(kinds.flatMap((k) => k.kind.tables.filter((t: TableName) => !present.has(t))))];
    const t = judged.tallies.get(clause.id) ?? { subjects: 0, passed: 0, violations: 0, pending: 0 };
    const unchecked = missing.length > 0 || notYet !== undefined;
    const entry: CoverageEntry = {
      clause: clause.id,
      rule: kinds.map((k) => k.kind.kind).join(', '),
      section: sections.has(clause.id) ? sections.get(clause.id)! : clause.section,
      status: unchecked ? 'unchecked' : 'checked',
      subjects: unchecked ? 0 : t.subjects,
      passed: unchecked ? 0 : t.passed,
      violations: unchecked ? 0 : t.violations,
      pending: unchecked ? 0 : t.pending,
    };
    if (missing.length > 0) entry.missingTables = missing;
    if (notYet !== undefined) entry.reason = notYet;
    coverage.push(entry);
  }
  return { coverage, attestationFindings };
}

export type { CheckReport, Finding, CoverageEntry } from './report-types.ts';
