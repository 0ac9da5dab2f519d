/**
 * `codicil build`: the public site, built by Astro from the engine's model.
 */
import { resolve } from 'node:path';

/** Options of {@link buildSite}. */
export interface BuildOptions {
  /** Output folder (default dist/site). */
  out?: string;
  policy?: string;
  /** Records folder with the sub-processor registry (default none: the site lists what the DPA names). */
  records?: string;
  /** Publish a registry that breaches the DPA's sub-processor clauses, marking every breach (default: fail). */
  publishBreaches?: boolean;
  /** Chromium that prints each version's PDF (default /usr/bin/chromium when present); null for no PDFs. */
  chromium?: string | null;
  /** The instant the site describes (default now). */
  asOf?: number;
  /** Absolute URL the site is served from (for feeds). */
  siteUrl?: string;
}

/**
 * Build the site with Astro (astro.config.mjs, srcDir site/).
 *
 * @param options where from, where to, as of when.
 * @returns the output folder.
 */
export async function buildSite(options: BuildOptions = {}): Promise<string> {
  const root = new URL('../..', import.meta.url).pathname;
  const out = resolve(options.out ?? 'dist/site');
  // The site's loaders read these: Astro config cannot carry them to the content layer.
  process.env.CODICIL_SCHEMAS = resolve(root, 'schemas');
  process.env.CODICIL_POLICY = resolve(options.policy ?? 'policy');
  // No default registry: the real site never publishes example records.
  process.env.CODICIL_RECORDS = options.records ? resolve(options.records) : '';
  process.env.CODICIL_PUBLISH_BREACHES = options.publishBreaches ? '1' : '';
  if (options.chromium !== undefined) process.env.CODICIL_CHROMIUM = options.chromium ?? '';
  else delete process.env.CODICIL_CHROMIUM;
  process.env.CODICIL_AS_OF = new Date(options.asOf ?? Date.now()).toISOString();
  if (options.siteUrl) process.env.CODICIL_SITE_URL = options.siteUrl;
  const { build } = await import('astro');
  // Astro resolves its own packages from the working directory: build from the project.
  const cwd = process.cwd();
  process.chdir(root);
  try {
    // 'error': Astro warns about an empty collection (a policy with one version has no changes), which is expected.
    await build({ root, outDir: out, logLevel: 'error', telemetry: false } as Parameters<typeof build>[0]);
  } finally {
    process.chdir(cwd);
  }
  return out;
}
