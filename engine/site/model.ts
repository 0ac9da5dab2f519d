/**
 * Everything the public site shows, computed from the same model the engine
 * enforces: version texts rendered by the engine, amendments from the diff
 * (between any two versions), the sub-processor list from what `check`
 * judges (or what the DPA names), organization facts from their validated
 * file, and the feeds.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { effectiveInstant, publishedVersions, versionInForce } from '../model/in-force.ts';
import type { Interpretation, PolicyVersion } from '../model/types.ts';
import type { Organization } from '../generated/organization.ts';
import { renderVersionHtml } from '../render/html.ts';
import { renderMarkdownHtml } from '../render/markdown.ts';
import { plainReasons, renderChangesHtml, renderFullTextRedline, type RedlineContext } from '../render/redline.ts';
import { diffVersions } from '../diff/amendment.ts';
import { formatLintText, lint } from '../lint/lint.ts';
import { publishedVersion } from './published.ts';
import type { PublishedVersion } from '../generated/published-version.ts';
import { atomFeed, rssFeed, type FeedChannel, type FeedEntry } from './feeds.ts';
import { publicText } from './text.ts';
import { dayText } from './dates.ts';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { subprocessorList, type SiteSubprocessor, type SubprocessorList } from './subprocessors.ts';

export type { SiteSubprocessor, SubprocessorList } from './subprocessors.ts';

/** Options of {@link buildSiteModel}. */
export interface SiteOptions {
  /** The policy folder. */
  policy: string;
  /** The records folder holding the sub-processor registry; without it the site lists what the DPA names. */
  records?: string;
  /** The instant the site describes ("current" version, upcoming sub-processors). */
  asOf: number;
  /** Origin of the site (https://legal.example.com), for feeds, citations and print. */
  siteUrl: string;
  /** Publish a registry that breaches the DPA's sub-processor clauses, marking every breach (default: the build fails). */
  publishBreaches?: boolean;
  /** Whether a PDF of each version is built with the site (pages link to it). */
  pdf?: boolean;
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
  /** In force at the site's as-of, replaced by a later version, or published but not in force yet. */
  status: 'in-force' | 'superseded' | 'upcoming';
  /** True for the version in force at the site's as-of. */
  current: boolean;
  /** Its permanent URL, with the site's origin. */
  url: string;
  /** Its PDF's path, when PDFs are built. */
  pdf: string | null;
  /** The running header of its printed pages: document, version, in-force dates, permanent URL. */
  running: string;
  json: PublishedVersion;
}

/** The amendment between two published versions (any pair, older first). */
export interface SiteChange {
  from: string;
  to: string;
  range: string;
  /** True when `to` directly follows `from`. */
  consecutive: boolean;
  effective: string;
  published: string;
  material: boolean;
  /** Why it is material, in plain words, each located. */
  reasons: string[];
  /** Changes located by section, with links to both versions. */
  html: string;
  /** The newer version's full text with the changes in context. */
  fullHtml: string;
  /** Blocks of text that changed. */
  changedBlocks: number;
  /** The published change notice of `to` (consecutive pairs), rendered; null when there is none. */
  noticeHtml: string | null;
  /** The versions in between whose own redlines a reader may want (non-consecutive pairs). */
  steps: string[];
}

/** A feed, in both formats, with its entries for the feed's readable page. */
export interface SiteFeed {
  channel: FeedChannel;
  entries: FeedEntry[];
  atom: string;
  rss: string;
}

/** The whole site's data. */
export interface SiteModel {
  document: string;
  title: string;
  asOf: string;
  siteUrl: string;
  /** The organization's public facts; null when there is no organization file. */
  organization: Organization | null;
  /** The navigation of legal documents (only those with a known place). */
  nav: { title: string; href: string; here: boolean }[];
  current: string | null;
  /** A published version not yet in force, if any. */
  upcoming: string | null;
  versions: SiteVersion[];
  changes: SiteChange[];
  subprocessors: SubprocessorList;
  feeds: { all: SiteFeed; subprocessors: SiteFeed };
  pdf: boolean;
}

/** Public strings of the organization file (validated by lint), without characters no page may carry. */
function cleanOrganization(organization: Organization | null | undefined): Organization | null {
  if (!organization) return null;
  return JSON.parse(JSON.stringify(organization), (_k, v: unknown) => (typeof v === 'string' ? publicText(v) : v)) as Organization;
}

/**
 * Compute the site's data. Fails (throws) when the policy or the records
 * are invalid, or the registry breaches the DPA (unless publishing it
 * anyway was asked for): the public must never see what CI would reject.
 *
 * @param options policy and records folders, as-of, site URL, build options.
 * @returns the site model.
 */
