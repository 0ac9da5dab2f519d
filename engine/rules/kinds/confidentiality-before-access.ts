import { defineRuleKind } from '../define.ts';

/** Staff are bound to confidentiality before they get access to personal data. */
export default defineRuleKind({
  kind: 'confidentiality-before-access',
  title: 'Confidentiality signed before access',
  description: 'For each access grant, the person must have signed a confidentiality agreement at or before granted_at.',
  params: {},
  required: [],
  plan: {
    shape: 'deadline',
    subject: { table: 'access_grants', key: { grant_id: 'access_grants.id' }, trigger: 'access_grants.granted_at' },
    completion: { field: 'confidentiality_agreements.signed_at', on: { person_id: 'access_grants.person_id' } },
    bound: { fixed: 0 },
    direction: 'after',
    // Access without a signature is a breach at once: never pending.
    pending: false,
    words: {
      subject: 'access grant {access_grants.id} to {access_grants.person_id}',
      trigger: 'granted',
      rule: 'a confidentiality agreement of the person signed ≤ granted_at',
      completed: 'first signed {completion}',
      none: 'none signed at or before {asOf}',
      missed: '{access_grants.person_id} was given access on {trigger} without a signed confidentiality agreement',
      late: '{access_grants.person_id} was given access on {trigger}, {took} before signing a confidentiality agreement',
    },
  },
});
