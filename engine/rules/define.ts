/**
 * Rule kinds: one file per kind in kinds/, each a definition object. A clause
 * names its kind (`rule=`) and binds the kind's parameters, so a new clause of
 * an existing kind needs no code.
 */
import type { JSONSchema } from 'json-schema-to-typescript';
import type { TableName } from '../records/tables.ts';
import type { CheckContext, CheckPlan, ClauseEvaluator } from '../check/types.ts';

/** How one parameter is read from the policy. */
export type ParamReading =
  /** Words of the DPA read as a duration ("72 hours"), or `means=` for vague words. */
  | 'duration'
  /** Words of the DPA read through a vocabulary of policy/reference/vocabulary.yaml. */
  | 'vocabulary'
  /** An attribute of the clause annotation (not a number the reader needs to see). */
  | 'attribute'
  /** An attribute naming another clause of the same version. */
  | 'clause'
  /** Words of the DPA kept as they are: a list of names (e.g. named sub-processors). */
  | 'names';

/** JSON Schema of one parameter, with how it is read (`x-read`). */
export type ParamSchema = JSONSchema & {
  'x-read': ParamReading;
  'x-vocabulary'?: string;
  /** Durations: a deadline (shorter is stricter) or a notice period (longer is stricter). */
  'x-sense'?: 'deadline' | 'notice';
  /** Lists: whether more items make the obligation stricter or looser for the company. */
  'x-more'?: 'stricter' | 'looser';
};

/** The definition of a rule kind. */
export interface RuleKind {
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
  /** Record tables it reads; its clauses are unchecked when one is absent. */
  tables: TableName[];
  /** The declarative shape of the check (subject, trigger, completion, bound). */
  plan: CheckPlan;
  /**
   * Build the evaluator of one clause of this kind. Absent for attestations,
   * which the check itself reports in its coverage.
   */
  evaluator?: (clauseId: string, context: CheckContext) => ClauseEvaluator;
}

/**
 * Define a rule kind, validating the definition.
 *
 * @param definition the kind.
 * @returns the same definition, frozen.
 * @throws when the definition is inconsistent (a programming error, never user input).
 */
export function defineRuleKind(definition: RuleKind): Readonly<RuleKind> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.kind)) throw new Error(`rule kind name ${definition.kind} is not kebab-case`);
  for (const name of definition.required) {
    if (!(name in definition.params)) throw new Error(`rule kind ${definition.kind} requires unknown parameter ${name}`);
  }
  for (const [name, schema] of Object.entries(definition.params)) {
    if (schema['x-read'] === 'vocabulary' && !schema['x-vocabulary']) throw new Error(`parameter ${name} of ${definition.kind} reads a vocabulary but names none`);
  }
  return Object.freeze(definition);
}

/**
 * The JSON Schema of a kind's bound parameters (as the model holds them:
 * durations as ISO strings, word lists as code arrays).
 *
 * @param kind the rule kind.
 * @returns a draft 2020-12 object schema.
 */
export function paramsSchema(kind: RuleKind): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: kind.required,
    properties: kind.params,
  };
}
