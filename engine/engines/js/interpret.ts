/**
 * The `js` engine's interpreter: turns a clause's plan into handlers for the
 * rows of the tables it reads, streamed in READ_ORDER. Look-up tables are
 * indexed as they pass, then the subjects are judged row by row.
 */
import { effectiveInstant } from '../../model/in-force.ts';
import { listDay, onList } from '../../model/reference.ts';
import type { PolicyVersion, ReferenceData } from '../../model/types.ts';
import type { RowSource } from '../../records/read.ts';
import type { TableName } from '../../records/tables.ts';
import { parseTimestamp } from '../../schemas/timestamp.ts';
import { keyOf, keyOfValues } from '../../records/integrity.ts';
import { fieldKind, wordFields } from '../../rules/define.ts';
import { versionAt, type ClauseToJudge, type ClauseVersion } from '../../rules/in-force.ts';
import { deadlineStatus, type Fact, type Outcome, type Status } from '../../rules/outcome.ts';
import { fieldOf, tableOf, type Condition, type FieldRef, type Plan, type Subject } from '../../rules/plan.ts';
import { count, tallyOf, type Tally } from '../types.ts';
import { EarliestIndex } from './indexes.ts';

type Row = Record<string, unknown>;
type Handler = (row: Row, source: RowSource) => void;

/** The rows a subject is judged with: its own, its look-ups', and its `each` row. */
type Context = Map<string, Row>;

/** What interpreting the plans needs. */
export interface InterpretSetup {
  asOf: number;
  versions: PolicyVersion[];
  reference: ReferenceData;
  tallies: Map<string, Tally>;
  outcomes: Outcome[];
}

/** The handlers of every plan, per table, and what to do when a table has been read. */
export class Interpreter {
  private readonly handlers = new Map<string, Handler[]>();
  private readonly shared = new Map<string, { index: unknown; waiting: Set<string>; drop: () => void }>();
  private readonly policyRows: { row: Row; source: RowSource }[];
  private readonly setup: InterpretSetup;
  private readonly firstEffective: number;
  private readonly day: string;

  /** @param setup as-of, versions, reference data, and where tallies and outcomes go. */
  constructor(setup: InterpretSetup) {
    this.setup = setup;
    this.firstEffective = setup.versions[0] ? effectiveInstant(setup.versions[0]) : Number.POSITIVE_INFINITY;
    this.day = listDay(setup.asOf);
    this.policyRows = setup.versions.map((v, i) => ({
      row: { version: v.version, effective_at: effectiveInstant(v), published_at: Date.parse(`${v.published}T00:00:00Z`), material: v.material, first: i === 0 },
      source: { file: v.file, line: 1 },
    }));
  }

  /**
   * The handler of a table's rows (undefined when no plan reads it).
   *
   * @param table the table.
   * @returns the handler.
   */
  handler(table: TableName): Handler | undefined {
    const list = this.handlers.get(table);
    if (!list) return undefined;
    if (list.length === 1) return list[0];
    return (row, source) => {
      for (const h of list) h(row, source);
    };
  }

  /**
   * A table has been read: drop the look-ups no later subject needs.
   *
   * @param table the table.
   */
  done(table: TableName): void {
    for (const entry of this.shared.values()) {
      if (entry.waiting.delete(table) && entry.waiting.size === 0) entry.drop();
    }
  }

  /** Judge the plans whose subjects are the policy's own versions. */
  finish(): void {
    for (const handle of this.handlers.get('policy_versions') ?? []) for (const { row, source } of this.policyRows) handle(row, source);
  }

  private on(table: string, handler: Handler): void {
    const list = this.handlers.get(table) ?? [];
    list.push(handler);
    this.handlers.set(table, list);
  }

  /**
   * An index shared by every plan asking for the same one, built by the first
   * (which registers the handler filling it); dropped once every subject table
   * using it has been read.
   */
  private index<T>(spec: string, subjectTable: string, build: () => T, fill: (index: T) => void, drop: (index: T) => void): T {
    let entry = this.shared.get(spec);
    if (!entry) {
      const index = build();
      entry = { index, waiting: new Set(), drop: () => drop(index) };
      this.shared.set(spec, entry);
      fill(index);
    }
    entry.waiting.add(subjectTable);
    return entry.index as T;
  }

  private lookupKey(ctx: Context, refs: readonly FieldRef[]): string {
    return refs.length === 1 ? String(this.value(ctx, refs[0]!)) : keyOfValues(refs.map((r) => this.value(ctx, r)));
  }

