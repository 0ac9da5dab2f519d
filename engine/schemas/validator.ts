/**
 * ajv (JSON Schema draft 2020-12, with formats), loaded once with every
 * schema in schemas/. Validators are compiled on first use and cached.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isTimestamp } from './timestamp.ts';

/**
 * The folder of codicil's JSON Schemas: schemas/ in the repository, and
 * lib/schemas/ beside the compiled engine in the package. The engine is never
 * bundled (the site receives its data from `codicil build`), so this module's
 * URL always points into codicil's own folder.
 */
export const schemaDir = fileURLToPath(new URL('../../schemas/', import.meta.url));

/**
 * An ajv instance with codicil's keywords and formats and every schema of
 * schemas/ added (compiled on first use).
 *
 * @param checkSchemas whether each schema is validated against its
 *   meta-schema as it is added or compiled. The tests do it; at run time the
 *   schemas are codicil's own, and checking them would cost every start about
 *   40 ms.
 * @returns the instance.
 */
export function createAjv(checkSchemas: boolean): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateSchema: checkSchemas });
  addFormats.default(ajv);
  // Rule kinds describe how each parameter is read from the DPA's words.
  ajv.addKeyword({ keyword: 'x-read', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-vocabulary', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-sense', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-more', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-lists', schemaType: 'string' });
  // Record schemas: which fields are ids/timestamps, the table's key and its references.
  ajv.addKeyword({ keyword: 'x-kind', schemaType: 'string' });
  // json-schema-to-typescript's hint for the generated type (e.g. a country is a string, not 249 literals).
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-key', schemaType: 'array' });
  ajv.addKeyword({ keyword: 'x-references', schemaType: 'object' });
  ajv.addFormat('timestamp', { type: 'string', validate: isTimestamp });
  for (const file of readdirSync(schemaDir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (file.endsWith('.schema.json')) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as object, file);
  }
  return ajv;
}

const ajv = createAjv(false);

/** One problem found by a schema: the field (dotted path) and what is wrong. */
export interface SchemaProblem {
  field: string;
  problem: string;
}

const cache = new Map<string | object, ValidateFunction>();

/**
 * The compiled validator of a schema, for hot paths that validate many values.
 *
 * @param schema file name in schemas/ or a schema object.
 * @returns the ajv validate function (its `errors` hold the last problems).
 */
export function compiledValidator(schema: string | object): ValidateFunction {
  return validator(schema);
}

/**
 * The problems of a validate function's last call.
 *
 * @param fn an ajv validate function that just returned false.
 * @returns the problems as field and words.
 */
export function problemsOf(fn: ValidateFunction): SchemaProblem[] {
  return (fn.errors ?? []).map(toProblem);
}

function validator(schema: string | object): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = typeof schema === 'string' ? ajv.getSchema(schema) : ajv.compile(schema);
    if (!fn) throw new Error(`no schema ${String(schema)} in ${schemaDir}`);
    cache.set(schema, fn);
  }
  return fn;
}

/**
 * Validate data against a schema of schemas/ (by file name) or an inline schema.
 *
 * @param schema file name such as `front-matter.schema.json`, or a schema object.
 * @param data the value to validate.
 * @returns every problem found (empty when valid).
 */
export function validate(schema: string | object, data: unknown): SchemaProblem[] {
  const fn = validator(schema);
  if (fn(data)) return [];
  return (fn.errors ?? []).map(toProblem);
}

function toProblem(error: ErrorObject): SchemaProblem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const field = (extra?: string): string => {
    const parts = extra === undefined ? path : [...path, extra];
    return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '') || '(root)';
  };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: field(String(params.missingProperty)), problem: 'is required' };
    case 'additionalProperties':
      return { field: field(String(params.additionalProperty)), problem: 'is not a known field' };
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      return { field: field(), problem: allowed.length > 12 ? `must be one of the ${allowed.length} values its schema lists` : `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'format':
      return { field: field(), problem: `must be a valid ${String(params.format)}` };
    case 'pattern':
      return { field: field(), problem: `does not match the pattern ${String(params.pattern)}` };
    default:
      return { field: field(), problem: error.message ?? 'is invalid' };
  }
}
