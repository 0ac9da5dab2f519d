/**
 * HTML of a version, rendered through remark-rehype from the same tree the
 * model was read from: clauses keep their ids as anchors, sections their
 * title anchors, bound parameters are marked with their typed values and
 * vague words carry a note marker, with the interpretation below the
 * passage. Page furniture (breadcrumb, the captured page's navigation and
 * contact line) is not part of the agreement's body and is left out;
 * words that state an organization fact are replaced by the fact, or left
 * out when it is unknown. Raw HTML is parsed as a browser would and
 * published through the sanitizer: the structural subset of
 * engine/parse/html.ts as markup, anything else as its words; code and
 * embedded objects never (lint refuses them).
 */
import { unified } from 'unified';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { Nodes as MdastNodes, Root as MdastRoot, Parents } from 'mdast';
import type { Root as HastRoot, Element, ElementContent } from 'hast';
import { h } from 'hastscript';
import { visitParents } from 'unist-util-visit-parents';
import { visit } from 'unist-util-visit';
import type { Organization } from '../generated/organization.ts';
import type { PolicyVersion } from '../model/types.ts';
import { factValue } from '../model/organization.ts';
import { readSections } from '../parse/sections.ts';
import { inlineText } from '../parse/plain-text.ts';
import { PUBLISHED_ELEMENTS, REFUSED_ELEMENTS } from '../parse/html.ts';
import { VFile } from 'vfile';

/** Options of {@link renderVersionHtml}. */
export interface VersionHtmlOptions {
  /** The organization's facts, printed where the text marks a `:fact` (left out when unknown). */
  organization?: Organization | null;
  /**
   * Absolute URL of the version's permanent page (`https://…/dpa/1.1.0/`):
   * every section and clause gets a visible ¶ link to its citation URL.
   */
  cite?: string;
}

type Data = { hName?: string; hProperties?: Record<string, unknown>; hChildren?: ElementContent[] };
const data = (node: MdastNodes): Data => ((node as { data?: Data }).data ??= {});

/** Raw HTML refused by lint for what it holds (not headings, which are refused for what they fail to be). */
const STRIPPED = [...REFUSED_ELEMENTS.keys()].filter((t) => !/^h[1-6]$/.test(t));

/** What a version page lets through the sanitizer (the full-text redline shows the same). */
export const VERSION_PAGE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  clobber: [],
  tagNames: [...new Set([...(defaultSchema.tagNames ?? []), ...PUBLISHED_ELEMENTS, 'aside', 'time'])].filter((t) => !STRIPPED.includes(t)),
  // Refused elements go with their content (lint refuses them; a library caller never gets code as text).
  strip: STRIPPED,
  attributes: {
    ...defaultSchema.attributes,
    // The numbering style of an ordered list is part of the text's references ("clause (b)").
    ol: [...(defaultSchema.attributes?.ol ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className')), 'type', 'start', 'reversed'],
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'id', 'className', 'dataClause', 'dataRule', 'dataParam', 'dataValue', 'dataSection', 'dataNote', 'role', 'ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy', 'tabIndex', 'title', 'dataPagefindIgnore', 'dataFact'],
    time: ['dateTime'],
    th: [...(defaultSchema.attributes?.th ?? []), 'scope'],
    // The default allows only GitHub's own classes on these (task lists, footnotes); ours are ours.
    li: (defaultSchema.attributes?.li ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className')),
    a: (defaultSchema.attributes?.a ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className')),
    ul: (defaultSchema.attributes?.ul ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className')),
    td: ['colSpan', 'rowSpan'],
  },
};

/** Tables whose header row is empty (the DPA's details table) get row headers instead. */
function rowHeaderTables() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'table') return;
      const thead = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'thead');
      if (!thead) return;
      const empty = !thead.children.some((row) => row.type === 'element' && row.children.some((cell) => cell.type === 'element' && cell.children.some((t) => t.type !== 'text' || t.value.trim() !== '')));
      if (!empty) return;
      node.children = node.children.filter((c) => c !== thead);
      visit(node, 'element', (row: Element) => {
        if (row.tagName !== 'tr') return;
        const first = row.children.find((c): c is Element => c.type === 'element');
        if (first) {
          first.tagName = 'th';
          first.properties = { ...first.properties, scope: 'row' };
        }
      });
    });
  };
}

