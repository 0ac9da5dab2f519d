import { defineRuleKind } from '../define.ts';

/** The notices about an incident together describe what the DPA says they must. */
export default defineRuleKind({
  kind: 'incident-notice-content',
  title: 'Incident notices describe what the DPA requires',
  description:
    'For each incident and affected customer, the notices sent so far must together describe every item of `describes` (nature, data, measures); incomplete coverage is pending until the deadline of the clause named by `deadline` has passed, and a violation after.',
  params: {
    describes: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['nature', 'data', 'measures'] },
      'x-read': 'vocabulary',
      'x-vocabulary': 'incident-notice-content',
      description: 'What the notices must describe.',
    },
    deadline: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$',
      'x-read': 'clause',
      description: 'Id of the clause whose `within` deadline bounds when the content must be complete.',
    },
  },
  required: ['describes', 'deadline'],
});
