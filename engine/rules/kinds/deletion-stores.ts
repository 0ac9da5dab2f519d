import type { ParamSchema } from '../define.ts';
import type { Condition, DeadlinePlan } from '../plan.ts';

/** The `stores` attribute of the deletion kinds: which data stores a clause covers. */
export const storesParam: ParamSchema = { enum: ['live', 'backup'], 'x-read': 'attribute', description: 'Which stores the clause covers.' };

/** Each data store holding personal data that a clause covers: backups with `stores=backup`, every other store with `stores=live`. */
export const coveredStores: { table: 'data_stores'; where: Condition } = {
  table: 'data_stores',
  where: {
    all: [
      { eq: ['data_stores.holds_personal_data', true] },
      { any: [{ all: [{ paramIs: ['stores', 'backup'] }, { eq: ['data_stores.kind', 'backup'] }] }, { all: [{ paramIs: ['stores', 'live'] }, { not: { eq: ['data_stores.kind', 'backup'] } }] }] },
    ],
  },
};

/**
 * The plan of a deletion kind judging the deletion requests of one origin:
 * for each request and each store it covers, the deletions row of the account
 * and store, within `within` of requested_at.
 *
 * @param origin the requests judged (`account_termination` or `written_request`).
 * @param words the words of its findings.
 * @returns the deadline plan.
 */
export const deletionPlan = (origin: 'account_termination' | 'written_request', words: DeadlinePlan['words']): DeadlinePlan => ({
  shape: 'deadline',
  subject: {
    table: 'deletion_requests',
    key: { request_id: 'deletion_requests.id', store: 'data_stores.id' },
    where: { eq: ['deletion_requests.origin', origin] },
    each: coveredStores,
    trigger: 'deletion_requests.requested_at',
  },
  completion: { field: 'deletions.completed_at', on: { account_id: 'deletion_requests.account_id', store: 'data_stores.id' } },
  bound: { param: 'within' },
  direction: 'after',
  pending: true,
  words,
});
