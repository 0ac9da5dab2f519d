import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** The customer is told of a data subject request within a deadline of its receipt. */
export default defineRuleKind({
  kind: 'dsr-notice-deadline',
  title: 'Customer told of data subject requests in time',
  description: 'For each data subject request, customer_notified_at must be at most `within` after received_at.',
  params: { within: durationParam('Longest time from receipt to telling the customer.', 'deadline') },
  required: ['within'],
});
