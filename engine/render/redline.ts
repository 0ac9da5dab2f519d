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
import type { Nodes, Parents, Root } from 'mdast';
import { diffArrays } from 'diff';
import type { Amendment, ClauseChange, ParameterChange } from '../diff/types.ts';
import { rebuild, redline, type Segment } from '../diff/redline.ts';
import { htmlRedline } from '../report/amendment/html.ts';
import type { PolicyVersion, Section } from '../model/types.ts';
import { inlineText } from '../parse/plain-text.ts';
import { readSections } from '../parse/sections.ts';
import { VFile } from 'vfile';

/** Where the two versions live on the site. */
export interface RedlineContext {
  from: PolicyVersion;
  to: PolicyVersion;
  /** URL of a version's page (`/dpa/1.1.0/`). */
  href: (version: string) => string;
}

const own = (tag: string) => (defaultSchema.attributes?.[tag] ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className'));
const SCHEMA = {
  ...defaultSchema,
  clobberPrefix: '',
  clobber: [],
  tagNames: [...(defaultSchema.tagNames ?? []), 'section', 'article', 'mark'],
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

/** "§10 Security Incidents", from a section number and anchor in a version. */
function located(sections: Section[], number: string | null, anchor: string | null): string {
  const section = sections.find((s) => s.anchor === anchor);
  if (!section && number === null) return 'before the first section';
  return `§${section?.number ?? number ?? ''} ${section?.title ?? ''}`.trim();
}

/** The clause's words in the version that has it, short. */
function clauseWords(c: ClauseChange, side: 'from' | 'to'): string {
  const text = (c.redline ? rebuild(c.redline, side) : (c.text ?? '')).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157).replace(/\s+\S*$/, '')}…` : text;
}

/**
 * A parameter change in the clause's own words: the new sentence with the
 * new figure and the old one beside it ("within 7 days (instead of 14 days)").
 */
function parameterSentence(p: ParameterChange, amendment: Amendment): string {
  const c = amendment.clauses.find((x) => x.id === p.clause);
  const words = c ? clauseWords(c, 'to') : p.clause;
  const instead = p.fromWords === null ? '(new)' : `(instead of ${p.fromWords})`;
  return p.toWords !== null && words.includes(p.toWords) ? words.replace(p.toWords, `${p.toWords} ${instead}`) : `${words}: ${p.toWords ?? '—'} ${instead}`;
}

const DIRECTION: Record<string, string> = { stricter: 'a stronger commitment from us', looser: 'less favourable to you', changed: 'changes how the commitment applies' };

/**
 * The reasons an amendment is material, in plain words, each with where it is.
 *
 * @param amendment the diff (its reasons say which changes count).
 * @param context the two versions.
 * @returns one sentence per reason.
 */
export function plainReasons(amendment: Amendment, context: RedlineContext): string[] {
  const at = (id: string): string => {
    const c = amendment.clauses.find((x) => x.id === id);
    if (!c) return id;
    return c.section.to !== null || c.section.toAnchor !== null ? located(context.to.sections, c.section.to, c.section.toAnchor) : located(context.from.sections, c.section.from, c.section.fromAnchor);
  };
  const out: string[] = [];
  for (const p of amendment.parameters) {
    if (p.param === 'named' || p.param === 'categories') continue;
    if (p.direction !== 'stricter') out.push(`${at(p.clause)}: ${parameterSentence(p, amendment)} — ${DIRECTION[p.direction]}.`);
  }
  for (const name of amendment.subprocessors.categoriesAdded) out.push(`We may engage sub-processors of a new category: ${name}.`);
  for (const name of amendment.subprocessors.namedAdded) out.push(`${name} is named as a sub-processor, which you may object to.`);
  for (const c of amendment.clauses) {
    if (c.change === 'removed' || c.change === 'withdrawn') out.push(`${at(c.id)}: we no longer promise “${clauseWords(c, 'from')}”${c.reason ? ` (${c.reason.replace(/\.$/, '')})` : ''}.`);
    if (c.change === 'replaced' && !c.equivalent) out.push(`${at(c.id)}: “${clauseWords(c, 'from')}” is replaced by ${c.replacedBy} on different terms.`);
  }
  // Reasons about wording come from the materiality check's own findings, located and phrased for a reader.
  for (const reason of amendment.materiality.reasons) {
    let m = /^edit that changes the reach of (.+?): (added|removed) (the qualifier )?“(.+)”$/.exec(reason);
    if (m) {
      const where = m[1] === 'the text outside clauses' ? 'Text outside the commitments' : at(m[1]!);
      out.push(`${where}: the words “${m[4]}” were ${m[2]}, which changes what the text covers.`);
      continue;
    }
    m = /^substantive wording change in (\S+) \((\d+) words\)$/.exec(reason);
    if (m) {
      out.push(`${at(m[1]!)}: the wording of the commitment changes in ${m[2]} words.`);
      continue;
    }
    m = /^substantive wording change outside clauses \((\d+) words\)$/.exec(reason);
    if (m) out.push(`Text outside the commitments changes in ${m[1]} words.`);
    m = /^clause (\S+) is now checked as (\S+) \(was (\S+)\)$/.exec(reason);
    if (m) out.push(`${at(m[1]!)}: the commitment is now a different kind of obligation (${m[3]} → ${m[2]}).`);
  }
  return out;
}

function clauseArticle(c: ClauseChange, amendment: Amendment, context: RedlineContext): Element {
  const { from, to } = context;
  const inFrom = c.section.from !== null || c.section.fromAnchor !== null;
  const inTo = c.section.to !== null || c.section.toAnchor !== null;
  const where = inTo ? located(to.sections, c.section.to, c.section.toAnchor) : located(from.sections, c.section.from, c.section.fromAnchor);
  const what =
    c.change === 'added' ? 'New commitment' : c.change === 'removed' ? 'Commitment removed' : c.change === 'withdrawn' ? `Commitment withdrawn${c.reason ? `: ${c.reason}` : ''}` : c.change === 'replaced' ? `Replaced by ${c.replacedBy}${c.equivalent ? ' on the same terms' : ' on different terms'}${c.reason ? `: ${c.reason}` : ''}` : [c.textChanged && 'Wording changed', c.moved && `moved from ${located(from.sections, c.section.from, c.section.fromAnchor)}`, c.params.length > 0 && 'figures changed', c.interpretations.length > 0 && 'interpretation changed', c.rule.from !== c.rule.to && 'checked differently'].filter(Boolean).join('; ').replace(/^./, (x) => x.toUpperCase());
  const links: ElementContent[] = [];
  if (inFrom) links.push(h('a', { href: `${context.href(from.version)}#${c.id}` }, `Read it in version ${from.version} (${located(from.sections, c.section.from, c.section.fromAnchor)})`));
  if (inFrom && inTo) links.push({ type: 'text', value: ' · ' });
  if (inTo) links.push(h('a', { href: `${context.href(to.version)}#${c.id}` }, `Read it in version ${to.version} (${where})`));
  return h('article', { className: ['clause-change', c.change], id: `change-${c.id}` }, [
    h('h3', [`${where} `, h('span', { className: ['clause-id'] }, `(${c.id})`)]),
    h('p', { className: ['what'] }, what),
    ...c.params.filter((p) => p.param !== 'named' && p.param !== 'categories').map((p) => h('p', { className: ['figure', p.direction] }, [h('strong', `${p.direction === 'stricter' ? 'Stricter for us' : p.direction === 'looser' ? 'Less favourable to you' : 'Changed'}: `), parameterSentence(p, amendment)])),
    ...(c.redline ? [h('blockquote', { className: ['redline'] }, htmlRedline(c.redline))] : c.text ? [h('blockquote', { className: ['redline'] }, [h(c.change === 'added' ? 'ins' : 'del', c.text)])] : []),
    h('p', { className: ['clause-links'] }, links),
  ]);
}

