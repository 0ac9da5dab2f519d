/**
 * What parsing and the model need to know of rule kinds, and no more: each
 * kind's parameters (as JSON Schema, with how each is read from the words)
 * and two facts from its plan. The rule kinds themselves live above, in
 * engine/rules/; they hand this catalogue down (rules/registry.ts), so the
 * lower layers never import them.
 */

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

/** A JSON Schema (draft 2020-12) as data. */
export type JsonSchema = { [keyword: string]: unknown };

/** JSON Schema of one parameter, with how it is read (`x-read`). */
export type ParamSchema = JsonSchema & {
  'x-read': ParamReading;
  'x-vocabulary'?: string;
  /** Durations: a deadline (shorter is stricter) or a notice period (longer is stricter). */
  'x-sense'?: 'deadline' | 'notice';
  /** Lists: whether more items make the obligation stricter or looser for the company. */
  'x-more'?: 'stricter' | 'looser';
  /** Lists: what an added item is to the customer, announced on its own in amendments and notices. */
  'x-lists'?: ListedItems;
};

/** What a list parameter's items are to the customer. */
export type ListedItems = 'subprocessor-categories' | 'named-subprocessors';

/** One rule kind, as parsing sees it. */
export interface KindInfo {
  /** Its name (`rule=`). */
  kind: string;
  /** Parameters by name. */
  params: Record<string, ParamSchema>;
  /** Names of the parameters a clause must bind. */
  required: string[];
  /** No record can show it: an attestation vouches for it. */
  attested: boolean;
  /** The duration parameter by which it judges the policy's own versions (amendment notice), if it does. */
  versionNotice?: string;
}

/** The rule kinds a policy is read with. */
export interface KindCatalog {
  /** A kind by name, or undefined when there is none. */
  get(name: string): KindInfo | undefined;
  /** Every kind's name, sorted. */
  names(): string[];
}

/**
 * The JSON Schema of a kind's bound parameters (as the model holds them:
 * durations as ISO strings, word lists as code arrays).
 *
 * @param kind the rule kind.
 * @returns a draft 2020-12 object schema.
 */
export function paramsSchema(kind: Pick<KindInfo, 'params' | 'required'>): object {
  // One object per kind: validators are compiled once per schema object, and a policy reads a kind's parameters on every clause of every version.
  let schema = schemas.get(kind);
  if (!schema) {
    schema = { type: 'object', additionalProperties: false, required: kind.required, properties: kind.params };
    schemas.set(kind, schema);
  }
  return schema;
}

const schemas = new WeakMap<object, object>();
