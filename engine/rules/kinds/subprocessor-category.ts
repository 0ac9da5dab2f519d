import { defineRuleKind } from '../define.ts';

/** Every sub-processor is of a category the customer authorized. */
export default defineRuleKind({
  kind: 'subprocessor-category',
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
      'x-lists': 'subprocessor-categories',
      description: 'The authorized categories.',
    },
    named: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
      'x-read': 'names',
      'x-more': 'looser',
      'x-lists': 'named-subprocessors',
      description: 'Sub-processors the DPA names (e.g. Cloudflare); amendments that add one are material.',
    },
  },
  required: ['categories'],
  plan: {
    shape: 'cases',
    subject: { table: 'subprocessors', key: { subprocessor: 'subprocessors.name' }, trigger: 'subprocessors.engaged_at' },
    cases: [
      { when: { inParam: ['subprocessors.category', 'categories'] }, status: 'pass', message: 'category {subprocessors.category} is authorized' },
      { status: 'violation', message: 'category {subprocessors.category} is not one the DPA authorizes ({words:categories})' },
    ],
    words: { subject: 'sub-processor {subprocessors.name}', trigger: 'engaged', rule: 'category is one of: {codes:categories}' },
  },
});
