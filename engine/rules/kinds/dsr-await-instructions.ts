import { defineRuleKind } from '../define.ts';

/** The company does not answer data subjects itself unless a law requires it. */
export default defineRuleKind({
  kind: 'dsr-await-instructions',
  title: 'Data subject requests wait for the customer’s instructions',
  description: 'A data subject request must have no responded_directly_at, unless legally_required is true.',
  params: {},
  required: [],
});
