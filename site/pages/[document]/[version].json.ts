import type { APIRoute } from 'astro';
import { getCollection, type CollectionEntry } from 'astro:content';

export async function getStaticPaths() {
  return (await getCollection('versions')).map((entry) => ({ params: { document: entry.data.document, version: entry.data.version }, props: { entry } }));
}

/** The machine-readable version (schemas/published-version.schema.json). */
export const GET: APIRoute = ({ props }) => {
  const { entry } = props as { entry: CollectionEntry<'versions'> };
  return new Response(`${JSON.stringify(entry.data.json, null, 2)}\n`, { headers: { 'Content-Type': 'application/json' } });
};
