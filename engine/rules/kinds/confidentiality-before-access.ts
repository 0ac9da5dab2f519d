import { defineRuleKind } from '../define.ts';
import { rowSubjects } from '../../check/subjects.ts';
import { elapsed, iso } from '../../check/deadline.ts';
import { at } from '../../check/words.ts';

const KIND = 'confidentiality-before-access';

/** Staff are bound to confidentiality before they get access to personal data. */
export default defineRuleKind({
  kind: KIND,
  title: 'Confidentiality signed before access',
  description: 'For each access grant, the person must have signed a confidentiality agreement at or before granted_at.',
  params: {},
  required: [],
  tables: ['access_grants', 'confidentiality_agreements'],
  plan: {
    subject: 'access_grants (id)',
    trigger: 'access_grants.granted_at',
    completion: 'earliest confidentiality_agreements.signed_at of the person',
    bound: 'completion ≤ trigger',
  },
  evaluator: (id, ctx) => {
    ctx.indexes.use('confidentiality_agreements');
    return rowSubjects(ctx, id, KIND, 'access_grants', 'granted_at', ({ row, source, at: granted, inForce }) => {
      const signed = ctx.indexes.confidentiality.get(row.person_id as string);
      const counted = signed !== undefined && signed <= ctx.asOf ? signed : undefined;
      const ok = counted !== undefined && counted <= granted;
      ctx.judge(id, ok ? 'pass' : 'violation', () => ({
        key: { grant_id: row.id as string },
        version: inForce.version.version,
        message: ok
          ? `confidentiality agreement signed ${elapsed(granted - counted)} before access`
          : counted === undefined
            ? `${String(row.person_id)} was given access on ${iso(granted)} without a signed confidentiality agreement`
            : `${String(row.person_id)} was given access on ${iso(granted)}, ${elapsed(counted - granted)} before signing a confidentiality agreement`,
        source,
        explanation: [
          `subject: access grant ${String(row.id)} to ${String(row.person_id)} (${at(source)})`,
          `trigger: granted ${iso(granted)}; version in force then: ${inForce.version.version}`,
          'rule: a confidentiality agreement of the person signed at or before granted_at',
          counted !== undefined ? `completion: first signed ${iso(counted)}` : `completion: none signed at or before ${iso(ctx.asOf)}`,
          `outcome: ${ok ? 'pass' : 'violation'}`,
        ],
      }));
    });
  },
});
