/**
 * Redlines for readers of the public site: every change located by section
 * number and heading, with links to the clause in both versions, materiality
 * in plain words, and the full text of the newer version with the changes
 * marked in context. Built as hast and sanitized like the version pages.
 */
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { sanitize, defaultSchema } from 'hast-util-sanitize';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Amendment, ClauseChange, InterpretationChange, ParameterChange, TextChange } from '../amendment/types.ts';
import { rebuild, redline } from '../amendment/redline.ts';
import { htmlRedline } from '../report/amendment/html.ts';
import type { PolicyVersion, Section } from '../model/types.ts';
import { blockLabel, readerBlocks, sectionLabel, type TextBlock } from '../amendment/blocks.ts';
import { alignVersions } from '../amendment/amendment.ts';
import { renderVersionTree, VERSION_PAGE_SCHEMA } from './html.ts';
import type { Organization } from '../generated/organization.ts';
import { visit } from 'unist-util-visit';

/** Where the two versions live on the site. */
export interface RedlineContext {
  from: PolicyVersion;
  to: PolicyVersion;
  /** URL of a version's page (`/dpa/1.1.0/`). */
  href: (version: string) => string;
  /** Whether legal declared a version of the range material (`material: true`), whatever the diff computes. */
  declaredMaterial?: boolean;
  /** URL of the page with the newer version's full text and the changes in context (`/dpa/changes/1.0.0...1.1.0/full/`). */
  fullText?: string;
  /** The organization's facts, printed in the full text where a version page prints them (left out when unknown, as there). */
  organization?: Organization | null;
}

const own = (tag: string) => (defaultSchema.attributes?.[tag] ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className'));
const SCHEMA = {
  ...defaultSchema,
  clobberPrefix: '',
  clobber: [],
  tagNames: [...(defaultSchema.tagNames ?? []), 'section', 'article', 'mark', 'small'],
  attributes: {
    ...defaultSchema.attributes,
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'id', 'role', 'ariaLabel', 'tabIndex', 'dataChange'],
    section: own('section'),
    h2: own('h2'),
    h3: own('h3'),
    p: own('p'),
    ul: own('ul'),
    ol: own('ol'),
    li: own('li'),
    a: own('a'),
    th: [...(defaultSchema.attributes?.th ?? []), 'scope'],
  },
};
const html = (nodes: ElementContent[]): string => `${toHtml(sanitize({ type: 'root', children: nodes } as HastRoot, SCHEMA))}\n`;

/** "§10 Security Incidents", from a section number and anchor in a version (the title alone for an unnumbered section). */
function located(sections: Section[], number: string | null, anchor: string | null): string {
  const section = sections.find((s) => s.anchor === anchor);
  if (!section) return number === null ? 'before the first section' : `§${number}`;
  return sectionLabel(section);
}

