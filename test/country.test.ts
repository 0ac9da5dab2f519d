import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import countries from 'i18n-iso-countries';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

describe('schemas/country.schema.json', () => {
  it('lists exactly the ISO 3166-1 alpha-2 codes', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'country.schema.json'), 'utf8')) as { enum: string[] };
    expect(schema.enum).toEqual(Object.keys(countries.getAlpha2Codes()).sort());
    expect(schema.enum).toContain('GB');
    expect(schema.enum).not.toContain('UK');
  });
});
