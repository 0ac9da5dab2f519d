/**
 * What the build adds after Astro has written the pages: the search index
 * over every version and, when Chromium is there, each version's PDF.
 */
import type { SiteModel } from './model.ts';
import { buildPdfs } from './pdf.ts';
import { buildSearchIndex } from './search.ts';

/** Where Debian installs Chromium; `codicil build` prints PDFs when it is there. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Write the search index and the PDFs into a built site.
 *
 * @param dir the built site's folder.
 * @param model the model the pages were built from (its origin and versions).
 * @param chromium the Chromium executable, or null for no PDFs (the model then links to none).
 * @returns the number of pages indexed and each PDF's page count.
 */
export async function finishSite(dir: string, model: SiteModel, chromium: string | null): Promise<{ indexed: number; pdfs: { document: string; version: string; pages: number }[] }> {
  const { pages } = await buildSearchIndex(dir);
  const versions = model.documents.flatMap((d) => d.versions.map((v) => ({ document: d.document, version: v.version, published: v.published })));
  const pdfs = chromium && model.pdf ? await buildPdfs({ dir, origin: model.siteUrl, versions, executablePath: chromium }) : [];
  return { indexed: pages, pdfs: pdfs.map(({ document, version, pages: count }) => ({ document, version, pages: count })) };
}
