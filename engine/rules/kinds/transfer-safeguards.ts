import { defineRuleKind } from '../define.ts';
import { iso } from '../../check/deadline.ts';
import { at } from '../../check/words.ts';
import { onList } from '../../model/reference.ts';
import { parseTimestamp } from '../../records/timestamp.ts';

const KIND = 'transfer-safeguards';
const SAFEGUARDS: Record<string, string> = { scc: 'Standard Contractual Clauses', bcr: 'Binding Corporate Rules', derogation: 'a derogation' };

/** Every place a sub-processor processes data outside the EEA has a safeguard. */
export default defineRuleKind({
  kind: KIND,
  title: 'International transfers are safeguarded',
  description:
    'Each location of an active sub-processor must be in the EEA, or rely on adequacy with the country on the adequacy list in force, or rely on SCCs, BCRs or a derogation.',
  params: {},
  required: [],
  tables: ['subprocessors', 'subprocessor_locations'],
  plan: {
    subject: 'subprocessor_locations (subprocessor, country) of sub-processors engaged at or before as-of and not disengaged at or before as-of',
    trigger: 'as-of',
    bound: 'country ∈ EEA at as-of, or mechanism = adequacy and country ∈ adequacy list at as-of, or mechanism ∈ {scc, bcr, derogation}',
  },
  evaluator: (id, ctx) => {
    ctx.indexes.use('subprocessors');
    return {
      rows: {
        subprocessor_locations: (row, source) => {
          const sub = ctx.indexes.subprocessors.get(row.subprocessor as string)!.row;
          const engaged = parseTimestamp(sub.engaged_at as string);
          const gone = sub.disengaged_at === undefined ? undefined : parseTimestamp(sub.disengaged_at as string);
          if (engaged > ctx.asOf || (gone !== undefined && gone <= ctx.asOf)) return;
          const inForce = ctx.inForce(id, KIND, ctx.asOf);
          if (!inForce) return;
          const reference = ctx.reference;
          const day = iso(ctx.asOf).slice(0, 10);
          const country = row.country as string;
          const mechanism = row.mechanism as string;
          const inEea = onList(reference.eea, country, day);
          const adequate = onList(reference.adequacy, country, day);
          let ok: boolean;
          let message: string;
          if (inEea) [ok, message] = [true, `${country} is in the EEA`];
          else if (mechanism === 'adequacy') [ok, message] = adequate ? [true, `${country} has an adequacy decision in force`] : [false, `${String(row.subprocessor)} relies on adequacy for ${country}, but ${country} has no EU adequacy decision in force on ${day}`];
          else if (SAFEGUARDS[mechanism]) [ok, message] = [true, `${country} is covered by ${SAFEGUARDS[mechanism]}`];
          else [ok, message] = [false, `${String(row.subprocessor)} processes data in ${country}, outside the EEA, with no safeguard (mechanism ${mechanism})`];
          ctx.judge(id, ok ? 'pass' : 'violation', () => ({
            key: { subprocessor: row.subprocessor as string, country },
            version: inForce.version.version,
            message,
            source,
            explanation: [
              `subject: ${String(row.subprocessor)} processing data in ${country} (${at(source)})`,
              `trigger: as of ${iso(ctx.asOf)}; version in force then: ${inForce.version.version}`,
              `rule: in the EEA (${inEea ? 'yes' : 'no'}), or adequacy with ${country} on the adequacy list on ${day} (${adequate ? 'listed' : 'not listed'}), or SCC/BCR/derogation (mechanism ${mechanism})`,
              `outcome: ${ok ? 'pass' : 'violation'}`,
            ],
          }));
        },
      },
    };
  },
});
