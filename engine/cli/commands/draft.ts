/**
 * `codicil draft`: a new version of a policy document, ready to edit.
 */
import { draftVersion, type DraftResult } from '../../draft/draft.ts';
import { readDate } from '../../parse/words.ts';
import { defineCommand, type Io } from '../define.ts';
import { policyOption } from '../options.ts';
import { usageError } from '../usage.ts';

const dateOption = (name: string) => (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) && readDate(text) === text ? null : `--${name} ${JSON.stringify(text)} is not a date (YYYY-MM-DD, e.g. 2025-03-01)`);

export default defineCommand({
  name: 'draft',
  summary: 'start a new version of a policy document from the latest one',
  usage: 'draft [DOCUMENT] VERSION --effective DATE [--published DATE] [--not-material] [--policy DIR]',
  args: [
    { name: 'DOCUMENT', description: 'the document (default: the policy folder’s only document; required when it holds several); DOCUMENT@VERSION also works' },
    { name: 'VERSION', description: 'the new version, greater than every existing one (e.g. 1.1.0)' },
  ],
  options: [
    { name: 'effective', type: 'string', value: 'DATE', required: true, validate: dateOption('effective'), description: 'the day the new version takes effect (00:00 UTC)' },
    { name: 'published', type: 'string', value: 'DATE', validate: dateOption('published'), description: 'the day customers are told (default: today, in UTC)' },
    { name: 'not-material', type: 'boolean', default: false, description: 'the change needs no advance notice (lint checks this against the diff); drafts are material otherwise' },
    policyOption,
  ],
  details:
    'Copies the latest version to <policy>/<document>/VERSION.md with version, effective, published, status: draft,\nmaterial and a summary to write set in its header, and every :effective[…] date rewritten in the same style;\nthe withdrawn: list stays when the latest version is a draft amending the same published version.\nRefuses an existing or smaller version, an invalid date, and a material change published with less notice\nthan the version in force promises (naming the dates that would do). Exit codes: 0 written, 2 refused (nothing written).',
  async run(values, positionals, io) {
    if (positionals.length < 1 || positionals.length > 2) return usageError(io, `draft takes the new version, and optionally the document before it (codicil draft 1.1.0, codicil draft dpa 1.1.0, codicil draft dpa@1.1.0), not ${positionals.length} argument(s)`, 'draft');
    // DOCUMENT@VERSION, as diff names versions, or DOCUMENT VERSION, or VERSION alone.
    const at = positionals.length === 1 ? /^([a-z][a-z0-9-]*)@(.+)$/.exec(positionals[0]!) : null;
    const [document, version] = at ? [at[1], at[2]] : positionals.length === 2 ? positionals : [undefined, positionals[0]];
    const result = await draftVersion({
      policy: values.policy,
      ...(document !== undefined ? { document } : {}),
      version: version!,
      effective: values.effective,
      ...(values.published !== undefined ? { published: values.published } : {}),
      material: !values['not-material'],
    });
    if (!result.ok) return refused(io, result.problems);
    io.stdout(nextSteps(result, values.policy));
    return 0;
  },
});

function refused(io: Io, problems: string[]): number {
  io.stderr(`codicil draft: refused, nothing written:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
  return 2;
}

/** What was drafted, and what legal does next. */
function nextSteps(d: Extract<DraftResult, { ok: true }>, policy: string): string {
  const p = policy === 'policy' ? '' : ` --policy ${policy}`;
  const base = d.amends ?? d.from;
  const notice = d.notice
    ? `true: customers must be told at least ${d.notice.notice} ahead (amendment.advance-notice of ${d.notice.promisedBy}), so publish by ${d.notice.publishBy}`
    : d.material
      ? 'true'
      : 'false: you declared the change needs no advance notice; lint fails if the diff says otherwise';
  const lines = [
    `Drafted ${d.file} from version ${d.from}:`,
    `  version    ${d.version} (status: draft — never in force until published)`,
    `  effective  ${d.effective}${d.effectiveWords.length > 0 ? ` (the text now says ${d.effectiveWords.map((w) => `“${w.to}”`).join(', ')})` : ''}`,
    `  published  ${d.published}${d.publishedDefaulted ? ' (today: set it to the day customers are told)' : ''}`,
    `  material   ${notice}`,
    `  summary    a placeholder starting with TODO: — write what changes, in one sentence`,
    ...(d.withdrawn.length > 0 ? [`  withdrawn  ${d.withdrawn.join(', ')} (kept from draft ${d.from}: like it, ${d.version} amends ${base}, whose clauses these were)`] : []),
    '',
    'Next steps:',
    `  1. Edit ${d.file}: make the change, replace the summary; clauses you drop go under withdrawn: in the header.`,
    `  2. Review: npx codicil lint${p}, then npx codicil diff ${d.document}@${base} ${d.file}${p} (what changes, clause by clause, and whether it is material).`,
    `  3. Draft the customer notice: npx codicil diff ${d.document}@${base} ${d.file}${p} --format notice > ${d.file.replace(/\.md$/, '.notice.md')}, then edit it.`,
    `  4. Publish: when customers are told, set published: to that day and status: published (in the notice too), run npx codicil lock${p}, and commit both.`,
  ];
  return `${lines.join('\n')}\n`;
}
