// RFC 4287 (Atom) conformance of a feed document, as far as a document can
// show it: the required elements and their cardinality, text constructs,
// dates, absolute IRIs, and the rule that a feed without an author needs one
// on every entry.
import { childrenNamed, parseXml, type XmlElement } from './xml.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
/** RFC 3339 date-time (Atom's Date construct). */
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const absolute = (iri: string): boolean => {
  try {
    return new URL(iri).protocol.length > 1;
  } catch {
    return false;
  }
};

/**
 * The RFC 4287 problems of an Atom document.
 *
 * @param xml the document.
 * @returns one line per problem (empty when the feed conforms).
 */
export function atomProblems(xml: string): string[] {
  const problems: string[] = [];
  let feed: XmlElement;
  try {
    feed = parseXml(xml);
  } catch (error) {
    return [`not well-formed XML: ${(error as Error).message}`];
  }
  if (feed.name !== 'feed' || feed.uri !== ATOM) return [`root is {${feed.uri}}${feed.name}, not atom:feed`];
  const one = (parent: XmlElement, name: string, where: string): XmlElement | undefined => {
    const found = childrenNamed(parent, name, ATOM);
    if (found.length !== 1) problems.push(`${where}: ${found.length} atom:${name} (exactly one required)`);
    return found[0];
  };
  const atMostOne = (parent: XmlElement, name: string, where: string) => {
    const found = childrenNamed(parent, name, ATOM);
    if (found.length > 1) problems.push(`${where}: ${found.length} atom:${name} (at most one allowed)`);
  };
  const text = (element: XmlElement | undefined, where: string) => {
    if (!element) return;
    const type = element.attributes.type ?? 'text';
    if (!['text', 'html', 'xhtml'].includes(type)) problems.push(`${where}: text construct of type ${type}`);
    if (type !== 'xhtml' && element.children.length > 0) problems.push(`${where}: a ${type} construct holds child elements`);
  };
  const date = (element: XmlElement | undefined, where: string) => {
    if (element && !DATE.test(element.text.trim())) problems.push(`${where}: ${JSON.stringify(element.text)} is not an RFC 3339 date-time`);
  };
  const iri = (value: string | undefined, where: string) => {
    if (value === undefined || !absolute(value.trim())) problems.push(`${where}: ${JSON.stringify(value)} is not an absolute IRI`);
  };
  const links = (parent: XmlElement, where: string) => {
    const seen = new Set<string>();
    for (const link of childrenNamed(parent, 'link', ATOM)) {
      iri(link.attributes.href, `${where} link`);
      const rel = link.attributes.rel ?? 'alternate';
      if (rel === 'alternate') {
        const key = `${link.attributes.type ?? ''}|${link.attributes.hreflang ?? ''}`;
        if (seen.has(key)) problems.push(`${where}: two alternate links with the same type and hreflang`);
        seen.add(key);
      }
    }
  };
  const authors = (parent: XmlElement, where: string): number => {
    const found = childrenNamed(parent, 'author', ATOM);
    for (const a of found) if (childrenNamed(a, 'name', ATOM).length !== 1) problems.push(`${where}: author without exactly one atom:name`);
    return found.length;
  };

  iri(one(feed, 'id', 'feed')?.text, 'feed id');
  text(one(feed, 'title', 'feed'), 'feed title');
  date(one(feed, 'updated', 'feed'), 'feed updated');
  for (const name of ['subtitle', 'rights', 'icon', 'logo', 'generator']) atMostOne(feed, name, 'feed');
  text(childrenNamed(feed, 'subtitle', ATOM)[0], 'feed subtitle');
  links(feed, 'feed');
  const self = childrenNamed(feed, 'link', ATOM).filter((l) => l.attributes.rel === 'self');
  if (self.length !== 1) problems.push(`feed: ${self.length} link rel="self" (one expected, RFC 4287 §4.2.7.2 SHOULD)`);
  const feedAuthors = authors(feed, 'feed');
  const ids = new Set<string>();
  childrenNamed(feed, 'entry', ATOM).forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const id = one(entry, 'id', where)?.text.trim();
    iri(id, `${where} id`);
    if (id !== undefined && ids.has(id)) problems.push(`${where}: id ${id} used twice`);
    if (id !== undefined) ids.add(id);
    text(one(entry, 'title', where), `${where} title`);
    date(one(entry, 'updated', where), `${where} updated`);
    for (const name of ['published', 'summary', 'content', 'rights', 'source']) atMostOne(entry, name, where);
    date(childrenNamed(entry, 'published', ATOM)[0], `${where} published`);
    text(childrenNamed(entry, 'summary', ATOM)[0], `${where} summary`);
    links(entry, where);
    const content = childrenNamed(entry, 'content', ATOM)[0];
    const alternate = childrenNamed(entry, 'link', ATOM).some((l) => (l.attributes.rel ?? 'alternate') === 'alternate');
    if (!content && !alternate) problems.push(`${where}: neither atom:content nor an alternate link`);
    if (feedAuthors === 0 && authors(entry, where) === 0) problems.push(`${where}: no author, and the feed has none`);
  });
  return problems;
}
