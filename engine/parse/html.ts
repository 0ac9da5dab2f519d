/**
 * Raw HTML in a version file. Real legal Markdown carries HTML: tables,
 * ordered lists with their numbering style (`<ol type="a">`), line breaks,
 * underlining, anchors. Words of a legal text are never dropped, so codicil
 * reads HTML as a reader sees it:
 *
 * - the structural subset ({@link PUBLISHED_ELEMENTS}) is published as
 *   markup, through the sanitizer;
 * - any other element that only formats words (`<font>`, `<center>`) is
 *   published as its words;
 * - an element whose content is not words the reader sees — code, embedded
 *   pages, images, form controls — or an HTML heading (which would not be a
 *   section) is refused with an error at its place ({@link REFUSED_ELEMENTS}),
 *   as are codicil marks written inside raw HTML (they would not be read),
 *   Markdown images, and an id or name that repeats an anchor of the page
 *   ({@link checkHtmlAnchors}).
 *
 * The same words are in the model's plain text (clauses, diffs, search) and
 * in the published page: `test/words.test.ts` proves it for every version.
 */
import type { Definition, Heading, Html, Root as MdastRoot } from 'mdast';
import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import type { Section } from '../model/types.ts';

/** Elements published as markup (the sanitizer keeps them and their safe attributes). */
export const PUBLISHED_ELEMENTS = Object.freeze([
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
  'ol', 'ul', 'li', 'dl', 'dt', 'dd',
  'p', 'div', 'span', 'br', 'hr', 'blockquote', 'pre', 'code',
  'b', 'strong', 'i', 'em', 'u', 'ins', 'del', 's', 'strike', 'sub', 'sup', 'small', 'mark', 'abbr', 'cite', 'dfn', 'q', 'a',
] as const);

/** Why an element is refused: its content is not words the reader sees, or it is not a section. */
const REFUSALS: Record<string, string> = {
  code: 'its content is code, not words of the agreement',
  embedded: 'it embeds another page or object, whose words codicil can neither publish nor check',
  media: 'an image or media holds no words codicil can publish and check',
  form: 'a form control is not text of the agreement',
  document: 'it is markup of a whole web page, not of a version file',
  heading: 'an HTML heading is not a section: it would get no number, anchor or place in the contents',
};

