import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** The customer is told within a deadline when the processor determines it can no longer meet an obligation. */
export default defineRuleKind({
  kind: 'inability-notice-deadline',
  title: 'Customer told when an obligation can no longer be met',
  description: 'For each determination that the processor can no longer meet an obligation towards a customer, customer_notified_at must be at most `within` after determined_at.',
  params: { within: durationParam('Longest time from the determination to telling the customer.', 'deadline') },
  required: ['within'],
  plan: {
    shape: 'deadline',
    subject: { table: 'inability_notices', key: { determination_id: 'inability_notices.id' }, trigger: 'inability_notices.determined_at' },
    completion: { field: 'inability_notices.customer_notified_at' },
    bound: { param: 'within' },
    direction: 'after',
    pending: true,
    words: {
      subject: 'determination {inability_notices.id} for customer {inability_notices.customer_id}',
      trigger: 'determined',
      rule: 'customer_notified_at ≤ determined_at + {bound}',
      completed: 'customer told {completion}',
      none: 'customer not told at or before {asOf}',
      pending: 'customer not told yet, {since} after it was determined the obligation can no longer be met; the policy allows {allowance} (deadline {deadline})',
      missed: 'customer not told {since} after it was determined the obligation can no longer be met; the policy allows {allowance}',
      late: 'customer told {took} after it was determined the obligation can no longer be met; the policy allows {allowance}',
    },
  },
});
