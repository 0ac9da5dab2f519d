import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';
import { deletionPlan, storesParam } from './deletion-stores.ts';

/**
 * Personal data is deleted within a deadline of a written request — only
 * requests, not terminations (deletion-after-termination judges those), so
 * a policy can give the two different deadlines. `deletion-deadline` judges
 * both with one deadline.
 */
export default defineRuleKind({
  kind: 'deletion-on-request',
  title: 'Personal data deleted within a deadline of a request',
  description:
    'For each deletion request of origin written_request and each data store holding personal data (backups only when `stores` is backup, all others when live), a deletions row for the account and store must have completed_at at most `within` after requested_at.',
  params: {
    within: durationParam('Longest time from the request to the completed deletion.', 'deadline'),
    stores: storesParam,
  },
  required: ['within', 'stores'],
  plan: deletionPlan('written_request', {
    subject: 'request {deletion_requests.id} for account {deletion_requests.account_id}, store {data_stores.id} ({data_stores.kind})',
    trigger: 'requested',
    rule: 'deleted ≤ requested_at + {bound}',
    completed: 'deleted {completion}',
    none: 'no deletion of the account from {data_stores.id} at or before {asOf}',
    pending: 'not deleted from {data_stores.id} yet, {since} after the request; the policy allows {allowance} (deadline {deadline})',
    missed: 'not deleted from {data_stores.id} {since} after the request; the policy allows {allowance}',
    late: 'deleted from {data_stores.id} {took} after the request; the policy allows {allowance}',
  }),
});
