import { createColors } from 'picocolors';
import type { Amendment, ClauseChange, VersionRef } from '../../amendment/types.ts';
import type { Segment } from '../../amendment/redline.ts';
import { sectionLabel } from '../../amendment/blocks.ts';
import { groupReasons, reasonInGroup } from '../../amendment/materiality.ts';
import { declaredMaterial } from '../../amendment/order.ts';
import { visible } from '../../errors/visible.ts';

// Policy text reaches the terminal with control characters shown as \u001b (line breaks kept).
const t = (s: string | null | undefined): string => visible(String(s ?? ''), '\n');

/**
 * A redline for a terminal: [-deleted-]{+inserted+}, coloured when asked.
 *
 * @param segments the redline.
 * @param color whether to colour.
 * @returns one string.
 */
export function inlineRedline(segments: Segment[], color = false): string {
  const c = createColors(color);
  return segments.map((s) => (s.type === 'equal' ? t(s.text) : s.type === 'insert' ? c.green(`{+${t(s.text)}+}`) : c.red(`[-${t(s.text)}-]`))).join('');
}

/**
 * What happened to a clause, in a few words.
 *
 * @param c the clause change.
 * @returns e.g. "text modified, parameters changed".
 */
export function describeChange(c: ClauseChange): string {
  // Only the mark went: the words are not struck (they are still in the text), and no longer checked.
  const kept = c.textKept ? '; its words stay in the text, no longer checked' : '';
  if (c.change === 'replaced') return `replaced by ${t(c.replacedBy)}${c.equivalent ? ' (same terms)' : ''}${kept}`;
  if (c.change !== 'modified') return `${c.change}${kept}`;
  return [c.textChanged && 'text modified', c.moved && 'moved', c.params.length > 0 && 'parameters changed', c.interpretations.length > 0 && 'interpretation changed', c.rule.from !== c.rule.to && `rule ${t(c.rule.from)} → ${t(c.rule.to)}`].filter(Boolean).join(', ');
}

/** Where a clause is, by section number and title ("§4 Personal Data Breaches"); never "§null". */
export const clauseWhere = (c: ClauseChange): string => {
  const from = c.location?.from ?? null;
  const to = c.location?.to ?? null;
  const label = (s: typeof from, n: string | null) => (s ? sectionLabel(s) : n ? `§${n}` : 'before the first section');
  return c.moved ? `${label(from, c.section.from)} → ${label(to, c.section.to)}` : label(to ?? from, c.section.to ?? c.section.from);
};
const where = (c: ClauseChange): string => t(clauseWhere(c));

/**
 * The amendment for a terminal.
 *
 * @param amendment the diff.
 * @param options colour; the versions the comparison passes through before TO, whose declarations count (see declaredMaterial).
 * @returns text.
 */
