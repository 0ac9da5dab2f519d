import type { Amendment } from '../../amendment/types.ts';
import { noAmendment } from '../../amendment/order.ts';
import { rebuild } from '../../amendment/redline.ts';
import { errors } from '../../errors/catalogue.ts';
import { code, escape } from './markdown.ts';

const DAY = 86_400_000;
const date = (iso: string): string => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * A draft change notice for customers, in Markdown, for legal to edit and
 * publish next to the version (`<version>.notice.md`). Only for an
 * amendment to a later version whose words differ, from the version it
 * amends when that is given: any other throws.
 *
 * @param amendment the diff.
 * @param options where the full redline can be read; the objection window (days) for sub-processor changes: the one in force when the notice is published; the version TO amends in its document's history (`diff()` gives it).
 * @returns Markdown.
 */
export function formatChangeNotice(amendment: Amendment, options: { redlineUrl?: string; objectionDays?: number; amends?: string } = {}): string {
  const { from, to } = amendment;
  // Never a notice that goes back in time, announces nothing or replaces a version TO does not amend
  // (`diff` refuses these first, naming the versions as given).
  const why = noAmendment(amendment, 'notice', options.amends);
  if (why) throw new Error(`formatChangeNotice: ${errors.notAnAmendment.message(why, from.version, to.version, from.version, to.version, options.amends ?? '', '')}`);
  // The document's own title (a notice is Markdown: its title is escaped like every word from the policy).
  const title = escape(to.title ?? amendment.document);
  const notice = Math.round((Date.parse(`${to.effective}T00:00:00Z`) - Date.parse(`${to.published}T00:00:00Z`)) / DAY);
  const out: string[] = [
    '---',
    `version: ${to.version}`,
    `effective: ${to.effective}`,
    `published: ${to.published}`,
    'status: draft',
    '---',
    '',
    `# Changes to our ${title} (version ${to.version})`,
    '',
    `We are updating our ${title}. The new version takes effect on **${date(to.effective)}**, ${notice} day${notice === 1 ? '' : 's'} after this notice. It replaces version ${from.version}.`,
    '',
    '## What changes',
    '',
  ];
  const lines: string[] = [];
  // The clause's own words tell the customer what a parameter is about.
  const wordsOf = (id: string): string => {
    const c = amendment.clauses.find((x) => x.id === id);
    const text = (c?.redline ? rebuild(c.redline, 'to') : c?.text ?? id).replace(/\s+/g, ' ').trim();
    return escape(text.length > 110 ? `${text.slice(0, 107).replace(/\s+\S*$/, '')}…` : text);
  };
  for (const p of amendment.parameters) {
    if (p.param === 'named' || p.param === 'categories') continue;
    const effect = p.direction === 'stricter' ? 'a stronger commitment from us' : p.direction === 'looser' ? 'less favourable to you' : 'a change in how the commitment applies';
    lines.push(`- “${wordsOf(p.clause)}” (${code(p.clause)}): ${escape(p.toWords ?? '—')} instead of ${escape(p.fromWords ?? '—')}; ${effect}.`);
  }
  // A clause that replaces another is told with the one it replaces, not as a new commitment.
  const replacing = new Set(amendment.clauses.flatMap((c) => (c.change === 'replaced' && c.replacedBy ? [c.replacedBy] : [])));
  for (const c of amendment.clauses) {
    if (c.change === 'added' && replacing.has(c.id)) continue;
    if (c.change === 'added') lines.push(`- A new commitment (${code(c.id)}): “${escape(c.text)}”`);
    else if (c.change === 'removed' || c.change === 'withdrawn') lines.push(`- We remove the commitment ${code(c.id)}${c.reason ? `: ${escape(c.reason.replace(/\.$/, ''))}` : ''}.`);
    else if (c.change === 'replaced') lines.push(`- ${code(c.id)} is replaced by ${code(c.replacedBy ?? '')}${c.equivalent ? ' on the same terms' : ''}${c.reason ? `: ${escape(c.reason.replace(/\.$/, ''))}` : ''}.`);
    else if (c.textChanged && c.params.length === 0) {
      // "Does not change" only for edits the materiality check counts as wording.
      const substantive = amendment.materiality.details.some((d) => d.clauses.includes(c.id));
      lines.push(substantive ? `- We changed the wording of ${code(c.id)}: “${wordsOf(c.id)}” (see the redline).` : `- We reworded ${code(c.id)}; the commitment does not change.`);
    }
  }
  const sub = amendment.subprocessors;
  for (const name of sub.namedAdded) lines.push(`- We add **${escape(name)}** as a named sub-processor.`);
  for (const name of sub.categoriesAdded) lines.push(`- We may engage sub-processors of a new category: **${escape(sub.words[name] ?? name)}**.`);
  for (const name of sub.namedRemoved) lines.push(`- **${escape(name)}** is no longer a named sub-processor.`);
  for (const section of amendment.sections.added) lines.push(`- A new section: ${escape(section.title)}${section.to ? ` (section ${escape(section.to)})` : ''}.`);
  for (const section of amendment.sections.removed) lines.push(`- The section ${escape(section.title)} is removed.`);
  if (amendment.sections.renumbered.length > 0) lines.push('- Sections are renumbered; links to clauses keep working.');
  if (lines.length === 0) lines.push('- Wording and formatting only; your rights and our commitments do not change.');
  out.push(...lines, '');
  if (sub.namedAdded.length + sub.categoriesAdded.length > 0) {
    const days = options.objectionDays ?? 14;
    const closes = new Date(Date.parse(`${to.published}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
    out.push('## Your right to object', '', `You may object to a new sub-processor on reasonable data protection grounds within ${days} days of this notice, that is by **${date(closes)}**, by contacting us. If we cannot accommodate your objection, you may terminate the affected Services.`, '');
  }
  const url = options.redlineUrl ?? `/dpa/changes/${from.version}...${to.version}/`;
  out.push('## Read the full text', '', `The complete redline of version ${from.version} against ${to.version} is at [${url}](${url}).`, '');
  out.push(`<!-- Draft generated by codicil from the amendment ${from.version} → ${to.version}. Materiality: ${amendment.materiality.material ? 'material' : 'not material'}. Legal edits and publishes this notice. -->`);
  return `${out.join('\n')}\n`;
}
