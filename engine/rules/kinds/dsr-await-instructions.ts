import { defineRuleKind } from '../define.ts';

/** The company does not answer data subjects itself unless a law requires it. */
export default defineRuleKind({
  kind: 'dsr-await-instructions',
  title: 'Data subject requests wait for the customer’s instructions',
  description: 'A data subject request must have no responded_directly_at, unless legally_required is true.',
  params: {},
  required: [],
  plan: {
    shape: 'cases',
    subject: { table: 'dsr_requests', key: { request_id: 'dsr_requests.id' }, trigger: 'dsr_requests.received_at' },
    cases: [
      { when: { not: { happened: 'dsr_requests.responded_directly_at' } }, status: 'pass', message: 'not answered directly' },
      { when: { eq: ['dsr_requests.legally_required', true] }, status: 'pass', message: 'answered directly on {dsr_requests.responded_directly_at}, as a law required' },
      {
        status: 'violation',
        message: 'answered the data subject directly on {dsr_requests.responded_directly_at} without a legal requirement; the DPA says to await your instructions',
      },
    ],
    words: {
      subject: '{dsr_requests.right} request {dsr_requests.id}',
      trigger: 'received',
      rule: 'no direct answer at or before {asOf} unless legally_required ({dsr_requests.legally_required})',
    },
  },
});
