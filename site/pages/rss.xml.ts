import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';

/** RSS 2.0 feed of every change. */
export const GET: APIRoute = async () => new Response((await getEntry('site', 'site'))!.data.feeds.all.rss, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
