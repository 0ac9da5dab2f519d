import { join } from 'node:path';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { yamlPlace } from '../parse/yaml-place.ts';
import { readYaml } from '../parse/yaml-data.ts';
import { decodePolicyText } from '../parse/source.ts';
import { checkBidiText, checkBidiYaml } from '../parse/bidi.ts';
import { FILE_LIMITS, readPolicyFile } from './policy-file.ts';
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
 * @param within its real path (reference files must be inside it).
 * @param shown how paths are shown in messages.
 * @returns the data (null when any file is missing or invalid) and the files with their messages.
 */
export async function loadReference(dir: string, within: string, shown: (p: string) => string = (p) => p): Promise<{ reference: ReferenceData | null; files: VFile[] }> {
  const files: VFile[] = [];
  const data: Record<string, unknown> = {};
  for (const { name, schema } of FILES) {
    const path = join(dir, 'reference', name);
    const file = new VFile({ path: shown(path) });
    files.push(file);
    const read = await readPolicyFile(file, path, { within, limit: FILE_LIMITS.reference });
    if (read.status === 'missing') report(file, errors.referenceMissing, [file.path]);
    if (read.status !== 'ok') continue;
    const text = decodePolicyText(file, read.bytes);
    if (text === null) continue;
    // Country names and vocabulary reach reports and the site: no overrides or isolates.
    checkBidiText(text, file);
    const yaml = readYaml(text);
    if (!yaml.ok) {
      for (const { reason, offset } of yaml.problems) {
        const pos = yaml.lines.linePos(offset);
        report(file, errors.referenceSyntax, [reason], { line: pos.line, column: pos.col });
      }
      continue;
    }
    const { doc, lines } = yaml;
    checkBidiYaml(text, doc, lines, file);
    const value = yaml.data;
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
 * The UTC day of an instant, as the dated lists compare days (YYYY-MM-DD, as
 * text). An instant past year 9999 (an as-of of `9999-12-31T23:59:59-23:59`
 * is in 10000, UTC) is after every day a list can give: `9999-13`, not
 * `+010000-01-01`, which compared as text before them all (review: no country
 * was on the EEA list, in the js engine only). One before year 0 is before
 * them all as it is.
 *
 * @param ms epoch milliseconds.
 * @returns the day.
 */
export function listDay(ms: number): string {
  const day = new Date(ms).toISOString().slice(0, 10);
  return day.startsWith('+') ? '9999-13' : day;
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
