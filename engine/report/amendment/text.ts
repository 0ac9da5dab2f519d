import { createColors } from 'picocolors';
import type { Amendment, ClauseChange } from '../../diff/types.ts';
import { changedLines, type Segment } from '../../diff/redline.ts';

/**
 * A redline for a terminal: [-deleted-]{+inserted+}, coloured when asked.
 *
 * @param segments the redline.
 * @param color whether to colour.
 * @returns one string.
 */
export function inlineRedline(segments: Segment[], color = false): string {
  const c = createColors(color);
  return segments.map((s) => (s.type === 'equal' ? s.text : s.type === 'insert' ? c.green(`{+${s.text}+}`) : c.red(`[-${s.text}-]`))).join('');
}

/**
 * What happened to a clause, in a few words.
 *
 * @param c the clause change.
 * @returns e.g. "text modified, parameters changed".
 */
export function describeChange(c: ClauseChange): string {
  if (c.change === 'replaced') return `replaced by ${c.replacedBy}${c.equivalent ? ' (same terms)' : ''}`;
  if (c.change !== 'modified') return c.change;
  return [c.textChanged && 'text modified', c.moved && 'moved', c.params.length > 0 && 'parameters changed', c.interpretations.length > 0 && 'interpretation changed', c.rule.from !== c.rule.to && `rule ${c.rule.from} → ${c.rule.to}`].filter(Boolean).join(', ');
}

const where = (c: ClauseChange): string => {
  const from = c.section.from ?? c.section.fromAnchor;
  const to = c.section.to ?? c.section.toAnchor;
  return c.moved ? `§${from} → §${to}` : to ? `§${to}` : from ? `§${from}` : '';
};

/**
 * The amendment for a terminal.
 *
 * @param amendment the diff.
 * @param options colour.
 * @returns text.
 */
export function formatAmendmentText(amendment: Amendment, options: { color?: boolean } = {}): string {
  const c = createColors(options.color ?? false);
  const { from, to } = amendment;
  const out: string[] = [c.bold(`${amendment.document} ${from.version} → ${to.version}`) + ` (effective ${to.effective}, published ${to.published}${to.status === 'draft' ? ', draft' : ''})`];
  if (amendment.empty) return `${out[0]}\nNo changes.\n`;
  const m = amendment.materiality;
  out.push(m.material ? c.yellow(c.bold(`Material change (declared: ${to.material ? 'material' : 'not material'})`)) : c.green(`Not material (declared: ${to.material ? 'material' : 'not material'})`));
  for (const r of m.reasons) out.push(`  - ${r}`);
  if (amendment.parameters.length > 0) {
    out.push('', c.bold('Parameters'));
    for (const p of amendment.parameters) {
      const dir = p.direction === 'stricter' ? c.green(p.direction) : p.direction === 'looser' ? c.red(p.direction) : c.yellow(p.direction);
      out.push(`  ${p.clause} ${p.param}: ${p.fromWords ?? '(none)'} → ${p.toWords ?? '(none)'} ${dir}`);
    }
  }
  const sub = amendment.subprocessors;
  if (sub.namedAdded.length + sub.namedRemoved.length + sub.categoriesAdded.length + sub.categoriesRemoved.length > 0) {
    out.push('', c.bold('Sub-processors'));
    if (sub.categoriesAdded.length) out.push(`  categories added: ${sub.categoriesAdded.join(', ')}`);
    if (sub.categoriesRemoved.length) out.push(`  categories removed: ${sub.categoriesRemoved.join(', ')}`);
    if (sub.namedAdded.length) out.push(`  named sub-processors added: ${sub.namedAdded.join(', ')}`);
    if (sub.namedRemoved.length) out.push(`  named sub-processors removed: ${sub.namedRemoved.join(', ')}`);
  }
  if (amendment.interpretations.length > 0) {
    out.push('', c.bold('Interpretations'));
    for (const i of amendment.interpretations) out.push(`  ${i.clause} “${i.words}”: ${i.from ? i.from.means : '(none)'} → ${i.to ? i.to.means : '(none)'}${i.from && i.to && i.from.means === i.to.means ? ' (note reworded)' : ''}`);
  }
  if (amendment.clauses.length > 0) {
    out.push('', c.bold('Clauses'));
    for (const cl of amendment.clauses) {
      const what = describeChange(cl);
      out.push(`  ${c.bold(cl.id)} ${where(cl)}: ${what}${cl.reason ? ` — ${cl.reason}` : ''}`);
      if (cl.redline) out.push(`    ${inlineRedline(cl.redline, options.color).replace(/\n/g, '\n    ')}`);
      else if (cl.text && cl.change === 'added') out.push(`    ${c.green(`{+${cl.text}+}`)}`);
      else if (cl.text) out.push(`    ${c.red(`[-${cl.text}-]`)}`);
    }
  }
  const s = amendment.sections;
  if (s.renumbered.length + s.retitled.length + s.added.length + s.removed.length > 0) {
    out.push('', c.bold('Sections'));
    for (const x of s.retitled) out.push(`  retitled §${x.to}: ${x.fromTitle} → ${x.title}`);
    for (const x of s.added) out.push(`  added §${x.to} ${x.title}`);
    for (const x of s.removed) out.push(`  removed §${x.from} ${x.title}`);
    if (s.renumbered.length) out.push(`  renumbered: ${s.renumbered.map((x) => `${x.from} → ${x.to} ${x.title}`).join('; ')}`);
  }
  if (amendment.outside.changed) {
    out.push('', c.bold(`Text outside clauses (${amendment.outside.changedWords} words changed)`));
    for (const line of changedLines(amendment.outside.redline)) out.push(`  ${inlineRedline(line, options.color)}`);
  }
  return `${out.join('\n')}\n`;
}
