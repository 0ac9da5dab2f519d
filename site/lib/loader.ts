/**
 * Astro content loaders built on the engine: the policy is parsed and
 * rendered by codicil (unified/remark), never by Astro's Markdown processor,
 * so the public reads exactly what CI checks.
 */
import type { Loader } from 'astro/loaders';
import type { SiteModel } from '../../engine/site/model.ts';
import { siteModel } from './options.ts';

// Computed by the engine in `codicil build`, before Astro runs.
const site = async (): Promise<SiteModel> => siteModel();
/** Content entries must be plain JSON. */
const plain = <T>(value: T): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** Versions of the document, their HTML stored as rendered content. */
export const versionsLoader: Loader = {
  name: 'codicil-versions',
  async load({ store }) {
    store.clear();
    for (const { html, ...data } of (await site()).versions) store.set({ id: data.version, data: plain(data), rendered: { html } });
  },
};

/** Amendments between every two versions (located redline, full text, notice). */
export const changesLoader: Loader = {
  name: 'codicil-changes',
  async load({ store }) {
    store.clear();
    for (const change of (await site()).changes) store.set({ id: change.range, data: plain(change) });
  },
};

/** The sub-processor registry's entries (empty without a registry). */
export const subprocessorsLoader: Loader = {
  name: 'codicil-subprocessors',
  async load({ store }) {
    store.clear();
    for (const s of (await site()).subprocessors.entries) store.set({ id: s.anchor, data: plain(s) });
  },
};

/** Site-wide facts: document, as-of, organization, navigation, current and upcoming versions, the sub-processor list's source, feeds. */
export const siteLoader: Loader = {
  name: 'codicil-site',
  async load({ store }) {
    store.clear();
    const { versions: _v, changes: _c, subprocessors, ...meta } = await site();
    const { entries: _e, ...list } = subprocessors;
    store.set({ id: 'site', data: plain({ ...meta, subprocessors: list }) });
  },
};
