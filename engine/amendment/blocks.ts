/**
 * A version as a reader reads it, block by block: headings, paragraphs,
 * list items and table rows (of Markdown or raw HTML), each with the
 * section it is in and the clauses whose passages it holds. Amendments are
 * aligned on these blocks, so what counts is the text the customer reads —
 * never how it is annotated — and every change has a place.
 */
import type { Nodes, Parents, Root } from 'mdast';
import type { ElementContent, Nodes as HastNodes } from 'hast';
import type { PolicyVersion, Section } from '../model/types.ts';
import { inlineText } from '../parse/plain-text.ts';
import { BLOCK_ELEMENTS, hastText, parseHtmlFragment, rawHtmlText, REFUSED_ELEMENTS } from '../parse/html.ts';
import { splitHeading } from '../parse/sections.ts';

/** A section as blocks name it. */
export interface SectionRef {
  number: string | null;
  title: string;
  anchor: string;
}

/** One block of a version's text. */
export interface TextBlock {
  kind: 'heading' | 'paragraph' | 'item' | 'row';
  /** Heading depth (0 for other blocks). */
  depth: number;
  /** The words, white space folded; a heading's without its number (renumbering is not rewording). */
  text: string;
  /** The words as shown (a heading with its number, the effective date with its words). */
  shown: string;
  /** The section the block is in (a heading: its own section). */
  section: SectionRef | null;
  /** First and last line in the file. */
  lines: [number, number];
  /** Ids of the clauses whose passages it holds. */
  clauses: string[];
  /** Its place within its section, for readers: "paragraph 2", "item 3", "row 1". */
  ordinal: number;
}

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Visible words of a node, page furniture left out; the effective date too
 * unless shown (it is compared as a date, not as wording).
 */
function words(node: Nodes, shown = false): string {
  if ((node.type === 'textDirective' || node.type === 'containerDirective') && (node.name === 'furniture' || (node.name === 'effective' && !shown))) return '';
  if (node.type === 'html') return rawHtmlText(node.value);
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'break') return '\n';
  if (node.type === 'image' || node.type === 'imageReference' || node.type === 'footnoteReference' || node.type === 'yaml') return '';
  return 'children' in node ? (node.children as Nodes[]).map((c) => words(c, shown)).join('') : '';
}

/**
 * The blocks of a version, in reading order (page furniture is not part of
 * the agreement and is left out).
 *
 * @param version a parsed version.
 * @returns its blocks.
 */
export function readerBlocks(version: PolicyVersion): TextBlock[] {
  const sections = version.sections;
  const out: Omit<TextBlock, 'section' | 'clauses' | 'ordinal'>[] = [];
  const lines = (node: Nodes): [number, number] => [node.position?.start.line ?? 0, node.position?.end.line ?? node.position?.start.line ?? 0];
  const push = (kind: TextBlock['kind'], depth: number, text: string, shown: string, at: [number, number]) => {
    if (fold(shown) !== '') out.push({ kind, depth, text: fold(text), shown: fold(shown), lines: at });
  };
  const walk = (node: Nodes) => {
    if ((node.type === 'containerDirective' || node.type === 'textDirective') && node.name === 'furniture') return;
    switch (node.type) {
      case 'heading': {
        const shown = fold(inlineText(node));
        push('heading', node.depth, node.depth >= 2 ? splitHeading(shown).title : shown, shown, lines(node));
        return;
      }
      case 'paragraph':
        push('paragraph', 0, words(node), words(node, true), lines(node));
        return;
      case 'listItem': {
        const own = (shown: boolean) => node.children.filter((c) => c.type === 'paragraph').map((c) => words(c, shown)).join(' ');
        push('item', 0, own(false), own(true), lines(node));
        for (const c of node.children) if (c.type !== 'paragraph') walk(c);
        return;
      }
      case 'tableRow': {
        const row = (shown: boolean) => node.children.map((c) => fold(words(c, shown))).filter(Boolean).join(' ');
        push('row', 0, row(false), row(true), lines(node));
        return;
      }
      case 'html': {
        // Raw HTML: a table row is a row, a list item an item, other text a paragraph — as the reader sees them.
        const [start, end] = lines(node);
        for (const b of htmlBlocks(node.value)) push(b.kind, 0, b.text, b.text, [start + b.lines[0] - 1, Math.min(end, start + b.lines[1] - 1)]);
        return;
      }
      case 'code':
        push('paragraph', 0, node.value, node.value, lines(node));
        return;
      default:
        if ('children' in node) for (const c of (node as Parents).children) walk(c as Nodes);
    }
  };
  walk(version.tree as Root);
  const ordinals = new Map<string, number>();
  return out.map((b) => {
    const section = b.kind === 'heading' && b.depth >= 2 ? sectionStartingAt(sections, b.lines[0]) : sectionAt(sections, b.lines[0]);
    const key = `${section?.anchor ?? ''}\u0000${b.kind}`;
    const ordinal = (ordinals.get(key) ?? 0) + 1;
    ordinals.set(key, ordinal);
    const clauses = version.clauses.filter((c) => c.passages.some((p) => p.position.line <= b.lines[1] && (p.position.endLine ?? p.position.line) >= b.lines[0])).map((c) => c.id);
    return { ...b, section: section ? { number: section.number, title: section.title, anchor: section.anchor } : null, clauses, ordinal };
  });
}

