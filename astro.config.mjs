// The public site's Astro settings, for `npm run preview`. `codicil build`
// builds the site itself (engine/cli/build.ts) with the same settings and
// hands the pages their data through codicil's integration.
import { defineConfig } from 'astro/config';
import { SITE_CONFIG } from './engine/cli/site-integration.ts';

export default defineConfig({
  ...SITE_CONFIG,
  srcDir: './site',
  outDir: './dist/site',
});
