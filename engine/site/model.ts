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
import type { Interpretation, Policy, PolicyDocument, PolicyVersion } from '../model/types.ts';
import { documentPolicy } from '../model/load-policy.ts';
import { noticePublished } from '../model/notices.ts';
import type { Organization } from '../generated/organization.ts';
import { renderVersionHtml } from '../render/html.ts';
import { renderMarkdownHtml } from '../render/markdown.ts';
import { plainReasons, renderChangesHtml, renderFullTextRedline, type RedlineContext } from '../render/redline.ts';
import { diffVersions } from '../amendment/amendment.ts';
import { declaredMaterial } from '../amendment/order.ts';
import { ruleKind, ruleKinds } from '../rules/registry.ts';
import { formatLintText, lint } from '../lint/lint.ts';
import { publishedVersion } from './published.ts';
import type { PublishedVersion } from '../generated/published-version.ts';
import { atomFeed, rssFeed, type FeedChannel, type FeedEntry } from './feeds.ts';
import { publicText } from './text.ts';
import { dayInstant, dayText } from './dates.ts';
import { echo, visible, visibleInJson } from '../errors/visible.ts';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { subprocessorList, type SiteSubprocessor, type SubprocessorList } from './subprocessors.ts';

export type { SiteSubprocessor, SubprocessorList } from './subprocessors.ts';

/** The origin the site is served from when neither the build nor the organization file says. */
export const DEFAULT_SITE_URL = 'https://legal.example.com';

/** Options of {@link buildSiteModel}. */
export interface SiteOptions {
  /** The policy folder. */
  policy: string;
  /** The records folder holding the sub-processor registry; without it the site lists what the DPA names. */
  records?: string;
  /** The instant the site describes ("current" version, upcoming sub-processors). */
  asOf: number;
  /** Origin of the site (https://legal.example.com), for feeds, citations and print (default: the organization's siteUrl, else {@link DEFAULT_SITE_URL}). */
  siteUrl?: string;
  /** Publish a registry that breaches the DPA's sub-processor clauses, marking every breach (default: the build fails). */
  publishBreaches?: boolean;
  /** Whether a PDF of each version is built with the site (pages link to it). */
  pdf?: boolean;
}