/**
 * The body of a redline page: why it is material, each clause change where
 * it is, figures, sub-processors, sections, and the text outside clauses.
 * Headings start at h2 (the page has its own h1).
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
  out.push(
    h('section', { className: ['materiality', amendment.materiality.material ? 'material' : 'not-material'], ariaLabel: 'Materiality' }, [
      h('h2', amendment.materiality.material ? 'A material change' : 'Not a material change'),
      amendment.materiality.material ? h('ul', reasons.map((r) => h('li', r))) : h('p', 'Wording and formatting only: your rights and our commitments do not change.'),
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
  const subItems = [...sub.categoriesAdded.map((x) => `New category of sub-processors: ${x}`), ...sub.categoriesRemoved.map((x) => `Category no longer authorized: ${x}`), ...sub.namedAdded.map((x) => `Newly named sub-processor: ${x}`), ...sub.namedRemoved.map((x) => `No longer named: ${x}`)];
  if (subItems.length > 0) out.push(h('h2', 'Sub-processors'), h('ul', subItems.map((x) => h('li', x))));
  if (amendment.clauses.length > 0) out.push(h('h2', 'Commitments that change'), ...amendment.clauses.map((c) => clauseArticle(c, amendment, context)));
  const s = amendment.sections;
  const rows = [
    ...s.added.map((x) => ['New section', '—', `§${x.to} ${x.title}`]),
    ...s.removed.map((x) => ['Section removed', `§${x.from} ${x.title}`, '—']),
    ...s.retitled.map((x) => ['Retitled', `§${x.from} ${x.fromTitle}`, `§${x.to} ${x.title}`]),
    ...s.renumbered.map((x) => ['Renumbered', `§${x.from} ${x.title}`, `§${x.to} ${x.title}`]),
  ];
  if (rows.length > 0) {
    out.push(
      h('h2', 'Sections'),
      h('div', { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: 'Table: sections' }, [
        h('table', { className: ['styled'] }, [h('thead', h('tr', ['Change', `Version ${from.version}`, `Version ${to.version}`].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', rows.map(([a, b, c]) => h('tr', [h('th', { scope: 'row' }, a!), h('td', b!), h('td', c!)])))]),
      ]),
    );
  }
  return html(out);
}

/** A block of a version's text, as the full-text view compares them. */
interface Block {
  kind: 'heading' | 'paragraph' | 'item' | 'row';
  depth: number;
  text: string;
  /** Section anchor (headings), for links into the view. */
  id?: string;
}

