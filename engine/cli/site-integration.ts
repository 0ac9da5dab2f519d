/**
 * The Astro integration of codicil's site: it hands the site the data the
 * engine computed (the site model and the schemas folder) as a virtual
 * module, `virtual:codicil/site`. The site then imports no engine code at
 * all: it renders what the engine computed, in the same process, so the
 * public reads what CI checks — and Astro never bundles the engine, which
 * keeps it working when codicil is installed in node_modules.
 */
import type { AstroIntegration } from 'astro';
import type { SiteModel } from '../site/model.ts';

/** The id the site imports its data from (declared in site/lib/virtual.d.ts). */
export const SITE_MODULE = 'virtual:codicil/site';

/** What the site is given. */
export interface SiteData {
  /** Everything the pages show, from {@link buildSiteModel}. */
  model: SiteModel;
  /** The folder of codicil's JSON Schemas, published under /schemas/. */
  schemaDir: string;
}

/**
 * The integration: a Vite plugin serving {@link SITE_MODULE}.
 *
 * @param data the site's data.
 * @returns the Astro integration.
 */
export function codicilSite(data: SiteData): AstroIntegration {
  const resolved = `\0${SITE_MODULE}`;
  // JSON.parse of a string literal: the model is data, and parsing is faster than evaluating a literal.
  const source = `export const model = JSON.parse(${JSON.stringify(JSON.stringify(data.model))});\nexport const schemaDir = ${JSON.stringify(data.schemaDir)};\n`;
  return {
    name: 'codicil-site',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'codicil-site-data',
                resolveId: (id: string) => (id === SITE_MODULE ? resolved : undefined),
                load: (id: string) => (id === resolved ? source : undefined),
              },
            ],
          },
        });
      },
    },
  };
}

/** The site's Astro settings, shared by `codicil build` and astro.config.mjs (preview). */
export const SITE_CONFIG = {
  trailingSlash: 'always',
  build: { format: 'directory' },
} as const;
