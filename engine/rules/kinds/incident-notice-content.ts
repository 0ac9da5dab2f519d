import { defineRuleKind } from '../define.ts';
import { impactSubjects } from '../../check/subjects.ts';
import { DESCRIBES } from '../../check/indexes.ts';
import { iso } from '../../check/deadline.ts';
import { allowance, at, durationMs } from '../../check/words.ts';

const KIND = 'incident-notice-content';

/** The notices about an incident together describe what the DPA says they must. */
export default defineRuleKind({
  kind: KIND,
  title: 'Incident notices describe what the DPA requires',
  description:
    'For each incident and affected customer, the notices sent so far must together describe every item of `describes` (nature, data, measures); incomplete coverage is pending until the deadline of the clause named by `deadline` has passed, and a violation after.',
  params: {
    describes: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['nature', 'data', 'measures'] },
      'x-read': 'vocabulary',
      'x-vocabulary': 'incident-notice-content',
      'x-more': 'stricter',
      description: 'What the notices must describe.',
    },
    deadline: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$',
      'x-read': 'clause',
      description: 'Id of the clause whose `within` deadline bounds when the content must be complete.',
    },
  },
  required: ['describes', 'deadline'],
  tables: ['incidents', 'incident_impacts', 'incident_notices'],
  plan: {
    subject: 'incident_impacts (incident_id, customer_id)',
    trigger: 'incidents.aware_at of the incident',
    completion: 'OR of describes_* over the incident_notices for the incident and customer, sent up to as-of',
    bound: 'complete at any time passes; incomplete is pending until trigger + the `within` of clause `deadline`, a violation after',
  },
  evaluator: (id, ctx) =>
    impactSubjects(ctx, id, KIND, ({ row, source, aware, inForce }) => {
      const { clause, version } = inForce;
      const describes = clause.params.describes!;
      const codes = describes.value.type === 'codes' ? describes.value.codes : [];
      const words = new Map(codes.map((code, i) => [code, describes.bindings[i]?.words ?? code]));
      const deadlineValue = clause.params.deadline?.value;
      const deadlineClause = version.clauses.find((c) => deadlineValue?.type === 'text' && c.id === deadlineValue.text);
      const notice = ctx.indexes.notice(row.incident_id, row.customer_id);
      const have = notice?.describes ?? 0;
      const missing = codes.filter((code) => (have & DESCRIBES[code as keyof typeof DESCRIBES]) === 0);
      const deadline = deadlineClause ? aware + durationMs(deadlineClause, 'within') : aware;
      const status = missing.length === 0 ? 'pass' : ctx.asOf > deadline ? 'violation' : 'pending';
      const message = (): string =>
        status === 'pass'
          ? `the notices describe ${codes.map((c) => words.get(c)).join(', ')}`
          : `${notice ? 'the notices sent so far do not describe' : 'no notice sent yet describes'} ${missing.map((c) => words.get(c)).join(', ')}; ${status === 'pending' ? `they must by ${iso(deadline)}` : `the DPA requires it within ${allowance(deadlineClause?.params.within)} of becoming aware`}`;
      ctx.judge(id, status, () => ({
        key: { incident_id: row.incident_id as string, customer_id: row.customer_id as string },
        version: version.version,
        message: message(),
        source,
        explanation: [
          `subject: incident ${String(row.incident_id)} affecting customer ${String(row.customer_id)} (${at(source)})`,
          `trigger: became aware ${iso(aware)}; version in force then: ${version.version}`,
          `rule: notices sent up to ${iso(ctx.asOf)} together describe ${codes.join(', ')}; incomplete is pending until ${iso(deadline)} (deadline of ${deadlineClause?.id ?? '?'})`,
          `completion: described so far: ${codes.filter((c) => !missing.includes(c)).join(', ') || 'nothing'}`,
          `outcome: ${status}`,
        ],
      }));
    }),
});
