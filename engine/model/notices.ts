import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import { yamlPlace } from '../parse/yaml-place.ts';
import type { ChangeNoticeFrontMatter } from '../generated/change-notice.ts';
import type { PolicyVersion } from './types.ts';

/**
 * Check the change notices of a document folder: valid front matter, a
 * version that exists, and the same dates as that version (the site
 * publishes them as they are).
 *
 * @param docDir the document folder.
 * @param names the notice files' names (`<version>.notice.md`).
 * @param versions the parsed versions.
 * @param shown how paths are shown in messages.
 * @returns the notice files with their messages.
 */
export async function checkNotices(docDir: string, names: string[], versions: PolicyVersion[], shown: (p: string) => string): Promise<VFile[]> {
  const files: VFile[] = [];
  for (const name of names) {
    const path = join(docDir, name);
    const file = new VFile({ path: shown(path), value: await readFile(path, 'utf8') });
    files.push(file);
    const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(String(file.value));
    if (!m) {
      report(file, errors.noticeInvalid, ['front matter', 'is missing'], { line: 1, column: 1 });
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(m[1]!, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      report(file, errors.noticeInvalid, ['front matter', `is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`], { line: 2, column: 1 });
      continue;
    }
    const data = doc.toJS({ maxAliasCount: 0 }) as ChangeNoticeFrontMatter;
    const problems = validate('change-notice.schema.json', data);
    for (const p of problems) report(file, errors.noticeInvalid, [p.field, p.problem], yamlPlace(doc, lines, p.field, 2));
    if (problems.length > 0) continue;
    const version = versions.find((v) => v.version === data.version);
    if (!version || name !== `${data.version}.notice.md`) {
      report(file, errors.noticeVersion, [name, data.version], yamlPlace(doc, lines, 'version', 2));
      continue;
    }
    for (const field of ['effective', 'published'] as const) {
      if (data[field] !== version[field]) report(file, errors.noticeDates, [field, data[field], version[field]], yamlPlace(doc, lines, field, 2));
    }
  }
  return files;
}
