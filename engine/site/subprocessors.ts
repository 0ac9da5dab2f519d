/**
 * The public sub-processor list. Two sources, never mixed:
 *
 * - a records registry, published only when it passes the DPA's
 *   sub-processor clauses as `codicil check` judges them at the site's
 *   as-of (an upcoming addition is judged at its engagement); a breach
 *   fails the build, unless the build is told to publish anyway, and then
 *   every breach is printed next to the sub-processor;
 * - without a registry, what the DPA in force itself names: the authorized
 *   categories and the sub-processors named in them, and where the full
 *   list is kept.
 */
import GithubSlugger from 'github-slugger';
import { check } from '../check/check.ts';
import type { Finding } from '../check/report-types.ts';
import type { Organization } from '../generated/organization.ts';
import { effectiveInstant, publishedVersions, versionInForce } from '../model/in-force.ts';
import { listDay, onList } from '../model/reference.ts';
import type { Policy, PolicyVersion } from '../model/types.ts';
import { readRecords } from '../records/read.ts';
import { errorLine } from '../report/text.ts';
import { echo, visible } from '../errors/visible.ts';
import { MAX_MESSAGE } from '../report/group.ts';
import { parseTimestamp } from '../schemas/timestamp.ts';
import { ruleKind } from '../rules/registry.ts';
import type { ListedItems } from '../schemas/params.ts';
import { dayInstant } from './dates.ts';
import { publicText } from './text.ts';

/** A location of a sub-processor and how a transfer there is safeguarded. */
export interface SiteLocation {
  country: string;
  countryName: string;
  mechanism: string;
  /** The safeguard in plain words, judged with the reference lists at as-of. */
  safeguard: string;
  /** What the safeguard does not cover (reference data), or null. */
  caveat: string | null;
}

/** A sub-processor of the registry, as the public list shows it. */
export interface SiteSubprocessor {
  /** The registry's id. */
  name: string;
  /** The legal entity contracted, or null when the registry does not say. */
  legalName: string | null;
  /** Fragment of its entry on the sub-processor page (a slug of the name). */
  anchor: string;
  category: string;
  categoryLabel: string;
  purpose: string | null;
  locations: SiteLocation[];
  /** When it starts, announced and ends: instants (RFC 3339, UTC), as the registry gives them. */
  engagedAt: string;
  noticeSentAt: string | null;
  status: 'active' | 'upcoming' | 'former';
  disengagedAt: string | null;
  /** For upcoming additions: the last day customers can object. */
  objectionDeadline: string | null;
  /** Breaches of the DPA's clauses (only when the build publishes a registry that breaches it). */
  breaches: { clause: string; section: string | null; message: string }[];
}

/** A category the DPA in force authorizes, with the sub-processors it names in it. */
export interface DpaCategory {
  code: string;
  /** The DPA's words for it. */
  words: string;
  /** What the DPA says the category is for. */
  purpose: string | null;
  named: string[];
}

/** Everything the sub-processor page shows. */
export interface SubprocessorList {
  source: 'registry' | 'dpa';
  /** The document whose clauses govern sub-processors (the DPA) and its title. */
  document: string;
  title: string;
  /** Registry entries (empty without a registry). */
  entries: SiteSubprocessor[];
  /** True when the registry breaches the DPA and was published anyway (its breaches are marked). */
  breached: boolean;
  /** The DPA in force: its version, authorized categories and named sub-processors. */
  dpa: { version: string; clause: string | null; categories: DpaCategory[]; informationClause: string | null } | null;
  /** Where the full list is kept, when there is no registry (organization facts), or null. */
  listUrl: string | null;
}

