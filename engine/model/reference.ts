import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { yamlPlace } from '../parse/yaml-place.ts';
import { validate } from '../schemas/validator.ts';
import type { CountryList } from '../generated/reference-countries.ts';
import type { Vocabulary } from '../generated/reference-vocabulary.ts';
import type { ReferenceData } from './types.ts';

const FILES = [
  { name: 'eea.yaml', schema: 'reference-countries.schema.json' },
  { name: 'adequacy.yaml', schema: 'reference-countries.schema.json' },
  { name: 'vocabulary.yaml', schema: 'reference-vocabulary.schema.json' },
] as const;

/**
 * Read policy/reference/: the EEA and adequacy lists and the vocabularies.
 *
 * @param dir the policy folder.
 * @returns the data (null when any file is missing or invalid) and the files with their messages.
 */
export async function loadReference(dir: string): Promise<{ reference: ReferenceData | null; files: VFile[] }> {
  const files: VFile[] = [];
  const data: Record<string, unknown> = {};
  for (const { name, schema } of FILES) {
    const path = join(dir, 'reference', name);
    const file = new VFile({ path });
    files.push(file);
    try {
      file.value = await readFile(path, 'utf8');
    } catch {
      report(file, errors.referenceMissing, [path]);
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(String(file.value), { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = lines.linePos(e.pos[0]);
        report(file, errors.referenceSyntax, [e.message.split('\n')[0]!], { line: pos.line, column: pos.col });
      }
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 0 });
    const problems = validate(schema, value);
    for (const { field, problem } of problems) report(file, errors.referenceInvalid, [field, problem, `schemas/${schema}`], yamlPlace(doc, lines, field));
    if (name !== 'vocabulary.yaml') {
      const countries = (value as Partial<CountryList> | null)?.countries;
      (Array.isArray(countries) ? countries : []).forEach((c, i) => {
        if (typeof c?.until === 'string' && typeof c.from === 'string' && c.until <= c.from) report(file, errors.referenceDates, [String(c.code), c.from, c.until], yamlPlace(doc, lines, `countries[${i}].until`));
      });
    }
    if (problems.length > 0) continue;
    data[name] = value;
  }
  const complete = FILES.every(({ name }) => name in data) && files.every((f) => !f.messages.some((m) => m.fatal));
  return {
    reference: complete
      ? {
          eea: data['eea.yaml'] as CountryList,
          adequacy: data['adequacy.yaml'] as CountryList,
          vocabularies: (data['vocabulary.yaml'] as Vocabulary).vocabularies,
        }
      : null,
    files,
  };
}

/**
 * Whether a country is on a dated list on a given day.
 *
 * @param list the EEA or adequacy list.
 * @param country ISO 3166-1 alpha-2 code.
 * @param day YYYY-MM-DD (UTC).
 * @returns true when an entry covers the day (`from` inclusive, `until` exclusive).
 */
export function onList(list: CountryList, country: string, day: string): boolean {
  return list.countries.some((c) => c.code === country && c.from <= day && (c.until === undefined || day < c.until));
}
