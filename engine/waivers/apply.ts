/**
 * Applying waivers to the findings of a check — once, after judging, the
 * same whatever engine judged. A waiver in effect (created ≤ as-of <
 * expires) marks each finding of its clause (of its document, when it names
 * one) whose key has its `match` values; the finding stays in the report. A
 * waiver that has expired covers nothing: the finding it would have covered
 * says so and counts as usual. A waiver not in effect yet does nothing.
 */
import { iso } from '../rules/words.ts';
import type { ExpiredWaiverMark, UnusedWaiver, Waiver, WaiverMark, WaiverSummary } from './types.ts';

/** The part of a finding waivers look at. */
export interface Waivable {
  /**
   * The document of its clause. Reports name it only when the policy has
   * several; absent, the finding is of the only document, which is the one
   * a valid waiver's `document` names.
   */
  document?: string;
  clause: string;
  key: Record<string, string>;
}

/** Whether a waiver is about the finding's document: it names none (its clause is of one document), or the finding's. */
const sameDocument = (waiver: Waiver, finding: Waivable): boolean => waiver.document === undefined || finding.document === undefined || waiver.document === finding.document;

/** A finding after waivers: marked when a waiver covers it, or when one would have, had it not expired. */
export type Waived<F> = F & { waiver?: WaiverMark; expiredWaiver?: ExpiredWaiverMark };

/** What {@link applyWaivers} returns. */
export interface AppliedWaivers<F> {
  /** Every finding, in the same order, marked. */
  findings: Waived<F>[];
  /** Waivers in effect that cover no finding, in file order. */
  unused: UnusedWaiver[];
  /** How many waivers were in effect, expired and upcoming at as-of. */
  summary: Omit<WaiverSummary, 'file'>;
}

/**
 * Whether a waiver is in effect at an instant: created ≤ t < expires.
 *
 * @param waiver the waiver.
 * @param t the instant (ms).
 * @returns true while it is in effect.
 */
export const inEffect = (waiver: Waiver, t: number): boolean => waiver.createdAt <= t && t < waiver.expiresAt;

const mark = (w: Waiver): WaiverMark => ({ id: w.id, reason: w.reason, approved_by: w.approved_by, expires: iso(w.expiresAt), ...(w.ticket === undefined ? {} : { ticket: w.ticket }) });

/** Of several waivers, the one that runs longest (then the first written): the one a reader should see. */
const latest = (a: Waiver | undefined, b: Waiver): Waiver => (a === undefined || b.expiresAt > a.expiresAt || (b.expiresAt === a.expiresAt && b.index < a.index) ? b : a);

/**
 * Mark the findings that waivers cover.
 *
 * @param findings the findings, as check reports them.
 * @param waivers valid waivers (see readWaivers).
 * @param asOf the instant judged (ms): it decides which waivers are in effect.
 * @returns the marked findings, the unused waivers and the counts.
 */
export function applyWaivers<F extends Waivable>(findings: readonly F[], waivers: readonly Waiver[], asOf: number): AppliedWaivers<F> {
  // Index: clause → the match's field names → their values → waivers. A finding
  // is looked up once per set of field names its clause's waivers use (a
  // handful), never compared with every waiver.
  const index = new Map<string, { fields: string[]; byValues: Map<string, Waiver[]> }[]>();
  for (const waiver of waivers) {
    if (waiver.createdAt > asOf) continue; // not in effect yet: covers nothing, and is not expired either
    const fields = Object.keys(waiver.match).sort();
    const groups = index.get(waiver.clause) ?? [];
    index.set(waiver.clause, groups);
    let group = groups.find((g) => g.fields.join('\u0000') === fields.join('\u0000'));
    if (!group) groups.push((group = { fields, byValues: new Map() }));
    const values = JSON.stringify(fields.map((f) => waiver.match[f]));
    group.byValues.set(values, [...(group.byValues.get(values) ?? []), waiver]);
  }
  const used = new Set<Waiver>();
  const marked = findings.map((finding): Waived<F> => {
    let covering: Waiver | undefined;
    let expired: Waiver | undefined;
    for (const { fields, byValues } of index.get(finding.clause) ?? []) {
      if (!fields.every((f) => Object.hasOwn(finding.key, f))) continue;
      for (const waiver of byValues.get(JSON.stringify(fields.map((f) => finding.key[f]))) ?? []) {
        if (!sameDocument(waiver, finding)) continue;
        if (inEffect(waiver, asOf)) {
          used.add(waiver);
          covering = latest(covering, waiver);
        } else expired = latest(expired, waiver);
      }
    }
    if (covering) return { ...finding, waiver: mark(covering) };
    if (expired) return { ...finding, expiredWaiver: { id: expired.id, expired: iso(expired.expiresAt) } };
    return finding;
  });
  const unused = waivers
    .filter((w) => inEffect(w, asOf) && !used.has(w))
    .map((w): UnusedWaiver => ({ id: w.id, ...(w.document === undefined ? {} : { document: w.document }), clause: w.clause, match: { ...w.match }, expires: iso(w.expiresAt), source: w.source }));
  return {
    findings: marked,
    unused,
    summary: {
      total: waivers.length,
      inEffect: waivers.filter((w) => inEffect(w, asOf)).length,
      expired: waivers.filter((w) => w.expiresAt <= asOf).length,
      upcoming: waivers.filter((w) => asOf < w.createdAt).length,
    },
  };
}
