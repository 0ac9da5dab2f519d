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

/** Every version of every document (id `document@version`), its HTML stored as rendered content. */
export const versionsLoader: Loader = {
  name: 'codicil-versions',
  async load({ store }) {
    store.clear();
    for (const document of (await site()).documents) {
      for (const { html, ...data } of document.versions) store.set({ id: `${data.document}@${data.version}`, data: plain(data), rendered: { html } });
    }
  },
};

/** Amendments between every two versions of each document (id `document@from...to`: located redline, full text, notice). */
export const changesLoader: Loader = {
  name: 'codicil-changes',
  async load({ store }) {
    store.clear();
    for (const document of (await site()).documents) for (const change of document.changes) store.set({ id: `${change.document}@${change.range}`, data: plain(change) });
  },
};

/** The documents (id: the document): title, audience, the version in force and the upcoming one. */
export const documentsLoader: Loader = {
  name: 'codicil-documents',
  async load({ store }) {
    store.clear();
    for (const { versions: _v, changes: _c, ...document } of (await site()).documents) store.set({ id: document.document, data: plain(document) });
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

/** Site-wide facts: owner, documents (in navigation order), as-of, organization, navigation, the sub-processor list's source, feeds. */
export const siteLoader: Loader = {
  name: 'codicil-site',
  async load({ store }) {
    store.clear();
    const { documents, subprocessors, ...meta } = await site();
    const { entries: _e, ...list } = subprocessors;
    store.set({ id: 'site', data: plain({ ...meta, documents: documents.map(({ versions: _v, changes: _c, ...d }) => d), subprocessors: list }) });
  },
};
