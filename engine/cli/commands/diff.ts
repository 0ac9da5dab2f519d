/**
 * `codicil diff FROM TO`: the amendment between two versions.
 */
import { diff } from '../../diff/diff.ts';
import { formatLintText } from '../../lint/lint.ts';
import { jsonText } from '../../errors/visible.ts';
import { versionInForce } from '../../model/in-force.ts';
import { DIFF_FORMATS, renderAmendment, type DiffFormat } from '../../report/amendment/index.ts';
import { defineCommand } from '../define.ts';
import { formatOption, policyOption } from '../options.ts';
import { usageError } from '../usage.ts';

export default defineCommand({
  name: 'diff',
  summary: 'the amendment between two versions (dpa@1.0.0, or a version file’s path)',
  usage: 'diff FROM TO [--policy DIR] [--format text|json|markdown|html|notice]',
  args: [
    { name: 'FROM', description: 'the earlier version: dpa@1.0.0, or the path of a version file' },
    { name: 'TO', description: 'the later version, e.g. a draft in a pull request: policy/dpa/1.1.0.md' },
  ],
  options: [policyOption, formatOption(DIFF_FORMATS, 'text, json, markdown, html, or notice (a draft change notice)')],
  details: 'An amendment reads forward: TO must not come before FROM, and a notice needs TO later than FROM, with other words, against the version TO amends.\nA version file named by its path may be anywhere, but a symbolic link must lead into the policy folder.\nExit codes: 0 shown, 2 a version cannot be read, or the two are not an amendment to show (CODICIL-U003).',
  async run(values, positionals, io) {
    if (positionals.length !== 2) return usageError(io, 'diff takes two versions: codicil diff dpa@1.0.0 dpa@1.1.0 (or paths to version files)', 'diff');
    const result = await diff({ from: positionals[0]!, to: positionals[1]!, policy: values.policy, purpose: values.format === 'notice' ? 'notice' : 'diff' });
    if (!result.ok) {
      // JSON is read by a program: the refusal too, on stdout, as lint gives it (ok false, the messages).
      if (values.format === 'json') {
        io.stdout(jsonText({ ok: false, errors: result.errors.length, messages: result.errors }));
        return 2;
      }
      // To stderr: `diff … --format notice > 1.2.0.notice.md` must not write an error into the notice.
      io.stderr(formatLintText({ ok: false, errors: result.errors.length, warnings: 0, messages: result.errors, policy: { dir: values.policy, document: '', title: '', versions: [], documents: [], reference: { eea: { list: 'eea', title: '', updated: '', source: '', countries: [] }, adequacy: { list: 'adequacy', title: '', updated: '', source: '', countries: [] }, vocabularies: {} } } }));
      return 2;
    }
    // Customers object under the terms in force when they are notified, not the amended ones.
    const atNotice = versionInForce(result.policy, Date.parse(`${result.to.published}T00:00:00Z`)) ?? result.to;
    const window = atNotice.clauses.find((c) => c.id === 'subprocessor.objection-window')?.params.notice?.value;
    io.stdout(renderAmendment(result.amendment, values.format as DiffFormat, { color: io.color ?? false, ...(window?.type === 'duration' ? { objectionDays: window.seconds / 86400 } : {}), ...(result.amends !== undefined ? { amends: result.amends } : {}), steps: result.steps }));
    return 0;
  },
});
