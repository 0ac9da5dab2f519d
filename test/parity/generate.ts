/**
 * Generated record sets for the parity properties: instants on both sides of
 * 00:00 UTC written with many offsets, completions exactly at deadlines and a
 * second after, subjects at a version switch, absent values, and now and
 * then a duplicate key or a dangling reference.
 */
import fc from 'fast-check';
import type { Dataset } from '../dataset.ts';

const H = 3_600_000;
const S = 1000;
/** 1.1.0 of the example amendment history takes effect here (incidents: 72 h → 48 h). */
export const SWITCH = Date.parse('2025-06-01T00:00:00Z');

/** An instant written as RFC 3339 with a chosen offset, fraction and case. */
const written = (ms: number, offsetMinutes: number, fraction: string, lower: boolean): string => {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = offsetMinutes === 0 && fraction.length % 2 === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const text = `${local}${fraction}${offset}`;
  return lower ? text.replace('T', 't').replace('Z', 'z') : text;
};

/** A timestamp string for an instant, in one of many equivalent spellings. */
const stamp = (ms: number): fc.Arbitrary<string> =>
  fc
    .record({ offset: fc.constantFrom(0, 60, -300, 330, -570, 840, -720), fraction: fc.constantFrom('', '.0', '.000', '.000000'), lower: fc.boolean() })
    .map(({ offset, fraction, lower }) => written(ms, offset, fraction, lower));

/** An instant near the version switch: on it, a second either side, or hours away. */
const near = fc.oneof(fc.constantFrom(SWITCH, SWITCH - S, SWITCH + S, SWITCH - 1), fc.integer({ min: -96, max: 96 }).map((h) => SWITCH + h * H));

/** A delay that lands on the deadlines the example policy holds (24 h, 48 h, 72 h), or a second past. */
const delay = fc.oneof(fc.constantFrom(0, 24 * H, 24 * H + S, 48 * H, 48 * H + S, 72 * H, 72 * H + S, -S), fc.integer({ min: 0, max: 200 }).map((h) => h * H));

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

/** Drop the undefined fields of a row. */
const row = (values: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));

/** A record set and the as-of to judge it at. */
export interface Generated {
  data: Dataset;
  asOf: number;
}

/**
 * Record sets, mostly valid, for every table.
 *
 * @param broken how often a key is repeated or a reference dangles.
 * @returns the arbitrary.
 */
