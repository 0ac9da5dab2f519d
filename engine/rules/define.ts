/**
 * Rule kinds: one file per kind in kinds/, each a definition object whose
 * plan (plan.ts) is the only statement of what it checks. A clause names its
 * kind (`rule=`) and binds the kind's parameters, so a new clause of an
 * existing kind needs no code, and a new kind of an existing shape is one
 * file and one registry line.
 */
import type { ParamSchema } from '../schemas/params.ts';
import { READ_ORDER } from '../records/integrity.ts';
import { isTableName, table, type TableName } from '../records/tables.ts';
import { conditionFields, fieldOf, planTables, POLICY_VERSIONS, tableOf, type Condition, type FieldRef, type Plan } from './plan.ts';

export type { ParamReading, ParamSchema, JsonSchema } from '../schemas/params.ts';
export { paramsSchema } from '../schemas/params.ts';

/** The definition of a rule kind. */
export interface RuleKindDefinition {
  /** Name used in `rule=` (e.g. `incident-notice-deadline`). */
  kind: string;
  /** One line, in plain words. */
  title: string;
  /** What the kind checks, for documentation. */
  description: string;
  /** Parameters by name. */
  params: Record<string, ParamSchema>;
  /** Names of the parameters a clause must bind. */
  required: string[];
  /** What it checks: the one definition every engine runs. */
  plan: Plan;
}

/** A defined rule kind. */
export interface RuleKind extends RuleKindDefinition {
  /** Record tables it reads; its clauses are unchecked when one is absent. */
  tables: TableName[];
}

/** Fields of the policy's own versions, as plans read them. */
export const POLICY_VERSION_FIELDS: Record<string, 'id' | 'timestamp' | 'boolean'> = { version: 'id', effective_at: 'timestamp', published_at: 'timestamp', material: 'boolean', first: 'boolean' };

/** Each field's kind once asked (see {@link fieldKind}). */
const kinds = new Map<FieldRef, string | undefined>();

/**
 * The kind of a field a plan reads.
 *
 * @param ref `table.field`.
 * @returns the field's kind, or undefined when the table has no such field.
 */
export function fieldKind(ref: FieldRef): string | undefined {
  // Asked for every placeholder of every finding's words: the tables never change, so each answer is kept.
  if (kinds.has(ref)) return kinds.get(ref);
  const [t, f] = [tableOf(ref), fieldOf(ref)];
  const kind = t === POLICY_VERSIONS ? POLICY_VERSION_FIELDS[f] : isTableName(t) ? table(t).fields.find((x) => x.name === f)?.kind : undefined;
  kinds.set(ref, kind);
  return kind;
}

const PLACEHOLDER = /\{([a-zA-Z_]+(?:[.:][a-z_]+)?)\}/g;

/** Every text a plan gives for findings and explanations. */
function planWords(plan: Plan): string[] {
  if (plan.shape === 'attestation') return [];
  if (plan.shape === 'cases') return [...plan.cases.map((c) => c.message), ...Object.values(plan.words)];
  return Object.values(plan.words).filter((w): w is string => typeof w === 'string');
}

/**
 * The fields a plan's words show (`{table.field}` placeholders).
 *
 * @param plan the plan.
 * @returns the field references.
 */
export function wordFields(plan: Plan): FieldRef[] {
  const refs = new Set<FieldRef>();
  for (const text of planWords(plan)) for (const [, name] of text.matchAll(PLACEHOLDER)) if (name!.includes('.')) refs.add(name as FieldRef);
  return [...refs];
}

/**
 * Define a rule kind, validating its definition and plan: every table and
 * field it names exists, every parameter it uses is declared, and the
 * tables it looks things up in are read before its subjects (READ_ORDER, so
 * the streaming engine has them at hand).
 *
 * @param definition the kind.
 * @returns the kind, with the tables it reads, frozen.
 * @throws when the definition is inconsistent (a programming error, never user input).
 */
