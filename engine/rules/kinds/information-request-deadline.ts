import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** A customer's request for the information that demonstrates compliance is answered within a deadline. */
export default defineRuleKind({
  kind: 'information-request-deadline',
  title: 'Information requests answered in time',
  description: 'For each information request of a customer, answered_at must be at most `within` after received_at.',
  params: { within: durationParam('Longest time from receiving the request to providing the information.', 'deadline') },
  required: ['within'],
  plan: {
    shape: 'deadline',
    subject: { table: 'information_requests', key: { request_id: 'information_requests.id' }, trigger: 'information_requests.received_at' },
    completion: { field: 'information_requests.answered_at' },
    bound: { param: 'within' },
    direction: 'after',
    pending: true,
    words: {
      subject: 'information request {information_requests.id} of customer {information_requests.customer_id}',
      trigger: 'received',
      rule: 'answered_at ≤ received_at + {bound}',
      completed: 'answered {completion}',
      none: 'not answered at or before {asOf}',
      pending: 'not answered yet, {since} after the request was received; the policy allows {allowance} (deadline {deadline})',
      missed: 'not answered {since} after the request was received; the policy allows {allowance}',
      late: 'answered {took} after the request was received; the policy allows {allowance}',
    },
  },
});
