/**
 * What `codicil init`'s template asks to replace, never published as it is:
 * its summary, its "This is a template" box and its bracketed placeholders
 * (review: an unedited template marked published linted clean and put
 * "[Company]" on the public site).
 */
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import type { PolicyVersion } from './types.ts';

/** The template's marks, as they stand in its text (templates/init/policy/dpa/1.0.0.md holds each). */
export const TEMPLATE_MARKS: readonly { text: string; shown: string; what: string }[] = [
  { text: 'summary: "TEMPLATE:', shown: 'TEMPLATE:', what: 'summary' },
  { text: '**This is a template.**', shown: 'This is a template.', what: 'instructions box' },
  { text: '\\[Company\\]', shown: '[Company]', what: 'placeholder for your company' },
];

/**
 * Report each mark of the template in a published version, at its first line.
 *
 * @param versions the document's versions.
 * @param files their files, by version.
 */
export function checkTemplateLeftovers(versions: PolicyVersion[], files: Map<string, VFile>): void {
  for (const version of versions) {
    const file = files.get(version.version);
    if (version.status !== 'published' || !file) continue;
    const lines = String(file).split('\n');
    for (const mark of TEMPLATE_MARKS) {
      const line = lines.findIndex((l) => l.includes(mark.text));
      if (line !== -1) report(file, errors.templateLeftover, [version.version, mark.what, mark.shown], { line: line + 1, column: lines[line]!.indexOf(mark.text) + 1 });
    }
  }
}
