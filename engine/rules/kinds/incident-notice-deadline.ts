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
});
