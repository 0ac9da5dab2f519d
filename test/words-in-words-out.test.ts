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
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import type { Nodes as HastNodes, Root as HastRoot } from 'hast';
import { describe, expect, it } from 'vitest';
import { loadPolicy, renderVersionHtml, type PolicyVersion } from '../engine/index.ts';
import { loadOrganization } from '../engine/model/organization.ts';
import type { Organization } from '../engine/generated/organization.ts';
import { root } from './helpers.ts';
import { CODICIL_ADDITIONS, sourceTree, words } from './source-words.ts';

/** Every policy folder: the bundled DPA, the amendment history, and the fixture policies (one of several documents). */
const folders = [
  'policy',
  'examples/amendments/policy',
  ...readdirSync(join(root, 'test', 'fixtures', 'documents'))
    .map((name) => join('test', 'fixtures', 'documents', name))
    .filter((path) => statSync(join(root, path)).isDirectory()),
];

/** The published page's words: codicil's own additions and the organization's facts taken out. */
function publishedTree(version: PolicyVersion, organization: Organization | null): HastRoot {
  const html = renderVersionHtml(version, { organization, cite: 'https://legal.example.com/x/' });
  const tree = unified().use(rehypeParse, { fragment: true }).parse(html) as HastRoot;
  const prune = (node: HastRoot | Extract<HastNodes, { type: 'element' }>) => {
    node.children = node.children.filter((child) => {
      if (child.type !== 'element') return true;
      const classes = ([] as unknown[]).concat(child.properties.className ?? []);
      if (classes.some((c) => CODICIL_ADDITIONS.includes(c as string))) return false;
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
    for (const document of policy.documents) {
      for (const version of document.versions) cases.push([`${folder}: ${version.document}@${version.version}`, version, organization]);
    }
  }

  it('covers every version of every document of the policy folders', () => {
    expect(cases.length).toBeGreaterThanOrEqual(11);
    expect(new Set(cases.map(([name]) => name.split(':')[0])).size).toBe(folders.length);
  });

  it.each(cases)('%s: the published page has exactly the words of the source', (_name, version, organization) => {
    expect(words(publishedTree(version, organization))).toEqual(words(sourceTree(version, organization, true)));
  });

  it.each(cases)('%s: the model reads exactly the words of the source', (_name, version) => {
    expect(version.plainText.split(/\s+/).filter(Boolean)).toEqual(words(sourceTree(version, null, false)));
  });
});