/** A version as the site shows it. */
export interface SiteVersion {
  /** The document it is a version of (its folder: the site's `/<document>/`). */
  document: string;
  version: string;
  title: string;
  /** To whom this version applies, as its front matter says; null when it does not say. */
  audience: string | null;
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

/** The amendment between two published versions of a document (any pair, older first). */
export interface SiteChange {
  document: string;
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
  /** The published change notice of `to` (consecutive pairs), rendered for the changes page (its top heading an h3); null when there is none. */
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

/** A document as the site shows it: its own section of the site, `/<document>/`. */
export interface SiteDocument {
  document: string;
  title: string;
  /** To whom it applies (its latest published version's audience); null when it does not say. */
  audience: string | null;
  /** The version in force at the site's as-of. */
  current: string | null;
  /** A published version not yet in force, if any. */
  upcoming: string | null;
  versions: SiteVersion[];
  changes: SiteChange[];
}

/** The whole site's data. */
export interface SiteModel {
  /** Who publishes: the organization's name, or the first document's title without an organization file. */
  owner: string;
  /** Every document with a published version, in the order of the organization's navigation. */
  documents: SiteDocument[];
  asOf: string;
  siteUrl: string;
  /** The organization's public facts; null when there is no organization file. */
  organization: Organization | null;
  /** The navigation of legal documents: this site's documents and those kept elsewhere with a known place. */
  nav: { title: string; href: string; here: boolean; document: string | null }[];
  subprocessors: SubprocessorList;
  feeds: { all: SiteFeed; subprocessors: SiteFeed };
  pdf: boolean;
}

/** Public strings of the organization file (validated by lint), without characters no page may carry. */
function cleanOrganization(organization: Organization | null | undefined): Organization | null {
  if (!organization) return null;
  return JSON.parse(JSON.stringify(organization), (_k, v: unknown) => (typeof v === 'string' ? publicText(v) : v)) as Organization;
}

/** The document whose clauses govern sub-processors (the DPA): the first with a clause whose kind judges the registry. */
function subprocessorDocument(documents: PolicyDocument[]): PolicyDocument | undefined {
  return documents.find((d) => d.versions.some((v) => v.clauses.some((c) => ruleKind(c.rule)?.tables.includes('subprocessors')))) ?? documents[0];
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
  if (!linted.ok) throw new Error(`the policy in ${visible(options.policy)} does not pass codicil lint; the site is not built:\n${formatLintText(linted)}`);
  const policy = linted.policy;
  const organization = cleanOrganization(linted.organization);
  const siteUrl = options.siteUrl ?? organization?.siteUrl ?? DEFAULT_SITE_URL;
  let base: URL;
  try {
    base = new URL(siteUrl);
  } catch {
    throw new Error(`--site-url ${visibleInJson(JSON.stringify(siteUrl))} is not a URL; give an origin such as https://legal.example.com`);
  }
  if (base.pathname !== '/' || base.search || base.hash) throw new Error(`--site-url ${echo(siteUrl)}: the site is served from the root of its URL (pages link to /${policy.document || 'dpa'}/…); give an origin such as https://legal.example.com`);
  const origin = base.origin;
  const owner = organization?.name ?? publicText(policy.title);

  // The organization's navigation orders the documents; a document it does not list comes after.
  const listed = (organization?.documents ?? []).flatMap((d) => (d.document !== undefined ? [d.document] : []));
  const ordered = [...policy.documents].sort((a, b) => rank(listed, a.document) - rank(listed, b.document) || a.document.localeCompare(b.document));
  const documents: SiteDocument[] = [];
  const versionEntries: FeedEntry[] = [];
  const amendments = new Map<string, ReturnType<typeof diffVersions>>();
  for (const document of ordered) {
    const built = await siteDocument(documentPolicy(policy, document), options, origin, organization, amendments, versionEntries);
    if (built) documents.push(built);
  }

  const subDocument = subprocessorDocument(policy.documents);
  const clauseIds = new Set(policy.documents.flatMap((d) => d.versions).flatMap((v) => v.clauses.map((c) => c.id)));
  const subprocessors = await subprocessorList({ policy: subDocument ? documentPolicy(policy, subDocument) : policy, policyDir: options.policy, records: options.records, asOf: options.asOf, publishBreaches: options.publishBreaches ?? false, organization, clauseIds });

  // Feeds: dated by the events themselves, never by the build, so builds are reproducible.
  const author = { name: organization?.legalName ?? owner, uri: organization?.website ?? `${origin}/`, ...(organization?.email ? { email: organization.email } : {}) };
  const subprocessorVersionEntries = versionEntries.filter((e) => {
    const s = amendments.get(e.id)?.subprocessors;
    return s !== undefined && s.namedAdded.length + s.namedRemoved.length + s.categoriesAdded.length + s.categoriesRemoved.length > 0;
  });
  const registryEntries = subprocessorEntries(subprocessors.entries, origin, options.asOf);
  const firstDay = `${documents.flatMap((d) => d.versions).map((v) => v.published).sort()[0] ?? '1970-01-01'}T00:00:00Z`;
  const feed = (path: string, pagePath: string, title: string, subtitle: string, entries: FeedEntry[]): SiteFeed => {
    const sorted = [...entries].sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.id.localeCompare(b.id));
    const channel: FeedChannel = { id: `${origin}${path}feed.xml`, title, subtitle, page: `${origin}${pagePath}`, atom: `${origin}${path}feed.xml`, rss: `${origin}${path}rss.xml`, author, updated: sorted[0]?.date ?? firstDay, rights: `© ${organization?.legalName ?? owner}` };
    return { channel, entries: sorted, atom: atomFeed(channel, sorted), rss: rssFeed(channel, sorted) };
  };
  // One document: the feed is named after it, as before; several: after the organization.
  const single = documents.length === 1 ? documents[0]!.title : null;
  const subTitle = subDocument ? publicText(subDocument.title) : owner;
  const feeds = {
    all: feed('/', '/updates/', `${single ?? `${owner} legal`}: every change`, single ? `New versions of the ${single}, their change notices, and changes to the sub-processors.` : `New versions of ${documents.map((d) => `the ${d.title}`).join(', ')}, their change notices, and changes to the sub-processors.`, [...versionEntries, ...registryEntries]),
    subprocessors: feed('/subprocessors/', '/subprocessors/updates/', 'Sub-processors: changes', `New, upcoming and former sub-processors, and versions of the ${subTitle} that change them.`, [...subprocessorVersionEntries, ...registryEntries]),
  };

