/**
 * `codicil build`: the public site, built by Astro from the engine's model.
 */
import { resolve } from 'node:path';
import { replaceOutput } from './output.ts';

/** Options of {@link buildSite}. */
export interface BuildOptions {
  /** Output folder (default dist/site). */
  out?: string;
  policy?: string;
  /** Records folder with the sub-processor registry (default: the project's examples/records); '' for none. */
  records?: string;
  /** The instant the site describes (default now). */
  asOf?: number;
  /** Absolute URL the site is served from (for feeds). */
  siteUrl?: string;
}

/** What {@link buildSite} did: the output folder, or why it refused to touch it. */
export type BuildResult = { ok: true; out: string } | { ok: false; out: string; problem: string };

/**
 * Build the site with Astro (astro.config.mjs, srcDir site/), into a fresh
 * folder that replaces the output only when the output is absent, empty or an
 * earlier build (see {@link replaceOutput}).
 *
 * @param options where from, where to, as of when.
 * @returns the output folder, or why it was refused.
 */
export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const root = new URL('../..', import.meta.url).pathname;
  const out = resolve(options.out ?? 'dist/site');
  const policy = resolve(options.policy ?? 'policy');
  // The default: the example registry (from the project, wherever codicil runs).
  const records = options.records === '' ? '' : options.records === undefined ? resolve(root, 'examples/records') : resolve(options.records);
  // The site's loaders read these: Astro config cannot carry them to the content layer.
  process.env.CODICIL_SCHEMAS = resolve(root, 'schemas');
  process.env.CODICIL_POLICY = policy;
  process.env.CODICIL_RECORDS = records;
  process.env.CODICIL_AS_OF = new Date(options.asOf ?? Date.now()).toISOString();
  if (options.siteUrl) process.env.CODICIL_SITE_URL = options.siteUrl;
  const keep = { 'the policy folder': policy, ...(records ? { 'the records folder': records } : {}), 'the working directory': process.cwd(), 'codicil itself': root };
  const problem = await replaceOutput(out, keep, async (dir) => {
    const { build } = await import('astro');
    // Astro resolves its own packages from the working directory: build from the project.
    const cwd = process.cwd();
    process.chdir(root);
    try {
      // 'error': Astro warns about an empty collection (a policy with one version has no changes), which is expected.
      await build({ root, outDir: dir, logLevel: 'error', telemetry: false } as Parameters<typeof build>[0]);
    } finally {
      process.chdir(cwd);
    }
  });
  return problem === null ? { ok: true, out } : { ok: false, out, problem };
}
