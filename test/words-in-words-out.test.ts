// Words in = words out: for every version of every document of every policy
// folder codicil ships or tests with, the words of the source — the file as
// any CommonMark + GFM renderer with raw HTML shows it, codicil's marks
// reduced to their words — are exactly the words of the published page
// (renderVersionHtml, which the site and the PDF print) and of the model's
// plain text (what clauses, diffs and search read). Nothing is dropped,
// nothing is added. The only differences are the ones codicil makes on
// purpose, each removed explicitly below: page furniture is not published;
// a :fact prints the organization's fact (or its passage is left out when
// the fact is unknown); the ¶ citation links, note markers and
// interpretation notes are codicil's own words.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkDirective from 'remark-directive';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeParse from 'rehype-parse';
import type { Nodes as MdastNodes, Parents, Root as MdastRoot } from 'mdast';
import type { Nodes as HastNodes, Root as HastRoot } from 'hast';
import { describe, expect, it } from 'vitest';
import { loadPolicy, renderVersionHtml, type PolicyVersion } from '../engine/index.ts';
import { factValue, loadOrganization } from '../engine/model/organization.ts';
import type { Organization } from '../engine/generated/organization.ts';
import { root } from './helpers.ts';

/** Every policy folder: the bundled DPA, the amendment history, and the fixture policies with several documents. */
const folders = [
  'policy',
  'examples/amendments/policy',
  ...readdirSync(join(root, 'test', 'fixtures', 'documents'))
    .map((name) => join('test', 'fixtures', 'documents', name))
    .filter((path) => statSync(join(root, path)).isDirectory()),
];

/** Elements that do not separate words (inline); every other element boundary does. */
const INLINE = new Set(['a', 'abbr', 'b', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'ins', 'mark', 'q', 's', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'u', 'font', 'tt', 'kbd', 'var', 'samp']);

/** The words of a hast tree: text split at white space and at the boundaries of block elements. */
function words(tree: HastNodes): string[] {
  let text = '';
  const walk = (node: HastNodes) => {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'element') {
      const boundary = !INLINE.has(node.tagName);
      if (boundary) text += ' ';
      for (const child of node.children) walk(child);
      if (boundary) text += ' ';
    } else if (node.type === 'root') for (const child of node.children) walk(child);
  };
  walk(tree);
  return text.split(/\s+/).filter(Boolean);
}

const isDirective = (node: MdastNodes): node is Extract<MdastNodes, { type: 'textDirective' | 'containerDirective' | 'leafDirective' }> =>
  node.type === 'textDirective' || node.type === 'containerDirective' || node.type === 'leafDirective';

/**
 * The source as a reader of the file sees it, rendered by a plain Markdown
 * renderer: every codicil mark becomes its words (labels and contents kept,
 * markers gone).
 */
function sourceTree(version: PolicyVersion, organization: Organization | null, published: boolean): HastRoot {
  const tree = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).parse(fileText(version)) as MdastRoot;
  const flatten = (parent: Parents) => {
    const out: MdastNodes[] = [];
    for (const child of parent.children as MdastNodes[]) {
      if (child.type === 'yaml') continue;
      if (isDirective(child)) {
        // Deliberate, documented differences of the published page.
        if (published && child.name === 'furniture') continue;
        if (published && child.name === 'fact') {
          const value = factValue(organization, child.attributes?.name ?? '');
          if (value === null) throw new UnknownFact();
          continue; // The page prints the organization's fact in place of these words (not compared).
        }
        flatten(child);
        out.push(...(child.children as MdastNodes[]));
        continue;
      }
      if ('children' in child) {
        try {
          flatten(child as Parents);
        } catch (error) {
          // A passage stating an unknown fact is left out, whole (the list item or paragraph).
          if (error instanceof UnknownFact && (child.type === 'listItem' || child.type === 'paragraph')) continue;
          throw error;
        }
      }
      out.push(child);
    }
    (parent as { children: MdastNodes[] }).children = out;
  };
  flatten(tree);
  const hast = unified().use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw).runSync(tree) as HastRoot;
  return hast;
}

class UnknownFact extends Error {}

const texts = new Map<string, string>();
const fileText = (version: PolicyVersion): string => texts.get(version.file)!;

/** The published page's words: codicil's own additions and the organization's facts taken out. */
function publishedTree(version: PolicyVersion, organization: Organization | null): HastRoot {
  const html = renderVersionHtml(version, { organization, cite: 'https://legal.example.com/x/' });
  const tree = unified().use(rehypeParse, { fragment: true }).parse(html) as HastRoot;
  const prune = (node: HastRoot | Extract<HastNodes, { type: 'element' }>) => {
    node.children = node.children.filter((child) => {
      if (child.type !== 'element') return true;
      const classes = ([] as unknown[]).concat(child.properties.className ?? []);
      if (classes.some((c) => c === 'cite' || c === 'note-ref' || c === 'interpretation')) return false;
      if (child.properties.dataFact !== undefined) return false;
      prune(child);
      return true;
    }) as typeof node.children;
  };
  prune(tree);
  return tree;
}

describe('words in = words out', async () => {
  const cases: [string, PolicyVersion, Organization | null][] = [];
  for (const folder of folders) {
    const { policy, failed } = await loadPolicy(join(root, folder));
    if (failed) throw new Error(`${folder} does not load cleanly`);
    const { organization } = await loadOrganization(policy);
    for (const version of policy.versions) {
      texts.set(version.file, readFileSync(version.file, 'utf8'));
      cases.push([`${folder}: ${version.document}@${version.version}`, version, organization]);
    }
  }

  it('covers every version of every document of the policy folders', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(new Set(cases.map(([name]) => name.split(':')[0])).size).toBe(folders.length);
  });

  it.each(cases)('%s: the published page has exactly the words of the source', (_name, version, organization) => {
    expect(words(publishedTree(version, organization))).toEqual(words(sourceTree(version, organization, true)));
  });

  it.each(cases)('%s: the model reads exactly the words of the source', (_name, version) => {
    expect(version.plainText.split(/\s+/).filter(Boolean)).toEqual(words(sourceTree(version, null, false)));
  });
});
