/**
 * Bounds on the Markdown codicil parses. The Markdown parser is linear on
 * ordinary text but super-linear on deep nesting and on dense inline markup
 * (thousands of `*`, `[` or `>` in one paragraph), and its syntax tree is
 * walked recursively. A linear scan refuses such input before it is parsed,
 * and the parsed tree's depth is bounded before anything walks it. Every
 * limit is far above what a legal text needs (the DPA nests 3 levels and has
 * 56 `*` in all); README, "What codicil refuses", lists them.
 */
import type { Nodes, Root } from 'mdast';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';

/** The limits, by name. */
export const MARKDOWN_LIMITS = Object.freeze({
  /** Block quotes, list items and `:::` containers inside one another. */
  nesting: 16,
  /** `[` … `]` inside one another (links, directive labels). */
  brackets: 16,
  /** List items, block quote markers and `:::` containers in the whole file. */
  containersPerFile: 3_000,
  /** Table cell separators (`|`) in the whole file. */
  cellsPerFile: 20_000,
  /** Headings (`#` to `######`) in the whole file. */
  headingsPerFile: 2_000,
  /** Lines in the whole file (the DPA has 223). */
  lines: 20_000,
  /** Inline markup (`* _ ~ \` [ < & \\ @`, `www.`, `://`) in one block (a run of lines without a blank line). */
  markupPerBlock: 1_000,
  /** Inline markup characters in the whole file. */
  markupPerFile: 10_000,
  /** Directives (`:` directly followed by a letter) in the whole file. */
  directivesPerFile: 5_000,
  /** Depth of the parsed syntax tree. */
  treeDepth: 64,
});

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Characters that open inline constructs whose resolution is costly: emphasis, strikethrough, code, links, HTML, entities, escapes, e-mail autolinks (plus `www.` and `://`, counted as one each). */
const MARKUP = '*_~`[<&\\@';
const MARKUP_LIST = MARKUP.split('').join(' ');
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const CONTAINER_OPEN = /^[ \t]*(:{3,})[ \t]*[A-Za-z]/;
const CONTAINER_CLOSE = /^[ \t]*:{3,}[ \t]*$/;
const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;

/**
 * How deeply the block containers at the start of a line nest: each `>` and
 * list marker, plus the indentation before a marker (a nested list is
 * indented under its parent), plus the `:::` containers open around it.
 */
function lineNesting(line: string, containers: number): { nesting: number; markers: number } {
  let markers = 0;
  let indent = 0;
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') {
      // Only the indentation before the first marker nests it under an earlier line.
      if (markers === 0) indent += line[i] === '\t' ? 4 : 1;
      i++;
    }
    if (line[i] === '>') {
      markers++;
      i++;
      continue;
    }
    const m = LIST_MARKER.exec(line.slice(i, i + 11));
    if (!m) break;
    markers++;
    i += m[0].length;
  }
  return { nesting: containers + (markers > 0 ? markers + Math.floor(indent / 2) : 0), markers };
}

/**
 * Refuse Markdown beyond {@link MARKDOWN_LIMITS} before it is parsed: one
 * linear pass over the text. Each problem is reported once, at the first line
 * that crosses the limit.
 *
 * @param text the file's text.
 * @param file for messages.
 * @returns true when the text is within every limit.
 */