export async function buildSiteModel(options: SiteOptions): Promise<SiteModel> {
  const linted = await lint({ policy: options.policy });
  if (!linted.ok) throw new Error(`the policy in ${options.policy} does not pass codicil lint; the site is not built:\n${formatLintText(linted)}`);
  const policy = linted.policy;
  const organization = cleanOrganization(linted.organization);
  let base: URL;
  try {
    base = new URL(options.siteUrl);
  } catch {
    throw new Error(`--site-url ${JSON.stringify(options.siteUrl)} is not a URL; give an origin such as https://legal.example.com`);
  }
  if (base.pathname !== '/' || base.search || base.hash) throw new Error(`--site-url ${options.siteUrl}: the site is served from the root of its URL (pages link to /dpa/…); give an origin such as https://legal.example.com`);
  const origin = base.origin;
  // As of the site's instant: versions not yet published do not exist for the public.
  const published = publishedVersions(policy).filter((v) => Date.parse(`${v.published}T00:00:00Z`) <= options.asOf);
  const current = versionInForce({ versions: published }, options.asOf) ?? null;
  const upcoming = published.find((v) => effectiveInstant(v) > options.asOf) ?? null;
  const page = (v: string) => `/dpa/${v}/`;
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
      html: publicText(renderVersionHtml(v, { organization, cite: `${origin}${page(version)}` })),
      sections: v.sections.map((s) => ({ number: s.number, title: publicText(s.title), anchor: s.anchor, depth: s.depth })),
      interpretations,
      inForceFrom: inForce.from,
      inForceUntil: inForce.until,
      previous: published[i - 1]?.version ?? null,
      next: published[i + 1]?.version ?? null,
      status: v === current ? 'in-force' : effectiveInstant(v) > options.asOf ? 'upcoming' : 'superseded',
      current: v === current,
      url: `${origin}${page(version)}`,
      pdf: options.pdf ? `/dpa/${version}.pdf` : null,
      running: `${publicText(title)} · version ${version} · in force from ${dayText(inForce.from)}${inForce.until ? ` until ${dayText(inForce.until)}` : ''} (00:00 UTC) · ${origin}${page(version)}`,
      json,
    };
  });

  const notices = new Map<string, { markdown: string; html: string }>();
  for (const v of published) {
    const notice = await noticeOf(options.policy, policy.document, v);
    if (notice) notices.set(v.version, notice);
  }
  const changes: SiteChange[] = [];
  const amendments = new Map<string, ReturnType<typeof diffVersions>>();
  for (let i = 0; i < published.length; i++) {
    for (let j = i + 1; j < published.length; j++) {
      const [a, b] = [published[i]!, published[j]!];
      const amendment = diffVersions(a, b);
      const range = `${a.version}...${b.version}`;
      amendments.set(range, amendment);
      const context: RedlineContext = { from: a, to: b, href: page };
      const full = renderFullTextRedline(context);
      changes.push({
        from: a.version,
        to: b.version,
        range,
        consecutive: j === i + 1,
        effective: b.effective,
        published: b.published,
        material: amendment.materiality.material,
        reasons: plainReasons(amendment, context).map(publicText),
        html: publicText(renderChangesHtml(amendment, context)),
        fullHtml: publicText(full.html),
        changedBlocks: full.changes,
        noticeHtml: j === i + 1 ? (notices.get(b.version)?.html ?? null) : null,
        steps: published.slice(i + 1, j).map((v) => v.version),
      });
    }
  }

  const subprocessors = await subprocessorList({ policy, policyDir: options.policy, records: options.records, asOf: options.asOf, publishBreaches: options.publishBreaches ?? false, organization });

  // Feeds: dated by the events themselves, never by the build, so builds are reproducible.
  const author = { name: organization?.legalName ?? organization?.name ?? publicText(policy.title), uri: organization?.website ?? `${origin}/`, ...(organization?.email ? { email: organization.email } : {}) };
  const versionEntries: FeedEntry[] = changes
    .filter((c) => c.consecutive)
    .map((c) => ({
      title: `${publicText(policy.title)} version ${c.to}: takes effect on ${dayText(c.effective)}`,
      id: `${origin}/dpa/changes/${c.range}/`,
      link: `${origin}/dpa/changes/${c.range}/`,
      date: `${c.published}T00:00:00Z`,
      summary: publicText(published.find((v) => v.version === c.to)!.summary),
      // Legal's notice, with links that work in a reader; without one, the reasons in plain words.
      html: notices.has(c.to)
        ? publicText(renderMarkdownHtml(notices.get(c.to)!.markdown, { base: `${origin}/dpa/changes/${c.range}/` }))
        : toHtml([h('p', c.material ? 'A material change.' : 'Not a material change.'), ...(c.reasons.length ? [h('ul', c.reasons.map((r) => h('li', r)))] : [])]),
      category: { term: 'dpa', label: publicText(policy.title) },
    }));
  const subprocessorVersionEntries = versionEntries.filter((e) => {
    const range = e.id.split('/dpa/changes/')[1]!.replace(/\/$/, '');
    const s = amendments.get(range)?.subprocessors;
    return s !== undefined && s.namedAdded.length + s.namedRemoved.length + s.categoriesAdded.length + s.categoriesRemoved.length > 0;
  });
  const registryEntries = subprocessorEntries(subprocessors.entries, origin, options.asOf);
  const firstDay = `${published[0]?.published ?? '1970-01-01'}T00:00:00Z`;
  const feed = (path: string, pagePath: string, title: string, subtitle: string, entries: FeedEntry[]): SiteFeed => {
    const sorted = [...entries].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.id.localeCompare(b.id));
    const channel: FeedChannel = { id: `${origin}${path}feed.xml`, title, subtitle, page: `${origin}${pagePath}`, atom: `${origin}${path}feed.xml`, rss: `${origin}${path}rss.xml`, author, updated: sorted[0]?.date ?? firstDay, rights: `© ${organization?.legalName ?? organization?.name ?? publicText(policy.title)}` };
    return { channel, entries: sorted, atom: atomFeed(channel, sorted), rss: rssFeed(channel, sorted) };
  };
  const pageTitle = publicText(policy.title);
  const feeds = {
    all: feed('/', '/updates/', `${pageTitle}: every change`, `New versions of the ${pageTitle}, their change notices, and changes to the sub-processors.`, [...versionEntries, ...registryEntries]),
    subprocessors: feed('/subprocessors/', '/subprocessors/updates/', 'Sub-processors: changes', `New, upcoming and former sub-processors, and versions of the ${pageTitle} that change them.`, [...subprocessorVersionEntries, ...registryEntries]),
  };

  const nav = (organization?.documents ?? [{ title: pageTitle, document: policy.document }])
    .map((d) => ({ title: d.title, href: d.document !== undefined ? `/${d.document}/` : (d.url ?? ''), here: d.document !== undefined }))
    .filter((d) => d.href !== '');
  return {
    document: policy.document,
    title: pageTitle,
    asOf: new Date(options.asOf).toISOString(),
    siteUrl: origin,
    organization,
    nav,
    current: current?.version ?? null,
    upcoming: upcoming?.version ?? null,
    versions,
    changes,
    subprocessors,
    feeds,
    pdf: options.pdf ?? false,
  };
}