  // The navigation of legal documents: the organization's list (a document of this site, or one kept
  // elsewhere with a known address), then this site's documents it does not list.
  const titleOf = new Map(documents.map((d) => [d.document, d.title]));
  const nav: SiteModel['nav'] = [
    ...(organization?.documents ?? [])
      .filter((d) => (d.document !== undefined ? titleOf.has(d.document) : Boolean(d.url)))
      .map((d) => ({ title: d.title, href: d.document !== undefined ? `/${d.document}/` : d.url!, here: d.document !== undefined, document: d.document ?? null })),
    ...documents.filter((d) => !listed.includes(d.document)).map((d) => ({ title: d.title, href: `/${d.document}/`, here: true, document: d.document })),
  ];
  return {
    owner,
    documents,
    asOf: new Date(options.asOf).toISOString(),
    siteUrl: origin,
    organization,
    nav,
    subprocessors,
    feeds,
    pdf: options.pdf ?? false,
  };
}

const rank = (listed: string[], document: string): number => (listed.includes(document) ? listed.indexOf(document) : listed.length);

/**
 * One document's section of the site: its published versions (as of the
 * site's instant), every pair compared, its notices, and its feed entries.
 * Null when nothing of it is published yet.
 */
async function siteDocument(policy: Policy, options: SiteOptions, origin: string, organization: Organization | null, amendments: Map<string, ReturnType<typeof diffVersions>>, feedEntries: FeedEntry[]): Promise<SiteDocument | null> {
  const document = policy.document;
  // As of the site's instant: versions not yet published do not exist for the public.
  const published = publishedVersions(policy).filter((v) => Date.parse(`${v.published}T00:00:00Z`) <= options.asOf);
  if (published.length === 0) return null;
  const current = versionInForce({ versions: published }, options.asOf) ?? null;
  const upcoming = published.find((v) => effectiveInstant(v) > options.asOf) ?? null;
  const page = (v: string) => `/${document}/${v}/`;
  const versions: SiteVersion[] = published.map((v, i) => {
    // The published JSON is the one description of a version; the page adds its HTML and neighbours.
    // Until the next version published as of the site's instant: a later one not yet announced stays unknown (review: its date leaked).
    const json = publishedVersion({ ...policy, versions: published }, v);
    const { version, title, effective, published: publishedOn, material, summary, interpretations, inForce } = json;
    return {
      document,
      version,
      title: publicText(title),
      audience: v.audience === null ? null : publicText(v.audience),
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
      pdf: options.pdf ? `/${document}/${version}.pdf` : null,
      running: `${publicText(title)} · version ${version} · in force from ${dayText(inForce.from)}${inForce.until ? ` until ${dayText(inForce.until)}` : ''} (00:00 UTC) · ${origin}${page(version)}`,
      json,
    };
  });

  const notices = new Map<string, { markdown: string; html: string }>();
  for (const v of published) {
    const notice = await noticeOf(options.policy, document, v);
    if (notice) notices.set(v.version, notice);
  }
  const changes: SiteChange[] = [];
  for (let i = 0; i < published.length; i++) {
    for (let j = i + 1; j < published.length; j++) {
      const [a, b] = [published[i]!, published[j]!];
      const amendment = diffVersions(a, b, ruleKinds);
      const range = `${a.version}...${b.version}`;
      amendments.set(`${origin}/${document}/changes/${range}/`, amendment);
      const context: RedlineContext = { from: a, to: b, href: page, declaredMaterial: declaredMaterial(amendment, published.slice(i + 1, j)) === true, fullText: `/${document}/changes/${range}/full/`, organization };
      const full = renderFullTextRedline(context);
      changes.push({
        document,
        from: a.version,
        to: b.version,
        range,
        consecutive: j === i + 1,
        effective: b.effective,
        published: b.published,
        material: amendment.materiality.material || context.declaredMaterial === true,
        reasons: plainReasons(amendment, context).map(publicText),
        html: publicText(renderChangesHtml(amendment, context)),
        fullHtml: publicText(full.html),
        changedBlocks: full.changes,
        noticeHtml: j === i + 1 ? (notices.get(b.version)?.html ?? null) : null,
        steps: published.slice(i + 1, j).map((v) => v.version),
      });
    }
  }
  const title = publicText(policy.title);
  for (const c of changes.filter((x) => x.consecutive)) {
    feedEntries.push({
      title: `${title} version ${c.to}: takes effect on ${dayText(c.effective)}`,
      id: `${origin}/${document}/changes/${c.range}/`,
      link: `${origin}/${document}/changes/${c.range}/`,
      date: `${c.published}T00:00:00Z`,
      summary: publicText(published.find((v) => v.version === c.to)!.summary),
      // Legal's notice, with links that work in a reader; without one, the reasons in plain words.
      html: notices.has(c.to)
        ? publicText(renderMarkdownHtml(notices.get(c.to)!.markdown, { base: `${origin}/${document}/changes/${c.range}/` }))
        : toHtml([h('p', c.material ? 'A material change.' : 'Not a material change.'), ...(c.reasons.length ? [h('ul', c.reasons.map((r) => h('li', r)))] : [])]),
      category: { term: document, label: title },
    });
  }
  const latest = published[published.length - 1]!;
  return { document, title, audience: latest.audience === null ? null : publicText(latest.audience), current: current?.version ?? null, upcoming: upcoming?.version ?? null, versions, changes };
}

/** Feed entries for the registry: each announcement, engagement to come, and end, dated by its instant. */
function subprocessorEntries(entries: SiteSubprocessor[], origin: string, asOf: number): FeedEntry[] {
  const out: FeedEntry[] = [];
  for (const s of entries) {
    const who = s.legalName ? `${s.legalName} (${s.name})` : s.name;
    const link = `${origin}/subprocessors/#${s.anchor}`;
    if (s.noticeSentAt !== null && Date.parse(dayInstant(s.noticeSentAt)) <= asOf) {
      out.push({
        title: `New sub-processor: ${who}, ${s.categoryLabel}`,
        id: `${link}/announced`,
        link,
        date: dayInstant(s.noticeSentAt),
        summary: `${who} (${s.categoryLabel}${s.purpose ? `: ${s.purpose}` : ''}) processes personal data from ${dayText(s.engagedAt)}${s.objectionDeadline ? `; you may object until ${dayText(s.objectionDeadline)}` : ''}.`,
        category: { term: 'subprocessors', label: 'Sub-processors' },
      });
    }
    if (s.disengagedAt !== null && Date.parse(dayInstant(s.disengagedAt)) <= asOf) {
      out.push({ title: `Former sub-processor: ${who}`, id: `${link}/ended`, link, date: dayInstant(s.disengagedAt), summary: `${who} no longer processes personal data since ${dayText(s.disengagedAt)}.`, category: { term: 'subprocessors', label: 'Sub-processors' } });
    }
  }
  return out;
}

/** The published change notice of a version (legal's text), rendered; a draft stays in the repository. */
async function noticeOf(policyDir: string, document: string, version: PolicyVersion): Promise<{ markdown: string; html: string } | null> {
  const path = join(policyDir, document, `${version.version}.notice.md`);
  if (!existsSync(path)) return null;
  const markdown = await readFile(path, 'utf8');
  if (!noticePublished(markdown)) return null;
  // Shown under the changes page's h2 "Change notice": the notice's own outline starts at h3.
  return { markdown, html: publicText(renderMarkdownHtml(markdown, { topHeading: 3 })) };
}
