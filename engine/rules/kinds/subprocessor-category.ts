import { defineRuleKind } from '../define.ts';
import { rowSubjects } from '../../check/subjects.ts';
import { iso } from '../../check/deadline.ts';
import { at } from '../../check/words.ts';

const KIND = 'subprocessor-category';

/** Every sub-processor is of a category the customer authorized. */
export default defineRuleKind({
  kind: KIND,
  title: 'Sub-processors are of an authorized category',
  description: 'Each sub-processor’s category must be one of `categories`, read from the DPA’s list of authorized categories.',
  params: {
    categories: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['cloud_infrastructure', 'payment', 'security', 'email', 'analytics', 'support', 'other'] },
      'x-read': 'vocabulary',
      'x-vocabulary': 'subprocessor-category',
      'x-more': 'looser',
      description: 'The authorized categories.',
    },
    named: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
      'x-read': 'names',
      'x-more': 'looser',
      description: 'Sub-processors the DPA names (e.g. Cloudflare); amendments that add one are material.',
    },
  },
  required: ['categories'],
  tables: ['subprocessors'],
  plan: { subject: 'subprocessors (name)', trigger: 'subprocessors.engaged_at', bound: 'category ∈ categories' },
  evaluator: (id, ctx) =>
    rowSubjects(ctx, id, KIND, 'subprocessors', 'engaged_at', ({ row, source, at: engaged, inForce }) => {
      const param = inForce.clause.params.categories!;
      const codes = param.value.type === 'codes' ? param.value.codes : [];
      const ok = codes.includes(row.category as string);
      const authorized = param.bindings.map((b) => b.words).join(', ');
      ctx.judge(id, ok ? 'pass' : 'violation', () => ({
        key: { subprocessor: row.name as string },
        version: inForce.version.version,
        message: ok ? `category ${String(row.category)} is authorized` : `category ${String(row.category)} is not one the DPA authorizes (${authorized})`,
        source,
        explanation: [
          `subject: sub-processor ${String(row.name)} (${at(source)})`,
          `trigger: engaged ${iso(engaged)}; version in force then: ${inForce.version.version}`,
          `rule: category ∈ {${codes.join(', ')}}`,
          `outcome: ${ok ? 'pass' : 'violation'}`,
        ],
      }));
    }),
});
