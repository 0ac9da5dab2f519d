import { join } from 'node:path';
import type { Root as HastRoot } from 'hast';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import { yamlPlace } from '../parse/yaml-place.ts';
import { readYaml } from '../parse/yaml-data.ts';
import { byteOrderMark, decodePolicyText } from '../parse/source.ts';
import { checkMarkdownLimits } from '../parse/limits.ts';
import { checkBidiReferences, checkBidiText, checkBidiYaml } from '../parse/bidi.ts';
import { noticeMarkdown } from '../parse/processor.ts';
import { checkImages } from '../parse/html.ts';
import { clip } from '../errors/visible.ts';
import type { ChangeNoticeFrontMatter } from '../generated/change-notice.ts';
import { FILE_LIMITS, readPolicyFile } from './policy-file.ts';
import type { PolicyVersion } from './types.ts';
import { fileVersion, nameAgrees } from './version-name.ts';

/** A page a notice is published on: the feeds resolve its links against it (any absolute URL resolves the same). */
const NOTICE_PAGE = 'https://legal.example.com/dpa/changes/1.0.0...1.1.0/';

/**
 * Report what the site cannot publish from a notice's text, read as the
 * site renders it ({@link noticeMarkdown}): images (CODICIL-P232), and links
 * whose address no URL can be made of (CODICIL-P233: the feeds make every
 * link absolute), each at its place.
 *
 * @param text the notice's text.
 * @param file for messages.
 */
function checkNoticeText(text: string, tree: Root, file: VFile): void {
  checkImages(tree, file);
  // The addresses as the page has them (after Markdown's own encoding), before the sanitizer drops any.
  const html = unified().use(remarkRehype).runSync(tree) as HastRoot;
  visit(html, 'element', (element) => {
    const href = element.properties.href;
    const at = element.position;
    if (typeof href !== 'string' || URL.canParse(href, NOTICE_PAGE)) return;
    // The parser's offsets start after a byte-order mark; the text still has it.
    const bom = byteOrderMark(text);
    const written = at?.start.offset !== undefined && at.end.offset !== undefined ? text.slice(bom + at.start.offset, bom + at.end.offset) : href;
    report(file, errors.linkNotUrl, [clip(written, 120)], at ? { line: at.start.line, column: at.start.column } : undefined);
  });
}

/**
 * Check the change notices of a document folder: a regular UTF-8 file
 * within codicil's Markdown limits (the site renders it), valid front
 * matter, a version that exists, and the same dates as that version (the
 * site publishes them as they are); no images, and no link the site
 * cannot publish ({@link checkNoticeText}).
 *
 * @param docDir the document folder.
 * @param names the notice files' names (`<version>.notice.md`).
 * @param versions the parsed versions.
 * @param shown how paths are shown in messages.
 * @param within the real path of the policy folder (notices must be inside it).
 * @returns the notice files with their messages.
 */
export async function checkNotices(docDir: string, names: string[], versions: PolicyVersion[], shown: (p: string) => string, within: string): Promise<VFile[]> {
  const files: VFile[] = [];
  for (const name of names) {
    const path = join(docDir, name);
    const file = new VFile({ path: shown(path) });
    files.push(file);
    const read = await readPolicyFile(file, path, { within, limit: FILE_LIMITS.version });
    if (read.status === 'missing') report(file, errors.fileUnreadable, [file.path, 'it disappeared while being read']);
    if (read.status !== 'ok') continue;
    const text = decodePolicyText(file, read.bytes);
    if (text === null || !checkMarkdownLimits(text, file)) continue;
    // The site publishes the notice: no overrides or isolates, as in a version file.
    checkBidiText(text, file);
    // One tree, the one the site renders: references, images and links are judged where they stand in it.
    const tree = noticeMarkdown().parse(text);
    checkBidiReferences(text, tree, file);
    checkNoticeText(text, tree, file);
    const m = frontMatterOf(text);
    if (!m) {
      report(file, errors.noticeInvalid, ['front matter', 'is missing'], { line: 1, column: 1 });
      continue;
    }
    const yaml = readYaml(m[1]!);
    if (!yaml.ok) {
      const { reason, offset } = yaml.problems[0]!;
      const pos = yaml.lines.linePos(offset);
      report(file, errors.noticeInvalid, ['front matter', `is not valid YAML: ${reason}`], { line: pos.line + 1, column: pos.col });
      continue;
    }
    const { doc, lines } = yaml;
    checkBidiYaml(m[1]!, doc, lines, file, 2);
    const data = yaml.data as ChangeNoticeFrontMatter;
    const problems = validate('change-notice.schema.json', data);
    for (const p of problems) report(file, errors.noticeInvalid, [p.field, p.problem], yamlPlace(doc, lines, p.field, 2));
    if (problems.length > 0) continue;
    // The version of that file name: one declared by another file is not this notice's.
    const version = versions.find((v) => fileVersion(v) === data.version);
    if (!version || name !== `${data.version}.notice.md`) {
      report(file, errors.noticeVersion, [name, data.version], yamlPlace(doc, lines, 'version', 2));
      continue;
    }
    // Its file declares another version (CODICIL-P104): the dates are compared once the two agree.
    if (!nameAgrees(version)) continue;
    for (const field of ['effective', 'published'] as const) {
      if (data[field] !== version[field]) report(file, errors.noticeDates, [field, data[field], version[field]], yamlPlace(doc, lines, field, 2));
    }
    // A notice tells customers of a version they are bound by: never of a draft (review: 1.1.0 set back to draft kept its published notice).
    if (data.status === 'published' && version.status !== 'published') report(file, errors.noticeOfDraft, [data.version], yamlPlace(doc, lines, 'status', 2));
  }
  return files;
}

/** A notice's front matter text (after a byte-order mark, as in a version file), as lint reads it. */
const frontMatterOf = (text: string): RegExpExecArray | null => /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text);

/**
 * Whether a change notice's header says it is published, read as lint reads
 * it (YAML, not a pattern: `status: "published"` or a trailing comment is
 * published to lint, so it must be to the site — review: the site's own
 * pattern left such a notice off, and took a lone CR for a line end).
 *
 * @param text the notice file's text.
 * @returns true when its front matter is valid YAML saying `status: published`.
 */
export function noticePublished(text: string): boolean {
  const m = frontMatterOf(text);
  const yaml = m ? readYaml(m[1]!) : undefined;
  const data = yaml?.ok ? (yaml.data as { status?: unknown } | null) : undefined;
  return data !== null && typeof data === 'object' && data.status === 'published';
}
