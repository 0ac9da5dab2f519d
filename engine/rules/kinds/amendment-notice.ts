import { defineRuleKind } from '../define.ts';
import { durationParam } from './duration.ts';
import { iso, elapsed } from '../../check/deadline.ts';
import { allowance, durationMs } from '../../check/words.ts';
import { effectiveInstant } from '../../model/in-force.ts';

const KIND = 'amendment-notice';

/** Material amendments of the policy are published a given time before they take effect. */
export default defineRuleKind({
  kind: KIND,
  title: 'Material amendments announced in advance',
  description: 'Each material version after the first must be published at least `notice` before its effective date.',
  params: { notice: durationParam('Least time between publication and effect.', 'notice') },
  required: ['notice'],
  tables: [],
  plan: {
    subject: 'policy versions (version): each material published version after the first',
    trigger: 'the version’s effective date',
    completion: 'the version’s published date',
    bound: 'published ≤ effective − notice',
  },
  evaluator: (id, ctx) => ({
    finish: () => {
      for (const version of ctx.versions.slice(1)) {
        if (!version.material) continue;
        const effective = effectiveInstant(version);
        // clauses.md: judged by the version in force at the trigger (its effective date).
        const inForce = ctx.inForce(id, KIND, effective);
        if (!inForce) continue;
        const published = Date.parse(`${version.published}T00:00:00Z`);
        const required = effective - durationMs(inForce.clause, 'notice');
        const ok = published <= required;
        ctx.judge(id, ok ? 'pass' : 'violation', () => ({
          key: { version: version.version },
          version: inForce.version.version,
          message: `version ${version.version} was published ${elapsed(effective - published)} before it took effect; the DPA requires ${allowance(inForce.clause.params.notice)}`,
          source: { file: version.file, line: 1 },
          explanation: [
            `subject: material version ${version.version} (${version.file})`,
            `trigger: takes effect ${iso(effective)}; version in force then: ${inForce.version.version}`,
            `rule: published ≤ effective − ${inForce.clause.params.notice?.value.type === 'duration' ? inForce.clause.params.notice.value.iso : '?'} = ${iso(required)}`,
            `completion: published ${version.published}`,
            `outcome: ${ok ? 'pass' : 'violation'}`,
          ],
        }));
      }
    },
  }),
});
