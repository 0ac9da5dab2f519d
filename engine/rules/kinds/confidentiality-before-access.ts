import { defineRuleKind } from '../define.ts';

/** Staff are bound to confidentiality before they get access to personal data. */
export default defineRuleKind({
  kind: 'confidentiality-before-access',
  title: 'Confidentiality signed before access',
  description: 'For each access grant, the person must have signed a confidentiality agreement at or before granted_at.',
  params: {},
  required: [],
});