  private readonly getters = new Map<FieldRef, (ctx: Context) => unknown>();

  /** A field's value as judging reads it (timestamps in ms, absent as undefined), resolved once per field. */
  private getter(ref: FieldRef): (ctx: Context) => unknown {
    let get = this.getters.get(ref);
    if (!get) {
      const [table, field, timestamp] = [tableOf(ref), fieldOf(ref), fieldKind(ref) === 'timestamp'];
      get = (ctx) => {
        const v = ctx.get(table)?.[field];
        if (v === undefined || v === null) return undefined;
        return timestamp && typeof v !== 'number' ? parseTimestamp(v as string) : v;
      };
      this.getters.set(ref, get);
    }
    return get;
  }

  private value(ctx: Context, ref: FieldRef): unknown {
    return this.getter(ref)(ctx);
  }

  private readonly compiled = new WeakMap<Condition, (ctx: Context, v: ClauseVersion) => boolean>();

  /** A condition as a function, built once. */
  private condition(c: Condition | undefined): (ctx: Context, v: ClauseVersion) => boolean {
    if (!c) return () => true;
    let fn = this.compiled.get(c);
    if (fn) return fn;
    const asOf = this.setup.asOf;
    if ('all' in c) {
      const parts = c.all.map((x) => this.condition(x));
      fn = (ctx, v) => parts.every((p) => p(ctx, v));
    } else if ('any' in c) {
      const parts = c.any.map((x) => this.condition(x));
      fn = (ctx, v) => parts.some((p) => p(ctx, v));
    } else if ('not' in c) {
      const inner = this.condition(c.not);
      fn = (ctx, v) => !inner(ctx, v);
    } else if ('eq' in c) {
      const [get, want] = [this.getter(c.eq[0]), c.eq[1]];
      fn = typeof want === 'boolean' ? (ctx) => (get(ctx) === true) === want : (ctx) => get(ctx) === want;
    } else if ('in' in c) {
      const [get, words] = [this.getter(c.in[0]), c.in[1]];
      fn = (ctx) => words.includes(get(ctx) as string);
    } else if ('inParam' in c) {
      const [get, param] = [this.getter(c.inParam[0]), c.inParam[1]];
      fn = (ctx, v) => (v.codes[param] ?? []).includes(get(ctx) as string);
    } else if ('paramIs' in c) {
      const [param, want] = c.paramIs;
      fn = (_ctx, v) => v.texts[param] === want;
    } else if ('happened' in c) {
      const get = this.getter(c.happened);
      fn = (ctx) => {
        const t = get(ctx) as number | undefined;
        return t !== undefined && t <= asOf;
      };
    } else if ('onList' in c) {
      const [list, get] = [this.setup.reference[c.onList[0]], this.getter(c.onList[1])];
      fn = (ctx) => onList(list, get(ctx) as string, this.day);
    } else {
      const get = this.getter(c.afterFirstEffective);
      fn = (ctx) => {
        const t = get(ctx) as number | undefined;
        return t !== undefined && t > this.firstEffective;
      };
    }
    this.compiled.set(c, fn);
    return fn;
  }

  private holds(c: Condition | undefined, ctx: Context, v: ClauseVersion): boolean {
    return this.condition(c)(ctx, v);
  }

  /** Rows kept in an index hold only the fields a plan reads of them. */
  private picker(plan: Exclude<Plan, { shape: 'attestation' }>, table: string): (row: Row) => Row {
    const fields = [...new Set(planFieldRefs(plan).filter((r) => tableOf(r) === table).map(fieldOf))];
    return (row) => {
      const kept: Row = {};
      for (const f of fields) if (row[f] !== undefined) kept[f] = row[f];
      return kept;
    };
  }

