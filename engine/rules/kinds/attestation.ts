import { defineRuleKind } from '../define.ts';

/** An obligation no operational record can show; proved by a valid attestation. */
export default defineRuleKind({
  kind: 'attestation',
  title: 'Attested obligation',
  description: 'Needs a valid, unexpired attestations row naming the clause.',
  params: {},
  required: [],
  tables: ['attestations'],
  plan: {
    subject: 'the clause, in the version in force at as-of',
    trigger: 'as-of',
    completion: 'an attestations row for the clause with attested_at ≤ as-of < expires_at',
    bound: 'attested, missing or expired (never a violation; a failure only with --strict)',
  },
});