export function defineRuleKind(definition: RuleKindDefinition): Readonly<RuleKind> {
  const fail = (problem: string): never => {
    throw new Error(`rule kind ${definition.kind}: ${problem}`);
  };
  if (!/^[a-z][a-z0-9-]*$/.test(definition.kind)) fail('its name is not kebab-case');
  for (const name of definition.required) if (!(name in definition.params)) fail(`requires unknown parameter ${name}`);
  for (const [name, schema] of Object.entries(definition.params)) {
    if (schema['x-read'] === 'vocabulary' && !schema['x-vocabulary']) fail(`parameter ${name} reads a vocabulary but names none`);
  }
  const plan = definition.plan;
  const tables = planTables(plan);
  if (plan.shape !== 'attestation') {
    const { subject } = plan;
    const known = new Set<string>([subject.table, ...tables]);
    const fields: FieldRef[] = [
      ...Object.values(subject.key),
      ...(subject.lookup ?? []).flatMap((l) => [...Object.values(l.on), ...Object.keys(l.on).map((f) => `${l.table}.${f}` as FieldRef)]),
      ...conditionFields(subject.where),
      ...conditionFields(subject.each?.where),
      ...(subject.trigger === 'asOf' ? [] : [subject.trigger]),
      ...wordFields(plan),
    ];
    const conditions: (Condition | undefined)[] = [subject.where, subject.each?.where];
    if (plan.shape === 'deadline') {
      fields.push(plan.completion.field, ...Object.values(plan.completion.on ?? {}), ...Object.keys(plan.completion.on ?? {}).map((f) => `${tableOf(plan.completion.field)}.${f}` as FieldRef));
      if ('param' in plan.bound && definition.params[plan.bound.param]?.['x-read'] !== 'duration') fail(`bound ${plan.bound.param} is not a duration parameter`);
      if (plan.direction === 'before' && plan.pending) fail('an advance notice is never pending: its trigger has happened');
    }
    if (plan.shape === 'cases') {
      conditions.push(...plan.cases.map((c) => c.when));
      plan.cases.forEach((c, i) => {
        fields.push(...conditionFields(c.when));
        if ((c.when === undefined) !== (i === plan.cases.length - 1)) fail('only the last case holds always');
      });
    }
    if (plan.shape === 'coverage') {
      fields.push(plan.completion.at, ...Object.values(plan.completion.on), ...Object.keys(plan.completion.on).map((f) => `${plan.completion.table}.${f}` as FieldRef));
      if (definition.params[plan.items.param]?.['x-read'] !== 'vocabulary') fail(`items ${plan.items.param} is not a vocabulary parameter`);
      if (definition.params[plan.deadline.clauseParam]?.['x-read'] !== 'clause') fail(`deadline ${plan.deadline.clauseParam} is not a clause parameter`);
    }
    for (const ref of fields) {
      if (!known.has(tableOf(ref))) fail(`${ref} names a table the plan does not read`);
      if (fieldKind(ref) === undefined) fail(`${ref} is not a field`);
    }
    const params = (c: Condition | undefined): string[] =>
      !c ? [] : 'all' in c ? c.all.flatMap(params) : 'any' in c ? c.any.flatMap(params) : 'not' in c ? params(c.not) : 'inParam' in c ? [c.inParam[1]] : 'paramIs' in c ? [c.paramIs[0]] : [];
    for (const name of conditions.flatMap(params)) if (!(name in definition.params)) fail(`a condition uses unknown parameter ${name}`);
    // The streaming engine reads every table a subject looks at before the subjects.
    if (subject.table !== POLICY_VERSIONS) {
      const at = READ_ORDER.indexOf(subject.table);
      for (const other of tables) if (other !== subject.table && READ_ORDER.indexOf(other) > at) fail(`${other} is read after its subjects ${subject.table} (READ_ORDER)`);
      // A completion matched per row of the `each` table gets one column per such row: that table comes first.
      if (subject.each && plan.shape === 'deadline' && READ_ORDER.indexOf(subject.each.table) > READ_ORDER.indexOf(tableOf(plan.completion.field) as TableName)) fail(`${subject.each.table} is read after ${tableOf(plan.completion.field)} (READ_ORDER)`);
    }
  }
  return Object.freeze({ ...definition, tables });
}
