import { defineRuleKind } from '../define.ts';

/** An obligation no operational record can show; proved by a valid attestation. */
export default defineRuleKind({
  kind: 'attestation',
  title: 'Attested obligation',
  description: 'Needs a valid, unexpired attestations row naming the clause.',
  params: {},
  required: [],
  plan: { shape: 'attestation' },
});
