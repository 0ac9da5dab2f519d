import type { Amendment, VersionRef } from '../../amendment/types.ts';
import type { Segment } from '../../amendment/redline.ts';
import { sectionLabel } from '../../amendment/blocks.ts';
import { groupReasons, reasonInGroup } from '../../amendment/materiality.ts';
import { declaredMaterial } from '../../amendment/order.ts';
import { clauseWhere, describeChange } from './text.ts';
import { visible } from '../../errors/visible.ts';

/** Text as Markdown that renders as that text: HTML and Markdown syntax escaped, control characters shown as \u001b. */
export const escape = (s: string | null | undefined): string =>
  visible(String(s ?? ''), '\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
/** Ids as code when they are plain (as they always are from a valid policy), else as escaped text. */
export const code = (s: string): string => (/^[\w.:+-]{1,200}$/.test(s) ? `\`${s}\`` : escape(s));

/**
 * A redline in Markdown: deletions as <del>, insertions as <ins> (GitHub renders both).
 *
 * @param segments the redline.
 * @returns Markdown, with the text escaped.
 */
export function markdownRedline(segments: Segment[]): string {
  return segments.map((s) => (s.type === 'equal' ? escape(s.text) : s.type === 'insert' ? `<ins>${escape(s.text)}</ins>` : `<del>${escape(s.text)}</del>`)).join('').replace(/\n/g, '<br>\n');
}

/**
 * The amendment as a pull-request comment.
 *
 * @param amendment the diff.
 * @param options the versions the comparison passes through before TO, whose declarations count (see declaredMaterial).
 * @returns Markdown.
 */
export function formatAmendmentMarkdown(amendment: Amendment, options: { steps?: readonly Pick<VersionRef, 'material'>[] } = {}): string {
  const { from, to, materiality: m } = amendment;
  const out: string[] = [`## ${escape(amendment.document)} ${escape(from.version)} → ${escape(to.version)}`, '', `Effective **${escape(to.effective)}**, published ${escape(to.published)}${to.status === 'draft' ? ' (draft)' : ''}.`, ''];
  if (amendment.empty) return `${out.join('\n')}No changes.\n`;
  // Legal's declarations of the versions shown, only when TO comes after FROM.
  const declared = declaredMaterial(amendment, options.steps);
  const said = declared === undefined ? '' : ` (declared ${declared ? 'material' : 'not material'}${!declared && m.material ? ' ⚠️' : ''})`;
  out.push(m.material ? `**Material change**${said}:` : `Not material${said}.`);
  for (const group of groupReasons(m.details)) {
    out.push(`- **${escape(group.place)}**`);
    for (const r of group.reasons) out.push(`  - ${escape(reasonInGroup(r))}`);
  }
  if (amendment.parameters.length > 0) {
    out.push('', '### Parameters', '', '| clause | parameter | from | to | for the customer |', '|---|---|---|---|---|');
    for (const p of amendment.parameters) out.push(`| ${code(p.clause)} | ${escape(p.param)} | ${escape(p.fromWords ?? '—')} | ${escape(p.toWords ?? '—')} | ${p.direction === 'stricter' ? '🟢 stricter' : p.direction === 'looser' ? '🔴 looser' : '🟡 changed'} |`);
  }
  const sub = amendment.subprocessors;
  if (sub.namedAdded.length + sub.categoriesAdded.length + sub.namedRemoved.length + sub.categoriesRemoved.length > 0) {
    out.push('', '### Sub-processors', '');
    if (sub.categoriesAdded.length) out.push(`- categories added: ${sub.categoriesAdded.map(escape).join(', ')}`);
    if (sub.categoriesRemoved.length) out.push(`- categories removed: ${sub.categoriesRemoved.map(escape).join(', ')}`);
    if (sub.namedAdded.length) out.push(`- named sub-processors added: ${sub.namedAdded.map(escape).join(', ')}`);
    if (sub.namedRemoved.length) out.push(`- named sub-processors removed: ${sub.namedRemoved.map(escape).join(', ')}`);
  }
  if (amendment.interpretations.length > 0) {
    out.push('', '### Interpretations of vague words', '', '| clause | words | from | to |', '|---|---|---|---|');
    for (const i of amendment.interpretations) out.push(`| ${code(i.clause)} | “${escape(i.words)}” | ${escape(i.from ? `${i.from.means}: ${i.from.note}` : '—')} | ${escape(i.to ? `${i.to.means}: ${i.to.note}` : '—')} |`);
  }
  if (amendment.clauses.length > 0) {
    out.push('', '### Clauses', '');
    for (const c of amendment.clauses) {
      const section = escape(clauseWhere(c));
      const what = escape(describeChange(c));
      out.push(`- ${code(c.id)} (${section}): ${what}${c.reason ? ` — ${escape(c.reason)}` : ''}`);
      if (c.redline) out.push(`  > ${markdownRedline(c.redline).replace(/\n/g, '\n  > ')}`);
      else if (c.text) out.push(`  > ${c.change === 'added' ? `<ins>${escape(c.text)}</ins>` : c.textKept ? escape(c.text) : `<del>${escape(c.text)}</del>`}`);
    }
  }
  const s = amendment.sections;
  if (s.renumbered.length + s.retitled.length + s.added.length + s.removed.length > 0) {
    out.push('', '### Sections', '');
    for (const x of s.retitled) out.push(`- retitled ${escape(sectionLabel({ number: x.to, title: x.fromTitle }))} → ${escape(x.title)}`);
    for (const x of s.added) out.push(`- added ${escape(sectionLabel({ number: x.to, title: x.title }))}`);
    for (const x of s.removed) out.push(`- removed ${escape(sectionLabel({ number: x.from, title: x.title }))}`);
    if (s.renumbered.length) out.push(`- renumbered: ${s.renumbered.map((x) => `${escape(x.from)} → ${escape(x.to)}`).join(', ')}`);
  }
  if (amendment.outside.changed) {
    out.push('', `### Text outside clauses (${amendment.outside.changedWords} words changed)`, '');
    for (const b of amendment.outside.blocks) {
      const what = b.change === 'added' ? 'added' : b.change === 'removed' ? 'removed' : b.change === 'moved' ? `moved from ${escape(b.movedFrom)}` : 'changed';
      const text = b.redline ? markdownRedline(b.redline) : b.change === 'added' ? `<ins>${escape(b.to)}</ins>` : b.change === 'removed' ? `<del>${escape(b.from)}</del>` : escape(b.to);
      out.push(`- ${escape(b.where)} (${what})`, `  > ${text.replace(/\n/g, '\n  > ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}