/** The agreement's blocks in reading order, without page furniture. */
function blocks(version: PolicyVersion): Block[] {
  const tree = version.tree as Root;
  const sections = readSections(structuredClone(tree), new VFile());
  let s = 0;
  const out: Block[] = [];
  const walk = (node: Nodes) => {
    if ((node.type === 'containerDirective' || node.type === 'textDirective') && node.name === 'furniture') return;
    if (node.type === 'heading') {
      const section = node.depth >= 2 ? sections[s++] : undefined;
      out.push({ kind: 'heading', depth: node.depth, text: text(node), ...(section ? { id: section.anchor } : {}) });
      return;
    }
    if (node.type === 'paragraph') {
      const t = text(node);
      if (t) out.push({ kind: 'paragraph', depth: 0, text: t });
      return;
    }
    if (node.type === 'listItem') {
      const t = node.children.filter((c) => c.type === 'paragraph').map(text).join(' ');
      if (t) out.push({ kind: 'item', depth: 0, text: t });
      for (const c of node.children) if (c.type !== 'paragraph') walk(c);
      return;
    }
    if (node.type === 'tableRow') {
      out.push({ kind: 'row', depth: 0, text: node.children.map((c) => text(c)).filter(Boolean).join(' — ') });
      return;
    }
    if ('children' in node) for (const c of (node as Parents).children) walk(c as Nodes);
  };
  walk(tree);
  return out.filter((b) => b.text !== '');
}

