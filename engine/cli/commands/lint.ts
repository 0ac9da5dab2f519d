/**
 * `codicil lint`: every syntax, schema and consistency problem of the policy.
 */
import { jsonText } from '../../errors/visible.ts';
import { formatLintText, lint } from '../../lint/lint.ts';
import { defineCommand } from '../define.ts';
import { parseAsOf } from '../as-of.ts';
import { asOfOption, formatOption, policyOption, waiversOption } from '../options.ts';

export default defineCommand({
  name: 'lint',
  summary: 'check the policy: syntax, schema, consistency',
  usage: 'lint [--policy DIR] [--format text|json] [--waivers FILE] [--as-of T]',
  options: [
    policyOption,
    formatOption(['text', 'json'], 'text: file:line:column, code and hint per problem; json: the messages as data'),
    waiversOption,
    { ...asOfOption, description: 'warn about waivers expired at T or expiring within 30 days of it: RFC 3339 with an offset, or a date (00:00 UTC); default now' },
  ],
  details: 'Exit codes: 0 clean (warnings allowed), 2 problems.',
  async run(values, _positionals, io) {
    const result = await lint({ policy: values.policy, ...(values.waivers !== undefined ? { waivers: values.waivers } : {}), ...(values['as-of'] !== undefined ? { asOf: parseAsOf(values['as-of']) } : {}) });
    if (values.format === 'json') {
      const { policy: model, ...rest } = result;
      // policy.document/versions are the first (or only) document's; documents lists each when there are several.
      const documents = model.documents.length > 1 ? { documents: model.documents.map((d) => ({ document: d.document, title: d.title, audience: d.audience, versions: d.versions.map((v) => v.version) })) } : {};
      // As every JSON report: what a terminal would act on (bidirectional overrides, C1 controls…) as \u escapes.
      io.stdout(jsonText({ ...rest, policy: { document: model.document, versions: model.versions.map((v) => v.version), ...documents } }));
    } else io.stdout(formatLintText(result));
    return result.ok ? 0 : 2;
  },
});
