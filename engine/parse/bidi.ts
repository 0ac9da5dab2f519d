/**
 * Bidirectional formatting in policy text: the "Trojan source" trick. An
 * override or an isolate (U+202A–U+202E, U+2066–U+2069) makes the text a
 * reader, a reviewer of the pull request or a feed reader sees read
 * differently from what it is ("within 72 hours" shown for other
 * characters); codicil refuses them wherever they stand in a published
 * policy file, written as the character itself, as a Markdown or HTML
 * character reference (`&#x202E;`) or as a YAML escape (`"\u202E"`), each
 * at its line and column (CODICIL-P229).
 *
 * Direction marks (LRM U+200E, RLM U+200F, ALM U+061C) are different: a
 * DPA may quote a sub-processor's Arabic or Hebrew name, and a mark is how
 * such a name keeps its punctuation in place. A mark cannot reverse a run
 * of letters, but it can move digits and punctuation ("10-20" shown as
 * "20-10" after an ALM), so it is allowed only on a line that holds
 * right-to-left letters, where it has that job; anywhere else it is refused
 * (CODICIL-P230).
 */
import type { Nodes, Root } from 'mdast';
import { visit as visitYaml, type Document, type LineCounter } from 'yaml';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { byteOrderMark } from './source.ts';

/** Embeddings, overrides and their pop (U+202A–U+202E), isolates and theirs (U+2066–U+2069): never policy text. */
const FORMATTING = /[\u202A-\u202E\u2066-\u2069]/;
/** Every bidirectional control codicil looks at: {@link FORMATTING} and the three direction marks. */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** {@link BIDI}, for finding every one (matchAll copies it: no state is shared). */
const EVERY_BIDI = new RegExp(BIDI.source, 'g');
/** A letter of a right-to-left script (the marks themselves, of the Arabic script, are no letters). */
const RIGHT_TO_LEFT_LETTER = /(?=\p{L})[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;

/** What each control is called, for the message. */
const NAMES = new Map<string, string>([
  ['\u202A', 'left-to-right embedding'],
  ['\u202B', 'right-to-left embedding'],
  ['\u202C', 'pop directional formatting'],
  ['\u202D', 'left-to-right override'],
  ['\u202E', 'right-to-left override'],
  ['\u2066', 'left-to-right isolate'],
  ['\u2067', 'right-to-left isolate'],
  ['\u2068', 'first strong isolate'],
  ['\u2069', 'pop directional isolate'],
  ['\u200E', 'left-to-right mark'],
  ['\u200F', 'right-to-left mark'],
  ['\u061C', 'Arabic letter mark'],
]);

/**
 * A bidirectional control as a message names it.
 *
 * @param char one of the controls.
 * @returns e.g. `U+202E (right-to-left override)`.
 */
export function bidiName(char: string): string {
  const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} (${NAMES.get(char) ?? 'bidirectional control'})`;
}

/**
 * Whether text holds a letter of a right-to-left script (Hebrew, Arabic…).
 *
 * @param text any text.
 * @returns true when a direction mark has a job there.
 */
export function hasRightToLeft(text: string): boolean {
  return RIGHT_TO_LEFT_LETTER.test(text);
}

/** A place in a text, and whether its line holds right-to-left letters. */
interface TextPlace {
  line: number;
  column: number;
  rightToLeft: boolean;
}

/**
 * Place offsets of a text: line and column by binary search over the line
 * starts, each line searched for right-to-left letters once (a line of a
 * million marks stays linear).
 *
 * @param text the file's text.
 * @returns where an offset is.
 */
function placer(text: string): (offset: number) => TextPlace {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const rightToLeft = new Map<number, boolean>();
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    let rtl = rightToLeft.get(lo);
    if (rtl === undefined) {
      rtl = hasRightToLeft(text.slice(starts[lo]!, lo + 1 < starts.length ? starts[lo + 1]! - 1 : text.length));
      rightToLeft.set(lo, rtl);
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, rightToLeft: rtl };
  };
}

/**
 * Report one bidirectional control: an override or isolate always, a mark
 * when its line (or YAML value) holds no right-to-left letters.
 *
 * @param file the file it is in.
 * @param char the control.
 * @param place where, and whether right-to-left words are there.
 * @param spelled how it is written when not as itself (`&#x202E;`, `\u202E`).
 */
function reportControl(file: VFile, char: string, place: TextPlace, spelled?: string): void {
  const at = { line: place.line, column: place.column };
  if (FORMATTING.test(char)) report(file, errors.bidiControl, [bidiName(char), spelled], at);
  else if (!place.rightToLeft) report(file, errors.directionMark, [bidiName(char), spelled], at);
}

/**
 * Report every bidirectional control written as itself in a policy file,
 * at its line and column: anywhere in the file (front matter, headings,
 * clauses, interpretation notes, HTML, even comments — a reviewer reads
 * those too).
 *
 * @param text the decoded file.
 * @param file for messages.
 */
export function checkBidiText(text: string, file: VFile): void {
  const at = placer(text);
  for (const m of text.matchAll(EVERY_BIDI)) reportControl(file, m[0], at(m.index));
}

/**
 * A Markdown or HTML character reference, not escaped with a backslash:
 * `&#x202E;`, `&#8238;`, `&rlm;` (a browser also reads a number without its
 * semicolon in raw HTML).
 */
const REFERENCE = /(?<!\\)&(?:#[xX]([0-9A-Fa-f]{1,8});?|#([0-9]{1,10});?|(lrm|rlm);)/g;
const NAMED = new Map([
  ['lrm', '\u200E'],
  ['rlm', '\u200F'],
]);

/** Ranges of a Markdown file whose references are shown as written, not read: front matter, code, HTML comments. */
function literalRanges(tree: Root): [number, number][] {
  const ranges: [number, number][] = [];
  visit(tree, (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    if (node.type === 'yaml' || node.type === 'code' || node.type === 'inlineCode') ranges.push([start, end]);
    else if (node.type === 'html') {
      for (const c of node.value.matchAll(/<!--[\s\S]*?(?:-->|$)/g)) ranges.push([start + c.index, start + c.index + c[0].length]);
    }
  });
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** Whether an offset falls in one of the (sorted, disjoint) ranges. */
function inRanges(ranges: [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ranges[mid]!;
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Report every bidirectional control written as a character reference in
 * the Markdown of a policy file (text, headings, directive attributes such
 * as `note=`, raw HTML): the reader's browser shows the character, not the
 * reference. References in code and HTML comments are shown as written and
 * are left alone.
 *
 * @param text the decoded file, as parsed.
 * @param tree its syntax tree (offsets into `text`).
 * @param file for messages.
 */
export function checkBidiReferences(text: string, tree: Root, file: VFile): void {
  if (!text.includes('&')) return;
  const literal = literalRanges(tree);
  const at = placer(text);
  for (const m of text.matchAll(REFERENCE)) {
    const code = m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? Number(m[2]) : undefined;
    const char = code === undefined ? NAMED.get(m[3]!)! : code <= 0x10ffff ? String.fromCodePoint(code) : '';
    if (!BIDI.test(char) || inRanges(literal, m.index)) continue;
    reportControl(file, char, at(m.index), m[0]);
  }
}

/** A YAML escape of a character: `\u202E`, `\U0000202E`. */
const YAML_ESCAPE = /\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/g;

/**
 * Report every bidirectional control written as an escape in a YAML text
 * (front matter, a change notice's header, organization.yaml, reference
 * data): `summary: "\u202E…"` is the character once read. Controls written
 * as themselves are {@link checkBidiText}'s.
 *
 * @param source the YAML text the document was parsed from.
 * @param doc the parsed document.
 * @param lines its line counter.
 * @param file for messages.
 * @param firstLine the file line the YAML text starts on (1 for a whole file).
 */
export function checkBidiYaml(source: string, doc: Document, lines: LineCounter, file: VFile, firstLine = 1): void {
  // readYaml reads the text after a byte-order mark: its offsets count from there.
  const text = source.slice(byteOrderMark(source));
  visitYaml(doc, {
    Scalar(_key, node) {
      // Only a double-quoted scalar reads escapes.
      if (node.type !== 'QUOTE_DOUBLE' || typeof node.value !== 'string' || !node.range || !BIDI.test(node.value)) return;
      const [start, end] = node.range;
      for (const m of text.slice(start, end).matchAll(YAML_ESCAPE)) {
        const code = parseInt(m[1] ?? m[2]!, 16);
        // `\\UFFFFFFFF` (an escaped backslash, then words) is no character.
        if (code > 0x10ffff || !BIDI.test(String.fromCodePoint(code))) continue;
        const char = String.fromCodePoint(code);
        const pos = lines.linePos(start + m.index);
        reportControl(file, char, { line: firstLine + pos.line - 1, column: pos.col, rightToLeft: hasRightToLeft(node.value) }, m[0]);
      }
    },
  });
}
