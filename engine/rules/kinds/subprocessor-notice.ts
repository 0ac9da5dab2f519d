import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** Customers are told of a new sub-processor a given time before it is engaged. */
export default defineRuleKind({
  kind: 'subprocessor-notice',
  title: 'New sub-processors announced in advance',
  description:
    'For each sub-processor engaged after the first version took effect, notice_sent_at must be present and at least `notice` before engaged_at.',
  params: { notice: durationParam('Least time between the notice and the engagement.', 'notice') },
  required: ['notice'],
});
