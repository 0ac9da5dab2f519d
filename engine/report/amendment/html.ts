import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { sanitize, defaultSchema } from 'hast-util-sanitize';
import type { Element, ElementContent } from 'hast';
import type { Amendment } from '../../amendment/types.ts';
import type { Segment } from '../../amendment/redline.ts';
import { sectionLabel } from '../../amendment/blocks.ts';
import { groupReasons, reasonInGroup } from '../../amendment/materiality.ts';
import { clauseWhere, describeChange } from './text.ts';
import { visit } from 'unist-util-visit';
import { visible } from '../../errors/visible.ts';

/**
 * A redline as HTML elements: <ins> and <del> around changed words; line
 * breaks kept as <br>.
 *
 * @param segments the redline.
 * @returns hast nodes.
 */
export function htmlRedline(segments: Segment[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const s of segments) {
    const parts = s.text.split('\n');
    const nodes: ElementContent[] = parts.flatMap((part, i) => [...(i > 0 ? [h('br')] : []), ...(part ? [{ type: 'text' as const, value: part }] : [])]);
    if (s.type === 'equal') out.push(...nodes);
    else out.push(h(s.type === 'insert' ? 'ins' : 'del', nodes));
  }
  return out;
}

/**
 * The amendment as an HTML fragment for the site: sanitized (all text is
 * escaped; only structural elements, <ins> and <del> survive).
 *
 * @param amendment the diff.
 * @returns HTML.
 */
export function formatAmendmentHtml(amendment: Amendment): string {
  const { from, to, materiality: m } = amendment;
  const children: ElementContent[] = [h('h2', `${amendment.document} ${from.version} → ${to.version}`), h('p', `Effective ${to.effective}, published ${to.published}.`)];
  if (amendment.empty) children.push(h('p', 'No changes.'));
  else {
    children.push(h('p', { className: ['materiality', m.material ? 'material' : 'not-material'] }, m.material ? 'Material change' : 'Not material'));
    if (m.details.length) children.push(h('ul', { className: ['reasons'] }, groupReasons(m.details).map((g) => h('li', [h('strong', g.place), h('ul', g.reasons.map((r) => h('li', reasonInGroup(r))))]))));
    if (amendment.parameters.length) {
      children.push(
        h('h3', 'Parameters'),
        h('table', { className: ['parameters'] }, [
          h('thead', h('tr', ['Clause', 'Parameter', 'From', 'To', 'For the customer'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            amendment.parameters.map((p) => h('tr', { className: [p.direction] }, [h('td', h('a', { href: `#change-${p.clause}` }, p.clause)), h('td', p.param), h('td', p.fromWords ?? '—'), h('td', p.toWords ?? '—'), h('td', p.direction)])),
          ),
        ]),
      );
    }
    const sub = amendment.subprocessors;
    const subItems = [
      ...sub.categoriesAdded.map((x) => `New sub-processor category: ${sub.words[x] ?? x}`),
      ...sub.categoriesRemoved.map((x) => `Sub-processor category removed: ${sub.words[x] ?? x}`),
      ...sub.namedAdded.map((x) => `New named sub-processor: ${x}`),
      ...sub.namedRemoved.map((x) => `Named sub-processor removed: ${x}`),
    ];
    if (subItems.length) children.push(h('h3', 'Sub-processors'), h('ul', { className: ['subprocessor-changes'] }, subItems.map((x) => h('li', x))));
    if (amendment.interpretations.length) {
      children.push(
        h('h3', 'Interpretations of vague words'),
        h('table', { className: ['interpretations'] }, [
          h('thead', h('tr', ['Clause', 'Words', 'From', 'To'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', amendment.interpretations.map((i) => h('tr', [h('td', i.clause), h('td', `“${i.words}”`), h('td', i.from ? `${i.from.means} — ${i.from.note}` : '—'), h('td', i.to ? `${i.to.means} — ${i.to.note}` : '—')]))),
        ]),
      );
    }
    const sections = amendment.sections;
    const sectionItems = [
      ...sections.added.map((x) => `New section: ${sectionLabel({ number: x.to, title: x.title })}`),
      ...sections.removed.map((x) => `Section removed: ${sectionLabel({ number: x.from, title: x.title })}`),
      ...sections.retitled.map((x) => `Section retitled: ${sectionLabel({ number: x.to, title: x.fromTitle })} → ${x.title}`),
      ...(sections.renumbered.length ? [`Renumbered: ${sections.renumbered.map((x) => `${x.from} → ${x.to} (${x.title})`).join('; ')}`] : []),
    ];
    if (sectionItems.length) children.push(h('h3', 'Sections'), h('ul', { className: ['section-changes'] }, sectionItems.map((x) => h('li', x))));
    if (amendment.clauses.length) {
      children.push(h('h3', 'Clauses'));
      children.push(
        h(
          'ol',
          { className: ['clause-changes'] },
          amendment.clauses.map((c) =>
            h('li', { id: `change-${c.id}`, className: [c.change] }, [
              h('p', [h('code', c.id), ` — ${clauseWhere(c)}: ${describeChange(c)}`]),
              ...(c.redline ? [h('blockquote', htmlRedline(c.redline))] : c.text ? [h('blockquote', [c.textKept ? { type: 'text' as const, value: c.text } : h(c.change === 'added' ? 'ins' : 'del', c.text)])] : []),
            ]),
          ),
        ),
      );
    }
    // Only the lines that change: the rest of the document is on the version pages.
    if (amendment.outside.changed) {
      children.push(
        h('h3', 'Text outside clauses'),
        h(
          'div',
          { className: ['redline'] },
          amendment.outside.blocks.map((b) =>
            h('p', [
              h('strong', `${b.where}${b.change === 'moved' ? ` (moved from ${b.movedFrom})` : ''}: `),
              ...(b.redline ? htmlRedline(b.redline) : b.change === 'added' ? [h('ins', b.to ?? '')] : b.change === 'removed' ? [h('del', b.from ?? '')] : [{ type: 'text' as const, value: b.to ?? '' }]),
            ]),
          ),
        ),
      );
    }
  }
  const tree = h('section', { className: ['amendment'] }, children) as Element;
  // Control characters cannot be written in HTML: show them as \u001b (the text is escaped by toHtml).
  visit(tree, 'text', (node: { value: string }) => {
    node.value = visible(node.value, '\n');
  });
  // The default schema only allows GitHub's own classes on some elements (task lists, footnotes); ours are ours.
  const own = (tag: string) => (defaultSchema.attributes?.[tag] ?? []).filter((a) => !(Array.isArray(a) && a[0] === 'className'));
  const schema = {
    ...defaultSchema,
    clobberPrefix: '',
    tagNames: [...(defaultSchema.tagNames ?? []), 'section'],
    attributes: { ...defaultSchema.attributes, '*': [...(defaultSchema.attributes?.['*'] ?? []), 'className', 'id'], section: own('section'), ul: own('ul'), ol: own('ol'), li: own('li') },
  };
  return `${toHtml(sanitize(tree, schema))}\n`;
}
