/**
 * `codicil lint`: every syntax, schema and consistency problem of the policy.
 */
import { formatLintText, lint } from '../../lint/lint.ts';
import { defineCommand } from '../define.ts';
import { formatOption, policyOption } from '../options.ts';

export default defineCommand({
  name: 'lint',
  summary: 'check the policy: syntax, schema, consistency',
  usage: 'lint [--policy DIR] [--format text|json]',
  options: [policyOption, formatOption(['text', 'json'], 'text: file:line:column, code and hint per problem; json: the messages as data')],
  details: 'Exit codes: 0 clean, 2 problems.',
  async run(values, _positionals, io) {
    const result = await lint({ policy: values.policy });
    if (values.format === 'json') {
      const { policy: model, ...rest } = result;
      // policy.document/versions are the first (or only) document's; documents lists each when there are several.
      const documents = model.documents.length > 1 ? { documents: model.documents.map((d) => ({ document: d.document, title: d.title, audience: d.audience, versions: d.versions.map((v) => v.version) })) } : {};
      io.stdout(`${JSON.stringify({ ...rest, policy: { document: model.document, versions: model.versions.map((v) => v.version), ...documents } }, null, 2)}\n`);
    } else io.stdout(formatLintText(result));
    return result.ok ? 0 : 2;
  },
});
