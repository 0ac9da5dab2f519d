import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';

/** Atom feed of change notices and new sub-processors. */
export const GET: APIRoute = async () => new Response((await getEntry('site', 'site'))!.data.atom, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
