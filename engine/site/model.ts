/**
 * Everything the public site shows, computed from the same model the engine
 * enforces: version texts rendered by the engine, amendments from the diff,
 * the sub-processor registry from the records `check` reads, and the feed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { effectiveInstant, publishedVersions, versionInForce } from '../model/in-force.ts';
import type { Interpretation, Policy } from '../model/types.ts';
import { renderVersionHtml } from '../render/html.ts';
import { renderMarkdownHtml } from '../render/markdown.ts';
import { diffVersions } from '../diff/amendment.ts';
import { formatAmendmentHtml } from '../report/amendment/html.ts';
import type { Amendment } from '../diff/types.ts';
import { readRecords } from '../records/read.ts';
import { formatLintText, lint } from '../lint/lint.ts';
import { publishedVersion } from './published.ts';
import type { PublishedVersion } from '../generated/published-version.ts';
import { onList } from '../model/reference.ts';
import { parseTimestamp } from '../records/timestamp.ts';
import { atomFeed, rssFeed, type FeedChannel, type FeedEntry } from './feeds.ts';
import { publicText } from './text.ts';
import GithubSlugger from 'github-slugger';

/** Options of {@link buildSiteModel}. */
export interface SiteOptions {
  /** The policy folder. */
  policy: string;
  /** The records folder holding the sub-processor registry (optional). */
  records?: string;
  /** The instant the site describes ("current" version, upcoming sub-processors). */
  asOf: number;
  /** Absolute URL of the site, for the feeds. */
  siteUrl: string;
}

/** A version as the site shows it. */
export interface SiteVersion {
  version: string;
  title: string;
  effective: string;
  published: string;
  material: boolean;
  summary: string;
  html: string;
  sections: { number: string | null; title: string; anchor: string; depth: number }[];
  interpretations: Omit<Interpretation, 'position'>[];
  inForceFrom: string;
  inForceUntil: string | null;
  previous: string | null;
  next: string | null;
  /** True for the version in force at the site's as-of. */
  current: boolean;
  json: PublishedVersion;
}

/** An amendment between consecutive versions. */
export interface SiteChange {
  from: string;
  to: string;
  range: string;
  effective: string;
  published: string;
  amendment: Amendment;
  amendmentHtml: string;
  /** The published change notice (legal's text), rendered; null when there is none. */
  noticeHtml: string | null;
  /** Its Markdown source; null when there is none. */
  noticeMarkdown: string | null;
}

/** A sub-processor in the public list. */
export interface SiteSubprocessor {
  name: string;
  /** Fragment of its entry on the sub-processor page (a slug of the name). */
  anchor: string;
  category: string;
  categoryLabel: string;
  purpose: string | null;
  /** Where it processes data, and the transfer safeguard in plain words (judged with the EEA list at as-of). */
  locations: { country: string; countryName: string; mechanism: string; safeguard: string }[];
  engagedAt: string;
  noticeSentAt: string | null;
  status: 'active' | 'upcoming' | 'former';
  disengagedAt: string | null;
  /** For upcoming additions: the last day customers can object. */
  objectionDeadline: string | null;
}

