/**
 * `codicil build`: the public site, built by Astro from the engine's model.
 * Everything the user names resolves against the working directory; only
 * the site's sources come from codicil's own folder, and nothing is written
 * there (Astro's caches go to a throwaway folder).
 */
import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { makeTemporaryFolder, removeTemporaryFolder } from '../io/temporary.ts';
import { buildSiteModel } from '../site/model.ts';
import { DEFAULT_CHROMIUM, finishSite } from '../site/finish.ts';
import { schemaDir } from '../schemas/validator.ts';
import { replaceOutput } from './output.ts';
import { packageRoot } from './package-root.ts';
import { codicilSite, SITE_CONFIG, type SiteData } from './site-integration.ts';

export { DEFAULT_SITE_URL } from '../site/model.ts';

/** Options of {@link buildSite}; folders are relative to the working directory. */
export interface BuildOptions {
  /** Output folder (default dist/site). */
  out?: string;
  /** Policy folder (default policy). */
  policy?: string;
  /** Records folder with the sub-processor registry (default none: the real site never publishes example records; the site lists what the DPA names). */
  records?: string;
  /** Publish a registry that breaches the DPA's sub-processor clauses, marking every breach (default: the build fails). */
  publishBreaches?: boolean;
  /** Chromium that prints each version's PDF (default /usr/bin/chromium when present); null for no PDFs. */
  chromium?: string | null;
  /** The instant the site describes (default now). */
  asOf?: number;
  /** Absolute URL the site is served from (default: siteUrl of policy/organization.yaml, else {@link DEFAULT_SITE_URL}). */
  siteUrl?: string;
}

/** What {@link buildSite} did: the output folder, or why it refused to touch it. */
export type BuildResult = { ok: true; out: string } | { ok: false; out: string; problem: string };

/**
 * Run Astro on codicil's site sources with the given data. Astro writes
 * generated types and caches under its root, and its prerender chunks under
 * the working directory unless the output is inside it: both are a
 * throwaway folder for the build (its node_modules points at the folder Astro
 * is installed in, so the chunks find Astro's packages) — never codicil's
 * own folder, never the user's.
 */
async function astroBuild(outDir: string, data: SiteData): Promise<void> {
  const { build } = await import('astro');
  const root = await makeTemporaryFolder(tmpdir(), 'codicil-site-');
  const cwd = process.cwd();
  try {
    const astro = createRequire(import.meta.url).resolve('astro/package.json');
    // A junction on Windows needs no privilege; elsewhere the type is ignored.
    await symlink(dirname(dirname(astro)), join(root, 'node_modules'), 'junction');
    // Every path below is absolute: the working directory only decides where Astro puts its chunks.
    process.chdir(root);
    // Astro's build() records a telemetry event without awaiting it, whatever its config says
    // (it has no telemetry key): that creates ~/.config/astro/config.json, telemetry enabled
    // and an anonymous id, and where $HOME cannot be written its rejection went unhandled
    // (review: a stack trace and exit 1). Astro's only switch besides `astro telemetry disable`
    // (which writes that file) is ASTRO_TELEMETRY_DISABLED, read as the event is recorded: set
    // for this call only, so the rest of the process and the programs it starts keep the
    // user's environment.
    const telemetry = process.env.ASTRO_TELEMETRY_DISABLED;
    process.env.ASTRO_TELEMETRY_DISABLED = '1';
    try {
      await build({
        ...SITE_CONFIG,
        configFile: false,
        root,
        srcDir: join(packageRoot(), 'site'),
        publicDir: join(root, 'public'),
        cacheDir: join(root, 'cache'),
        outDir,
        integrations: [codicilSite(data)],
        vite: { cacheDir: join(root, 'vite') },
        // 'error': Astro warns about an empty collection (a policy with one version has no changes), which is expected.
        logLevel: 'error',
      });
    } finally {
      if (telemetry === undefined) delete process.env.ASTRO_TELEMETRY_DISABLED;
      else process.env.ASTRO_TELEMETRY_DISABLED = telemetry;
    }
  } finally {
    process.chdir(cwd);
    await removeTemporaryFolder(root);
  }
}

/**
 * Build the site: the engine computes the site model, Astro renders it into
 * a fresh folder, which replaces the output only when the output is absent,
 * empty or an earlier build (see {@link replaceOutput}).
 *
 * @param options where from, where to, as of when.
 * @returns the output folder, or why it was refused.
 * @throws when the policy or the records are invalid (nothing is built, the output is left as it was).
 */
export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const out = resolve(options.out ?? 'dist/site');
  const policy = resolve(options.policy ?? 'policy');
  const records = options.records ? resolve(options.records) : undefined;
  const chromium = options.chromium !== undefined ? options.chromium : existsSync(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : null;
  const inputs = { 'the policy folder': policy, ...(records ? { 'the records folder': records } : {}) };
  const keep = { 'the working directory': process.cwd(), 'codicil itself': packageRoot() };
  const problem = await replaceOutput(out, keep, inputs, async (dir) => {
    const model = await buildSiteModel({ policy, ...(records ? { records } : {}), asOf: options.asOf ?? Date.now(), ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}), publishBreaches: options.publishBreaches ?? false, pdf: chromium !== null });
    await astroBuild(dir, { model, schemaDir });
    await finishSite(dir, model, chromium);
  });
  return problem === null ? { ok: true, out } : { ok: false, out, problem };
}
