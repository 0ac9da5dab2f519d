import { defineRuleKind } from '../define.ts';

/** The notices about an incident together describe what the DPA says they must. */
export default defineRuleKind({
  kind: 'incident-notice-content',
  title: 'Incident notices describe what the DPA requires',
  description:
    'For each incident and affected customer, the notices sent so far must together describe every item of `describes` (nature, data, measures, consequences, contact); incomplete coverage is pending until the deadline of the clause named by `deadline` has passed, and a violation after.',
  params: {
    describes: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['nature', 'data', 'measures', 'consequences', 'contact'] },
      'x-read': 'vocabulary',
      'x-vocabulary': 'incident-notice-content',
      'x-more': 'stricter',
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
  plan: {
    shape: 'coverage',
    subject: {
      table: 'incident_impacts',
      key: { incident_id: 'incident_impacts.incident_id', customer_id: 'incident_impacts.customer_id' },
      lookup: [{ table: 'incidents', on: { id: 'incident_impacts.incident_id' } }],
      trigger: 'incidents.aware_at',
    },
    // Each code of `describes` is a boolean field describes_<code> of a notice.
    items: { param: 'describes', field: 'describes_{code}' },
    completion: { table: 'incident_notices', at: 'incident_notices.sent_at', on: { incident_id: 'incident_impacts.incident_id', customer_id: 'incident_impacts.customer_id' } },
    deadline: { clauseParam: 'deadline', param: 'within' },
    words: {
      subject: 'incident {incident_impacts.incident_id} affecting customer {incident_impacts.customer_id}',
      trigger: 'became aware',
      covered: 'the notices describe {items}',
      none: 'no notice sent yet describes {missing}',
      partial: 'the notices sent so far do not describe {missing}',
      pending: 'they must by {deadline}',
      missed: 'the DPA requires it within {allowance} of becoming aware',
    },
  },
});
