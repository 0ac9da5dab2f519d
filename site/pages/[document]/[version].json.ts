import type { APIRoute } from 'astro';
import { versionPaths } from '../_paths.ts';
import type { CollectionEntry } from 'astro:content';

export const getStaticPaths = versionPaths;

/** The machine-readable version (schemas/published-version.schema.json). */
export const GET: APIRoute = ({ props }) => {
  const { entry } = props as { entry: CollectionEntry<'versions'> };
  return new Response(`${JSON.stringify(entry.data.json, null, 2)}\n`, { headers: { 'Content-Type': 'application/json' } });
};
