import { basename } from 'node:path';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import type { PolicyVersion, ReferenceData } from '../model/types.ts';
import { policyMarkdown } from './processor.ts';
import { readFrontMatter } from './front-matter.ts';
import { readSections, takeHeadingAnchors } from './sections.ts';
import { collectAnnotations } from './annotations.ts';
import { assembleClauses } from './clauses.ts';
import type { KindCatalog } from '../schemas/params.ts';
import { plainText } from './plain-text.ts';
import { readDate } from './words.ts';
import { checkFurniture } from './furniture.ts';
import { checkHiddenMarks } from './hidden-marks.ts';
import { checkClauseFences } from './clause-fences.ts';
import { checkPlainDurations } from './plain-durations.ts';
import { checkHtmlAnchors, checkImages, checkRawHtml } from './html.ts';
import { contentHash, decodePolicyText } from './source.ts';
import { checkMarkdownLimits, checkTreeDepth } from './limits.ts';
import { checkBidiReferences, checkBidiText } from './bidi.ts';
import { checkInterpretationNotes } from './interpretation-notes.ts';

export { contentHash };

/** What a version file is checked against. */
export interface VersionContext {
  /** The document folder's name (the document id). */
  document?: string;
  /** Reference data, for vocabularies; null when it could not be read. */
  reference: ReferenceData | null;
  /** The rule kinds clauses may name (rules/registry.ts hands them down: parsing never imports them). */
  kinds: KindCatalog;
}

/**
 * Parse one version file into the model. Never throws on the file's content:
 * every problem becomes a positional message on `file`.
 *
 * @param file the version file: path set, value its bytes (as read from disk) or its text.
 * @param context document id and reference data.
 * @returns the version, or null when the file is refused or its front matter is unusable.
 */
export function parseVersion(file: VFile, context: VersionContext): PolicyVersion | null {
  const source = file.value ?? '';
  const text = decodePolicyText(file, source);
  // Refused before parsing: invalid UTF-8, control characters, or Markdown the parser cannot bound.
  if (text === null || !checkMarkdownLimits(text, file)) return null;
  const tree = policyMarkdown().parse(file);
  if (!checkTreeDepth(tree, file)) return null;
  // Overrides and isolates make public text read otherwise than it is: refused at each place, the rest still read.
  checkBidiText(text, file);
  checkBidiReferences(text, tree, file);
  const front = readFrontMatter(tree, file);
  // `{#anchor}` ending a heading names its anchor; it is not words of the text.
  takeHeadingAnchors(tree, file);
  const sections = readSections(tree, file);
  const annotations = collectAnnotations(tree, file);
  const { clauses, interpretations } = assembleClauses(annotations, sections, context.reference, file, context.kinds);
  checkInterpretationNotes(interpretations, file);
  // A passage that binds none of its clause's durations must not state another one in plain words.
  checkPlainDurations(annotations, clauses, file);
  checkFurniture(tree, file);
  checkHiddenMarks(tree, file);
  checkClauseFences(tree, file);
  checkRawHtml(tree, file);
  checkImages(tree, file);
  checkHtmlAnchors(tree, sections, clauses.map((c) => c.id), file);
  if (!front) return null;

  const expected = `${front.version}.md`;
  if (file.path && basename(file.path) !== expected) report(file, errors.versionFileName, [basename(file.path), front.version], { line: 1, column: 1 });
  if (context.document !== undefined && front.document !== context.document) report(file, errors.documentMismatch, [front.document, context.document], { line: 1, column: 1 });
  for (const stated of annotations.effective) {
    if (readDate(stated.words) !== front.effective) report(file, errors.effectiveProse, [stated.words, front.effective], { line: stated.position.line, column: stated.position.column });
  }

  return {
    document: front.document,
    title: front.title,
    version: front.version,
    effective: front.effective,
    published: front.published,
    material: front.material,
    status: front.status,
    audience: front.audience ?? null,
    summary: front.summary,
    withdrawn: front.withdrawn ?? [],
    fieldLines: front.fieldLines,
    file: file.path,
    sha256: contentHash(source),
    sections: sections.map(({ path: _path, ...section }) => section),
    clauses,
    interpretations,
    plainText: plainText(tree),
    tree,
  };
}
