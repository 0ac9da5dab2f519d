// The public site: Astro builds it from site/ using the engine's policy model.
import { defineConfig } from 'astro/config';

export default defineConfig({
  srcDir: './site',
  outDir: './dist/site',
  trailingSlash: 'always',
  build: { format: 'directory' },
});
