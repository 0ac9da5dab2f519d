import { defineRuleKind } from '../define.ts';
import { rowSubjects } from '../../check/subjects.ts';
import { durationParam } from './duration.ts';
import { within, elapsed, iso } from '../../check/deadline.ts';
import { allowance, at, durationMs } from '../../check/words.ts';
import { parseTimestamp } from '../../records/timestamp.ts';

const KIND = 'dsr-notice-deadline';

/** The customer is told of a data subject request within a deadline of its receipt. */
export default defineRuleKind({
  kind: KIND,
  title: 'Customer told of data subject requests in time',
  description: 'For each data subject request, customer_notified_at must be at most `within` after received_at.',
  params: { within: durationParam('Longest time from receipt to telling the customer.', 'deadline') },
  required: ['within'],
  tables: ['dsr_requests'],
  plan: {
    subject: 'dsr_requests (id)',
    trigger: 'dsr_requests.received_at',
    completion: 'dsr_requests.customer_notified_at',
    bound: 'completion ≤ trigger + within',
  },
  evaluator: (id, ctx) =>
    rowSubjects(ctx, id, KIND, 'dsr_requests', 'received_at', ({ row, source, at: received, inForce }) => {
      const notified = row.customer_notified_at === undefined ? undefined : parseTimestamp(row.customer_notified_at as string);
      const r = within(received, notified, durationMs(inForce.clause, 'within'), ctx.asOf);
      const allows = `the DPA allows ${allowance(inForce.clause.params.within)}`;
      const message = (): string =>
        r.status === 'pending'
          ? `customer not told yet, ${elapsed(ctx.asOf - received)} after the request was received; ${allows} (deadline ${iso(r.deadline)})`
          : r.completed !== undefined
            ? `customer told ${elapsed(r.completed - received)} after the request was received; ${allows}`
            : `customer not told ${elapsed(ctx.asOf - received)} after the request was received; ${allows}`;
      ctx.judge(id, r.status, () => ({
        key: { request_id: row.id as string },
        version: inForce.version.version,
        message: message(),
        source,
        explanation: [
          `subject: ${String(row.right)} request ${String(row.id)} concerning customer ${String(row.customer_id)} (${at(source)})`,
          `trigger: received ${iso(received)}; version in force then: ${inForce.version.version}`,
          `rule: customer_notified_at ≤ received_at + ${inForce.clause.params.within?.value.type === 'duration' ? inForce.clause.params.within.value.iso : '?'} = ${iso(r.deadline)} (inclusive)`,
          r.completed !== undefined ? `completion: customer told ${iso(r.completed)}` : `completion: customer not told at or before ${iso(ctx.asOf)}`,
          `outcome: ${r.status}${r.reason ? ` (${r.reason})` : ''}`,
        ],
      }));
    }),
});
