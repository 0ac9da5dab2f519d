import { parseDocument, LineCounter } from 'yaml';
import { yamlPlace } from './yaml-place.ts';
import type { Root, Yaml } from 'mdast';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
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
  const lines = new LineCounter();
  const doc = parseDocument(yamlNode.value, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lines.linePos(offset);
    return { line: firstLine + pos.line - 1, column: pos.col };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) report(file, errors.frontMatterSyntax, [error.message.split('\n')[0]!], at(error.pos[0]));
    return null;
  }
  const data: unknown = doc.toJS({ maxAliasCount: 0 });
  const problems = validate('front-matter.schema.json', data);
  for (const { field, problem } of problems) report(file, errors.frontMatterInvalid, [field, problem], yamlPlace(doc, lines, field, firstLine));
  if (problems.length > 0) return null;
  // Where each field is written, so checks across versions can point at it.
  const fieldLines = Object.fromEntries(Object.keys(data as object).map((key) => [key, yamlPlace(doc, lines, key, firstLine).line]));
  return { ...(data as VersionFrontMatter), fieldLines };
}
