import { defineRuleKind } from '../define.ts';

const at = 'subprocessor_locations';

/** Every place a sub-processor processes data outside the EEA has a safeguard. */
export default defineRuleKind({
  kind: 'transfer-safeguards',
  title: 'International transfers are safeguarded',
  description:
    'Each location of an active sub-processor must be in the EEA, or rely on adequacy with the country on the adequacy list in force, or rely on SCCs, BCRs or a derogation.',
  params: {},
  required: [],
  plan: {
    shape: 'cases',
    subject: {
      table: at,
      key: { subprocessor: `${at}.subprocessor`, country: `${at}.country` },
      lookup: [{ table: 'subprocessors', on: { name: `${at}.subprocessor` } }],
      // Transfers happening now: sub-processors engaged and not yet disengaged at as-of.
      where: { all: [{ happened: 'subprocessors.engaged_at' }, { not: { happened: 'subprocessors.disengaged_at' } }] },
      trigger: 'asOf',
    },
    cases: [
      { when: { onList: ['eea', `${at}.country`] }, status: 'pass', message: `{${at}.country} is in the EEA` },
      { when: { all: [{ eq: [`${at}.mechanism`, 'adequacy'] }, { onList: ['adequacy', `${at}.country`] }] }, status: 'pass', message: `{${at}.country} has an adequacy decision in force` },
      {
        when: { eq: [`${at}.mechanism`, 'adequacy'] },
        status: 'violation',
        message: `{${at}.subprocessor} relies on adequacy for {${at}.country}, but {${at}.country} has no EU adequacy decision in force on {day}`,
      },
      { when: { eq: [`${at}.mechanism`, 'scc'] }, status: 'pass', message: `{${at}.country} is covered by Standard Contractual Clauses` },
      { when: { eq: [`${at}.mechanism`, 'bcr'] }, status: 'pass', message: `{${at}.country} is covered by Binding Corporate Rules` },
      { when: { eq: [`${at}.mechanism`, 'derogation'] }, status: 'pass', message: `{${at}.country} is covered by a derogation` },
      { status: 'violation', message: `{${at}.subprocessor} processes data in {${at}.country}, outside the EEA, with no safeguard (mechanism {${at}.mechanism})` },
    ],
    words: {
      subject: `{${at}.subprocessor} processing data in {${at}.country}`,
      trigger: 'as of',
      rule: `in the EEA on {day}, or adequacy with {${at}.country} on the adequacy list on {day}, or SCCs, BCRs or a derogation (mechanism {${at}.mechanism})`,
    },
  },
});