  /**
   * Add the handlers of one clause.
   *
   * @param clause the clause, its kind and versions.
   */
  add(clause: ClauseToJudge): void {
    const plan = clause.kind.plan;
    if (plan.shape === 'attestation') return;
    const { subject } = plan;
    const subjectTable = subject.table;
    const lookups = (subject.lookup ?? []).map((l) => {
      const fields = Object.keys(l.on);
      const pick = this.picker(plan, l.table);
      const map = this.index(
        `lookup:${l.table}:${fields.join(',')}:${clause.id}:${clause.kind.kind}`,
        subjectTable,
        () => new Map<string, Row>(),
        (m) => this.on(l.table, (row) => void m.set(keyOf(row, fields), pick(row))),
        (m) => m.clear(),
      );
      return { table: l.table, map, from: Object.values(l.on) };
    });
    const eachRows: Row[] = [];
    if (subject.each) {
      const pick = this.picker(plan, subject.each.table);
      this.on(subject.each.table, (row) => void eachRows.push(pick(row)));
    }
    const tally = tallyOf(this.setup.tallies, clause.id);
    const facts = wordFields(plan);
    const keyRefs = Object.entries(subject.key);
    const emit = (ctx: Context, source: RowSource, trigger: number, v: ClauseVersion, status: Status, extra: Partial<Outcome>) => {
      count(tally, status);
      if (status === 'pass') return;
      const f: Record<string, Fact> = {};
      for (const ref of facts) f[ref] = (this.value(ctx, ref) as Fact | undefined) ?? null;
      this.setup.outcomes.push({
        clause: clause.id,
        kind: clause.kind.kind,
        version: v.version.version,
        status,
        key: Object.fromEntries(keyRefs.map(([name, ref]) => [name, String(this.value(ctx, ref))])),
        source,
        trigger,
        facts: f,
        ...extra,
      });
    };
    const judge = this.judgement(plan, clause, subjectTable, eachRows, emit);
    this.on(subjectTable, (row, source) => {
      const ctx: Context = new Map([[subjectTable, row]]);
      for (const l of lookups) {
        const found = l.map.get(this.lookupKey(ctx, l.from));
        if (!found) return;
        ctx.set(l.table, found);
      }
      const trigger = subject.trigger === 'asOf' ? this.setup.asOf : (this.value(ctx, subject.trigger) as number);
      if (trigger > this.setup.asOf) return;
      const v = versionAt(clause.versions, trigger);
      if (!v || !this.holds(subject.where, ctx, v)) return;
      if (!subject.each) return judge(ctx, source, trigger, v);
      for (const each of eachRows) {
        ctx.set(subject.each.table, each);
        if (this.holds(subject.each.where, ctx, v)) judge(ctx, source, trigger, v);
      }
    });
  }

