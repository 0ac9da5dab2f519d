/**
 * Outcome rows, and the one place where they become words. Every engine
 * returns the same rows for the same records (subject key, version, trigger,
 * deadline, completion, status, source); messages and explanations are
 * written here, for violations and pendings only.
 */
import { place, type RowSource } from '../records/source.ts';
import type { ClauseVersion } from './in-force.ts';
import type { RuleKind } from './define.ts';
import type { DeadlinePlan, FieldRef } from './plan.ts';
import { allowance, elapsed, elapsedPast, iso } from './words.ts';
import { fieldKind } from './define.ts';

/** How one subject was judged. */
export type Status = 'pass' | 'violation' | 'pending';

/** A value of a field an outcome's words show: timestamps in ms. */
export type Fact = string | number | boolean | null;

/** The judgement of one subject of one clause, before it is put in words. */
export interface Outcome {
  clause: string;
  /** The rule kind that judged it. */
  kind: string;
  /** The policy version that judged it. */
  version: string;
  status: Status;
  /** Deadlines: late (done after the deadline) or missed (not done, deadline passed). */
  reason?: 'late' | 'missed';
  /** The subject's key, with the field names of clauses.md. */
  key: Record<string, string>;
  /** The record the subject comes from. */
  source: RowSource | null;
  /** The trigger (ms). */
  trigger: number;
  /** Deadline and coverage plans: the deadline (ms). */
  deadline?: number;
  /** Deadline plans: the completion counted (ms), if any. */
  completion?: number;
  /** …and the record it comes from. */
  completionSource?: RowSource;
  /** Cases plans: the case that decided. */
  caseIndex?: number;
  /** Coverage plans: the codes covered so far, and whether any completing row was counted. */
  covered?: string[];
  anyCompletion?: boolean;
  /** The fields the kind's words show. */
  facts: Record<string, Fact>;
}

/**
 * The status of a deadline plan's subject (engines.md; the SQL compiler
 * writes the same rule): a completion counts only at or before as-of; done by
 * the deadline passes (inclusive); not done is pending while the deadline is
 * ahead, if the plan allows pending, and a violation after.
 *
 * @param plan the plan.
 * @param deadline the deadline (ms).
 * @param completion the earliest completion (ms) at or before as-of, or undefined.
 * @param asOf the replayed instant (ms).
 * @returns status and reason.
 */
export function deadlineStatus(plan: Pick<DeadlinePlan, 'pending'>, deadline: number, completion: number | undefined, asOf: number): { status: Status; reason?: 'late' | 'missed' } {
  if (completion !== undefined) return completion <= deadline ? { status: 'pass' } : { status: 'violation', reason: 'late' };
  return plan.pending && asOf <= deadline ? { status: 'pending' } : { status: 'violation', reason: 'missed' };
}

const at = (source: RowSource | null | undefined): string => (source ? place(source) : 'the policy');

/**
 * Fill a text's placeholders.
 *
 * @param text the words, with `{placeholders}`.
 * @param o the outcome.
 * @param v the clause version that judged it.
 * @param asOf the replayed instant (ms).
 * @returns the words.
 */