export function recordSet(broken = 0.1): fc.Arbitrary<Generated> {
  return fc
    .record({
      incidents: fc.array(fc.record({ aware: near, dup: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 5 }),
      impacts: fc.array(fc.record({ incident: fc.nat(6), customer: fc.constantFrom('C-1', 'C-2', 'C-3'), notices: fc.array(fc.record({ delay, nature: maybe(fc.boolean()), data: maybe(fc.boolean()), measures: maybe(fc.boolean()) }), { maxLength: 3 }) }), { maxLength: 6 }),
      stores: fc.constantFrom(
        [{ id: 'db', kind: 'primary', holds_personal_data: true }, { id: 'bak', kind: 'backup', holds_personal_data: true }],
        [{ id: 'db', kind: 'primary', holds_personal_data: true }, { id: 'cache', kind: 'cache', holds_personal_data: false }, { id: 'logs', kind: 'logs', holds_personal_data: true }],
      ),
      deletions: fc.array(fc.record({ requested: near, origin: fc.constantFrom('account_termination', 'written_request'), done: fc.array(fc.record({ store: fc.constantFrom('db', 'bak', 'cache', 'logs'), delay }), { maxLength: 3 }) }), { maxLength: 5 }),
      subprocessors: fc.array(
        fc.record({
          engaged: fc.oneof(near, fc.constantFrom(Date.parse('2024-12-02T00:00:00Z'), Date.parse('2024-12-02T00:00:01Z'))),
          notice: maybe(fc.constantFrom(30 * 24 * H, 30 * 24 * H - S, 14 * 24 * H, 7 * 24 * H, 0)),
          category: fc.constantFrom('cloud_infrastructure', 'payment', 'email', 'analytics'),
          gone: maybe(delay),
          locations: fc.uniqueArray(fc.record({ country: fc.constantFrom('IE', 'US', 'GB', 'IN', 'JP', 'CH'), mechanism: fc.constantFrom('adequacy', 'scc', 'none', 'bcr', 'derogation') }), { maxLength: 3, selector: (l) => l.country }),
        }),
        { maxLength: 4 },
      ),
      dsr: fc.array(fc.record({ received: near, notified: maybe(delay), responded: maybe(delay), legally: maybe(fc.boolean()), right: fc.constantFrom('access', 'erasure') }), { maxLength: 5 }),
      grants: fc.array(fc.record({ granted: near, person: fc.constantFrom('P-1', 'P-2', 'P-3'), signedBefore: maybe(fc.constantFrom(0, S, -S, 10 * H)) }), { maxLength: 4 }),
      asOf: fc.oneof(near, fc.integer({ min: -5, max: 20 }).map((d) => SWITCH + d * 24 * H)),
      stamps: fc.infiniteStream(fc.nat()),
      flaws: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
    })
    .chain((g) => {
      // Spell every instant in its own way: collect them, then draw a spelling for each.
      const instants: number[] = [];
      const at = (ms: number) => instants.push(ms) - 1;
      const incidents = g.incidents.map((x, i) => ({ id: `I-${i}`, aware: at(x.aware), ms: x.aware }));
      const impacts = g.impacts.filter((x, i, all) => g.flaws[0]! < broken || all.findIndex((y) => y.incident === x.incident && y.customer === x.customer) === i);
      const notices = impacts.flatMap((x) => {
        const incident = incidents[x.incident % incidents.length]!;
        return x.notices.map((n) => ({ incident: incident.id, customer: x.customer, sent: at(incident.ms + n.delay), n }));
      });
      const requests = g.deletions.map((x, i) => ({ id: `D-${i}`, account: `A-${i}`, origin: x.origin, requested: at(x.requested), done: x.done.filter((d, j, all) => all.findIndex((e) => e.store === d.store) === j).map((d) => ({ store: d.store, at: at(x.requested + d.delay) })) }));
      const subs = g.subprocessors.map((x, i) => ({ name: `vendor-${i}`, category: x.category, engaged: at(x.engaged), notice: x.notice === undefined ? undefined : at(x.engaged - x.notice), gone: x.gone === undefined ? undefined : at(x.engaged + x.gone), locations: x.locations }));
      const dsr = g.dsr.map((x, i) => ({ id: `R-${i}`, right: x.right, received: at(x.received), notified: x.notified === undefined ? undefined : at(x.received + x.notified), responded: x.responded === undefined ? undefined : at(x.received + x.responded), legally: x.legally }));
      const people = [...new Set(g.grants.map((x) => x.person))];
      const grants = g.grants.map((x, i) => ({ id: `G-${i}`, person: x.person, granted: at(x.granted), ms: x.granted, signedBefore: x.signedBefore }));
      const agreements = people.flatMap((p) => {
        const first = grants.find((x) => x.person === p && x.signedBefore !== undefined);
        return first ? [{ person: p, signed: at(first.ms - first.signedBefore!) }] : [];
      });
      return fc.tuple(...instants.map(stamp)).map((spelled): Generated => {
        const ts = (i: number | undefined) => (i === undefined ? undefined : spelled[i]);
        const stores = g.stores.filter((s) => s.id !== 'logs' || g.flaws[1]! >= broken);
        const data: Dataset = {
          incidents: incidents.map((x) => ({ id: x.id, aware_at: ts(x.aware) })),
          incident_impacts: impacts.map((x) => ({ incident_id: g.flaws[2]! < broken / 2 && x === impacts[0] ? 'I-missing' : incidents[x.incident % incidents.length]!.id, customer_id: x.customer })),
          incident_notices: notices.map((x) => row({ incident_id: x.incident, customer_id: x.customer, sent_at: ts(x.sent), describes_nature: x.n.nature, describes_data: x.n.data, describes_measures: x.n.measures })),
          data_stores: stores,
          deletion_requests: requests.map((x) => ({ id: x.id, account_id: x.account, requested_at: ts(x.requested), origin: x.origin })),
          // A deletion for a store the inventory does not list dangles (a flaw, when "logs" was dropped).
          deletions: requests.flatMap((x) => x.done.filter((d) => g.flaws[1]! < broken || stores.some((s) => s.id === d.store)).map((d) => ({ account_id: x.account, store: d.store, completed_at: ts(d.at) }))),
          subprocessors: subs.map((x) => row({ name: x.name, category: x.category, purpose: g.flaws[3]! < 0.5 ? undefined : 'hosting', engaged_at: ts(x.engaged), notice_sent_at: ts(x.notice), disengaged_at: ts(x.gone) })),
          subprocessor_locations: subs.flatMap((x) => x.locations.map((l) => ({ subprocessor: x.name, country: l.country, mechanism: l.mechanism }))),
          dsr_requests: dsr.map((x) => row({ id: x.id, customer_id: 'C-1', right: x.right, received_at: ts(x.received), customer_notified_at: ts(x.notified), responded_directly_at: ts(x.responded), legally_required: x.legally })),
          access_grants: grants.map((x) => ({ id: x.id, person_id: x.person, granted_at: ts(x.granted) })),
          confidentiality_agreements: agreements.map((x) => ({ person_id: x.person, signed_at: ts(x.signed) })),
        };
        // Empty exports are refused: leave such tables out (their clauses are unchecked).
        for (const [table, list] of Object.entries(data)) if (list!.length === 0) delete data[table as keyof Dataset];
        return { data, asOf: g.asOf };
      });
    });
}
