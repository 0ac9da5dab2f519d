import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** Personal data is deleted from every store within a deadline of the request. */
export default defineRuleKind({
  kind: 'deletion-deadline',
  title: 'Personal data deleted within a deadline',
  description:
    'For each deletion request and each data store holding personal data (backups only when `stores` is backup, all others when live), a deletions row for the account and store must have completed_at at most `within` after requested_at.',
  params: {
    within: durationParam('Longest time from the request to the completed deletion.', 'deadline'),
    stores: { enum: ['live', 'backup'], 'x-read': 'attribute', description: 'Which stores the clause covers.' },
  },
  required: ['within', 'stores'],
});
