import { defineRuleKind } from '../define.ts';
import { rowSubjects } from '../../check/subjects.ts';
import { iso } from '../../check/deadline.ts';
import { at } from '../../check/words.ts';
import { parseTimestamp } from '../../records/timestamp.ts';

const KIND = 'dsr-await-instructions';

/** The company does not answer data subjects itself unless a law requires it. */
export default defineRuleKind({
  kind: KIND,
  title: 'Data subject requests wait for the customer’s instructions',
  description: 'A data subject request must have no responded_directly_at, unless legally_required is true.',
  params: {},
  required: [],
  tables: ['dsr_requests'],
  plan: { subject: 'dsr_requests (id)', trigger: 'dsr_requests.received_at', bound: 'responded_directly_at absent (as of as-of), unless legally_required' },
  evaluator: (id, ctx) =>
    rowSubjects(ctx, id, KIND, 'dsr_requests', 'received_at', ({ row, source, at: received, inForce }) => {
      const responded = row.responded_directly_at === undefined ? undefined : parseTimestamp(row.responded_directly_at as string);
      const answered = responded !== undefined && responded <= ctx.asOf;
      const ok = !answered || row.legally_required === true;
      ctx.judge(id, ok ? 'pass' : 'violation', () => ({
        key: { request_id: row.id as string },
        version: inForce.version.version,
        message: !answered
          ? 'not answered directly'
          : ok
            ? `answered directly on ${iso(responded)}, as a law required`
            : `answered the data subject directly on ${iso(responded)} without a legal requirement; the DPA says to await your instructions`,
        source,
        explanation: [
          `subject: ${String(row.right)} request ${String(row.id)} (${at(source)})`,
          `trigger: received ${iso(received)}; version in force then: ${inForce.version.version}`,
          `rule: no direct answer at or before ${iso(ctx.asOf)} unless legally_required (${row.legally_required === true ? 'true' : 'false'})`,
          `outcome: ${ok ? 'pass' : 'violation'}`,
        ],
      }));
    }),
});
