import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

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
    stores: { enum: ['live', 'backup'], 'x-read': 'attribute', description: 'Which stores the clause covers.' },
  },
  required: ['within', 'stores'],
  plan: {
    shape: 'deadline',
    subject: {
      table: 'deletion_requests',
      key: { request_id: 'deletion_requests.id', store: 'data_stores.id' },
      where: { eq: ['deletion_requests.origin', 'written_request'] },
      each: {
        table: 'data_stores',
        where: {
          all: [
            { eq: ['data_stores.holds_personal_data', true] },
            { any: [{ all: [{ paramIs: ['stores', 'backup'] }, { eq: ['data_stores.kind', 'backup'] }] }, { all: [{ paramIs: ['stores', 'live'] }, { not: { eq: ['data_stores.kind', 'backup'] } }] }] },
          ],
        },
      },
      trigger: 'deletion_requests.requested_at',
    },
    completion: { field: 'deletions.completed_at', on: { account_id: 'deletion_requests.account_id', store: 'data_stores.id' } },
    bound: { param: 'within' },
    direction: 'after',
    pending: true,
    words: {
      subject: 'request {deletion_requests.id} for account {deletion_requests.account_id}, store {data_stores.id} ({data_stores.kind})',
      trigger: 'requested',
      rule: 'deleted ≤ requested_at + {bound}',
      completed: 'deleted {completion}',
      none: 'no deletion of the account from {data_stores.id} at or before {asOf}',
      pending: 'not deleted from {data_stores.id} yet, {since} after the request; the policy allows {allowance} (deadline {deadline})',
      missed: 'not deleted from {data_stores.id} {since} after the request; the policy allows {allowance}',
      late: 'deleted from {data_stores.id} {took} after the request; the policy allows {allowance}',
    },
  },
});