/** The clause's words in the version that has it, short (taken from the version when the diff carries none: its words did not change). */
function clauseWords(c: ClauseChange, side: 'from' | 'to', context: RedlineContext): string {
  const text = (c.redline ? rebuild(c.redline, side) : (c.text ?? context[side].clauses.find((x) => x.id === c.id)?.text ?? '')).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157).replace(/\s+\S*$/, '')}…` : text;
}

/**
 * A parameter change in the clause's own words: the new sentence with the
 * new figure and the old one beside it ("within 7 days (instead of 14 days)").
 */
function parameterSentence(p: ParameterChange, amendment: Amendment, context: RedlineContext): string {
  const c = amendment.clauses.find((x) => x.id === p.clause);
  const words = c ? clauseWords(c, 'to', context) : p.clause;
  const instead = p.fromWords === null ? '(new)' : `(instead of ${p.fromWords})`;
  return p.toWords !== null && words.includes(p.toWords) ? words.replace(p.toWords, `${p.toWords} ${instead}`) : `${words}: ${p.toWords ?? '—'} ${instead}`;
}

const DIRECTION: Record<string, string> = { stricter: 'a stronger commitment from us', looser: 'less favourable to you', changed: 'changes how the commitment applies' };

/**
 * The reasons an amendment is material, in plain words, each with where it
 * is, the ones that matter most first (the materiality check's own reasons,
 * phrased for a reader).
 *
 * @param amendment the diff.
 * @param context the two versions.
 * @returns one sentence per reason.
 */
export function plainReasons(amendment: Amendment, context: RedlineContext): string[] {
  const clause = (id: string | null) => (id ? amendment.clauses.find((x) => x.id === id) : undefined);
  return amendment.materiality.details.map((d) => {
    const where = d.clause && clause(d.clause) ? (clause(d.clause)!.location?.to ? located(context.to.sections, null, clause(d.clause)!.location!.to!.anchor) : located(context.from.sections, null, clause(d.clause)!.location?.from?.anchor ?? null)) : d.section ? sectionLabel(d.section) : 'Text outside the commitments';
    const within = d.within ? `, ${d.within}` : '';
    const c = clause(d.clause);
    switch (d.kind) {
      case 'looser':
      case 'scope': {
        const p = amendment.parameters.find((x) => x.clause === d.clause && !x.annotationOnly && (d.kind === 'looser' ? x.direction === 'looser' : x.direction === 'changed'));
        const vague = p?.vague ? ' A definite term is replaced by a vague one: you could hold us to the first, not to the second.' : '';
        return p ? `${where}: ${parameterSentence(p, amendment, context)} — ${DIRECTION[p.direction]}.${vague}` : `${where}: ${d.text}.`;
      }
      case 'new-subprocessor-category':
      {
        const code = d.text.replace(/^new sub-processor category: /, '');
        return `We may engage sub-processors of a new category: ${amendment.subprocessors.words[code] ?? code}.`;
      }
      case 'new-named-subprocessor':
        return `${d.text.replace(/^new named sub-processor: /, '')} is named as a sub-processor, which you may object to.`;
      case 'obligation-removed':
        return `${where}: we no longer promise “${c ? clauseWords(c, 'from', context) : ''}”${c?.reason ? ` (${c.reason.replace(/\.$/, '')})` : ''}.`;
      case 'obligation-replaced':
        return `${where}: “${c ? clauseWords(c, 'from', context) : ''}” is replaced by ${c?.replacedBy ?? ''} on different terms.`;
      case 'qualifier': {
        const q = d.qualifiers ?? { added: [], removed: [] };
        const list = (words: string[]) => words.map((w) => `“${w}”`).join(', ');
        const parts = [q.added.length ? `${list(q.added)} ${q.added.length > 1 ? 'are' : 'is'} added` : '', q.removed.length ? `${list(q.removed)} ${q.removed.length > 1 ? 'are' : 'is'} dropped` : ''].filter(Boolean);
        return `${where}${within}: the word${q.added.length + q.removed.length > 1 ? 's' : ''} ${parts.join(' and ')}, which changes what the text covers.`;
      }
      case 'passage-added':
        return `${where}${within}: ${d.text.replace(/^adds/, 'the text adds')}, which widens what it allows.`;
      case 'passage-removed':
        return `${where}${within}: the passage “${d.text.replace(/^removed “|”$/g, '')}” is removed.`;
      case 'wording':
        return d.clause ? `${where}: the wording of the commitment changes in ${/\((\d+) words/.exec(d.text)?.[1] ?? 'several'} words.` : `Text outside the commitments changes in ${/\((\d+) words/.exec(d.text)?.[1] ?? 'several'} words.`;
    }
  });
}

/** How legal reads vague words in one version: the note the version page shows beside them, with what they mean when the note does not say. */
function reading(words: string, x: { means: string; note: string } | null): string {
  if (!x) return 'no interpretation stated: the words are read as they stand.';
  if (!x.note) return `“${words}” means ${x.means}.`;
  return x.note.includes(x.means) ? x.note : `${x.note} (${x.means})`;
}

/**
 * An interpretation of a commitment's words that changes: the words, and
 * how they are read in each version that has the commitment (the words
 * may be the same while what we hold ourselves to is not).
 */
function interpretationChange(i: InterpretationChange, versions: { version: string; side: 'from' | 'to' }[]): ElementContent[] {
  const both = versions.length === 2;
  return [
    h('p', { className: ['interpretation-change'] }, h('strong', `How “${i.words}” is read${both ? ' changes' : ''}:`)),
    h('ul', { className: ['readings'] }, versions.map(({ version, side }) => h('li', [h('strong', `Version ${version}: `), reading(i.words, i[side])]))),
  ];
}

function clauseArticle(c: ClauseChange, amendment: Amendment, context: RedlineContext): Element {
  const { from, to } = context;
  const inFrom = c.section.from !== null || c.section.fromAnchor !== null;
  const inTo = c.section.to !== null || c.section.toAnchor !== null;
  const where = inTo ? located(to.sections, c.section.to, c.section.toAnchor) : located(from.sections, c.section.from, c.section.fromAnchor);
  const kept = c.textKept ? ' (its words remain in the text)' : '';
  const what =
    c.change === 'added' ? 'New commitment' : c.change === 'removed' ? `Commitment removed${kept}` : c.change === 'withdrawn' ? `Commitment withdrawn${kept}${c.reason ? `: ${c.reason}` : ''}` : c.change === 'replaced' ? `Replaced by ${c.replacedBy}${c.equivalent ? ' on the same terms' : ' on different terms'}${kept}${c.reason ? `: ${c.reason}` : ''}` : [c.textChanged && 'Wording changed', c.moved && `moved from ${located(from.sections, c.section.from, c.section.fromAnchor)}`, c.params.length > 0 && 'figures changed', c.interpretations.length > 0 && 'interpretation changed', c.rule.from !== c.rule.to && 'checked differently'].filter(Boolean).join('; ').replace(/^./, (x) => x.toUpperCase());
  const links: ElementContent[] = [];
  if (inFrom) links.push(h('a', { href: `${context.href(from.version)}#${c.id}` }, `Read it in version ${from.version} (${located(from.sections, c.section.from, c.section.fromAnchor)})`));
  if (inFrom && inTo) links.push({ type: 'text', value: ' · ' });
  if (inTo) links.push(h('a', { href: `${context.href(to.version)}#${c.id}` }, `Read it in version ${to.version} (${where})`));
  const sides = [...(inFrom ? [{ version: from.version, side: 'from' as const }] : []), ...(inTo ? [{ version: to.version, side: 'to' as const }] : [])];
  return h('article', { className: ['clause-change', c.change], id: `change-${c.id}` }, [
    h('h3', [`${where} `, h('span', { className: ['clause-id'] }, `(${c.id})`)]),
    h('p', { className: ['what'] }, what),
    ...c.params.filter((p) => p.param !== 'named' && p.param !== 'categories').map((p) => h('p', { className: ['figure', p.direction] }, [h('strong', `${p.direction === 'stricter' ? 'Stricter for us' : p.direction === 'looser' ? 'Less favourable to you' : 'Changed'}: `), parameterSentence(p, amendment, context)])),
    ...(c.redline ? [h('blockquote', { className: ['redline'] }, htmlRedline(c.redline))] : c.text ? [h('blockquote', { className: ['redline'] }, [c.textKept ? { type: 'text' as const, value: c.text } : h(c.change === 'added' ? 'ins' : 'del', c.text)])] : []),
    ...c.interpretations.flatMap((i) => interpretationChange(i, sides)),
    h('p', { className: ['clause-links'] }, links),
  ]);
}

/** What happened to a block of text outside the commitments, in words. */
function blockChange(b: TextChange, context: RedlineContext): string {
  switch (b.change) {
    case 'added':
      return 'new';
    case 'removed':
      return `removed (it was in version ${context.from.version})`;
    case 'moved':
      return `moved from ${b.movedFrom}`;
    case 'modified':
      return 'wording changed';
  }
}

/**
 * A block of text outside the commitments that changes: where it is, linked
 * to its section in the version that has it, what happened, and its words
 * with the changes marked.
 */
function textChangeItem(b: TextChange, context: RedlineContext): Element {
  const version = b.change === 'removed' ? context.from.version : context.to.version;
  const where = b.where.replace(/^./, (x) => x.toUpperCase());
  const words: ElementContent[] = b.redline ? htmlRedline(b.redline) : b.change === 'added' ? [h('ins', b.to ?? '')] : b.change === 'removed' ? [h('del', b.from ?? '')] : [{ type: 'text', value: b.to ?? '' }];
  return h('li', { className: ['text-change', b.change] }, [
    h('p', { className: ['where'] }, [b.section ? h('a', { href: `${context.href(version)}#${b.section.anchor}` }, where) : where, `: ${blockChange(b, context)}`]),
    h('blockquote', { className: ['redline'] }, words),
  ]);
}

/**
 * The body of a redline page: why it is material, figures, sub-processors,
 * each clause change where it is (with how its words are read, when that
 * changes), sections, and every block of the text outside clauses where it
 * is, word by word. Headings start at h2 (the page has its own h1).
 *
 * @param amendment the diff between two published versions.
 * @param context the two versions and where they live.
 * @returns sanitized HTML.
 */
export function renderChangesHtml(amendment: Amendment, context: RedlineContext): string {
  const { from, to } = context;
  const out: ElementContent[] = [];
  if (amendment.empty) return html([h('p', 'The two versions have the same text.')]);
  const reasons = plainReasons(amendment, context);
  // What legal declared counts too: a change declared material is never told as wording only (review: a price rise was).
  const material = amendment.materiality.material || context.declaredMaterial === true;
  out.push(
    h('section', { className: ['materiality', material ? 'material' : 'not-material'], ariaLabel: 'Materiality' }, [
      h('h2', material ? 'A material change' : 'Not a material change'),
      amendment.materiality.material
        ? h('ul', reasons.map((r) => h('li', r)))
        : material
          ? h('p', 'We declared this change material: the full-text comparison shows every word that changed.')
          : h('p', 'Wording and formatting only: your rights and our commitments do not change.'),
    ]),
  );
  const figures = amendment.parameters.filter((p) => p.param !== 'named' && p.param !== 'categories');
  if (figures.length > 0) {
    out.push(
      h('h2', 'Figures that change'),
      h('div', { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: 'Table: figures that change' }, [
        h('table', { className: ['styled'] }, [
          h('thead', h('tr', ['Where', 'Before', 'After', 'For you'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            figures.map((p) => {
              const c = amendment.clauses.find((x) => x.id === p.clause);
              const where = c ? located(to.sections, c.section.to, c.section.toAnchor) : p.clause;
              return h('tr', { className: [p.direction] }, [h('th', { scope: 'row' }, h('a', { href: `#change-${p.clause}` }, where)), h('td', p.fromWords ?? '—'), h('td', p.toWords ?? '—'), h('td', DIRECTION[p.direction] ?? p.direction)]);
            }),
          ),
        ]),
      ]),
    );
  }
  const sub = amendment.subprocessors;
  const subItems = [...sub.categoriesAdded.map((x) => `New category of sub-processors: ${sub.words[x] ?? x}`), ...sub.categoriesRemoved.map((x) => `Category no longer authorized: ${sub.words[x] ?? x}`), ...sub.namedAdded.map((x) => `Newly named sub-processor: ${x}`), ...sub.namedRemoved.map((x) => `No longer named: ${x}`)];
  if (subItems.length > 0) out.push(h('h2', 'Sub-processors'), h('ul', subItems.map((x) => h('li', x))));
  if (amendment.clauses.length > 0) out.push(h('h2', 'Commitments that change'), ...amendment.clauses.map((c) => clauseArticle(c, amendment, context)));
  const s = amendment.sections;
  const rows = [
    ...s.added.map((x) => ['New section', '—', sectionLabel({ number: x.to, title: x.title })]),
    ...s.removed.map((x) => ['Section removed', sectionLabel({ number: x.from, title: x.title }), '—']),
    ...s.retitled.map((x) => ['Retitled', sectionLabel({ number: x.from, title: x.fromTitle }), sectionLabel({ number: x.to, title: x.title })]),
    ...s.renumbered.map((x) => ['Renumbered', sectionLabel({ number: x.from, title: x.title }), sectionLabel({ number: x.to, title: x.title })]),
  ];
  if (rows.length > 0) {
    out.push(
      h('h2', 'Sections'),
      h('div', { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: 'Table: sections' }, [
        h('table', { className: ['styled'] }, [h('thead', h('tr', ['Change', `Version ${from.version}`, `Version ${to.version}`].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', rows.map(([a, b, c]) => h('tr', [h('th', { scope: 'row' }, a!), h('td', b!), h('td', c!)])))]),
      ]),
    );
  }
  // Wording outside the commitments is told too: "not material" must not mean "not shown".
  if (amendment.outside.blocks.length > 0) {
    out.push(
      h('h2', 'Other text that changes'),
      h('p', ['Paragraphs, list items, table rows and headings outside the commitments, each where it is.', ...(context.fullText ? [' ', h('a', { href: context.fullText }, 'Read the full text with the changes in context'), '.'] : [])]),
      h('ul', { className: ['text-changes'] }, amendment.outside.blocks.map((b) => textChangeItem(b, context))),
    );
  }
  return html(out);
}

/** The redline's own marks: a class of their own, so the text's own `<ins>`/`<del>` (kept as on the version page) are never read as changes. */
const CHANGE_MARK = 'change-mark';
const marked = (change: 'insert' | 'delete', content: ElementContent[]): Element => h(change === 'insert' ? 'ins' : 'del', { className: [CHANGE_MARK] }, content);

/** The full-text redline lets through what a version page does, plus its own block classes and marks. */
const FULL_TEXT_SCHEMA = {
  ...VERSION_PAGE_SCHEMA,
  attributes: {
    ...VERSION_PAGE_SCHEMA.attributes,
    '*': [...(VERSION_PAGE_SCHEMA.attributes?.['*'] ?? []), 'dataChange'],
    h2: own('h2'),
  },
};

/** An interpretation note as a version page shows it below the passage. */
interface ShownNote {
  /** Its number on the version page. */
  number: string;
  /** Its words (without the number). */
  content: ElementContent[];
  /** What the vague words are enforced as: the same note may stand for another value. */
  means: string;
}

/** A block of text as its version's page shows it: its words with their inline markup and facts, and the notes of its vague words. */
interface ShownBlock {
  content: ElementContent[];
  notes: ShownNote[];
}

const BLOCK_TAGS = new Set(['p', 'div', 'aside', 'blockquote', 'pre', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr']);
const isNote = (node: ElementContent): boolean => node.type === 'element' && node.tagName === 'div' && node.properties.dataNote !== undefined;
/** The number of the note a marker of the version page links to (the text's own links are no markers). */
function noteRef(node: Element): string | undefined {
  const n = node.tagName === 'a' && typeof node.properties.href === 'string' ? /^#note-(\d+)$/.exec(node.properties.href)?.[1] : undefined;
  return n !== undefined && node.properties.ariaLabel === `Interpretation note ${n}` ? n : undefined;
}

/** The length of a node's words as the redline compares them (a line break is one character, "\n"). */
function wordLength(node: ElementContent): number {
  if (node.type === 'text') return node.value.length;
  if (node.type !== 'element') return 0;
  if (node.tagName === 'br') return 1;
  return node.children.reduce((n, c) => n + wordLength(c), 0);
}

function wordsOf(nodes: ElementContent[]): string {
  return nodes.map((n) => (n.type === 'text' ? n.value : n.type === 'element' ? (n.tagName === 'br' ? '\n' : wordsOf(n.children)) : '')).join('');
}

/**
 * The inline content of a block's element on the version page: the blocks
 * it holds (a nested list, any other block's element) and the notes left out,
 * block-level wrappers (a table cell, a loose item's paragraphs) opened into
 * words apart; white space folded as a browser shows it.
 */
function inlineContent(element: Element, blocks: ReadonlySet<Element>): ElementContent[] {
  const open = (nodes: ElementContent[]): ElementContent[] =>
    nodes.flatMap((n): ElementContent[] => {
      if (n.type === 'text') return [{ type: 'text', value: n.value.replace(/\s+/g, ' ') }];
      if (n.type !== 'element' || blocks.has(n) || isNote(n)) return [];
      if (BLOCK_TAGS.has(n.tagName)) return [{ type: 'text', value: ' ' }, ...open(n.children), { type: 'text', value: ' ' }];
      return [{ ...n, children: open(n.children) }];
    });
  const content = open(element.children);
  // Folded across nodes: no run of spaces, none at either end.
  let space = true;
  for (const t of texts(content)) {
    t.value = t.value.replace(/^ +/, space ? '' : ' ');
    if (t.value !== '') space = t.value.endsWith(' ');
  }
  const all = texts(content);
  for (let i = all.length - 1; i >= 0; i--) {
    all[i]!.value = all[i]!.value.replace(/ +$/, '');
    if (all[i]!.value !== '') break;
  }
  return content;
}

function texts(nodes: ElementContent[]): { value: string }[] {
  return nodes.flatMap((n) => (n.type === 'text' ? [n] : n.type === 'element' ? texts(n.children) : []));
}

/**
 * Each block of a version as the version's page shows it, from the page's
 * own rendering (renderVersionHtml): the same words, facts and notes. Null
 * for a block the page leaves out (a fact not known); a block the page
 * renders in a shape not found here keeps its plain words, never dropped.
 */
function shownBlocks(version: PolicyVersion, organization: Organization | null): (block: TextBlock) => ShownBlock | null {
  // Every pair of versions is compared: each version is rendered once (for the same facts).
  const cached = shown.get(version);
  if (cached?.organization === organization) return cached.blocks;
  const blocks = renderShownBlocks(version, organization);
  shown.set(version, { organization, blocks });
  return blocks;
}

const shown = new WeakMap<PolicyVersion, { organization: Organization | null; blocks: (block: TextBlock) => ShownBlock | null }>();

function renderShownBlocks(version: PolicyVersion, organization: Organization | null): (block: TextBlock) => ShownBlock | null {
  const { tree, notes: values, leftOut } = renderVersionTree(version, { organization });
  const starting = new Map<number, Element[]>();
  const notes = new Map<string, ShownNote>();
  visit(tree, 'element', (e: Element) => {
    const line = e.position?.start.line;
    if (line !== undefined) starting.set(line, [...(starting.get(line) ?? []), e]);
    if (isNote(e)) {
      const number = String(e.properties.dataNote);
      const content = e.children.filter((c) => !(c.type === 'element' && c.tagName === 'span'));
      const first = content[0];
      if (first?.type === 'text') content[0] = { ...first, value: first.value.replace(/^\s+/, '') };
      notes.set(number, { number, content, means: values.get(number)?.means ?? '' });
    }
  });
  const wanted: Record<TextBlock['kind'], (e: Element) => boolean> = {
    heading: (e) => /^h[1-6]$/.test(e.tagName),
    item: (e) => e.tagName === 'li',
    row: (e) => e.tagName === 'tr',
    paragraph: (e) => BLOCK_TAGS.has(e.tagName) && !['li', 'tr', 'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'hr'].includes(e.tagName),
  };
  // The innermost element of the kind that starts on the block's first line (a paragraph's <p>, not the block quote around it).
  const elements = new Map(readerBlocks(version).map((b) => [b.lines[0], (starting.get(b.lines[0]) ?? []).findLast(wanted[b.kind])] as const));
  const taken = new Set([...elements.values()].filter((e) => e !== undefined));
  return (block) => {
    if (leftOut.has(block.lines[0])) return null;
    const element = elements.get(block.lines[0]);
    if (!element) return { content: [{ type: 'text', value: block.shown }], notes: [] };
    const content = inlineContent(element, taken);
    const refs: string[] = [];
    visit({ type: 'root', children: content } as HastRoot, 'element', (e: Element) => {
      const n = noteRef(e);
      if (n) refs.push(n);
    });
    return { content, notes: refs.flatMap((n) => (notes.has(n) ? [notes.get(n)!] : [])) };
  };
}

/**
 * A block's words with the version page's note numbers replaced by the
 * redline's own (its notes are numbered through the whole redline), and no
 * ids: the page's anchors belong to the version page.
 */
function renumbered(content: ElementContent[], numbers: ReadonlyMap<string, string>): ElementContent[] {
  return content.map((n): ElementContent => {
    if (n.type !== 'element') return n;
    const { id: _id, ...properties } = n.properties;
    const own = noteRef(n);
    if (own !== undefined) {
      const k = numbers.get(own) ?? own;
      return { ...n, properties: { ...properties, href: `#note-${k}`, ariaLabel: `Interpretation note ${k}` }, children: [{ type: 'text', value: k }] };
    }
    const described = [properties.ariaDescribedBy].flat().filter((x) => typeof x === 'string');
    if (described.length > 0) properties.ariaDescribedBy = described.map((d) => d.replace(/^note-(\d+)$/, (all, m: string) => (numbers.has(m) ? `note-${numbers.get(m)}` : all)));
    return { ...n, properties, children: renumbered(n.children, numbers) };
  });
}

/**
 * A block's links within its version's page (a footnote and its way back,
 * `[Annex 1](#annex-1)`, a clause id) pointing at that page: the redline
 * shows a footnote's words where they stand in the file and has neither the
 * page's numbered footnotes nor its anchors, so such a link led nowhere
 * (review). The redline's own note markers stay as they are.
 */
function linksToPage(content: ElementContent[], page: string): ElementContent[] {
  return content.map((n): ElementContent => {
    if (n.type !== 'element') return n;
    const href = n.properties.href;
    const properties = n.tagName === 'a' && typeof href === 'string' && href.startsWith('#') && noteRef(n) === undefined ? { ...n.properties, href: `${page}${href}` } : n.properties;
    return { ...n, properties, children: linksToPage(n.children, page) };
  });
}

/** The words of content from one offset to another, with the markup around them. */
function slice(nodes: ElementContent[], start: number, end: number, total: number, at = 0): ElementContent[] {
  const out: ElementContent[] = [];
  for (const n of nodes) {
    const length = wordLength(n);
    const [from, to] = [at, at + length];
    at = to;
    if (length === 0) {
      // Nothing to read (an empty element): kept once, with the words after it.
      if (n.type === 'element' && from >= start && (from < end || from === total)) out.push(n);
      continue;
    }
    if (to <= start || from >= end) continue;
    if (n.type === 'text') out.push({ type: 'text', value: n.value.slice(Math.max(start - from, 0), Math.min(end, to) - from) });
    else if (n.type === 'element') out.push(n.tagName === 'br' ? n : { ...n, children: slice(n.children, start, end, total, from) });
  }
  return out;
}

/**
 * One block's words in both versions, word by word: the newer version's
 * words and markup, words removed in a `<del>` of the redline with the
 * older version's markup — the text's own `<ins>`, `<del>`, emphasis and
 * links kept as the version pages show them.
 */
function markedWords(from: ElementContent[], to: ElementContent[]): { content: ElementContent[]; changed: boolean } {
  const segments = redline(wordsOf(from), wordsOf(to));
  const [totalFrom, totalTo] = [from, to].map((nodes) => nodes.reduce((n, c) => n + wordLength(c), 0)) as [number, number];
  const content: ElementContent[] = [];
  let [a, b] = [0, 0];
  for (const s of segments) {
    const n = s.text.length;
    if (s.type === 'equal') content.push(...slice(to, b, b + n, totalTo));
    else if (s.type === 'insert') content.push(marked('insert', slice(to, b, b + n, totalTo)));
    else content.push(marked('delete', slice(from, a, a + n, totalFrom)));
    if (s.type !== 'insert') a += n;
    if (s.type !== 'delete') b += n;
  }
  return { content, changed: segments.some((s) => s.type !== 'equal') };
}

function noteElement(number: string, content: ElementContent[], change?: 'insert' | 'delete' | 'modify', value?: { from: string; to: string }): Element {
  // The same note may stand for another value (a note that names none): the redline says so, as the changes page does.
  const enforced = value ? [h('small', { className: ['ft-note'] }, [' (enforced as ', marked('delete', [{ type: 'text', value: value.from }]), ' ', marked('insert', [{ type: 'text', value: value.to }]), ')'])] : [];
  return h('div', { id: `note-${number}`, className: ['interpretation'], role: 'note', dataNote: number, ...(change ? { dataChange: change } : {}) }, [h('span', { className: ['note-number'] }, number), ' ', ...content, ...enforced]);
}

function blockElement(block: TextBlock, content: ElementContent[], change: 'equal' | 'insert' | 'delete' | 'modify' | 'move', note?: string): Element {
  const id = block.kind === 'heading' && block.depth >= 2 ? block.section?.anchor : undefined;
  const properties = { className: ['ft', `ft-${change}`], ...(id ? { id } : {}), ...(change !== 'equal' ? { dataChange: change } : {}) };
  const inner = change === 'insert' || change === 'delete' ? [marked(change, content)] : content;
  const moved = note ? [h('small', { className: ['ft-note'] }, ` (${note})`)] : [];
  if (block.kind === 'heading') return h(block.depth <= 2 ? 'h2' : 'h3', properties, [...inner, ...moved]);
  return h('p', { ...properties, className: [...properties.className, `ft-${block.kind}`] }, [...inner, ...moved]);
}

/**
 * The newer version's full text with every change since the older one
 * marked in context, aligned by section and paragraph first: paragraphs
 * added in `<ins>`, removed in `<del>` where they stood, moved ones marked
 * where they are now, and word-level `<ins>`/`<del>` only inside a
 * paragraph that changed. Each block shows what its version's page shows
 * (renderVersionHtml): the organization's facts, the text's own inline
 * markup, and the interpretation notes of its vague words, a note whose
 * words or value change marked and its passage counted as changed. The
 * redline's marks carry the class `change-mark`. The document's own title
 * is left to the page's h1; sections are h2 and h3 with their anchors.
 *
 * @param context the two versions, and the organization's facts.
 * @returns sanitized HTML and the number of changed blocks.
 */
export function renderFullTextRedline(context: RedlineContext): { html: string; changes: number } {
  const top = (b: TextBlock) => !(b.kind === 'heading' && b.depth === 1);
  const aligned = alignVersions(context.from, context.to, top);
  const [shownFrom, shownTo] = [shownBlocks(context.from, context.organization ?? null), shownBlocks(context.to, context.organization ?? null)];
  const out: ElementContent[] = [];
  let changes = 0;
  let notes = 0;
  for (const x of aligned) {
    if (x.change === 'moved' && x.place === 'old') continue;
    const onPage = (shown: ShownBlock | null, version: PolicyVersion): ShownBlock | null => shown && { content: linksToPage(shown.content, context.href(version.version)), notes: shown.notes };
    const from = x.from ? onPage(shownFrom(x.from), context.from) : null;
    const to = x.to ? onPage(shownTo(x.to), context.to) : null;
    if (!from && !to) continue;
    if (!from || !to) {
      // A block of one version only (or left out of the other's page): all of it, with its notes, marked.
      const [shown, block, change] = to ? [to, x.to!, 'insert' as const] : [from!, x.from!, 'delete' as const];
      const numbers = new Map(shown.notes.map((n) => [n.number, String(++notes)]));
      changes++;
      out.push(blockElement(block, renumbered(shown.content, numbers), change), ...shown.notes.map((n) => noteElement(numbers.get(n.number)!, [marked(change, n.content)], change)));
      continue;
    }
    // The notes of a passage in both versions, paired in the order of their words; numbered through the redline.
    const pairs = Array.from({ length: Math.max(from.notes.length, to.notes.length) }, (_, i) => ({ from: from.notes[i], to: to.notes[i], number: String(++notes) }));
    const words = markedWords(renumbered(from.content, new Map(pairs.flatMap((p) => (p.from ? [[p.from.number, p.number] as const] : [])))), renumbered(to.content, new Map(pairs.flatMap((p) => (p.to ? [[p.to.number, p.number] as const] : [])))));
    let notesChanged = false;
    const shownNotes = pairs.map((p) => {
      if (!p.from || !p.to) {
        notesChanged = true;
        const change = p.to ? 'insert' : 'delete';
        return noteElement(p.number, [marked(change, (p.to ?? p.from)!.content)], change);
      }
      const note = markedWords(p.from.content, p.to.content);
      const value = p.from.means !== p.to.means && !note.changed ? { from: p.from.means, to: p.to.means } : undefined;
      if (note.changed || value) notesChanged = true;
      return noteElement(p.number, note.content, note.changed || value ? 'modify' : undefined, value);
    });
    // The effective date of an equal block changes with every version: shown marked, not counted.
    if (x.change !== 'equal' || notesChanged) changes++;
    const moved = x.change === 'moved' || x.place === 'new' ? `moved from ${blockLabel(x.from!)}` : undefined;
    const change = x.change === 'moved' ? 'move' : x.change === 'equal' && !words.changed && !notesChanged ? 'equal' : 'modify';
    out.push(blockElement(x.to!, words.content, change, moved), ...shownNotes);
  }
  return { html: `${toHtml(sanitize({ type: 'root', children: out } as HastRoot, FULL_TEXT_SCHEMA))}\n`, changes };
}
