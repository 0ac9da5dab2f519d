/**
 * Atom (RFC 4287) and RSS 2.0 feeds, written with xmlbuilder2 so that every
 * string is escaped for XML. Titles and summaries are plain text
 * (`type="text"`): a title such as `<img onerror=…>` reaches a feed reader
 * as those characters, never as markup. Only `content` is HTML, and only
 * HTML the engine rendered and sanitized, escaped as text (never CDATA, which
 * a `]]>` in the data could end).
 */
import { create } from 'xmlbuilder2';
import { toHtml } from 'hast-util-to-html';
import { publicText } from './text.ts';

/** One feed entry. All URLs absolute. */
export interface FeedEntry {
  /** Permanent, unique IRI of the entry. */
  id: string;
  /** Plain text. */
  title: string;
  /** The page a reader opens. */
  link: string;
  /** RFC 3339 instant the entry was published (also its `updated`). */
  date: string;
  /** Plain text. */
  summary: string;
  /** Sanitized HTML with absolute links, or undefined. */
  html?: string;
  /** A category term and its label (plain text). */
  category?: { term: string; label: string };
}

/** A feed: what it is, where it lives, who publishes it. All URLs absolute. */
export interface FeedChannel {
  /** Permanent IRI of the feed. */
  id: string;
  title: string;
  subtitle: string;
  /** The readable page for the feed's subscribers. */
  page: string;
  /** The Atom document's own URL. */
  atom: string;
  /** The RSS document's own URL. */
  rss: string;
  author: { name: string; uri?: string; email?: string };
  /** Instant of the newest entry (RFC 3339); the feed is dated by its data, never the clock. */
  updated: string;
  rights?: string;
}

/** Options xmlbuilder2 needs so that no forbidden character reaches the document. */
const XML = { version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' } as const;
/**
 * A string for xmlbuilder2. It escapes `<` and `>` but leaves an `&` that
 * starts an entity reference alone (`&lt;` stays `&lt;`, which a reader then
 * decodes to `<`): every `&` is escaped here first, so the document says
 * exactly the characters given.
 */
const x = (text: string): string => publicText(text).replace(/&/g, '&amp;');
const rfc3339 = (iso: string): string => new Date(iso).toISOString().replace(/\.000Z$/, 'Z');
const rfc822 = (iso: string): string => new Date(iso).toUTCString().replace(/GMT$/, '+0000');

/**
 * The Atom document of a feed.
 *
 * @param channel the feed's description.
 * @param entries newest first.
 * @returns Atom XML valid per RFC 4287.
 */
export function atomFeed(channel: FeedChannel, entries: FeedEntry[]): string {
  const feed = create(XML).ele('http://www.w3.org/2005/Atom', 'feed', { 'xml:lang': 'en' });
  feed.ele('id').txt(x(channel.id));
  feed.ele('title', { type: 'text' }).txt(x(channel.title));
  feed.ele('subtitle', { type: 'text' }).txt(x(channel.subtitle));
  feed.ele('updated').txt(rfc3339(channel.updated));
  const author = feed.ele('author');
  author.ele('name').txt(x(channel.author.name));
  if (channel.author.uri) author.ele('uri').txt(x(channel.author.uri));
  if (channel.author.email) author.ele('email').txt(x(channel.author.email));
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: x(channel.atom) });
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: x(channel.page) });
  if (channel.rights) feed.ele('rights', { type: 'text' }).txt(x(channel.rights));
  for (const e of entries) {
    const entry = feed.ele('entry');
    entry.ele('id').txt(x(e.id));
    entry.ele('title', { type: 'text' }).txt(x(e.title));
    entry.ele('published').txt(rfc3339(e.date));
    entry.ele('updated').txt(rfc3339(e.date));
    entry.ele('link', { rel: 'alternate', type: 'text/html', href: x(e.link) });
    if (e.category) entry.ele('category', { term: x(e.category.term), label: x(e.category.label) });
    entry.ele('summary', { type: 'text' }).txt(x(e.summary));
    if (e.html !== undefined) entry.ele('content', { type: 'html' }).txt(x(e.html));
  }
  return `${feed.end({ prettyPrint: true })}\n`;
}

/**
 * The RSS 2.0 document of a feed.
 *
 * @param channel the feed's description.
 * @param entries newest first.
 * @returns RSS 2.0 XML (with atom:link rel=self, as the RSS Advisory Board recommends).
 */
export function rssFeed(channel: FeedChannel, entries: FeedEntry[]): string {
  const rss = create(XML).ele('rss', { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' });
  const ch = rss.ele('channel');
  ch.ele('title').txt(x(channel.title));
  ch.ele('link').txt(x(channel.page));
  ch.ele('description').txt(x(channel.subtitle));
  ch.ele('language').txt('en');
  ch.ele('lastBuildDate').txt(rfc822(channel.updated));
  if (channel.rights) ch.ele('copyright').txt(x(channel.rights));
  ch.ele('atom:link', { href: x(channel.rss), rel: 'self', type: 'application/rss+xml' });
  for (const e of entries) {
    const item = ch.ele('item');
    item.ele('title').txt(x(e.title));
    item.ele('link').txt(x(e.link));
    item.ele('guid', { isPermaLink: 'false' }).txt(x(e.id));
    item.ele('pubDate').txt(rfc822(e.date));
    if (e.category) item.ele('category').txt(x(e.category.label));
    // RSS readers render description as HTML: give them sanitized HTML, or the summary escaped as text.
    item.ele('description').txt(x(e.html ?? toHtml({ type: 'text', value: e.summary })));
  }
  return `${rss.end({ prettyPrint: true })}\n`;
}

