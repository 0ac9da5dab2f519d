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
  plan: {
    shape: 'deadline',
    subject: {
      table: 'subprocessors',
      key: { subprocessor: 'subprocessors.name' },
      // The sub-processors in place when the DPA first took effect needed no notice.
      where: { afterFirstEffective: 'subprocessors.engaged_at' },
      trigger: 'subprocessors.engaged_at',
    },
    completion: { field: 'subprocessors.notice_sent_at' },
    bound: { param: 'notice' },
    direction: 'before',
    pending: false,
    words: {
      subject: 'sub-processor {subprocessors.name}',
      trigger: 'engaged',
      rule: 'notice_sent_at ≤ engaged_at − {bound}',
      completed: 'notice sent {completion}',
      none: 'no notice sent at or before {asOf}',
      missed: 'no notice was sent before {subprocessors.name} was engaged; the DPA requires {allowance}',
      late: 'customers were notified {ahead} before {subprocessors.name} was engaged; the DPA requires {allowance}',
      lateAfterTrigger: 'customers were notified {took} after {subprocessors.name} was engaged; the DPA requires {allowance}',
    },
  },
});
