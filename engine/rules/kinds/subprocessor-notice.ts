import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';
import { before, elapsed, iso } from '../../check/deadline.ts';
import { allowance, at, durationMs } from '../../check/words.ts';
import { effectiveInstant } from '../../model/in-force.ts';
import { parseTimestamp } from '../../records/timestamp.ts';

const KIND = 'subprocessor-notice';

/** Customers are told of a new sub-processor a given time before it is engaged. */
export default defineRuleKind({
  kind: KIND,
  title: 'New sub-processors announced in advance',
  description:
    'For each sub-processor engaged after the first version took effect, notice_sent_at must be present and at least `notice` before engaged_at.',
  params: { notice: durationParam('Least time between the notice and the engagement.', 'notice') },
  required: ['notice'],
  tables: ['subprocessors'],
  plan: {
    subject: 'subprocessors (name) engaged after the first version’s effective date',
    trigger: 'subprocessors.engaged_at',
    completion: 'subprocessors.notice_sent_at',
    bound: 'completion ≤ trigger − notice',
  },
  evaluator: (id, ctx) => {
    const first = ctx.versions[0];
    return {
      rows: {
        subprocessors: (row, source) => {
          const engaged = parseTimestamp(row.engaged_at as string);
          // The sub-processors in place when the DPA first took effect needed no notice.
          if (!first || engaged <= effectiveInstant(first)) return;
          const inForce = ctx.inForce(id, KIND, engaged);
          if (!inForce) return;
          const sent = row.notice_sent_at === undefined ? undefined : parseTimestamp(row.notice_sent_at as string);
          const r = before(engaged, sent, durationMs(inForce.clause, 'notice'), ctx.asOf);
          const requires = `the DPA requires ${allowance(inForce.clause.params.notice)}`;
          const message = (): string =>
            r.completed === undefined
              ? `no notice was sent before ${String(row.name)} was engaged; ${requires}`
              : r.completed <= engaged
                ? `customers were notified ${elapsed(engaged - r.completed)} before ${String(row.name)} was engaged; ${requires}`
                : `customers were notified ${elapsed(r.completed - engaged)} after ${String(row.name)} was engaged; ${requires}`;
          ctx.judge(id, r.status, () => ({
            key: { subprocessor: row.name as string },
            version: inForce.version.version,
            message: message(),
            source,
            explanation: [
              `subject: sub-processor ${String(row.name)} (${at(source)})`,
              `trigger: engaged ${iso(engaged)}; version in force then: ${inForce.version.version}`,
              `rule: notice_sent_at ≤ engaged_at − ${inForce.clause.params.notice?.value.type === 'duration' ? inForce.clause.params.notice.value.iso : '?'} = ${iso(r.deadline)}`,
              r.completed !== undefined ? `completion: notice sent ${iso(r.completed)}` : `completion: no notice sent at or before ${iso(ctx.asOf)}`,
              `outcome: ${r.status}${r.reason ? ` (${r.reason})` : ''}`,
            ],
          }));
        },
      },
    };
  },
});
