/**
 * The plan compiler: one SQL query per clause, through a dialect. Each query
 * returns outcome rows of one shape (status, reason, version, key, source,
 * trigger, deadline, completion, case, coverage, facts), which
 * rules/outcome.ts puts in words. The versions in force, the reference lists
 * and the policy's own versions are inlined as VALUES, so a printed query is
 * complete (`codicil sql`).
 *
 * Time is epoch milliseconds in a BIGINT; never INTERVAL arithmetic (a day is
 * 24 hours). Absent values are handled explicitly: every predicate is
 * NULL-safe, and an absent completion is "not done".
 */
import { effectiveInstant } from '../../model/in-force.ts';
import type { PolicyVersion, ReferenceData } from '../../model/types.ts';
import { fieldKind, wordFields } from '../../rules/define.ts';
import type { ClauseToJudge } from '../../rules/in-force.ts';
import { fieldOf, POLICY_VERSIONS, tableOf, type Condition, type FieldRef, type Plan } from '../../rules/plan.ts';
import { isTableName, table as tableDefinition } from '../../records/tables.ts';
import type { Dialect } from './dialect.ts';

/** What a clause's query is compiled against. */
export interface CompileContext {
  dialect: Dialect;
  /** The replayed instant (ms). */
  asOf: number;
  /** Published versions, earliest first. */
  versions: PolicyVersion[];
  reference: ReferenceData;
  /** The relation holding a validated table (a table name, or a subquery in parentheses). */
  relation: (table: string) => string;
  /** The file number of each version file (policy_versions rows are sourced there). */
  versionFile: (version: PolicyVersion) => number;
  /** Relations name their rows by key (`_key`, a database table) instead of by line. */
  rowKeys?: boolean;
  /** Carry where each completion comes from (explanations name it); default true. */
  completionSources?: boolean;
  /**
   * Relations are stored tables whose rows `_file` and `_line` name (not views, not `rowKeys`):
   * judge on the few columns the verdict needs, and read the keys and facts back for the findings
   * alone. The subjects are a join's build side; at millions of rows, every column carried through
   * it costs memory (spilled past the limit) and time.
   */
  lateFacts?: boolean;
}

/** The columns of a compiled clause query, in order. */
export interface OutcomeColumns {
  keys: string[];
  facts: FieldRef[];
  /** Coverage plans: the item codes, one boolean column each. */
  items: string[];
}

type Judged = Exclude<Plan, { shape: 'attestation' }>;

const ms = (n: number): string => `CAST(${Math.trunc(n)} AS BIGINT)`;

/** The VALUES list of a clause's versions: when each was in force and its parameters. */
function versionsValues(clause: ClauseToJudge, d: Dialect, lists: string[], texts: string[]): string {
  const rows = clause.versions.map((v) => {
    const cells = [d.str(v.version.version), ms(v.from), v.until === null ? `CAST(NULL AS ${d.bigint})` : ms(v.until), ms(v.boundMs)];
    for (const name of lists) cells.push(d.list(v.codes[name] ?? []));
    for (const name of texts) cells.push(v.texts[name] === undefined ? `CAST(NULL AS ${d.text})` : d.str(v.texts[name]!));
    return `(${cells.join(', ')})`;
  });
  const columns = ['version', 'from_ms', 'until_ms', 'bound_ms', ...lists.map((n) => `c_${n}`), ...texts.map((n) => `p_${n}`)];
  // A clause judged by a kind in no published version has no rows: an empty, typed relation.
  if (rows.length === 0) return `SELECT ${columns.map((c) => `CAST(NULL AS ${c.startsWith('c_') ? d.textList : c.endsWith('_ms') ? d.bigint : d.text}) AS ${c}`).join(', ')} WHERE false`;
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${columns.join(', ')})`;
}

/** The reference lists as VALUES: which country is on which list from when (inclusive) until when (exclusive). */
function referenceValues(reference: ReferenceData, d: Dialect): string {
  const rows: string[] = [];
  for (const list of ['eea', 'adequacy'] as const) {
    for (const c of reference[list].countries) {
      rows.push(`(${d.str(list)}, ${d.str(c.code)}, ${ms(Date.parse(`${c.from}T00:00:00Z`))}, ${c.until === undefined ? `CAST(NULL AS ${d.bigint})` : ms(Date.parse(`${c.until}T00:00:00Z`))})`);
    }
  }
  if (rows.length === 0) return `SELECT CAST(NULL AS ${d.text}) AS list, CAST(NULL AS ${d.text}) AS code, CAST(NULL AS ${d.bigint}) AS from_ms, CAST(NULL AS ${d.bigint}) AS until_ms WHERE false`;
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS t(list, code, from_ms, until_ms)`;
}