/** Options of {@link subprocessorList}. */
export interface SubprocessorOptions {
  policy: Policy;
  /** The policy folder (check reads it). */
  policyDir: string;
  records?: string;
  asOf: number;
  publishBreaches: boolean;
  organization: Organization | null;
  /** Every clause id of the policy's documents, which records may name as for check (default: the document's own; review: a site of several documents refused valid attestations). */
  clauseIds?: ReadonlySet<string>;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An instant as the registry gives it, in UTC without milliseconds when it has none: a notice sent at 09:00 is not one sent at midnight. */
const instant = (ms: number): string => dayInstant(new Date(ms).toISOString());
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const SAFEGUARDS: Record<string, string> = { adequacy: 'adequacy decision', scc: 'Standard Contractual Clauses', bcr: 'Binding Corporate Rules', derogation: 'derogation' };

// Every value from the records (names, countries, messages that quote them) and every file name is
// printed as check prints it: shortened, control characters shown as \u001b, never raw (review: a
// name's ESC and newline reached the terminal, and `::error` the start of a CI log line).
const v = (s: string): string => echo(s);
const said = (s: string): string => echo(s, MAX_MESSAGE);


/** The latest of some instants, without spreading them into one call (a registry may list any number). */
const latest = (instants: number[]): number => instants.reduce((a, b) => (b > a ? b : a), -Infinity);

/** Items grouped by a key, for lookups that stay linear in the registry's size. */
function groupBy<T>(items: T[], key: (item: T) => unknown): Map<unknown, T[]> {
  const groups = new Map<unknown, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The clauses that judge the registry: those whose rule kind reads the sub-processor tables. */
const judgesRegistry = (rule: string): boolean => (ruleKind(rule)?.tables ?? []).some((t) => t === 'subprocessors' || t === 'subprocessor_locations');

/** What the DPA in force names: its authorized categories and the sub-processors named in each. */
function dpaNames(version: PolicyVersion | undefined): SubprocessorList['dpa'] {
  if (!version) return null;
  // The clause whose kind lists the authorized categories (`x-lists`), and the names listed with them.
  const listing = (c: { rule: string }, list: ListedItems) => Object.entries(ruleKind(c.rule)?.params ?? {}).find(([, p]) => p['x-lists'] === list)?.[0];
  const clause = version.clauses.find((c) => listing(c, 'subprocessor-categories') !== undefined);
  const information = version.clauses.find((c) => c.id === 'subprocessor.information-on-request') ?? null;
  const categories: DpaCategory[] = [];
  const codes = clause ? clause.params[listing(clause, 'subprocessor-categories')!] : undefined;
  const namedParam = clause ? listing(clause, 'named-subprocessors') : undefined;
  const named = clause && namedParam ? clause.params[namedParam] : undefined;
  if (clause && codes?.value.type === 'codes') {
    codes.bindings.forEach((binding, i) => {
      // Named sub-processors belong to the category stated on the same line (the DPA's list item).
      const line = binding.position.line;
      const item = clause.text.split('\n').find((l) => l.startsWith(binding.words));
      const purpose = item ? item.slice(binding.words.length).replace(/^[\s:]+/, '').replace(/\s*\([^)]*\)\s*$/, '').trim() || null : null;
      categories.push({
        code: (codes.value as { codes: string[] }).codes[i] ?? binding.words,
        words: binding.words,
        purpose,
        named: (named?.bindings ?? []).filter((b) => b.position.line === line).map((b) => b.words),
      });
    });
  }
  return { version: version.version, clause: clause?.id ?? null, categories, informationClause: information?.id ?? null };
}

/**
 * The sub-processor list the site publishes.
 *
 * @param options the policy, the registry (optional), as-of, and whether to publish a registry that breaches the DPA.
 * @returns the list; throws with every finding when the registry breaches the DPA and publishing anyway was not asked for.
 */
export async function subprocessorList(options: SubprocessorOptions): Promise<SubprocessorList> {
  const { policy, asOf } = options;
  // As the site's version pages: a version published after the site's instant does not exist for the public
  // (review: before the first was published, the page quoted 1.0.0 and linked its page, which the site has not).
  const published = publishedVersions(policy).filter((v) => Date.parse(`${v.published}T00:00:00Z`) <= asOf);
  const inForce = versionInForce({ versions: published }, asOf) ?? published.find((v) => effectiveInstant(v) > asOf);
  const dpa = dpaNames(inForce);
  const listUrl = options.organization?.subprocessorList ?? null;
  const governing = { document: policy.document, title: publicText(policy.title) };
  if (!options.records) return { source: 'dpa', ...governing, entries: [], breached: false, dpa, listUrl };

  const subs: Record<string, unknown>[] = [];
  const locations: Record<string, unknown>[] = [];
  const read = await readRecords(options.records, {
    clauseIds: options.clauseIds ?? new Set(policy.versions.flatMap((v) => v.clauses.map((c) => c.id))),
    handler: (table) => (table === 'subprocessors' ? (row) => void subs.push(row) : table === 'subprocessor_locations' ? (row) => void locations.push(row) : undefined),
  });
  if (read.errors.length > 0) {
    throw new Error(`the records in ${visible(options.records)} are invalid; the site is not built:\n${read.errors.map(errorLine).join('\n')}`);
  }

  // An addition announced after the site's instant is not public yet (review: its name and dates showed on a page "as of" before them).
  const announced = (s: Record<string, unknown>): boolean => parseTimestamp(s.engaged_at as string) <= asOf || s.notice_sent_at === undefined || parseTimestamp(s.notice_sent_at as string) <= asOf;
  // The registry is judged by check itself: one truth for CI and the public page. Only what the page
  // shows is judged (review: additions not yet announced failed the build and were counted in its
  // banner, while check as of the same instant and the page said nothing of them).
  const upcoming = subs.filter((s) => parseTimestamp(s.engaged_at as string) > asOf && announced(s));
  const judged = await check({ records: options.records, policy: options.policyDir, asOf });
  if (judged.exitCode === 2) throw new Error(`codicil check cannot judge ${visible(options.records)}; the site is not built:\n${(judged.errors ?? []).map(errorLine).join('\n')}`);
  // Only the governing document's clauses (with several documents, findings name theirs).
  const ours = (x: { document?: string }): boolean => (x.document ?? policy.document) === policy.document;
  const ruleOf = (report: typeof judged, f: Finding): string => report.coverage.find((c) => c.clause === f.clause && ours(c))?.rule ?? '';
  const findings: Finding[] = (judged.findings ?? []).filter((f) => f.status === 'violation' && ours(f) && judgesRegistry(ruleOf(judged, f)));
  // An upcoming addition is announced now: judge it as it will stand when it is engaged.
  const sectionIn = (report: typeof judged, clause: string): string | null => report.coverage.find((c) => c.clause === clause && ours(c))?.section ?? null;
  // Each finding's section, as the version that judged it numbers it.
  const sections = new Map<Finding, string | null>(findings.map((f) => [f, sectionIn(judged, f.clause)]));
  // The findings about upcoming additions, judged at their engagement (the gate says so).
  const atEngagement = new Set<Finding>();
  if (upcoming.length > 0) {
    const last = latest(upcoming.map((s) => parseTimestamp(s.engaged_at as string)));
    const later = await check({ records: options.records, policy: options.policyDir, asOf: last });
    const names = new Set(upcoming.map((s) => s.name as string));
    for (const f of later.findings ?? []) {
      if (f.status === 'violation' && ours(f) && names.has(f.key.subprocessor ?? '') && judgesRegistry(ruleOf(later, f))) {
        findings.push(f);
        sections.set(f, sectionIn(later, f.clause));
        atEngagement.add(f);
      }
    }
  }
  const section = (f: Finding): string | null => sections.get(f) ?? null;
  const engagedOn = new Map(upcoming.map((s) => [s.name as string, day(parseTimestamp(s.engaged_at as string))]));
  if (findings.length > 0 && !options.publishBreaches) {
    throw new Error(
      `the sub-processor registry in ${visible(options.records)} breaches the ${v(governing.title)} (codicil check, as of ${new Date(asOf).toISOString()}); the site is not built:\n${findings
        .map((f) => `  ${v(f.clause)}${section(f) ? ` (§${v(section(f)!)})` : ''}: sub-processor ${v(f.key.subprocessor ?? '?')}${f.key.country ? ` (${v(f.key.country)})` : ''}${atEngagement.has(f) ? `, an upcoming addition judged as of its engagement on ${engagedOn.get(f.key.subprocessor ?? '') ?? '?'}` : ''}: ${said(f.message)}${f.source ? ` (${v(f.source.file)}:${f.source.line})` : ''}`)
        .join('\n')}\nFix the registry, or build with --publish-breaches to publish it with every breach marked.`,
    );
  }

  const labels = policy.reference.vocabularies['subprocessor-category'] ?? {};
  const slugger = new GithubSlugger();
  const locationsOf = groupBy(locations, (l) => l.subprocessor);
  const breachesOf = groupBy(findings, (f) => f.key.subprocessor);
  const entries = subs
    .filter(announced)
    .map((s): SiteSubprocessor => {
      const name = s.name as string;
      const engaged = parseTimestamp(s.engaged_at as string);
      const gone = s.disengaged_at === undefined ? undefined : parseTimestamp(s.disengaged_at as string);
      const noticeSent = s.notice_sent_at === undefined ? undefined : parseTimestamp(s.notice_sent_at as string);
      const status = gone !== undefined && gone <= asOf ? 'former' : engaged > asOf ? 'upcoming' : 'active';
      let objectionDeadline: string | null = null;
      if (status === 'upcoming' && noticeSent !== undefined) {
        const window = versionInForce(policy, noticeSent)?.clauses.find((c) => c.id === 'subprocessor.objection-window')?.params.notice?.value;
        if (window?.type === 'duration') objectionDeadline = day(noticeSent + window.seconds * 1000);
      }
      // Judged on the day that matters to the reader: today, or the day an upcoming one starts.
      const onDay = listDay(status === 'upcoming' ? engaged : status === 'former' && gone !== undefined ? gone - 1 : asOf);
      return {
        name: publicText(name),
        legalName: typeof s.legal_name === 'string' ? publicText(s.legal_name) : null,
        anchor: slugger.slug(publicText(name)) || slugger.slug('subprocessor'),
        category: s.category as string,
        categoryLabel: labels[s.category as string]?.[0] ?? (s.category as string),
        purpose: s.purpose === undefined ? null : publicText(s.purpose as string),
        locations: (locationsOf.get(name) ?? [])
          .map((l) => {
            const country = l.country as string;
            const mechanism = l.mechanism as string;
            const inEea = onList(policy.reference.eea, country, onDay);
            const adequacy = mechanism === 'adequacy' ? policy.reference.adequacy.countries.find((c) => c.code === country && c.from <= onDay && (c.until === undefined || onDay < c.until)) : undefined;
            const safeguard = inEea ? 'in the EEA' : mechanism === 'adequacy' && !adequacy ? 'no adequacy decision' : (SAFEGUARDS[mechanism] ?? 'no safeguard');
            return { country, countryName: regionNames.of(country) ?? country, mechanism, safeguard, caveat: !inEea && adequacy?.caveat ? adequacy.caveat : null };
          })
          .sort((a, b) => a.countryName.localeCompare(b.countryName)),
        engagedAt: instant(engaged),
        noticeSentAt: noticeSent === undefined ? null : instant(noticeSent),
        status,
        disengagedAt: gone === undefined ? null : instant(gone),
        objectionDeadline,
        breaches: (breachesOf.get(name) ?? []).map((f) => ({ clause: f.clause, section: section(f), message: publicText(f.message) })),
      };
    })
    .sort((a, b) => a.categoryLabel.localeCompare(b.categoryLabel) || (a.legalName ?? a.name).localeCompare(b.legalName ?? b.name));
  return { source: 'registry', ...governing, entries, breached: findings.length > 0, dpa, listUrl };
}
