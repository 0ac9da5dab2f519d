// The engine adds its schemas without checking them against their
// meta-schema (40 ms at every start); this is where they are checked: every
// file of schemas/ and every rule kind's parameter schema.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleKinds } from '../engine/rules/registry.ts';
import { paramsSchema } from '../engine/schemas/params.ts';
import { createAjv, schemaDir } from '../engine/schemas/validator.ts';

describe('codicil’s JSON Schemas', () => {
  it('every schema of schemas/ and every kind’s parameter schema is valid against its meta-schema', () => {
    const ajv = createAjv(true);
    const names = readdirSync(schemaDir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.schema.json'));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(ajv.getSchema(name), name).toBeTypeOf('function');
    for (const name of ruleKinds.names()) expect(() => ajv.compile(paramsSchema(ruleKinds.get(name)!)), name).not.toThrow();
  });

  it('the check can fail: a type that JSON Schema does not have is refused', () => {
    expect(() => createAjv(true).compile({ type: 'object', properties: { at: { type: 'timestamp' } } })).toThrow(/schema is invalid/);
  });
});
