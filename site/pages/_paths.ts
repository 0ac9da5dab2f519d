/**
 * The static paths of the pages every document has (`/<document>/…`): one
 * page per document, per version, or per pair of versions compared. (A file
 * whose name starts with `_` is no page: Astro leaves it out of the routes.)
 */
import { getCollection } from 'astro:content';

/** One page per document: `/<document>/`, `/<document>/versions/`, `/<document>/changes/`. */
export async function documentPaths() {
  return (await getCollection('documents')).map((entry) => ({ params: { document: entry.id }, props: { entry } }));
}

/** One page per version of a document: `/<document>/<version>/` (and its JSON). */
export async function versionPaths() {
  return (await getCollection('versions')).map((entry) => ({ params: { document: entry.data.document, version: entry.data.version }, props: { entry } }));
}

/** One page per pair of versions of a document: `/<document>/changes/<from>...<to>/` (and its full text). */
export async function changePaths() {
  return (await getCollection('changes')).map((entry) => ({ params: { document: entry.data.document, range: entry.data.range }, props: { entry } }));
}