/** The policy's own versions as a relation (amendment notice judges them). */
function policyVersionsValues(ctx: CompileContext): string {
  const d = ctx.dialect;
  const rows = ctx.versions.map(
    (v, i) =>
      `(${d.str(v.version)}, ${ms(effectiveInstant(v))}, ${ms(Date.parse(`${v.published}T00:00:00Z`))}, ${v.material ? 'true' : 'false'}, ${i === 0 ? 'true' : 'false'}, ${ctx.versionFile(v)}, ${ms(1)})`,
  );
  return `(SELECT * FROM (VALUES ${rows.join(', ')}) AS t(version, effective_at, published_at, material, first, _file, _line))`;
}

/** Whether a condition reads a dated reference list. */
function usesLists(c: Condition | undefined): boolean {
  if (!c) return false;
  if ('all' in c) return c.all.some(usesLists);
  if ('any' in c) return c.any.some(usesLists);
  if ('not' in c) return usesLists(c.not);
  return 'onList' in c;
}

/** Every list and word parameter a plan's conditions read. */
function conditionParams(c: Condition | undefined, lists: Set<string>, texts: Set<string>): void {
  if (!c) return;
  if ('all' in c) c.all.forEach((x) => conditionParams(x, lists, texts));
  else if ('any' in c) c.any.forEach((x) => conditionParams(x, lists, texts));
  else if ('not' in c) conditionParams(c.not, lists, texts);
  else if ('inParam' in c) lists.add(c.inParam[1]);
  else if ('paramIs' in c) texts.add(c.paramIs[0]);
}

/**
 * Compile one clause's plan.
 *
 * @param clause the clause, its kind and versions.
 * @param ctx dialect, as-of, policy and relations.
 * @returns the query (all subjects, one row each), a query counting the subjects (without judging them), and its columns.
 */