/**
 * Every table in a focusable region that scrolls on its own, so a narrow
 * screen never scrolls the page sideways; the region is named after the
 * section the table is in.
 */
function scrollableTables() {
  return (tree: HastRoot) => {
    let section = 'Table';
    const wrap = (parent: HastRoot | Element) => {
      parent.children = parent.children.map((child) => {
        if (child.type !== 'element') return child;
        if (/^h[2-6]$/.test(child.tagName)) section = textOf(child).replace(/\s*¶$/, '');
        if (child.tagName === 'table') return h('div', { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: `Table: ${section}` }, [child]);
        wrap(child);
        return child;
      }) as typeof parent.children;
    };
    wrap(tree);
  };
}

function textOf(node: ElementContent | HastRoot): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map((c) => textOf(c as ElementContent)).join('') : '';
}

// Not indexed for search: a ¶ is not words of the agreement.
const cite = (href: string, label: string): ElementContent => h('a', { className: ['cite'], href, title: href, ariaLabel: label, dataPagefindIgnore: '' }, '¶');

/**
 * Render a version to HTML.
 *
 * @param version a parsed version (its tree is not modified).
 * @param options organization facts, and the permanent URL for citation links.
 * @returns sanitized HTML of the document body (no front matter, no page furniture).
 */
export function renderVersionHtml(version: PolicyVersion, options: VersionHtmlOptions = {}): string {
  return toHtml(renderVersionTree(version, options).tree);
}

/** What an interpretation note of a version page says, and the value it stands for. */
export interface RenderedNote {
  /** The vague words it interprets. */
  words: string;
  /** What they are enforced as (`means=`). */
  means: string;
}

/**
 * A version as its page shows it, as a sanitized hast tree whose nodes keep
 * their place in the file (`position`): what {@link renderVersionHtml}
 * prints, for views that show the same words differently (the full-text
 * redline).
 *
 * @param version a parsed version (its tree is not modified).
 * @param options organization facts, and the permanent URL for citation links.
 * @returns the tree; each interpretation note's words and value by its number (`data-note`); the first lines of the passages left out because a fact they state is unknown.
 */