  private judgement(
    plan: Exclude<Plan, { shape: 'attestation' }>,
    clause: ClauseToJudge,
    subjectTable: string,
    eachRows: Row[],
    emit: (ctx: Context, source: RowSource, trigger: number, v: ClauseVersion, status: Status, extra: Partial<Outcome>) => void,
  ): (ctx: Context, source: RowSource, trigger: number, v: ClauseVersion) => void {
    const asOf = this.setup.asOf;
    if (plan.shape === 'cases') {
      return (ctx, source, trigger, v) => {
        const i = plan.cases.findIndex((c) => this.holds(c.when, ctx, v));
        emit(ctx, source, trigger, v, plan.cases[i]!.status, { caseIndex: i });
      };
    }
    if (plan.shape === 'coverage') {
      const { table, at, on } = plan.completion;
      const fields = Object.keys(on);
      const codes = itemCodes(clause, plan.items.param);
      const itemFields = codes.map((code) => plan.items.field.replace('{code}', code));
      // Per key: bit 0 "some row counted", bit i+1 "item i described".
      const covered = this.index(
        `coverage:${table}:${fields.join(',')}:${itemFields.join(',')}`,
        subjectTable,
        () => new Map<string, number>(),
        (m) =>
          this.on(table, (row) => {
            const raw = row[fieldOf(at)];
            const sent = typeof raw === 'number' ? raw : parseTimestamp(raw as string);
            if (sent > asOf) return; // not sent yet, as of the replayed instant
            const key = keyOf(row, fields);
            let bits = m.get(key) ?? 1;
            itemFields.forEach((f, i) => {
              if (row[f] === true) bits |= 2 << i;
            });
            m.set(key, bits);
          }),
        (m) => m.clear(),
      );
      const from = Object.values(on);
      return (ctx, source, trigger, v) => {
        const bits = covered.get(this.lookupKey(ctx, from));
        const wanted = v.codes[plan.items.param] ?? [];
        const have = wanted.filter((code) => bits !== undefined && (bits & (2 << codes.indexOf(code))) !== 0);
        const deadline = trigger + v.boundMs;
        const status: Status = have.length === wanted.length ? 'pass' : asOf > deadline ? 'violation' : 'pending';
        emit(ctx, source, trigger, v, status, { deadline, covered: have, anyCompletion: bits !== undefined });
      };
    }
    // Deadlines.
    const completionTable = tableOf(plan.completion.field);
    const sign = plan.direction === 'after' ? 1 : -1;
    let completionOf: (ctx: Context) => { t: number; source?: RowSource } | undefined;
    if (completionTable === subjectTable) {
      completionOf = (ctx) => {
        const t = this.value(ctx, plan.completion.field) as number | undefined;
        return t !== undefined && t <= asOf ? { t } : undefined;
      };
    } else {
      const on = Object.entries(plan.completion.on ?? {});
      const eachTable = plan.subject.each?.table;
      const columnField = on.find(([, ref]) => tableOf(ref) === eachTable);
      const keyed = on.filter((e) => e !== columnField);
      const fields = keyed.map(([f]) => f);
      const timeField = fieldOf(plan.completion.field);
      const index = this.index(
        `earliest:${completionTable}:${timeField}:${fields.join(',')}:${columnField?.[0] ?? ''}`,
        subjectTable,
        () => ({ current: undefined as EarliestIndex | undefined, columns: new Map<unknown, number>() }),
        (x) =>
          this.on(completionTable, (row, source) => {
            if (!x.current) {
              // The each table is read before: one column per row of it.
              if (columnField) eachRows.forEach((e, i) => x.columns.set(e[fieldOf(columnField[1])], i));
              x.current = new EarliestIndex(columnField ? x.columns.size : 1);
            }
            const raw = row[timeField];
            const t = typeof raw === 'number' ? raw : parseTimestamp(raw as string);
            if (t > asOf) return; // not happened yet, as of the replayed instant
            const column = columnField ? x.columns.get(row[columnField[0]]) : 0;
            if (column === undefined) return;
            x.current.add(keyOf(row, fields), column, t, source);
          }),
        (x) => {
          x.current = undefined;
          x.columns.clear();
        },
      );
      const from = keyed.map(([, ref]) => ref);
      completionOf = (ctx) => {
        const column = columnField ? index.columns.get(this.value(ctx, columnField[1])) : 0;
        return column === undefined ? undefined : index.current?.get(this.lookupKey(ctx, from), column);
      };
    }
    return (ctx, source, trigger, v) => {
      const deadline = trigger + sign * v.boundMs;
      const done = completionOf(ctx);
      const { status, reason } = deadlineStatus(plan, deadline, done?.t, asOf);
      emit(ctx, source, trigger, v, status, { deadline, ...(reason ? { reason } : {}), ...(done ? { completion: done.t, ...(done.source ? { completionSource: done.source } : {}) } : {}) });
    };
  }
}

/** The codes a coverage plan's list parameter can take (its schema's enum), in order: each gets a bit. */
function itemCodes(clause: ClauseToJudge, param: string): string[] {
  const items = (clause.kind.params[param] as { items?: { enum?: string[] } }).items;
  return items?.enum ?? [];
}

/**
 * Every field reference a plan reads.
 *
 * @param plan the plan.
 * @returns the references.
 */
export function planFieldRefs(plan: Exclude<Plan, { shape: 'attestation' }>): FieldRef[] {
  const s: Subject = plan.subject;
  const refs: FieldRef[] = [...Object.values(s.key), ...wordFields(plan)];
  for (const l of s.lookup ?? []) refs.push(...Object.values(l.on), ...Object.keys(l.on).map((f) => `${l.table}.${f}` as FieldRef));
  if (s.trigger !== 'asOf') refs.push(s.trigger);
  const walk = (c: Condition | undefined): void => {
    if (!c) return;
    if ('all' in c) return c.all.forEach(walk);
    if ('any' in c) return c.any.forEach(walk);
    if ('not' in c) return walk(c.not);
    if ('eq' in c) refs.push(c.eq[0]);
    else if ('in' in c) refs.push(c.in[0]);
    else if ('inParam' in c) refs.push(c.inParam[0]);
    else if ('happened' in c) refs.push(c.happened);
    else if ('onList' in c) refs.push(c.onList[1]);
    else if ('afterFirstEffective' in c) refs.push(c.afterFirstEffective);
  };
  walk(s.where);
  walk(s.each?.where);
  if (plan.shape === 'cases') plan.cases.forEach((c) => walk(c.when));
  if (plan.shape === 'deadline') refs.push(plan.completion.field, ...Object.values(plan.completion.on ?? {}));
  if (plan.shape === 'coverage') refs.push(plan.completion.at, ...Object.values(plan.completion.on));
  return refs;
}