/** Elements refused with an error at their place, each with its reason. */
export const REFUSED_ELEMENTS: ReadonlyMap<string, string> = new Map([
  ...['script', 'style', 'template', 'noscript'].map((t) => [t, REFUSALS.code!] as const),
  ...['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'slot'].map((t) => [t, REFUSALS.embedded!] as const),
  ...['img', 'picture', 'source', 'svg', 'math', 'canvas', 'video', 'audio', 'track', 'map', 'area'].map((t) => [t, REFUSALS.media!] as const),
  ...['form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'meter', 'progress', 'dialog'].map((t) => [t, REFUSALS.form!] as const),
  ...['html', 'head', 'body', 'title', 'meta', 'link', 'base'].map((t) => [t, REFUSALS.document!] as const),
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((t) => [t, REFUSALS.heading!] as const),
]);

/**
 * Ids the site gives its own elements on a version page: the main content
 * (`<main id="main">`), interpretation notes and their markers, and the
 * footnotes (`user-content-fn-1`, `user-content-fnref-1`, `footnote-label`).
 */
export const PAGE_IDS = /^(?:main|note-\d+|note-ref-\d+|footnote-label|user-content-.*)$/;

/** Elements that end a line of text (a row, a paragraph, an item). */
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set(['p', 'div', 'li', 'tr', 'table', 'thead', 'tbody', 'tfoot', 'caption', 'blockquote', 'dt', 'dd', 'dl', 'ol', 'ul', 'pre', 'hr', 'section', 'article', 'header', 'footer', 'address', 'figure', 'figcaption', 'details', 'summary', 'center', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Cells: words of one row, separated. */
const CELLS = new Set(['td', 'th']);

/**
 * Parse a fragment of raw HTML as a browser would (parse5), with positions.
 *
 * @param value the raw HTML of one Markdown `html` node.
 * @returns the fragment's hast tree.
 */
export function parseHtmlFragment(value: string): HastRoot {
  return fromHtml(value, { fragment: true });
}

/**
 * The text of a hast tree as a reader sees it: block elements end a line,
 * `<br>` breaks one, cells are separated by a space; comments, refused
 * elements (code, media) and their content are not text.
 *
 * @param tree a hast tree (or element).
 * @returns the text, lines separated by "\n".
 */
export function hastText(tree: HastNodes): string {
  let out = '';
  const walk = (node: HastNodes): void => {
    if (node.type === 'text') {
      out += node.value;
      return;
    }
    if (node.type === 'element') {
      const tag = node.tagName;
      if (tag === 'br') {
        out += '\n';
        return;
      }
      if (REFUSED_ELEMENTS.has(tag) && !/^h[1-6]$/.test(tag)) return;
      const block = BLOCK_ELEMENTS.has(tag) || /^h[1-6]$/.test(tag);
      if (block) out += '\n';
      if (CELLS.has(tag)) out += ' ';
      for (const child of node.children) walk(child);
      if (CELLS.has(tag)) out += ' ';
      if (block) out += '\n';
      return;
    }
    if (node.type === 'root') for (const child of node.children) walk(child);
  };
  walk(tree);
  return out;
}

/**
 * The text of one raw HTML node of a version file.
 *
 * @param value the node's raw HTML.
 * @returns its text as a reader sees it (lines separated by "\n").
 */
export function rawHtmlText(value: string): string {
  // Most inline HTML is a lone tag (`<u>`, `</u>`, `<a id="x">`): no text to find.
  if (/^<\/?[A-Za-z][^<>]*>$/.test(value)) return /^<br\b/i.test(value) ? '\n' : '';
  return hastText(parseHtmlFragment(value));
}

/** A codicil mark (`:clause[`, `:param{`, `:::clause`) in text. */
const MARK = /(?<![\\\w:]):{1,3}[a-z][a-z0-9-]*[[{]/;

/** A place in a version file. */
export interface FilePlace {
  line: number;
  column: number;
}

/** A raw HTML node of a version file, parsed. */
export interface RawHtmlFragment {
  /** The Markdown node it was written as. */
  node: Html;
  fragment: HastRoot;
  /** The place in the file of a point of the fragment. */
  at: (point: { line: number; column: number } | undefined) => FilePlace;
}

/**
 * Every raw HTML node of a version file, parsed, with a way to place a
 * point of the fragment in the file.
 *
 * @param tree the parsed version file.
 * @returns each fragment and its placing function.
 */
export function rawHtmlFragments(tree: MdastRoot): RawHtmlFragment[] {
  const out: RawHtmlFragment[] = [];
  visit(tree, 'html', (node: Html) => {
    const start = node.position?.start;
    // A lone tag without attributes (`<u>`, `</td>`) holds nothing to check, unless it is refused itself.
    const lone = /^<\/?([A-Za-z][\w-]*)\s*\/?>$/.exec(node.value);
    if (!start || (lone && !REFUSED_ELEMENTS.has(lone[1]!.toLowerCase()))) return;
    out.push({
      node,
      fragment: parseHtmlFragment(node.value),
      at: (point) => (point ? { line: start.line + point.line - 1, column: point.line === 1 ? start.column + point.column - 1 : point.column } : { line: start.line, column: start.column }),
    });
  });
  return out;
}

/**
 * Report the raw HTML codicil does not publish: refused elements and
 * codicil marks inside raw HTML, each at its place in the file.
 *
 * @param tree the parsed version file.
 * @param file for messages.
 */
export function checkRawHtml(tree: MdastRoot, file: VFile): void {
  for (const { fragment, at } of rawHtmlFragments(tree)) {
    visit(fragment, (child) => {
      if (child.type === 'element') {
        const reason = REFUSED_ELEMENTS.get((child as Element).tagName);
        if (reason) {
          report(file, errors.rawHtml, [(child as Element).tagName, reason], at(child.position?.start));
          return 'skip';
        }
      }
      if (child.type === 'text' && MARK.test(child.value)) {
        const mark = MARK.exec(child.value)![0];
        report(file, errors.markInRawHtml, [mark], at(child.position?.start));
      }
      return undefined;
    });
  }
}

/**
 * Report every Markdown image (`![words](address)`, `![words][label]`): the
 * site publishes none (a raw `<img>` is refused as HTML, CODICIL-P218). An
 * image holds no words codicil can publish and check, and the reader's
 * browser or feed reader would fetch it from wherever it points.
 *
 * @param tree a parsed version file or change notice.
 * @param file for messages.
 */
export function checkImages(tree: MdastRoot, file: VFile): void {
  const defined = new Map<string, string>();
  visit(tree, 'definition', (d: Definition) => {
    // The first definition of a label is the one Markdown uses.
    if (!defined.has(d.identifier)) defined.set(d.identifier, d.url);
  });
  visit(tree, (node) => {
    if (node.type !== 'image' && node.type !== 'imageReference') return;
    const address = node.type === 'image' ? node.url : (defined.get(node.identifier) ?? `[${node.label ?? node.identifier}]`);
    const at = node.position?.start;
    report(file, errors.imageInText, [address], at ? { line: at.line, column: at.column } : undefined);
  });
}

/**
 * Report an id or name in raw HTML that repeats an anchor the page makes: a
 * section's, a clause's, or one of {@link PAGE_IDS}. The first element with
 * an id takes the fragment, so a repeated one would lead a citation
 * (`…/dpa/1.0.0/#security.encryption-in-transit`) to other words. Ids of
 * their own stay (links to `<a id="annex-1">` are checked and published),
 * and an anchor inside a heading may repeat that heading's own
 * (`## 1. Parties <a id="parties"></a>`): the heading comes first.
 *
 * @param tree the parsed version file.
 * @param sections its sections (with the anchors the page gives them).
 * @param clauses the ids of its clauses.
 * @param file for messages.
 */
export function checkHtmlAnchors(tree: MdastRoot, sections: readonly Section[], clauses: readonly string[], file: VFile): void {
  const taken = new Map<string, string>();
  for (const id of clauses) taken.set(id, `the id of clause ${id}`);
  for (const s of sections) taken.set(s.anchor, `the anchor of section ${s.number ? `${s.number} ` : ''}“${s.title}”`);
  // Raw HTML inside a heading, with the heading's own anchor.
  const ownAnchor = new Map<Html, string>();
  const byLine = new Map(sections.map((s) => [s.position.line, s.anchor]));
  visit(tree, 'heading', (heading: Heading) => {
    const anchor = byLine.get(heading.position?.start.line ?? 0);
    if (anchor !== undefined) visit(heading, 'html', (node: Html) => void ownAnchor.set(node, anchor));
  });
  for (const { node, fragment, at } of rawHtmlFragments(tree)) {
    visit(fragment, 'element', (element: Element) => {
      for (const attribute of ['id', 'name'] as const) {
        const value = element.properties[attribute];
        if (typeof value !== 'string' || value === '' || value === ownAnchor.get(node)) continue;
        const what = taken.get(value) ?? (PAGE_IDS.test(value) ? 'an id the page gives its own elements (its main content, interpretation notes and footnotes)' : undefined);
        if (what) report(file, errors.htmlAnchorTaken, [attribute, value, what], at(element.position?.start));
      }
    });
  }
}