export function renderVersionTree(version: PolicyVersion, options: VersionHtmlOptions = {}): { tree: HastRoot; notes: Map<string, RenderedNote>; leftOut: Set<number> } {
  const tree = structuredClone(version.tree) as MdastRoot;
  const rendered = new Map<string, RenderedNote>();
  const leftOut = new Set<number>();
  const clauseById = new Map(version.clauses.map((c) => [c.id, c]));
  const sections = readSections(tree, new VFile());
  let sectionIndex = 0;
  let notes = 0;
  const declared = new Set<string>();
  const markers: { parent: Parents; node: MdastNodes }[] = [];
  /** Nodes to take out of the body once the walk is over. */
  const drop: { parent: Parents; node: MdastNodes }[] = [];
  /** Interpretation notes, to be placed after the block that holds their words. */
  const notesAfter = new Map<MdastNodes, { parent: Parents; notes: MdastNodes[] }>();

  visitParents(tree, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    // The sections are the document's own headings (readSections): a heading quoted in a block quote
    // or a container is none, and takes no section's anchor (review: it took the next section's id).
    if (node.type === 'heading' && node.depth >= 2 && parent === tree) {
      const section = sections[sectionIndex++];
      if (section) data(node).hProperties = { id: section.anchor, ...(section.number ? { dataSection: section.number } : {}) };
      return;
    }
    if (node.type !== 'textDirective' && node.type !== 'containerDirective') return;
    const attributes = node.attributes ?? {};
    if (node.name === 'furniture') {
      // Not part of the agreement: the site shows its own navigation and the organization's contact.
      if (parent) drop.push({ parent, node });
      const before = parent?.children[parent.children.indexOf(node as never) - 1];
      if (parent && before?.type === 'break') drop.push({ parent, node: before });
      return 'skip';
    }
    if (node.name === 'fact') {
      const value = factValue(options.organization ?? null, attributes.name ?? '');
      if (value === null) {
        // Unknown: leave out the passage that states it rather than print the captured words.
        const reversed = [...ancestors].reverse();
        const block = reversed.find((a) => a.type === 'listItem') ?? reversed.find((a) => a.type === 'paragraph');
        const holder = block ? ancestors[ancestors.indexOf(block) - 1] : undefined;
        if (block && holder) {
          drop.push({ parent: holder, node: block as MdastNodes });
          if (block.position) leftOut.add(block.position.start.line);
        }
      } else {
        const href = attributes.name === 'email' ? `mailto:${value}` : attributes.name === 'website' ? value : undefined;
        const shown = attributes.name === 'website' ? value.replace(/^https?:\/\//, '').replace(/\/$/, '') : value;
        // data-fact: these words are the organization's fact, not the words of the file.
        Object.assign(data(node), href ? { hName: 'a', hProperties: { href, dataFact: attributes.name }, hChildren: [{ type: 'text', value: shown }] } : { hName: 'span', hProperties: { dataFact: attributes.name }, hChildren: [{ type: 'text', value: shown }] });
      }
      return 'skip';
    }
    if (node.name === 'callout') {
      Object.assign(data(node), { hName: 'aside', hProperties: { className: ['callout'] } });
    } else if (node.name === 'effective') {
      Object.assign(data(node), { hName: 'time', hProperties: { dateTime: `${version.effective}T00:00:00Z` } });
    } else if (node.name === 'clause') {
      const id = attributes.id ?? '';
      const clause = clauseById.get(id);
      const first = clause !== undefined && attributes.rule !== undefined && !declared.has(id);
      if (first) declared.add(id);
      const properties = {
        ...(first ? { id } : {}),
        className: ['clause', ...(clause?.attestation ? ['attestation'] : [])],
        dataClause: id,
        ...(clause ? { dataRule: clause.rule } : {}),
      };
      // No space before the ¶ (the style spaces it): the words around it stay as written, also when print hides it.
      const link = first && options.cite ? ({ type: 'text', value: '', data: { hName: 'span', hChildren: [cite(`${options.cite}#${id}`, `Cite clause ${id}`)] } } as unknown as MdastNodes) : undefined;
      if (node.type === 'containerDirective') {
        Object.assign(data(node), { hName: 'div', hProperties: properties });
        // The ¶ ends the clause's first line (its lead-in).
        const lead = node.children[0];
        if (link && lead && 'children' in lead && lead.type === 'paragraph') (lead.children as MdastNodes[]).push(link);
      } else if (node.children.length > 0) {
        Object.assign(data(node), { hName: 'span', hProperties: properties });
        if (link && parent) (parent.children as MdastNodes[]).splice(parent.children.indexOf(node as never) + 1, 0, link);
      } else {
        // A marker clause: the list item or paragraph it stands in is the clause.
        const grand = ancestors[ancestors.length - 2];
        const block = parent?.type === 'paragraph' && grand?.type === 'listItem' ? grand : parent;
        if (block) data(block as MdastNodes).hProperties = { ...data(block as MdastNodes).hProperties, ...properties };
        if (parent) markers.push({ parent, node });
        if (link && parent) (parent.children as MdastNodes[]).push(link);
      }
    } else if (node.name === 'param') {
      // Words that name the clauses they bind (clauses=) bind those; others, the clause around them.
      const named = attributes.clauses?.split(' ').filter(Boolean);
      const clauseId = named?.[0] ?? [...ancestors].reverse().map((a) => (a.type === 'textDirective' || a.type === 'containerDirective') && a.name === 'clause' ? a.attributes?.id : undefined).find(Boolean)
        ?? findMarkerClause(ancestors);
      const param = clauseId ? clauseById.get(clauseId)?.params[attributes.name ?? ''] : undefined;
      const value = param?.value.type === 'duration' ? param.value.iso : param?.value.type === 'codes' ? param.value.codes.join(' ') : undefined;
      const words = inlineText(node).replace(/\s+/g, ' ').trim();
      const binding = param?.bindings.find((b) => b.words === words && b.means !== undefined);
      const n = binding ? ++notes : 0;
      if (binding) rendered.set(String(n), { words, means: binding.means! });
      Object.assign(data(node), {
        hName: 'span',
        hProperties: {
          className: ['param', ...(binding ? ['vague'] : [])],
          dataParam: attributes.name,
          ...(clauseId ? { dataClause: named ? named.join(' ') : clauseId } : {}),
          ...(value ? { dataValue: value } : {}),
          ...(binding ? { ariaDescribedBy: `note-${n}` } : {}),
        },
      });
      if (binding && parent) {
        // A marker in the sentence; the note itself below the passage, so the sentence reads on.
        const marker = { type: 'text', value: '', data: { hName: 'sup', hProperties: { className: ['note-ref'], dataPagefindIgnore: '' }, hChildren: [h('a', { href: `#note-${n}`, id: `note-ref-${n}`, ariaLabel: `Interpretation note ${n}` }, String(n))] } } as unknown as MdastNodes;
        (parent.children as MdastNodes[]).splice(parent.children.indexOf(node as never) + 1, 0, marker);
        const note = {
          type: 'text',
          value: '',
          data: { hName: 'div', hProperties: { id: `note-${n}`, className: ['interpretation'], role: 'note', dataNote: String(n) }, hChildren: [h('span', { className: ['note-number'] }, `${n}`), { type: 'text', value: ` ${binding.note ?? ''}` }] },
        } as unknown as MdastNodes;
        // Below the list item, table or paragraph that holds the words.
        const reversed = [...ancestors].reverse();
        const block = reversed.find((a) => a.type === 'listItem' || a.type === 'table') ?? reversed.find((a) => a.type === 'paragraph' || a.type === 'heading');
        if (block) {
          const holder = block.type === 'listItem' ? block : ancestors[ancestors.indexOf(block) - 1];
          if (holder) {
            const entry = notesAfter.get(block as MdastNodes) ?? { parent: holder, notes: [] };
            entry.notes.push(note);
            notesAfter.set(block as MdastNodes, entry);
          }
        }
      }
    }
    return undefined;
  });
  for (const [block, { parent, notes: blockNotes }] of notesAfter) {
    const children = parent.children as MdastNodes[];
    // In a list item, the notes close the item; elsewhere they follow the block.
    if (parent === block) children.push(...blockNotes);
    else children.splice(children.indexOf(block) + 1, 0, ...blockNotes);
  }
  for (const { parent, node } of markers) {
    const children = parent.children as MdastNodes[];
    const index = children.indexOf(node);
    children.splice(index, 1);
    const next = children[index];
    if (next?.type === 'text') next.value = next.value.replace(/^\s+/, '');
  }
  for (const { parent, node } of drop) {
    const children = parent.children as MdastNodes[];
    const index = children.indexOf(node);
    if (index >= 0) children.splice(index, 1);
  }
  // A paragraph or list left empty by what was dropped goes too (and a paragraph's trailing space).
  visitParents(tree, (node, ancestors) => {
    if (node.type !== 'paragraph' && node.type !== 'list') return;
    const last = node.children[node.children.length - 1];
    if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
    if (node.children.length === 0 || node.children.every((c) => c.type === 'text' && c.value.trim() === '')) {
      const parent = ancestors[ancestors.length - 1]!;
      (parent.children as MdastNodes[]).splice(parent.children.indexOf(node as never), 1);
      return ['skip', parent.children.indexOf(node as never)] as never;
    }
    return undefined;
  });

  const processor = unified()
    .use(remarkRehype, { allowDangerousHtml: true })
    // Raw HTML parsed with the Markdown around it, then sanitized with the rest.
    .use(rehypeRaw)
    .use(rowHeaderTables)
    .use(() => (hast: HastRoot) => (options.cite ? citeSections(hast, options.cite) : undefined))
    .use(scrollableTables)
    .use(rehypeSanitize, VERSION_PAGE_SCHEMA);
  return { tree: processor.runSync(tree) as HastRoot, notes: rendered, leftOut };
}

/** A ¶ link at the end of every section heading. */
function citeSections(tree: HastRoot, base: string): void {
  visit(tree, 'element', (node: Element) => {
    if (!/^h[2-6]$/.test(node.tagName) || typeof node.properties.id !== 'string') return;
    const number = node.properties.dataSection;
    const title = textOf(node);
    node.children.push({ type: 'text', value: ' ' }, cite(`${base}#${node.properties.id}`, `Cite ${number ? `section ${number}` : 'section'}: ${title.replace(/^\d+(\.\d+)*\.?\s+/, '')}`));
  });
}

function findMarkerClause(ancestors: Parents[]): string | undefined {
  for (const ancestor of [...ancestors].reverse()) {
    if (ancestor.type !== 'paragraph') continue;
    const marker = ancestor.children.find((c) => c.type === 'textDirective' && c.name === 'clause' && c.children.length === 0);
    if (marker && marker.type === 'textDirective') return marker.attributes?.id ?? undefined;
  }
  return undefined;
}