export function checkMarkdownLimits(text: string, file: VFile): boolean {
  const L = MARKDOWN_LIMITS;
  const seen = new Set<string>();
  const refuse = (key: string, what: string, limit: number, line: number, column = 1): void => {
    if (seen.has(key)) return;
    seen.add(key);
    report(file, errors.markdownLimit, [what, limit], { line, column });
  };
  let fence: string | null = null;
  let containers = 0;
  let blockMarkup = 0;
  let blockStart = 0;
  let inBlock = false;
  let depth = 0;
  let fileMarkup = 0;
  let fileContainers = 0;
  let cells = 0;
  let headings = 0;
  let directives = 0;
  const lines = text.split(/\r\n?|\n/);
  if (lines.length > L.lines) refuse('lines', `the file has ${lines.length} lines`, L.lines, L.lines + 1);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const lineNo = n + 1;
    if (fence !== null) {
      if (line.trimStart().startsWith(fence)) fence = null;
      continue;
    }
    const f = FENCE.exec(line);
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (line.trim() === '') {
      inBlock = false;
      continue;
    }
    if (!inBlock) {
      inBlock = true;
      blockStart = lineNo;
      blockMarkup = 0;
      depth = 0;
    }
    if (CONTAINER_OPEN.test(line)) {
      containers++;
      fileContainers++;
    } else if (CONTAINER_CLOSE.test(line)) containers = Math.max(0, containers - 1);
    if (!THEMATIC_BREAK.test(line)) {
      const { nesting, markers } = lineNesting(line, containers);
      fileContainers += markers;
      if (nesting > L.nesting) refuse('nesting', `block quotes, lists and ::: containers nest ${nesting} levels deep here`, L.nesting, lineNo);
    }
    if (HEADING.test(line) && ++headings > L.headingsPerFile) refuse('headings', 'the file has more headings than a file may hold', L.headingsPerFile, lineNo);
    if (fileContainers > L.containersPerFile) refuse('containers', 'the file has more list items, block quote markers and ::: containers than a file may hold', L.containersPerFile, lineNo);
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      // Autolink literals (www., http://) cost as much as markup.
      if (MARKUP.includes(c) || (c === 'w' && line.startsWith('www.', i)) || (c === ':' && line.startsWith('//', i + 1))) {
        blockMarkup++;
        fileMarkup++;
        if (blockMarkup > L.markupPerBlock) refuse(`block@${blockStart}`, `the block starting at line ${blockStart} has more inline markup (${MARKUP_LIST}, www., ://) than a block may hold`, L.markupPerBlock, lineNo, i + 1);
        if (fileMarkup > L.markupPerFile) refuse('file-markup', `the file has more inline markup (${MARKUP_LIST}, www., ://) than a file may hold`, L.markupPerFile, lineNo, i + 1);
        // An escaped character is text, whatever it is.
        if (c === '\\') {
          i++;
          continue;
        }
      }
      if (c === '|' && ++cells > L.cellsPerFile) refuse('cells', 'the file has more table cell separators (|) than a file may hold', L.cellsPerFile, lineNo, i + 1);
      if (c === '[' && ++depth > L.brackets) refuse('brackets', `brackets [ … ] nest ${depth} levels deep here`, L.brackets, lineNo, i + 1);
      else if (c === ']' && depth > 0) depth--;
      else if (c === ':' && /[A-Za-z]/.test(line[i + 1] ?? '') && ++directives > L.directivesPerFile) refuse('directives', 'the file has more directives (a colon directly followed by a letter) than a file may hold', L.directivesPerFile, lineNo, i + 1);
    }
  }
  return seen.size === 0;
}

/**
 * Refuse a syntax tree deeper than {@link MARKDOWN_LIMITS}.treeDepth, so that
 * every recursive walk after it (annotations, plain text, HTML) is bounded.
 * Iterative: it never recurses itself.
 *
 * @param tree the parsed file.
 * @param file for messages.
 * @returns true when the tree is shallow enough.
 */
export function checkTreeDepth(tree: Root, file: VFile): boolean {
  const stack: [Nodes, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MARKDOWN_LIMITS.treeDepth) {
      const at = node.position?.start;
      report(file, errors.markdownLimit, [`the text nests ${depth} levels deep here (emphasis, links, lists or quotes inside one another)`, MARKDOWN_LIMITS.treeDepth], at ? { line: at.line, column: at.column } : { line: 1, column: 1 });
      return false;
    }
    if ('children' in node) for (const child of node.children) stack.push([child as Nodes, depth + 1]);
  }
  return true;
}
