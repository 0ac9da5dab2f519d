import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { schemaDir } from '../../lib/options.ts';

export function getStaticPaths() {
  return readdirSync(schemaDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((file) => ({ params: { name: file.replace(/\.json$/, '') }, props: { file } }));
}

/** Every JSON Schema of codicil's file formats, at a stable URL. */
export const GET: APIRoute = ({ props }) => new Response(readFileSync(join(schemaDir, (props as { file: string }).file), 'utf8'), { headers: { 'Content-Type': 'application/schema+json' } });