/** Visible text of a node without furniture, spaces folded. */
function text(node: Nodes): string {
  const clone = structuredClone(node) as Nodes;
  const strip = (n: Nodes) => {
    if ('children' in n) (n as Parents).children = ((n as Parents).children as Nodes[]).filter((c) => !((c.type === 'textDirective' || c.type === 'containerDirective') && c.name === 'furniture')).map((c) => (strip(c), c)) as Parents['children'];
  };
  strip(clone);
  return inlineText(clone).replace(/\s+/g, ' ').trim();
}

function blockElement(block: Block, content: ElementContent[], change: 'equal' | 'insert' | 'delete' | 'modify'): Element {
  const properties = { className: ['ft', `ft-${change}`], ...(block.id ? { id: block.id } : {}), ...(change !== 'equal' ? { dataChange: change } : {}) };
  const inner = change === 'insert' ? [h('ins', content)] : change === 'delete' ? [h('del', content)] : content;
  if (block.kind === 'heading') return h(block.depth <= 2 ? 'h2' : 'h3', properties, inner);
  return h('p', { ...properties, className: [...properties.className, `ft-${block.kind}`] }, inner);
}

/**
 * The newer version's full text with every change since the older one
 * marked in context: inserted blocks and words in `<ins>`, deleted ones in
 * `<del>`, unchanged text as it is. The document's own title is left to the
 * page's h1; sections are h2 and h3 with their anchors.
 *
 * @param context the two versions.
 * @returns sanitized HTML and the number of changed blocks.
 */
export function renderFullTextRedline(context: RedlineContext): { html: string; changes: number } {
  const a = blocks(context.from).filter((b) => !(b.kind === 'heading' && b.depth === 1));
  const b = blocks(context.to).filter((x) => !(x.kind === 'heading' && x.depth === 1));
  // Sections are matched by their anchor (a renumbered section is the same section); other blocks by their words.
  const parts = diffArrays(a, b, { comparator: (x, y) => x.kind === y.kind && (x.kind === 'heading' && x.id !== undefined ? x.id === y.id : x.text === y.text) });
  const out: ElementContent[] = [];
  let changes = 0;
  let ai = 0;
  let bi = 0;
  const words = (from: Block, to: Block): ElementContent[] => htmlRedline(redline(from.text, to.text) as Segment[]);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.count!; k++) {
        const [from, to] = [a[ai++]!, b[bi++]!];
        if (from.text === to.text) out.push(blockElement(to, [{ type: 'text', value: to.text }], 'equal'));
        else {
          out.push(blockElement(to, words(from, to), 'modify'));
          changes++;
        }
      }
      continue;
    }
    // A removal followed by an addition: pair blocks of the same kind for a word-level redline.
    if (part.removed && next?.added) {
      const removed = a.slice(ai, (ai += part.count!));
      const added = b.slice(bi, (bi += next.count!));
      while (removed.length > 0 || added.length > 0) {
        const r = removed[0];
        const d = added[0];
        if (r && d && r.kind === d.kind) {
          out.push(blockElement(d, words(r, d), 'modify'));
          removed.shift();
          added.shift();
        } else if (r) {
          out.push(blockElement(r, [{ type: 'text', value: r.text }], 'delete'));
          removed.shift();
        } else if (d) {
          out.push(blockElement(d, [{ type: 'text', value: d.text }], 'insert'));
          added.shift();
        }
        changes++;
      }
      i++;
      continue;
    }
    const blocks = part.added ? b.slice(bi, (bi += part.count!)) : a.slice(ai, (ai += part.count!));
    for (const block of blocks) {
      out.push(blockElement(block, [{ type: 'text', value: block.text }], part.added ? 'insert' : 'delete'));
      changes++;
    }
  }
  return { html: html(out), changes };
}
