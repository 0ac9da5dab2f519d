import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** Material amendments of the policy are published a given time before they take effect. */
export default defineRuleKind({
  kind: 'amendment-notice',
  title: 'Material amendments announced in advance',
  description: 'Each material version after the first must be published at least `notice` before its effective date.',
  params: { notice: durationParam('Least time between publication and effect.', 'notice') },
  required: ['notice'],
});