function fill(text: string, o: Outcome, v: ClauseVersion, asOf: number, kind: Readonly<RuleKind>): string {
  const param = (name: string) => v.clause.params[name];
  // A violation's elapsed time never reads as within its bound (the time from trigger to deadline, `sense` -1 for time before the trigger).
  const shown = (ms: number, sense: 1 | -1): string => (o.status === 'violation' && o.deadline !== undefined ? elapsedPast(ms, sense * (o.deadline - o.trigger)) : elapsed(ms));
  return text.replace(/\{([a-zA-Z_]+)(?:([.:])([a-z_]+))?\}/g, (whole, head: string, sep: string | undefined, tail: string | undefined) => {
    if (sep === '.') {
      const ref = `${head}.${tail}` as FieldRef;
      const value = o.facts[ref];
      if (fieldKind(ref) === 'timestamp') return typeof value === 'number' ? iso(value) : '';
      if (fieldKind(ref) === 'boolean') return value === true ? 'true' : 'false';
      return value === null || value === undefined ? '' : String(value);
    }
    if (sep === ':') {
      const p = param(tail!);
      if (head === 'codes') return (v.codes[tail!] ?? []).join(', ');
      if (head === 'words') return (p?.bindings ?? []).map((b) => b.words).join(', ');
      if (head === 'param') return v.texts[tail!] ?? '';
      return whole;
    }
    switch (head) {
      case 'trigger':
        return iso(o.trigger);
      case 'deadline':
        return o.deadline === undefined ? '' : iso(o.deadline);
      case 'completion':
        return o.completion === undefined ? '' : iso(o.completion);
      case 'asOf':
        return iso(asOf);
      case 'day':
        return iso(asOf).slice(0, 10);
      case 'since':
        return shown(asOf - o.trigger, 1);
      case 'took':
        return shown((o.completion ?? asOf) - o.trigger, 1);
      case 'ahead':
        return shown(o.trigger - (o.completion ?? asOf), -1);
      case 'source':
        return at(o.source);
      case 'completionSource':
        return at(o.completionSource);
      case 'version':
        return v.version.version;
      case 'allowance':
      case 'bound': {
        const plan = kind.plan;
        const p =
          plan.shape === 'deadline' && 'param' in plan.bound
            ? param(plan.bound.param)
            : plan.shape === 'coverage'
              ? (() => {
                  const named = v.texts[plan.deadline.clauseParam];
                  return v.version.clauses.find((c) => c.id === named)?.params[plan.deadline.param];
                })()
              : undefined;
        if (head === 'allowance') return allowance(p);
        return p?.value.type === 'duration' ? p.value.iso : 'PT0S';
      }
      case 'items':
      case 'missing':
      case 'described': {
        if (kind.plan.shape !== 'coverage') return whole;
        const items = kind.plan.items.param;
        const codes = v.codes[items] ?? [];
        const bindings = param(items)?.bindings ?? [];
        const words = (code: string) => bindings[codes.indexOf(code)]?.words ?? code;
        const covered = new Set(o.covered ?? []);
        if (head === 'items') return codes.map(words).join(', ');
        if (head === 'missing') return codes.filter((c) => !covered.has(c)).map(words).join(', ');
        return codes.filter((c) => covered.has(c)).join(', ') || 'nothing';
      }
      default:
        return whole;
    }
  });
}

/**
 * A violation's or pending subject's message and explanation.
 *
 * @param o the outcome (not a pass).
 * @param kind the rule kind that judged it.
 * @param v the clause version that judged it.
 * @param asOf the replayed instant (ms).
 * @param explain whether to write the explanation too (off: `[]`; at scale most findings are never explained).
 * @returns the message, and how the subject was judged, step by step.
 */
export function describeOutcome(o: Outcome, kind: Readonly<RuleKind>, v: ClauseVersion, asOf: number, explain = true): { message: string; explanation: string[] } {
  const plan = kind.plan;
  const f = (text: string) => fill(text, o, v, asOf, kind);
  const outcome = `outcome: ${o.status}${o.reason ? ` (${o.reason})` : ''}`;
  if (plan.shape === 'deadline') {
    const w = plan.words;
    const message =
      o.status === 'pending'
        ? f(w.pending ?? w.missed)
        : o.reason === 'missed'
          ? f(w.missed)
          : plan.direction === 'before' && w.lateAfterTrigger && o.completion !== undefined && o.completion > o.trigger
            ? f(w.lateAfterTrigger)
            : f(w.late);
    return {
      message,
      explanation: explain
        ? [
            `subject: ${f(w.subject)} (${at(o.source)})`,
            `trigger: ${w.trigger} ${iso(o.trigger)}; version in force then: ${v.version.version}`,
            `rule: ${f(w.rule)} = ${o.deadline === undefined ? '' : iso(o.deadline)} (inclusive)`,
            `completion: ${o.completion !== undefined ? f(w.completed) : f(w.none)}`,
            outcome,
          ]
        : [],
    };
  }
  if (plan.shape === 'cases') {
    const w = plan.words;
    return {
      message: f(plan.cases[o.caseIndex ?? plan.cases.length - 1]!.message),
      explanation: explain ? [`subject: ${f(w.subject)} (${at(o.source)})`, `trigger: ${w.trigger} ${iso(o.trigger)}; version in force then: ${v.version.version}`, `rule: ${f(w.rule)}`, outcome] : [],
    };
  }
  if (plan.shape === 'coverage') {
    const w = plan.words;
    const message = o.status === 'pass' ? f(w.covered) : `${f(o.anyCompletion ? w.partial : w.none)}; ${f(o.status === 'pending' ? w.pending : w.missed)}`;
    return {
      message,
      explanation: explain
        ? [
            `subject: ${f(w.subject)} (${at(o.source)})`,
            `trigger: ${w.trigger} ${iso(o.trigger)}; version in force then: ${v.version.version}`,
            `rule: ${plan.completion.table} rows up to ${iso(asOf)} together cover ${f(`{codes:${plan.items.param}}`)}; incomplete is pending until ${o.deadline === undefined ? '' : iso(o.deadline)} (the ${plan.deadline.param} of ${f(`{param:${plan.deadline.clauseParam}}`)})`,
            `completion: covered so far: ${f('{described}')}`,
            outcome,
          ]
        : [],
    };
  }
  return { message: '', explanation: [] };
}
