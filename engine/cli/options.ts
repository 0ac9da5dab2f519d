/**
 * Options several commands share, defined once so they read the same in
 * every command's help.
 */
import { parseAsOf } from './as-of.ts';
import type { OptionDefinition } from './define.ts';

/** `--policy DIR`. */
export const policyOption = {
  name: 'policy',
  type: 'string',
  value: 'DIR',
  default: 'policy',
  description: 'the policy folder',
} as const satisfies OptionDefinition;

/** `--records DIR`. */
export const recordsOption = {
  name: 'records',
  type: 'string',
  value: 'DIR',
  description: 'the records folder',
} as const satisfies OptionDefinition;

/** `--as-of T`. */
export const asOfOption = {
  name: 'as-of',
  type: 'string',
  value: 'T',
  description: 'as the records stood at T: RFC 3339 with an offset, or a date (00:00 UTC); default now',
  validate: (text: string) =>
    Number.isNaN(parseAsOf(text)) ? `--as-of ${JSON.stringify(text)} is not an RFC 3339 timestamp with an offset (2025-06-30T12:00:00Z) or a date (2025-06-30)` : null,
} as const satisfies OptionDefinition;

/**
 * `--format F`, from the formats a command renders.
 *
 * @param formats the command's formats; the first is the default.
 * @param description what the formats are for.
 * @returns the option.
 */
export function formatOption<const F extends readonly string[]>(formats: F, description: string) {
  return { name: 'format', type: 'string', value: 'F', default: formats[0]!, choices: formats, description } as const satisfies OptionDefinition;
}

/** `--database URL` (the postgres engine; else CODICIL_DATABASE_URL). */
export const databaseOption = {
  name: 'database',
  type: 'string',
  value: 'URL',
  description: 'postgres: the database (postgresql://user@host/db, a socket folder as ?host=/path); default CODICIL_DATABASE_URL. Its password is never printed',
} as const satisfies OptionDefinition;

/** `--schema NAME`. */
export const schemaOption = {
  name: 'schema',
  type: 'string',
  value: 'NAME',
  default: 'public',
  description: 'postgres: the schema holding the record tables; a plain SQL name, folded to lower case as PostgreSQL folds one unquoted (Staging is staging)',
  validate: (v: string) => (/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(v) ? null : `--schema must be a plain SQL name, not ${JSON.stringify(v)}`),
} as const satisfies OptionDefinition;

/**
 * The schema `--schema` names: a plain SQL name, read as PostgreSQL reads it
 * unquoted (its letters folded to lower case), so that `--schema Staging` is
 * the schema `Staging.incidents` finds in SQL (review: codicil quoted it and
 * created "Staging", which plain SQL never finds; `--schema Public` missed
 * `public`). The name is ASCII (the option's validation), so lower-casing
 * ASCII letters is all PostgreSQL does to it.
 *
 * @param given the option's value (validated).
 * @returns the schema's name as PostgreSQL stores it.
 */
export function schemaName(given: string): string {
  return given.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * The database URL: --database, else CODICIL_DATABASE_URL.
 *
 * @param given the option's value.
 * @param env the environment.
 * @returns the URL, or undefined.
 */
export function databaseUrl(given: string | undefined, env: Record<string, string | undefined>): string | undefined {
  return given ?? (env.CODICIL_DATABASE_URL || undefined);
}

/** `--waivers FILE`. */
export const waiversOption = {
  name: 'waivers',
  type: 'string',
  value: 'FILE',
  description: 'the waiver file (docs/spec/waivers.md); default: waivers.yaml in the policy folder, if there is one',
} as const satisfies OptionDefinition;
