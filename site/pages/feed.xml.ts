import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';

/** Atom feed of every change: new versions with their notices, and sub-processor changes. */
export const GET: APIRoute = async () => new Response((await getEntry('site', 'site'))!.data.feeds.all.atom, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
