/**
 * References between the places of a policy: links within a version
 * (`#annex-1`) and between documents (`/terms/#liability`,
 * `/dpa/1.2.0/#incident.notify-within`). A link that leads nowhere on the
 * site is an error at the link: a legal text that refers to a section that
 * does not exist refers to nothing.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { rawHtmlFragments, type FilePlace } from '../parse/html.ts';
import type { PolicyDocument, PolicyVersion } from './types.ts';

/** Pages of the public site beside the documents (`/subprocessors/` …). */
const SITE_PAGES = new Set(['subprocessors', 'search', 'updates', 'schemas', 'feed.xml', 'rss.xml']);
const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** A link of a version, where it is written. */
interface Link {
  url: string;
  place: FilePlace;
}

/**
 * Every place a link can lead to in a version: section anchors, clause ids,
 * and the ids and names of raw HTML anchors.
 *
 * @param version a parsed version.
 * @returns the anchors.
 */
export function versionAnchors(version: PolicyVersion): Set<string> {
  const anchors = new Set<string>([...version.sections.map((s) => s.anchor), ...version.clauses.map((c) => c.id)]);
  for (const { fragment } of rawHtmlFragments(version.tree)) {
    visit(fragment, 'element', (element) => {
      for (const attribute of ['id', 'name'] as const) {
        const value = element.properties[attribute];
        if (typeof value === 'string' && value !== '') anchors.add(value);
      }
    });
  }
  return anchors;
}

/** The links of a version's text: Markdown links and definitions, and raw HTML `<a href>`. */
function linksOf(tree: Root): Link[] {
  const links: Link[] = [];
  visit(tree, (node) => {
    if ((node.type === 'link' || node.type === 'definition') && node.position) links.push({ url: node.url, place: { line: node.position.start.line, column: node.position.start.column } });
  });
  for (const { fragment, at } of rawHtmlFragments(tree)) {
    visit(fragment, 'element', (element) => {
      const href = element.properties.href;
      if (element.tagName === 'a' && typeof href === 'string') links.push({ url: href, place: at(element.position?.start) });
    });
  }
  return links;
}

/** The version a link to `/<document>/` leads to: the latest published one (the latest draft while none is). */
function landing(document: PolicyDocument): PolicyVersion | undefined {
  return [...document.versions].reverse().find((v) => v.status === 'published') ?? document.versions.at(-1);
}

/**
 * Check every link of every version of a policy's documents: a fragment
 * must name a place of the version it leads to, and a site path must name a
 * document (and version) of the policy or a page of the site.
 *
 * @param documents the policy's documents.
 * @param files the files read, to report on each version's own file.
 */
export function checkReferences(documents: PolicyDocument[], files: VFile[]): void {
  const byId = new Map(documents.map((d) => [d.document, d]));
  const anchorsOf = new Map<PolicyVersion, Set<string>>();
  const anchors = (v: PolicyVersion): Set<string> => {
    let found = anchorsOf.get(v);
    if (!found) anchorsOf.set(v, (found = versionAnchors(v)));
    return found;
  };
  for (const document of documents) {
    for (const version of document.versions) {
      const file = files.find((f) => f.path === version.file);
      if (!file) continue;
      for (const { url, place } of linksOf(version.tree)) {
        const problem = brokenBecause(url, version, document, byId, anchors);
        if (problem) report(file, errors.brokenReference, [url, problem], place);
      }
    }
  }
}

/** A fragment's text, undefined when its percent-encoding is not UTF-8. */
function decodedFragment(fragment: string): string | undefined {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
}

/** Why a link leads nowhere, or null when it leads somewhere (or off the site). */
function brokenBecause(url: string, version: PolicyVersion, document: PolicyDocument, byId: Map<string, PolicyDocument>, anchors: (v: PolicyVersion) => Set<string>): string | null {
  const hash = url.indexOf('#');
  const written = hash === -1 ? null : url.slice(hash + 1);
  // A fragment that is no percent-encoding of text names nothing (review: `#%E0%A4%A` was an internal error);
  // it is judged only where fragments are (off the site, or on a page of the site's own, nothing is).
  const fragment = written === null ? null : decodedFragment(written);
  const invalid = `#${written} is not a valid fragment (a % that encodes no character)`;
  const path = hash === -1 ? url : url.slice(0, hash);
  if (path === '') {
    if (fragment === undefined) return invalid;
    if (!fragment) return null;
    return anchors(version).has(fragment) ? null : `version ${version.version} of ${document.document} has no section, clause or anchor #${fragment}`;
  }
  // Only links into this site are checked: `/…` (a path of the site); anything else leads elsewhere.
  if (!path.startsWith('/') || path.startsWith('//')) return null;
  const [first = '', second = '', ...rest] = path.split('/').slice(1);
  if (first === '' || SITE_PAGES.has(first)) return null;
  const target = byId.get(first);
  if (!target) return `the site has no document ${first} (documents: ${[...byId.keys()].join(', ')})`;
  let lands: PolicyVersion | undefined;
  if (VERSION.test(second) && rest.every((r) => r === '')) {
    lands = target.versions.find((v) => v.version === second);
    if (!lands) return `${first} has no version ${second} (versions: ${target.versions.map((v) => v.version).join(', ') || 'none'})`;
  } else if (second === '' && rest.length === 0) lands = landing(target);
  // Other pages of a document (versions/, changes/…) are the site's; a fragment there is not checked.
  else return null;
  if (fragment === undefined) return invalid;
  if (!fragment || !lands) return null;
  return anchors(lands).has(fragment) ? null : `version ${lands.version} of ${first} has no section, clause or anchor #${fragment}`;
}
