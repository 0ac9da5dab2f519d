import type { Root, Heading } from 'mdast';
import type { VFile } from 'vfile';
import { slug } from 'github-slugger';
import { visit } from 'unist-util-visit';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import type { Section } from '../model/types.ts';
import { inlineText } from './plain-text.ts';
import { PAGE_IDS } from './html.ts';

/** A section with the heading path above it (for clause context). */
export interface SectionEntry extends Section {
  /** Headings from the outermost to this one, as written ("7. Sub-processors"). */
  path: string[];
}

const NUMBERED = /^(\d+(?:\.\d+)*)\.?\s+(.+)$/;

/**
 * Split a heading's words into its number and its title.
 *
 * @param words e.g. "7.3 Objection to Sub-processors" or "1. Definitions".
 * @returns number (null when unnumbered) and title.
 */
export function splitHeading(words: string): { number: string | null; title: string } {
  const m = NUMBERED.exec(words.trim());
  return m ? { number: m[1]!, title: m[2]!.trim() } : { number: null, title: words.trim() };
}

/** An explicit anchor at the end of a heading: `## 2.1 Data Processing {#processing-scope}`. */
const EXPLICIT = /[ \t]*\{#([^{}\s]*)\}[ \t]*$/;
/** What an anchor may be: lower-case words joined by hyphens (dots are for clause ids). */
export const ANCHOR_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Take the explicit anchors off the headings of a parsed file: `{#anchor}`
 * at the end of a heading is not words of the text, it names the section's
 * anchor (kept on the heading's data). A malformed one is reported.
 *
 * @param tree the parsed file (changed in place).
 * @param file for messages.
 */
export function takeHeadingAnchors(tree: Root, file: VFile): void {
  visit(tree, 'heading', (heading: Heading) => {
    const last = heading.children[heading.children.length - 1];
    if (last?.type !== 'text') return;
    const m = EXPLICIT.exec(last.value);
    if (!m) return;
    last.value = last.value.slice(0, m.index);
    if (last.value === '') heading.children.pop();
    const anchor = m[1]!;
    if (!ANCHOR_PATTERN.test(anchor) || PAGE_IDS.test(anchor)) {
      report(file, errors.headingAnchor, [anchor], heading.position);
      return;
    }
    heading.data ??= {};
    (heading.data as { anchor?: string }).anchor = anchor;
  });
}

/**
 * The explicit anchor of a heading, if it has one ({@link takeHeadingAnchors}).
 *
 * @param heading a heading.
 * @returns the anchor, or undefined.
 */
export const explicitAnchor = (heading: Heading): string | undefined => (heading.data as { anchor?: string } | undefined)?.anchor;

/**
 * The sections of a document, in order. Anchors come from titles, not
 * numbers, so renumbering never breaks a link; a heading may set its own
 * (`{#anchor}`), which keeps it whatever the title becomes.
 *
 * @param tree the parsed file (its explicit anchors already taken).
 * @param file for positions and messages (duplicate anchors).
 * @returns the sections of heading depth 2 and deeper.
 */
export function readSections(tree: Root, file: VFile): SectionEntry[] {
  const seen = new Map<string, number>();
  const stack: { depth: number; words: string }[] = [];
  const sections: SectionEntry[] = [];
  for (const node of tree.children) {
    if (node.type !== 'heading') continue;
    const heading = node as Heading;
    const words = inlineText(heading).replace(/\s+/g, ' ').trim();
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop();
    stack.push({ depth: heading.depth, words });
    if (heading.depth < 2) continue;
    const { number, title } = splitHeading(words);
    const line = heading.position?.start.line ?? 0;
    let anchor = explicitAnchor(heading) ?? slug(title);
    if (seen.has(anchor)) {
      report(file, errors.duplicateAnchor, [anchor, seen.get(anchor)!], heading.position);
      // Still a distinct id on the page.
      let n = 1;
      while (seen.has(`${anchor}-${n}`)) n++;
      anchor = `${anchor}-${n}`;
    }
    seen.set(anchor, line);
    sections.push({
      number,
      title,
      anchor,
      depth: heading.depth,
      path: stack.filter((s) => s.depth >= 2).map((s) => s.words),
      position: { file: file.path, line, column: heading.position?.start.column ?? 1 },
    });
  }
  return sections;
}

/**
 * The section a line of the file falls in.
 *
 * @param sections the document's sections, in order.
 * @param line a 1-based line.
 * @returns the last section starting at or before the line, or undefined.
 */
export function sectionAt(sections: SectionEntry[], line: number): SectionEntry | undefined {
  let found: SectionEntry | undefined;
  for (const section of sections) {
    if (section.position.line <= line) found = section;
    else break;
  }
  return found;
}
