import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';
import { deletionPlan, storesParam } from './deletion-stores.ts';

/**
 * Personal data is deleted within a deadline after the agreement (or account)
 * ends: its own trigger, the termination, judged apart from deletion on
 * request, so a policy can give the two different deadlines.
 */
export default defineRuleKind({
  kind: 'deletion-after-termination',
  title: 'Personal data deleted within a deadline after termination',
  description:
    'For each termination (a deletion request of origin account_termination, requested_at being the termination) and each data store holding personal data (backups only when `stores` is backup, all others when live), a deletions row for the account and store must have completed_at at most `within` after the termination.',
  params: {
    within: durationParam('Longest time from the termination to the completed deletion.', 'deadline'),
    stores: storesParam,
  },
  required: ['within', 'stores'],
  plan: deletionPlan('account_termination', {
    subject: 'termination {deletion_requests.id} of account {deletion_requests.account_id}, store {data_stores.id} ({data_stores.kind})',
    trigger: 'terminated',
    rule: 'deleted ≤ terminated + {bound}',
    completed: 'deleted {completion}',
    none: 'no deletion of the account from {data_stores.id} at or before {asOf}',
    pending: 'not deleted from {data_stores.id} yet, {since} after the termination; the policy allows {allowance} (deadline {deadline})',
    missed: 'not deleted from {data_stores.id} {since} after the termination; the policy allows {allowance}',
    late: 'deleted from {data_stores.id} {took} after the termination; the policy allows {allowance}',
  }),
});
