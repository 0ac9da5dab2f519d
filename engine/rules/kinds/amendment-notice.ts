import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';

/** Material amendments of the policy are published a given time before they take effect. */
export default defineRuleKind({
  kind: 'amendment-notice',
  title: 'Material amendments announced in advance',
  description: 'Each material version after the first must be published at least `notice` before its effective date.',
  params: { notice: durationParam('Least time between publication and effect.', 'notice') },
  required: ['notice'],
  plan: {
    shape: 'deadline',
    // Judged from the policy's own versions, with or without records; each by
    // the version in force at its effective date (clauses.md's temporal rule).
    subject: {
      table: 'policy_versions',
      key: { version: 'policy_versions.version' },
      where: { all: [{ eq: ['policy_versions.material', true] }, { not: { eq: ['policy_versions.first', true] } }] },
      trigger: 'policy_versions.effective_at',
    },
    completion: { field: 'policy_versions.published_at' },
    bound: { param: 'notice' },
    direction: 'before',
    pending: false,
    words: {
      subject: 'material version {policy_versions.version}',
      trigger: 'takes effect',
      rule: 'published ≤ effective − {bound}',
      completed: 'published {completion}',
      none: 'not published at or before {asOf}',
      missed: 'version {policy_versions.version} was not published before it took effect; the DPA requires {allowance}',
      late: 'version {policy_versions.version} was published {ahead} before it took effect; the DPA requires {allowance}',
      lateAfterTrigger: 'version {policy_versions.version} was published {took} after it took effect; the DPA requires {allowance}',
    },
  },
});
