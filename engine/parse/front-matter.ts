import { yamlPlace } from './yaml-place.ts';
import { readYaml } from './yaml-data.ts';
import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import { checkBidiYaml } from './bidi.ts';
import type { VersionFrontMatter } from '../generated/front-matter.ts';

/**
 * Read and validate the YAML front matter of a version file.
 *
 * @param tree the parsed file.
 * @param file the file, for messages (every problem is reported on it).
 * @returns the front matter when it is valid, otherwise null.
 */
export function readFrontMatter(tree: Root, file: VFile): (VersionFrontMatter & { fieldLines: Record<string, number> }) | null {
  const node = tree.children[0];
  if (!node || node.type !== 'yaml') {
    report(file, errors.frontMatterMissing, [], { line: 1, column: 1 });
    return null;
  }
  const yamlNode = node as Yaml;
  // The YAML starts on the line after the opening ---.
  const firstLine = (yamlNode.position?.start.line ?? 1) + 1;
  // A lone CR in a version file is refused for the whole file (CODICIL-V017, engine/model/load-policy.ts).
  const read = readYaml(yamlNode.value, 'refused elsewhere');
  if (!read.ok) {
    for (const { reason, offset } of read.problems) {
      const pos = read.lines.linePos(offset);
      report(file, errors.frontMatterSyntax, [reason], { line: firstLine + pos.line - 1, column: pos.col });
    }
    return null;
  }
  const { doc, lines, data } = read;
  // "\u202E" in a quoted value is the override once read (title, summary and audience are published).
  checkBidiYaml(yamlNode.value, doc, lines, file, firstLine);
  const problems = validate('front-matter.schema.json', data);
  for (const { field, problem } of problems) report(file, errors.frontMatterInvalid, [field, problem], yamlPlace(doc, lines, field, firstLine));
  if (problems.length > 0) return null;
  // Where each field is written, so checks across versions can point at it.
  // A null prototype: looking up any name finds only the fields written.
  const fieldLines: Record<string, number> = Object.create(null);
  for (const key of Object.keys(data as object)) fieldLines[key] = yamlPlace(doc, lines, key, firstLine).line;
  return { ...(data as VersionFrontMatter), fieldLines };
}
