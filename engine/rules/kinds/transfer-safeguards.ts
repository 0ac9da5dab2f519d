import { defineRuleKind } from '../define.ts';

/** Every place a sub-processor processes data outside the EEA has a safeguard. */
export default defineRuleKind({
  kind: 'transfer-safeguards',
  title: 'International transfers are safeguarded',
  description:
    'Each location of an active sub-processor must be in the EEA, or rely on adequacy with the country on the adequacy list in force, or rely on SCCs, BCRs or a derogation.',
  params: {},
  required: [],
});
