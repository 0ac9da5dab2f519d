import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';

/** Atom feed of sub-processor changes only. */
export const GET: APIRoute = async () => new Response((await getEntry('site', 'site'))!.data.feeds.subprocessors.atom, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