export function compileClause(clause: ClauseToJudge, ctx: CompileContext): { sql: string; subjectCount: string; columns: OutcomeColumns } {
  const plan = clause.kind.plan as Judged;
  const d = ctx.dialect;
  const { subject } = plan;
  const asOf = ms(ctx.asOf);
  const alias = new Map<string, string>([[subject.table, 's']]);
  (subject.lookup ?? []).forEach((l, i) => alias.set(l.table, `l${i}`));
  if (subject.each) alias.set(subject.each.table, 'e');
  const col = (ref: FieldRef): string => `${alias.get(tableOf(ref))}.${d.id(fieldOf(ref))}`;
  const trigger = subject.trigger === 'asOf' ? asOf : col(subject.trigger);
  const firstEffective = ctx.versions[0] ? effectiveInstant(ctx.versions[0]) : Number.MAX_SAFE_INTEGER;

  const lists = new Set<string>();
  const texts = new Set<string>();
  conditionParams(subject.where, lists, texts);
  conditionParams(subject.each?.where, lists, texts);
  if (plan.shape === 'cases') plan.cases.forEach((c) => conditionParams(c.when, lists, texts));
  if (plan.shape === 'coverage') lists.add(plan.items.param);

  const cond = (c: Condition | undefined): string => {
    if (!c) return 'true';
    if ('all' in c) return `(${c.all.map(cond).join(' AND ')})`;
    if ('any' in c) return `(${c.any.map(cond).join(' OR ')})`;
    if ('not' in c) return `(NOT ${cond(c.not)})`;
    if ('eq' in c) {
      const [ref, value] = c.eq;
      // An absent boolean is false; an absent word equals nothing.
      return typeof value === 'boolean' ? `(coalesce(${col(ref)}, false) = ${value})` : `coalesce(${col(ref)} = ${d.str(value)}, false)`;
    }
    if ('in' in c) return `coalesce(${col(c.in[0])} IN (${c.in[1].map(d.str).join(', ')}), false)`;
    if ('inParam' in c) return d.listHas(`v.c_${c.inParam[1]}`, col(c.inParam[0]));
    if ('paramIs' in c) return `coalesce(v.p_${c.paramIs[0]} = ${d.str(c.paramIs[1])}, false)`;
    if ('happened' in c) return `coalesce(${col(c.happened)} <= ${asOf}, false)`;
    if ('onList' in c) {
      const [list, ref] = c.onList;
      return `EXISTS (SELECT 1 FROM ref WHERE ref.list = ${d.str(list)} AND ref.code = ${col(ref)} AND ref.from_ms <= ${asOf} AND (ref.until_ms IS NULL OR ${asOf} < ref.until_ms))`;
    }
    return `coalesce(${col(c.afterFirstEffective)} > ${ms(firstEffective)}, false)`;
  };

  const keys = Object.keys(subject.key);
  const facts = wordFields(plan);
  // A policy's own versions are a handful of inlined rows: nothing to save.
  const late = ctx.lateFacts === true && !ctx.rowKeys && subject.table !== POLICY_VERSIONS;
  // Each expression is selected once, whatever it stands for (a key, a fact, a match value, the
  // trigger): the subjects are a join's build or probe side, and every column is carried through it.
  const select: string[] = [];
  const held = new Map<string, string>();
  const holder = new Map<string, string>();
  const pick = (expression: string, alias: string): void => {
    const first = held.get(expression);
    if (first !== undefined) return void holder.set(alias, first);
    held.set(expression, alias);
    holder.set(alias, alias);
    select.push(`${expression} AS ${alias}`);
  };
  /** A subject's column by the name it stands for. */
  const sub = (alias: string): string => `subjects.${holder.get(alias) ?? alias}`;
  // The columns that name a subject in words (its keys, source and facts): carried through the
  // judging, or (late) read back, for the findings alone, from the rows the locators name.
  const keyWords = keys.map((k, i): [string, string] => {
    const ref = subject.key[k]!;
    // A field staged as text (all but flags and instants, sql/stage.ts) is its own text: no cast, so it is the same expression as the same field given as a fact.
    const kind = fieldKind(ref);
    return [kind !== undefined && kind !== 'boolean' && kind !== 'timestamp' ? col(ref) : `CAST(${col(ref)} AS ${d.text})`, `k${i}`];
  });
  const sourceWords: [string, string][] = [['s._file', '_file'], ['s._line', '_line']];
  if (ctx.rowKeys) sourceWords.push([subject.table === POLICY_VERSIONS ? `CAST(NULL AS ${d.text})` : 's._key', '_key']);
  const factWords = facts.map((ref, i): [string, string] => [col(ref), `f${i}`]);
  // The aliases a late query reads words back from: the subject's row, and each other row a key or fact comes from.
  const located = [...new Set(['s', ...[...keys.map((k) => subject.key[k]!), ...facts].map((ref) => alias.get(tableOf(ref))!)])];
  const tableAt = new Map([...alias].map(([t, a]) => [a, t]));
  // Late, where each row is; the version in force is found again for the findings alone, by the trigger (v is a few rows).
  if (late) for (const a of located) (pick(`${a}._file`, `${a}_file`), pick(`${a}._line`, `${a}_line`));
  else for (const [expression, name] of [['v.version', 'version'] as [string, string], ...keyWords, ...sourceWords]) pick(expression, name);
  pick(trigger, 'trigger_ms');
  pick('v.bound_ms', 'bound_ms');
  for (const n of lists) pick(`v.c_${n}`, `c_${n}`);
  if (!late) for (const [expression, name] of factWords) pick(expression, name);
  const joinOn = (on: Record<string, FieldRef>, other: string) => Object.entries(on).map(([f, ref]) => `${other}.${d.id(f)} = ${col(ref)}`);
  const from = [
    `FROM ${subject.table === POLICY_VERSIONS ? policyVersionsValues(ctx) : ctx.relation(subject.table)} AS s`,
    ...(subject.lookup ?? []).map((l, i) => `JOIN ${ctx.relation(l.table)} AS l${i} ON ${joinOn(l.on, `l${i}`).join(' AND ')}`),
    `JOIN v ON ${trigger} >= v.from_ms AND (v.until_ms IS NULL OR ${trigger} < v.until_ms)`,
    ...(subject.each ? [`CROSS JOIN ${ctx.relation(subject.each.table)} AS e`] : []),
  ];
  const where = [`${trigger} <= ${asOf}`, cond(subject.where), cond(subject.each?.where)].filter((w) => w !== 'true');
  const ctes = [`v AS (${versionsValues(clause, d, [...lists], [...texts])})`];
  if (usesLists(subject.where) || usesLists(subject.each?.where) || (plan.shape === 'cases' && plan.cases.some((c) => usesLists(c.when)))) ctes.push(`ref AS (${referenceValues(ctx.reference, d)})`);
  const head = ctes.length;
  const out = (late ? [...located.flatMap((a) => [`${a}_file`, `${a}_line`]), 'trigger_ms'] : ['version', ...keys.map((_, i) => `k${i}`), '_file', '_line', ...(ctx.rowKeys ? ['_key'] : []), 'trigger_ms', ...facts.map((_, i) => `f${i}`)]).map((a) => `${sub(a)} AS ${a}`);
  // The columns each shape adds after the subject's, by name (a late query selects them again).
  let rest: string[] = [];
  // A completion from another table is grouped per match key, counting only rows at or before as-of.
  const matched = (on: Record<string, FieldRef>): string => {
    for (const ref of Object.values(on)) pick(col(ref), matchAlias(ref));
    return Object.entries(on)
      .map(([f, ref]) => `done.${d.id(f)} = ${sub(matchAlias(ref))}`)
      .join(' AND ');
  };
  let tail: string;
  let items: string[] = [];
  if (plan.shape === 'cases') {
    pick(`CASE ${plan.cases.map((c, i) => (c.when ? `WHEN ${cond(c.when)} THEN ${i}` : `ELSE ${i}`)).join(' ')} END`, 'case_index');
    const status = `CASE ${sub('case_index')} ${plan.cases.map((c, i) => `WHEN ${i} THEN ${d.str(c.status)}`).join(' ')} END`;
    tail = `SELECT ${status} AS status, CAST(NULL AS ${d.text}) AS reason, ${out.join(', ')}, ${sub('case_index')} AS case_index
  FROM subjects`;
    rest = ['case_index'];
  } else if (plan.shape === 'coverage') {
    const c = plan.completion;
    const schema = clause.kind.params[plan.items.param] as { items?: { enum?: string[] } };
    items = schema.items?.enum ?? [];
    const itemColumn = (code: string) => d.id(plan.items.field.replace('{code}', code));
    const groupBy = Object.keys(c.on).map((f) => d.id(f));
    ctes.push(
      `done AS (\n    SELECT ${[...groupBy, 'true AS any_row', ...items.map((code, i) => `${d.anyTrue(`coalesce(${itemColumn(code)}, false)`)} AS i${i}`)].join(', ')}\n    FROM ${ctx.relation(c.table)} AS c\n    WHERE ${d.id(fieldOf(c.at))} <= ${asOf}\n    GROUP BY ${groupBy.join(', ')}\n  )`,
    );
    const deadline = `(${sub('trigger_ms')} + ${sub('bound_ms')})`;
    // Complete when every item the version in force lists is covered.
    const all = items.map((code, i) => `(NOT ${d.listHas(sub(`c_${plan.items.param}`), d.str(code))} OR coalesce(done.i${i}, false))`).join(' AND ') || 'true';
    const on = matched(c.on);
    tail = `SELECT CASE WHEN ${all} THEN 'pass' WHEN ${asOf} > ${deadline} THEN 'violation' ELSE 'pending' END AS status, CAST(NULL AS ${d.text}) AS reason, ${out.join(', ')}, ${deadline} AS deadline_ms, coalesce(done.any_row, false) AS any_row, ${items.map((_, i) => `coalesce(done.i${i}, false) AS i${i}`).join(', ')}\n  FROM subjects LEFT JOIN done ON ${on}`;
    rest = ['deadline_ms', 'any_row', ...items.map((_, i) => `i${i}`)];
  } else {
    const deadline = `(${sub('trigger_ms')} ${plan.direction === 'after' ? '+' : '-'} ${sub('bound_ms')})`;
    let done: string;
    let join = '';
    if (tableOf(plan.completion.field) === subject.table) {
      pick(col(plan.completion.field), 'same_row_done');
      done = `CASE WHEN ${sub('same_row_done')} <= ${asOf} THEN ${sub('same_row_done')} END`;
    } else {
      const t = d.id(fieldOf(plan.completion.field));
      const on = Object.keys(plan.completion.on ?? {});
      const groupBy = on.map((f) => d.id(f));
      const sources =
        ctx.completionSources === false
          ? [`CAST(NULL AS ${d.bigint}) AS done_file`, `CAST(NULL AS ${d.bigint}) AS done_line`, ...(ctx.rowKeys ? [`CAST(NULL AS ${d.text}) AS done_key`] : [])]
          : [`${d.earliest('_file', [t, '_file', '_line'])} AS done_file`, `${d.earliest('_line', [t, '_file', '_line'])} AS done_line`, ...(ctx.rowKeys ? [`${d.earliest('_key', [t, '_file', '_key'])} AS done_key`] : [])];
      const completionTable = tableOf(plan.completion.field);
      // Matched on the completion table's key: one row per match (keys are unique before anything is
      // judged), so no grouping — on a table of millions of rows, the grouping is most of the query.
      const key = isTableName(completionTable) ? tableDefinition(completionTable).key : [];
      const unique = key.length > 0 && key.every((k) => on.includes(k));
      const rowSources = [`_file AS done_file`, `_line AS done_line`, ...(ctx.rowKeys ? ['_key AS done_key'] : [])];
      ctes.push(
        unique
          ? `done AS (\n    SELECT ${[...groupBy, `${t} AS done_ms`, ...(ctx.completionSources === false ? sources : rowSources)].join(', ')}\n    FROM ${ctx.relation(completionTable)} AS c\n    WHERE ${t} <= ${asOf}\n  )`
          : `done AS (\n    SELECT ${[...groupBy, `min(${t}) AS done_ms`, ...sources].join(', ')}\n    FROM ${ctx.relation(completionTable)} AS c\n    WHERE ${t} <= ${asOf}\n    GROUP BY ${groupBy.join(', ')}\n  )`,
      );
      join = ` LEFT JOIN done ON ${matched(plan.completion.on ?? {})}`;
      done = 'done.done_ms';
    }
    // clauses.md: done by the deadline passes (inclusive); not done is pending while the deadline is ahead (if the plan allows), else a violation.
    const pending = plan.pending ? `${asOf} <= ${deadline}` : 'false';
    const status = `CASE WHEN (${done}) IS NOT NULL THEN (CASE WHEN (${done}) <= ${deadline} THEN 'pass' ELSE 'violation' END) WHEN ${pending} THEN 'pending' ELSE 'violation' END`;
    const reason = `CASE WHEN (${done}) IS NOT NULL AND (${done}) > ${deadline} THEN 'late' WHEN (${done}) IS NULL AND NOT (${pending}) THEN 'missed' END`;
    const source = join
      ? `done.done_file AS done_file, done.done_line AS done_line${ctx.rowKeys ? ', done.done_key AS done_key' : ''}`
      : `CAST(NULL AS ${d.bigint}) AS done_file, CAST(NULL AS ${d.bigint}) AS done_line${ctx.rowKeys ? `, CAST(NULL AS ${d.text}) AS done_key` : ''}`;
    tail = `SELECT ${status} AS status, ${reason} AS reason, ${out.join(', ')}, ${deadline} AS deadline_ms, ${done} AS done_ms, ${source}\n  FROM subjects${join}`;
    rest = ['deadline_ms', 'done_ms', 'done_file', 'done_line', ...(ctx.rowKeys ? ['done_key'] : [])];
  }
  if (late) {
    // Judged on the narrow subjects; a caller's filter on status (findings only) reaches into `judged`,
    // so the words are read back for the findings alone. Each located row exists: an inner join.
    ctes.push(`judged AS (\n  ${tail.replace(/\n/g, '\n  ')}\n  )`);
    const back = [
      ...located.map((a) => `JOIN ${ctx.relation(tableAt.get(a)!)} AS ${a} ON ${a}._file = judged.${a}_file AND ${a}._line = judged.${a}_line`),
      `JOIN v ON judged.trigger_ms >= v.from_ms AND (v.until_ms IS NULL OR judged.trigger_ms < v.until_ms)`,
    ];
    const columns = [
      ...['status', 'reason'].map((c) => `judged.${c} AS ${c}`),
      'v.version AS version',
      ...[...keyWords, ...sourceWords].map(([expression, name]) => `${expression} AS ${name}`),
      'judged.trigger_ms AS trigger_ms',
      ...factWords.map(([expression, name]) => `${expression} AS ${name}`),
      ...rest.map((c) => `judged.${c} AS ${c}`),
    ];
    tail = `SELECT ${columns.join(', ')}\n  FROM judged\n  ${back.join('\n  ')}`;
  }
  const subjects = `subjects AS (\n    SELECT ${select.join(',\n      ')}\n    ${from.join('\n    ')}\n    WHERE ${where.join('\n      AND ')}\n  )`;
  const sql = `WITH ${[...ctes.slice(0, head), subjects, ...ctes.slice(head)].join(',\n  ')}\n${tail}`;
  // Every subject has exactly one outcome row (a completion is matched once: grouped, or on its table's key).
  const subjectCount = `WITH ${[...ctes.slice(0, head), subjects].join(',\n  ')}\nSELECT count(*) AS n FROM subjects`;
  return { sql, subjectCount, columns: { keys, facts, items } };
}

/** The column a completion's match value is carried in. */
const matchAlias = (ref: FieldRef): string => `m_${tableOf(ref)}_${fieldOf(ref)}`;

/** The kind of a fact's field, for reading it back (timestamps arrive as ms). */
export const factKind = (ref: FieldRef): string | undefined => fieldKind(ref);
