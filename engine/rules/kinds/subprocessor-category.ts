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
      description: 'The authorized categories.',
    },
  },
  required: ['categories'],
});