/** Feed entries for the registry: each announcement, engagement to come, and end. */
function subprocessorEntries(entries: SiteSubprocessor[], origin: string, asOf: number): FeedEntry[] {
  const out: FeedEntry[] = [];
  for (const s of entries) {
    const who = s.legalName ? `${s.legalName} (${s.name})` : s.name;
    const link = `${origin}/subprocessors/#${s.anchor}`;
    if (s.noticeSentAt !== null && Date.parse(`${s.noticeSentAt}T00:00:00Z`) <= asOf) {
      out.push({
        title: `New sub-processor: ${who}, ${s.categoryLabel}`,
        id: `${link}/announced`,
        link,
        date: `${s.noticeSentAt}T00:00:00Z`,
        summary: `${who} (${s.categoryLabel}${s.purpose ? `: ${s.purpose}` : ''}) processes personal data from ${dayText(s.engagedAt)}${s.objectionDeadline ? `; you may object until ${dayText(s.objectionDeadline)}` : ''}.`,
        category: { term: 'subprocessors', label: 'Sub-processors' },
      });
    }
    if (s.disengagedAt !== null && Date.parse(`${s.disengagedAt}T00:00:00Z`) <= asOf) {
      out.push({ title: `Former sub-processor: ${who}`, id: `${link}/ended`, link, date: `${s.disengagedAt}T00:00:00Z`, summary: `${who} no longer processes personal data since ${dayText(s.disengagedAt)}.`, category: { term: 'subprocessors', label: 'Sub-processors' } });
    }
  }
  return out;
}

/** The published change notice of a version (legal's text), rendered; a draft stays in the repository. */
async function noticeOf(policyDir: string, document: string, version: PolicyVersion): Promise<{ markdown: string; html: string } | null> {
  const path = join(policyDir, document, `${version.version}.notice.md`);
  if (!existsSync(path)) return null;
  const markdown = await readFile(path, 'utf8');
  if (!/^status:\s*published\s*$/m.test(markdown.split(/\n---/)[0] ?? '')) return null;
  return { markdown, html: publicText(renderMarkdownHtml(markdown)) };
}
