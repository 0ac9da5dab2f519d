import { defineRuleKind } from '../define.ts';
import { impactSubjects } from '../../check/subjects.ts';
import { durationParam } from './duration.ts';
import { within, elapsed, iso } from '../../check/deadline.ts';
import { allowance, at, durationMs } from '../../check/words.ts';

const KIND = 'incident-notice-deadline';

/** Each affected customer is notified of an incident within a deadline of the company becoming aware of it. */
export default defineRuleKind({
  kind: KIND,
  title: 'Incident notified within a deadline',
  description:
    'For each incident and affected customer (incident_impacts), the earliest incident_notices.sent_at must be at most `within` after incidents.aware_at.',
  params: { within: durationParam('Longest time from becoming aware to the first notice.', 'deadline') },
  required: ['within'],
  tables: ['incidents', 'incident_impacts', 'incident_notices'],
  plan: {
    subject: 'incident_impacts (incident_id, customer_id)',
    trigger: 'incidents.aware_at of the incident',
    completion: 'earliest incident_notices.sent_at for the incident and customer',
    bound: 'completion ≤ trigger + within',
  },
  evaluator: (id, ctx) =>
    impactSubjects(ctx, id, KIND, ({ row, source, aware, inForce }) => {
      const param = inForce.clause.params.within;
      const notice = ctx.indexes.notice(row.incident_id, row.customer_id);
      const r = within(aware, notice?.first, durationMs(inForce.clause, 'within'), ctx.asOf);
      const allows = `the DPA allows ${allowance(param)}`;
      const message = (): string =>
        r.status === 'pending'
          ? `not notified yet, ${elapsed(ctx.asOf - aware)} after becoming aware; ${allows} (deadline ${iso(r.deadline)})`
          : r.completed !== undefined
            ? `notified ${elapsed(r.completed - aware)} after becoming aware; ${allows}`
            : `not notified ${elapsed(ctx.asOf - aware)} after becoming aware; ${allows}`;
      ctx.judge(id, r.status, () => ({
        key: { incident_id: row.incident_id as string, customer_id: row.customer_id as string },
        version: inForce.version.version,
        message: message(),
        source,
        explanation: [
          `subject: incident ${String(row.incident_id)} affecting customer ${String(row.customer_id)} (${at(source)})`,
          `trigger: became aware ${iso(aware)}; version in force then: ${inForce.version.version}`,
          `rule: first notice ≤ aware_at + ${param?.value.type === 'duration' ? param.value.iso : '?'} = ${iso(r.deadline)} (inclusive)`,
          notice && r.completed !== undefined
            ? `completion: first notice sent ${iso(r.completed)} (${at(notice.firstSource)})`
            : `completion: no notice sent at or before ${iso(ctx.asOf)}`,
          `outcome: ${r.status}${r.reason ? ` (${r.reason})` : ''}`,
        ],
      }));
    }),
});
