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
import { blockLabel, sectionLabel, type TextBlock } from '../amendment/blocks.ts';
import { alignVersions } from '../amendment/amendment.ts';

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
        return `We may engage sub-processors of a new category: ${d.text.replace(/^new sub-processor category: /, '')}.`;
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
  const subItems = [...sub.categoriesAdded.map((x) => `New category of sub-processors: ${x}`), ...sub.categoriesRemoved.map((x) => `Category no longer authorized: ${x}`), ...sub.namedAdded.map((x) => `Newly named sub-processor: ${x}`), ...sub.namedRemoved.map((x) => `No longer named: ${x}`)];
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

function blockElement(block: TextBlock, content: ElementContent[], change: 'equal' | 'insert' | 'delete' | 'modify' | 'move', note?: string): Element {
  const id = block.kind === 'heading' && block.depth >= 2 ? block.section?.anchor : undefined;
  const properties = { className: ['ft', `ft-${change}`], ...(id ? { id } : {}), ...(change !== 'equal' ? { dataChange: change } : {}) };
  const inner = change === 'insert' ? [h('ins', content)] : change === 'delete' ? [h('del', content)] : content;
  const moved = note ? [h('small', { className: ['ft-note'] }, ` (${note})`)] : [];
  if (block.kind === 'heading') return h(block.depth <= 2 ? 'h2' : 'h3', properties, [...inner, ...moved]);
  return h('p', { ...properties, className: [...properties.className, `ft-${block.kind}`] }, [...inner, ...moved]);
}

/**
 * The newer version's full text with every change since the older one
 * marked in context, aligned by section and paragraph first: paragraphs
 * added in `<ins>`, removed in `<del>` where they stood, moved ones marked
 * where they are now, and word-level `<ins>`/`<del>` only inside a
 * paragraph that changed. The document's own title is left to the page's
 * h1; sections are h2 and h3 with their anchors.
 *
 * @param context the two versions.
 * @returns sanitized HTML and the number of changed blocks.
 */
export function renderFullTextRedline(context: RedlineContext): { html: string; changes: number } {
  const top = (b: TextBlock) => !(b.kind === 'heading' && b.depth === 1);
  const aligned = alignVersions(context.from, context.to, top);
  const out: ElementContent[] = [];
  let changes = 0;
  for (const x of aligned) {
    if (x.change === 'moved' && x.place === 'old') continue;
    if (x.change === 'equal') {
      // The effective date changes with every version: shown as it is now, compared as a date.
      const from = x.from!.shown;
      const to = x.to!.shown;
      out.push(from === to ? blockElement(x.to!, [{ type: 'text', value: to }], 'equal') : blockElement(x.to!, htmlRedline(redline(from, to)), 'modify'));
      continue;
    }
    changes++;
    if (x.change === 'added') out.push(blockElement(x.to!, [{ type: 'text', value: x.to!.shown }], 'insert'));
    else if (x.change === 'removed') out.push(blockElement(x.from!, [{ type: 'text', value: x.from!.shown }], 'delete'));
    else if (x.change === 'moved') out.push(blockElement(x.to!, [{ type: 'text', value: x.to!.shown }], 'move', `moved from ${blockLabel(x.from!)}`));
    else out.push(blockElement(x.to!, htmlRedline(redline(x.from!.shown, x.to!.shown)), 'modify', x.place === 'new' ? `moved from ${blockLabel(x.from!)}` : undefined));
  }
  return { html: html(out), changes };
}
