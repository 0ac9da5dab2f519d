import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** The customer is told of a data subject request within a deadline of its receipt. */
export default defineRuleKind({
  kind: 'dsr-notice-deadline',
  title: 'Customer told of data subject requests in time',
  description: 'For each data subject request, customer_notified_at must be at most `within` after received_at.',
  params: { within: durationParam('Longest time from receipt to telling the customer.', 'deadline') },
  required: ['within'],
  plan: {
    shape: 'deadline',
    subject: { table: 'dsr_requests', key: { request_id: 'dsr_requests.id' }, trigger: 'dsr_requests.received_at' },
    completion: { field: 'dsr_requests.customer_notified_at' },
    bound: { param: 'within' },
    direction: 'after',
    pending: true,
    words: {
      subject: '{dsr_requests.right} request {dsr_requests.id} concerning customer {dsr_requests.customer_id}',
      trigger: 'received',
      rule: 'customer_notified_at ≤ received_at + {bound}',
      completed: 'customer told {completion}',
      none: 'customer not told at or before {asOf}',
      pending: 'customer not told yet, {since} after the request was received; the DPA allows {allowance} (deadline {deadline})',
      missed: 'customer not told {since} after the request was received; the DPA allows {allowance}',
      late: 'customer told {took} after the request was received; the DPA allows {allowance}',
    },
  },
});