/** The whole site's data. */
export interface SiteModel {
  document: string;
  title: string;
  asOf: string;
  siteUrl: string;
  current: string | null;
  /** A published version not yet in force, if any. */
  upcoming: string | null;
  versions: SiteVersion[];
  changes: SiteChange[];
  subprocessors: SiteSubprocessor[];
  atom: string;
  rss: string;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const SAFEGUARDS: Record<string, string> = { adequacy: 'adequacy decision', scc: 'Standard Contractual Clauses', bcr: 'Binding Corporate Rules', derogation: 'derogation' };

async function subprocessorList(options: SiteOptions, policy: Policy): Promise<SiteSubprocessor[]> {
  if (!options.records) return [];
  const subs: Record<string, unknown>[] = [];
  const locations: Record<string, unknown>[] = [];
  const result = await readRecords(options.records, {
    clauseIds: new Set(policy.versions.flatMap((v) => v.clauses.map((c) => c.id))),
    handler: (table) => (table === 'subprocessors' ? (row) => void subs.push(row) : table === 'subprocessor_locations' ? (row) => void locations.push(row) : undefined),
  });
  if (result.errors.length > 0) {
    throw new Error(`the records in ${options.records} are invalid; the site is not built:\n${result.errors.map((e) => `  ${e.file}${e.line !== null ? `:${e.line}` : ''}${e.field ? ` [${e.field}]` : ''}: ${e.message}`).join('\n')}`);
  }
  const labels = policy.reference.vocabularies['subprocessor-category'] ?? {};
  const slugger = new GithubSlugger();
  return subs
    .map((s): SiteSubprocessor => {
      const engaged = parseTimestamp(s.engaged_at as string);
      const gone = s.disengaged_at === undefined ? undefined : parseTimestamp(s.disengaged_at as string);
      const noticeSent = s.notice_sent_at === undefined ? undefined : parseTimestamp(s.notice_sent_at as string);
      const status = gone !== undefined && gone <= options.asOf ? 'former' : engaged > options.asOf ? 'upcoming' : 'active';
      let objectionDeadline: string | null = null;
      if (status === 'upcoming' && noticeSent !== undefined) {
        const window = versionInForce(policy, noticeSent)?.clauses.find((c) => c.id === 'subprocessor.objection-window')?.params.notice?.value;
        if (window?.type === 'duration') objectionDeadline = day(noticeSent + window.seconds * 1000);
      }
      return {
        name: publicText(s.name as string),
        anchor: slugger.slug(publicText(s.name as string)) || slugger.slug('subprocessor'),
        category: s.category as string,
        categoryLabel: labels[s.category as string]?.[0] ?? (s.category as string),
        purpose: s.purpose === undefined ? null : publicText(s.purpose as string),
        locations: locations
          .filter((l) => l.subprocessor === s.name)
          .map((l) => {
            const country = l.country as string;
            const mechanism = l.mechanism as string;
            const inEea = onList(policy.reference.eea, country, day(options.asOf));
            return { country, countryName: regionNames.of(country) ?? country, mechanism, safeguard: inEea ? 'in the EEA' : (SAFEGUARDS[mechanism] ?? 'no safeguard') };
          })
          .sort((a, b) => a.country.localeCompare(b.country)),
        engagedAt: day(engaged),
        noticeSentAt: noticeSent === undefined ? null : day(noticeSent),
        status,
        disengagedAt: gone === undefined ? null : day(gone),
        objectionDeadline,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Compute the site's data. Fails (throws) when the policy or the records
 * are invalid: the public must never see a text that CI would reject.
 *
 * @param options policy and records folders, as-of, site URL.
 * @returns the site model.
 */
export async function buildSiteModel(options: SiteOptions): Promise<SiteModel> {
  const linted = await lint({ policy: options.policy });
  if (!linted.ok) throw new Error(`the policy in ${options.policy} does not pass codicil lint; the site is not built:\n${formatLintText(linted)}`);
  const policy = linted.policy;
  // As of the site's instant: versions not yet published do not exist for the public.
  const published = publishedVersions(policy).filter((v) => Date.parse(`${v.published}T00:00:00Z`) <= options.asOf);
  let base: URL;
  try {
    base = new URL(options.siteUrl);
  } catch {
    throw new Error(`--site-url ${JSON.stringify(options.siteUrl)} is not a URL; give an origin such as https://legal.example.com`);
  }
  if (base.pathname !== '/' || base.search || base.hash) throw new Error(`--site-url ${options.siteUrl}: the site is served from the root of its URL (pages link to /dpa/…); give an origin such as https://legal.example.com`);
  const current = versionInForce({ versions: published }, options.asOf) ?? null;
  const upcoming = published.find((v) => effectiveInstant(v) > options.asOf) ?? null;
  const versions: SiteVersion[] = published.map((v, i) => {
    // The published JSON is the one description of a version; the page adds its HTML and neighbours.
    const json = publishedVersion(policy, v);
    const { version, title, effective, published: publishedOn, material, summary, interpretations, inForce } = json;
    return {
      version,
      title: publicText(title),
      effective,
      published: publishedOn,
      material,
      summary: publicText(summary),
      html: publicText(renderVersionHtml(v)),
      sections: v.sections.map((s) => ({ number: s.number, title: s.title, anchor: s.anchor, depth: s.depth })),
      interpretations,
      inForceFrom: inForce.from,
      inForceUntil: inForce.until,
      previous: published[i - 1]?.version ?? null,
      next: published[i + 1]?.version ?? null,
      current: v === current,
      json,
    };
  });
  const changes: SiteChange[] = [];
  for (let i = 1; i < published.length; i++) {
    const [a, b] = [published[i - 1]!, published[i]!];
    const amendment = diffVersions(a, b);
    const noticePath = join(options.policy, policy.document, `${b.version}.notice.md`);
    // Only a notice legal has published goes public; a draft stays in the repository.
    const noticeText = existsSync(noticePath) ? await readFile(noticePath, 'utf8') : null;
    const noticeMarkdown = noticeText !== null && /^status:\s*published\s*$/m.test(noticeText.split(/\n---/)[0] ?? '') ? noticeText : null;
    const noticeHtml = noticeMarkdown === null ? null : publicText(renderMarkdownHtml(noticeMarkdown));
    changes.push({ from: a.version, to: b.version, range: `${a.version}...${b.version}`, effective: b.effective, published: b.published, amendment, amendmentHtml: publicText(formatAmendmentHtml(amendment)), noticeHtml, noticeMarkdown });
  }
  const subprocessors = await subprocessorList(options, policy);

  // Feeds: change notices and sub-processor announcements. Dated by the
  // events themselves, never by the build, so builds are reproducible.
  const origin = base.origin;
  const items: FeedEntry[] = [
    ...changes.map((c) => ({
      title: `${policy.title} ${c.to}: changes effective ${c.effective}`,
      id: `${origin}/dpa/changes/${c.range}/`,
      link: `${origin}/dpa/changes/${c.range}/`,
      date: `${c.published}T00:00:00Z`,
      summary: published.find((v) => v.version === c.to)!.summary,
      ...(c.noticeMarkdown !== null ? { html: renderMarkdownHtml(c.noticeMarkdown, { base: `${origin}/dpa/changes/${c.range}/` }) } : {}),
    })),
    ...subprocessors
      .filter((s) => s.noticeSentAt !== null && Date.parse(`${s.noticeSentAt}T00:00:00Z`) <= options.asOf)
      .map((s) => ({
        title: `New sub-processor: ${s.name} (${s.categoryLabel})`,
        id: `${origin}/subprocessors/#${s.anchor}`,
        link: `${origin}/subprocessors/#${s.anchor}`,
        date: `${s.noticeSentAt}T00:00:00Z`,
        summary: `${s.name} (${s.categoryLabel}${s.purpose ? `: ${s.purpose}` : ''}) processes personal data from ${s.engagedAt}${s.objectionDeadline ? `; objections until ${s.objectionDeadline}` : ''}.`,
      })),
  ].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.id.localeCompare(b.id));
  const channel: FeedChannel = {
    id: `${origin}/feed.xml`,
    title: `${policy.title}: changes and sub-processors`,
    subtitle: `Change notices of the ${policy.title} and new sub-processors.`,
    page: `${origin}/dpa/versions/`,
    atom: `${origin}/feed.xml`,
    rss: `${origin}/rss.xml`,
    author: { name: 'StudioLM', uri: `${origin}/` },
    updated: items[0]?.date ?? `${published[0]?.published ?? '1970-01-01'}T00:00:00Z`,
    rights: 'StudioLM',
  };
  return {
    document: policy.document,
    title: publicText(policy.title),
    asOf: new Date(options.asOf).toISOString(),
    siteUrl: origin,
    current: current?.version ?? null,
    upcoming: upcoming?.version ?? null,
    versions,
    changes,
    subprocessors,
    atom: atomFeed(channel, items),
    rss: rssFeed(channel, items),
  };
}