/** A block of a raw HTML fragment, its lines counted from the fragment's first. */
interface HtmlBlock {
  kind: 'paragraph' | 'item' | 'row';
  text: string;
  lines: [number, number];
}

// Lists and tables an item holds are blocks of their own (as in Markdown).
const NESTED = new Set(['ol', 'ul', 'dl', 'table']);

/**
 * The blocks of a raw HTML fragment as a reader sees them: each `<tr>` a
 * row (a `<br>` in a cell breaks a line of the row, not the row), each
 * `<li>` an item, and any other run of words a paragraph.
 *
 * @param value the raw HTML of one Markdown `html` node.
 * @returns its blocks, in reading order.
 */
function htmlBlocks(value: string): HtmlBlock[] {
  const out: HtmlBlock[] = [];
  const span = (nodes: readonly HastNodes[]): [number, number] => [nodes[0]?.position?.start.line ?? 1, nodes.at(-1)?.position?.end.line ?? nodes[0]?.position?.start.line ?? 1];
  const push = (kind: HtmlBlock['kind'], nodes: readonly HastNodes[]) => {
    const text = fold(nodes.map((n) => hastText(n)).join(' '));
    if (text !== '') out.push({ kind, text, lines: span(nodes) });
  };
  const isBlock = (n: HastNodes): boolean => n.type === 'element' && BLOCK_ELEMENTS.has(n.tagName);
  const holdsBlocks = (n: HastNodes): boolean => 'children' in n && (n.children as HastNodes[]).some((c) => isBlock(c) || holdsBlocks(c));
  // Children of a container: runs of inline content are paragraphs, block children are walked.
  const container = (children: readonly ElementContent[] | readonly HastNodes[]) => {
    let run: HastNodes[] = [];
    for (const child of children as HastNodes[]) {
      if (!isBlock(child)) {
        run.push(child);
        continue;
      }
      push('paragraph', run);
      run = [];
      walk(child);
    }
    push('paragraph', run);
  };
  const walk = (node: HastNodes): void => {
    if (node.type === 'root') return container(node.children);
    if (node.type !== 'element' || (REFUSED_ELEMENTS.has(node.tagName) && !/^h[1-6]$/.test(node.tagName))) return;
    if (node.tagName === 'tr') return push('row', [node]);
    if (node.tagName === 'li') {
      push('item', node.children.filter((c) => !(c.type === 'element' && NESTED.has(c.tagName))));
      for (const c of node.children) if (c.type === 'element' && NESTED.has(c.tagName)) walk(c);
      return;
    }
    if (holdsBlocks(node)) return container(node.children);
    push('paragraph', [node]);
  };
  walk(parseHtmlFragment(value));
  return out;
}

/**
 * The words of two aligned blocks without the passages of some clauses —
 * those of one version only, which their own change accounts for — taken
 * out of both, so that words a clause newly marks (or no longer marks) are
 * not counted as changed either.
 *
 * @param from the block in the earlier version, or null.
 * @param to the block in the later version, or null.
 * @param texts the text of each such clause, by id (lines separated by "\n").
 * @returns both blocks' remaining words, white space folded (null for an absent block).
 */
export function withoutPassages(from: TextBlock | null, to: TextBlock | null, texts: ReadonlyMap<string, string>): [string | null, string | null] {
  const lines = [...new Set([...(from?.clauses ?? []), ...(to?.clauses ?? [])])].flatMap((id) => texts.get(id)?.split('\n') ?? []).map(fold).filter((l) => l !== '');
  if (lines.length === 0) return [from?.text ?? null, to?.text ?? null];
  const strip = (text: string) => fold(lines.reduce((rest, line) => rest.replace(line, ' '), text));
  return [from ? strip(from.text) : null, to ? strip(to.text) : null];
}

function sectionAt(sections: Section[], line: number): Section | undefined {
  let found: Section | undefined;
  for (const s of sections) {
    if (s.position.line <= line) found = s;
    else break;
  }
  return found;
}

function sectionStartingAt(sections: Section[], line: number): Section | undefined {
  return sections.find((s) => s.position.line === line);
}

/**
 * A section as a reader names it: "§4 Personal Data Breaches", or its title
 * alone when it has no number; never "§null".
 *
 * @param section the section, or null (before the first section).
 * @returns the words.
 */
export function sectionLabel(section: { number: string | null; title: string } | null): string {
  if (!section) return 'before the first section';
  return section.number ? `§${section.number} ${section.title}` : section.title;
}

/**
 * Where a block is, in words: "§1 Definitions, row 3".
 *
 * @param block the block.
 * @returns the words.
 */
export function blockLabel(block: TextBlock): string {
  if (block.kind === 'heading') return `the heading of ${sectionLabel(block.section)}`;
  const what = block.kind === 'item' ? 'item' : block.kind === 'row' ? 'row' : 'paragraph';
  return `${sectionLabel(block.section)}, ${what} ${block.ordinal}`;
}