export function formatAmendmentText(amendment: Amendment, options: { color?: boolean; steps?: readonly Pick<VersionRef, 'material'>[] } = {}): string {
  const c = createColors(options.color ?? false);
  const { from, to } = amendment;
  const out: string[] = [c.bold(`${t(amendment.document)} ${t(from.version)} → ${t(to.version)}`) + ` (effective ${t(to.effective)}, published ${t(to.published)}${to.status === 'draft' ? ', draft' : ''})`];
  if (amendment.empty) return `${out[0]}\nNo changes.\n`;
  const m = amendment.materiality;
  // Legal's declarations of the versions shown, only when TO comes after FROM.
  const declared = declaredMaterial(amendment, options.steps);
  const said = declared === undefined ? '' : ` (declared: ${declared ? 'material' : 'not material'})`;
  out.push(m.material ? c.yellow(c.bold(`Material change${said}`)) : c.green(`Not material${said}`));
  // By place, the weightiest first.
  for (const group of groupReasons(m.details)) {
    out.push(`  ${c.bold(t(group.place))}`);
    for (const r of group.reasons) out.push(`    - ${t(reasonInGroup(r))}`);
  }
  if (amendment.parameters.length > 0) {
    out.push('', c.bold('Parameters'));
    for (const p of amendment.parameters) {
      const dir = p.direction === 'stricter' ? c.green(p.direction) : p.direction === 'looser' ? c.red(p.direction) : c.yellow(p.direction);
      out.push(`  ${t(p.clause)} ${t(p.param)}: ${t(p.fromWords ?? '(none)')} → ${t(p.toWords ?? '(none)')} ${dir}`);
    }
  }
  const sub = amendment.subprocessors;
  if (sub.namedAdded.length + sub.namedRemoved.length + sub.categoriesAdded.length + sub.categoriesRemoved.length > 0) {
    out.push('', c.bold('Sub-processors'));
    if (sub.categoriesAdded.length) out.push(`  categories added: ${t(sub.categoriesAdded.join(', '))}`);
    if (sub.categoriesRemoved.length) out.push(`  categories removed: ${t(sub.categoriesRemoved.join(', '))}`);
    if (sub.namedAdded.length) out.push(`  named sub-processors added: ${t(sub.namedAdded.join(', '))}`);
    if (sub.namedRemoved.length) out.push(`  named sub-processors removed: ${t(sub.namedRemoved.join(', '))}`);
  }
  if (amendment.interpretations.length > 0) {
    out.push('', c.bold('Interpretations'));
    for (const i of amendment.interpretations) out.push(`  ${t(i.clause)} “${t(i.words)}”: ${i.from ? t(i.from.means) : '(none)'} → ${i.to ? t(i.to.means) : '(none)'}${i.from && i.to && i.from.means === i.to.means ? ' (note reworded)' : ''}`);
  }
  if (amendment.clauses.length > 0) {
    out.push('', c.bold('Clauses'));
    for (const cl of amendment.clauses) {
      const what = describeChange(cl);
      out.push(`  ${c.bold(t(cl.id))} ${where(cl)}: ${what}${cl.reason ? ` — ${t(cl.reason)}` : ''}`);
      if (cl.redline) out.push(`    ${inlineRedline(cl.redline, options.color).replace(/\n/g, '\n    ')}`);
      else if (cl.text && cl.change === 'added') out.push(`    ${c.green(`{+${t(cl.text)}+}`)}`);
      else if (cl.text && cl.textKept) out.push(`    ${t(cl.text)}`);
      else if (cl.text) out.push(`    ${c.red(`[-${t(cl.text)}-]`)}`);
    }
  }
  const s = amendment.sections;
  if (s.renumbered.length + s.retitled.length + s.added.length + s.removed.length > 0) {
    out.push('', c.bold('Sections'));
    for (const x of s.retitled) out.push(`  retitled ${t(sectionLabel({ number: x.to, title: x.fromTitle }))} → ${t(x.title)}`);
    for (const x of s.added) out.push(`  added ${t(sectionLabel({ number: x.to, title: x.title }))}`);
    for (const x of s.removed) out.push(`  removed ${t(sectionLabel({ number: x.from, title: x.title }))}`);
    if (s.renumbered.length) out.push(`  renumbered: ${s.renumbered.map((x) => `${t(x.from)} → ${t(x.to)} ${t(x.title)}`).join('; ')}`);
  }
  if (amendment.outside.changed) {
    // Paragraph by paragraph, each where it is; word by word only inside a changed one.
    out.push('', c.bold(`Text outside clauses (${amendment.outside.changedWords} words changed)`));
    for (const b of amendment.outside.blocks) {
      const what = b.change === 'added' ? 'added' : b.change === 'removed' ? 'removed' : b.change === 'moved' ? `moved from ${t(b.movedFrom)}` : 'changed';
      out.push(`  ${t(b.where)} (${what})`);
      const text = b.redline ? inlineRedline(b.redline, options.color) : b.change === 'added' ? c.green(`{+${t(b.to)}+}`) : b.change === 'removed' ? c.red(`[-${t(b.from)}-]`) : t(b.to);
      out.push(`    ${text.replace(/\n/g, '\n    ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}
