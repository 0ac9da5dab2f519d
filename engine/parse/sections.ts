import type { Root, Heading } from 'mdast';
import type { VFile } from 'vfile';
import GithubSlugger from 'github-slugger';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import type { Section } from '../model/types.ts';
import { inlineText } from './plain-text.ts';

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

/**
 * The sections of a document, in order. Anchors come from titles, not
 * numbers, so renumbering never breaks a link.
 *
 * @param tree the parsed file.
 * @param file for positions and messages (duplicate anchors).
 * @returns the sections of heading depth 2 and deeper.
 */
export function readSections(tree: Root, file: VFile): SectionEntry[] {
  const slugger = new GithubSlugger();
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
    const anchor = slugger.slug(title);
    const line = heading.position?.start.line ?? 0;
    const base = anchor.replace(/-\d+$/, '');
    if (anchor !== base && seen.has(base)) report(file, errors.duplicateAnchor, [base, seen.get(base)!], heading.position);
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
