import { defineRuleKind } from '../define.ts';
import { rowSubjects } from '../../check/subjects.ts';
import { durationParam } from './duration.ts';
import { within, elapsed, iso } from '../../check/deadline.ts';
import { allowance, at, durationMs } from '../../check/words.ts';

const KIND = 'deletion-deadline';

/** Personal data is deleted from every store within a deadline of the request. */
export default defineRuleKind({
  kind: KIND,
  title: 'Personal data deleted within a deadline',
  description:
    'For each deletion request and each data store holding personal data (backups only when `stores` is backup, all others when live), a deletions row for the account and store must have completed_at at most `within` after requested_at.',
  params: {
    within: durationParam('Longest time from the request to the completed deletion.', 'deadline'),
    stores: { enum: ['live', 'backup'], 'x-read': 'attribute', description: 'Which stores the clause covers.' },
  },
  required: ['within', 'stores'],
  tables: ['deletion_requests', 'data_stores', 'deletions'],
  plan: {
    subject: 'deletion_requests × data_stores (holds_personal_data; kind = backup when stores = backup, ≠ backup when live)',
    trigger: 'deletion_requests.requested_at',
    completion: 'deletions.completed_at for the account and store',
    bound: 'completion ≤ trigger + within',
  },
  evaluator: (id, ctx) => {
    ctx.indexes.use('data_stores');
    ctx.indexes.use('deletions');
    return rowSubjects(ctx, id, KIND, 'deletion_requests', 'requested_at', ({ row, source, at: requested, inForce }) => {
      const { clause, version } = inForce;
      const backups = clause.params.stores?.value.type === 'text' && clause.params.stores.value.text === 'backup';
      const bound = durationMs(clause, 'within');
      const allows = `the DPA allows ${allowance(clause.params.within)}`;
      const deletedAt = ctx.indexes.deletionsOf(row.account_id as string);
      for (const [store, info] of ctx.indexes.dataStores) {
        if (!info.holdsPersonalData || (info.kind === 'backup') !== backups) continue;
        const r = within(requested, deletedAt(store), bound, ctx.asOf);
        const message = (): string =>
          r.status === 'pending'
            ? `not deleted from ${store} yet, ${elapsed(ctx.asOf - requested)} after the request; ${allows} (deadline ${iso(r.deadline)})`
            : r.completed !== undefined
              ? `deleted from ${store} ${elapsed(r.completed - requested)} after the request; ${allows}`
              : `not deleted from ${store} ${elapsed(ctx.asOf - requested)} after the request; ${allows}`;
        ctx.judge(id, r.status, () => ({
          key: { request_id: row.id as string, store },
          version: version.version,
          message: message(),
          source,
          explanation: [
            `subject: request ${String(row.id)} (${String(row.origin)}) for account ${String(row.account_id)}, store ${store} (${info.kind}) (${at(source)})`,
            `trigger: requested ${iso(requested)}; version in force then: ${version.version}`,
            `rule: deleted ≤ requested_at + ${clause.params.within?.value.type === 'duration' ? clause.params.within.value.iso : '?'} = ${iso(r.deadline)} (inclusive)`,
            r.completed !== undefined
              ? `completion: deleted ${iso(r.completed)}`
              : `completion: no deletion of the account from ${store} at or before ${iso(ctx.asOf)}`,
            `outcome: ${r.status}${r.reason ? ` (${r.reason})` : ''}`,
          ],
        }));
      }
    });
  },
});
