/**
 * Astro content loaders built on the engine: the policy is parsed and
 * rendered by codicil (unified/remark), never by Astro's Markdown processor,
 * so the public reads exactly what CI checks.
 */
import type { Loader } from 'astro/loaders';
import { buildSiteModel, type SiteModel } from '../../engine/site/model.ts';
import { siteOptions } from './options.ts';

let model: Promise<SiteModel> | undefined;
const site = (): Promise<SiteModel> => (model ??= buildSiteModel(siteOptions()));

/** Versions of the document, their HTML stored as rendered content. */
export const versionsLoader: Loader = {
  name: 'codicil-versions',
  async load({ store }) {
    store.clear();
    for (const { html, ...data } of (await site()).versions) store.set({ id: data.version, data, rendered: { html } });
  },
};

/** Amendments between consecutive versions (structured diff and its HTML). */
export const changesLoader: Loader = {
  name: 'codicil-changes',
  async load({ store }) {
    store.clear();
    for (const change of (await site()).changes) store.set({ id: change.range, data: JSON.parse(JSON.stringify(change)) });
  },
};

/** The sub-processor registry. */
export const subprocessorsLoader: Loader = {
  name: 'codicil-subprocessors',
  async load({ store }) {
    store.clear();
    for (const s of (await site()).subprocessors) store.set({ id: s.anchor, data: { ...s } });
  },
};

/** Site-wide facts: document, as-of, current and upcoming versions, feeds. */
export const siteLoader: Loader = {
  name: 'codicil-site',
  async load({ store }) {
    store.clear();
    const { versions: _v, changes: _c, subprocessors: _s, ...meta } = await site();
    store.set({ id: 'site', data: meta });
  },
};
