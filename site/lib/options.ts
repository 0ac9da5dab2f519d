import { existsSync } from 'node:fs';
import type { SiteOptions } from '../../engine/site/model.ts';

/** Where Debian installs Chromium; PDFs are built when it is there. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * What the site is built from. `codicil build` sets these (Astro's config
 * cannot carry them to the content layer); the defaults build the real
 * policy with no registry.
 *
 * @returns the site model's options, and the Chromium that prints the PDFs (null: no PDFs).
 */
export function siteOptions(): SiteOptions & { chromium: string | null } {
  const asOf = process.env.CODICIL_AS_OF ? Date.parse(process.env.CODICIL_AS_OF) : Date.now();
  if (Number.isNaN(asOf)) throw new Error(`CODICIL_AS_OF=${process.env.CODICIL_AS_OF} is not a timestamp`);
  const chromium = process.env.CODICIL_CHROMIUM !== undefined ? process.env.CODICIL_CHROMIUM || null : existsSync(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : null;
  return {
    policy: process.env.CODICIL_POLICY ?? 'policy',
    ...(process.env.CODICIL_RECORDS ? { records: process.env.CODICIL_RECORDS } : {}),
    asOf,
    siteUrl: process.env.CODICIL_SITE_URL ?? 'https://legal.studiolm.dev',
    publishBreaches: process.env.CODICIL_PUBLISH_BREACHES === '1',
    pdf: chromium !== null,
    chromium,
  };
}
