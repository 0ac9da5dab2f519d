import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** Each affected customer is notified of an incident within a deadline of the company becoming aware of it. */
export default defineRuleKind({
  kind: 'incident-notice-deadline',
  title: 'Incident notified within a deadline',
  description:
    'For each incident and affected customer (incident_impacts), the earliest incident_notices.sent_at must be at most `within` after incidents.aware_at.',
  params: { within: durationParam('Longest time from becoming aware to the first notice.', 'deadline') },
  required: ['within'],
  plan: {
    shape: 'deadline',
    subject: {
      table: 'incident_impacts',
      key: { incident_id: 'incident_impacts.incident_id', customer_id: 'incident_impacts.customer_id' },
      lookup: [{ table: 'incidents', on: { id: 'incident_impacts.incident_id' } }],
      trigger: 'incidents.aware_at',
    },
    completion: { field: 'incident_notices.sent_at', on: { incident_id: 'incident_impacts.incident_id', customer_id: 'incident_impacts.customer_id' } },
    bound: { param: 'within' },
    direction: 'after',
    pending: true,
    words: {
      subject: 'incident {incident_impacts.incident_id} affecting customer {incident_impacts.customer_id}',
      trigger: 'became aware',
      rule: 'first notice ≤ aware_at + {bound}',
      completed: 'first notice sent {completion} ({completionSource})',
      none: 'no notice sent at or before {asOf}',
      pending: 'not notified yet, {since} after becoming aware; the DPA allows {allowance} (deadline {deadline})',
      missed: 'not notified {since} after becoming aware; the DPA allows {allowance}',
      late: 'notified {took} after becoming aware; the DPA allows {allowance}',
    },
  },
});
