// The public site: Astro builds it from site/ using the engine's policy model.
// After the pages, the build writes the search index and each version's PDF.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';

/** Pagefind's index and, when Chromium is there, a PDF of every version. */
const searchAndPdf = {
  name: 'codicil-search-and-pdf',
  hooks: {
    'astro:build:done': async ({ dir, logger }) => {
      const out = fileURLToPath(dir);
      const { siteOptions } = await import('./site/lib/options.ts');
      const { buildSearchIndex } = await import('./engine/site/search.ts');
      const options = siteOptions();
      const { pages } = await buildSearchIndex(out);
      logger.info(`search index: ${pages} pages`);
      if (options.chromium) {
        const { buildPdfs } = await import('./engine/site/pdf.ts');
        const versions = readdirSync(`${out}/dpa`)
          .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
          .map((f) => ({ version: f.slice(0, -5), published: JSON.parse(readFileSync(`${out}/dpa/${f}`, 'utf8')).published }));
        const pdfs = await buildPdfs({ dir: out, origin: new URL(options.siteUrl).origin, versions, executablePath: options.chromium });
        logger.info(`PDFs: ${pdfs.map((p) => `${p.version} (${p.pages} pages)`).join(', ')}`);
      }
    },
  },
};

export default defineConfig({
  srcDir: './site',
  outDir: './dist/site',
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [searchAndPdf],
});
