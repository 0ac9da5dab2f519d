/**
 * `codicil build`: the public site.
 */
import { errors } from '../../errors/catalogue.ts';
import { parseAsOf } from '../as-of.ts';
import { buildSite, DEFAULT_SITE_URL } from '../build.ts';
import { DEFAULT_CHROMIUM } from '../../site/finish.ts';
import { defineCommand } from '../define.ts';
import { asOfOption, policyOption } from '../options.ts';
import { usageError } from '../usage.ts';
import { executableProblem } from '../../io/executable.ts';
import { stopping } from '../../io/temporary.ts';

export default defineCommand({
  name: 'build',
  summary: 'build the public site (default dist/site)',
  usage: 'build [--out DIR] [--policy DIR] [--records DIR] [--as-of T] [--site-url URL] [--publish-breaches] [--chromium PATH | --no-pdf]',
  options: [
    { name: 'out', type: 'string', value: 'DIR', description: 'the output folder (default: dist/site); replaced only when new, empty or an earlier build' },
    policyOption,
    { name: 'records', type: 'string', value: 'DIR', description: 'the records folder with the sub-processor registry (default: none; the site lists what the DPA names)' },
    { ...asOfOption, description: 'the instant the site describes (which version is current); default now' },
    { name: 'site-url', type: 'string', value: 'URL', description: `the absolute URL the site is served from (default: siteUrl in the policy's organization.yaml, else ${DEFAULT_SITE_URL})` },
    { name: 'publish-breaches', type: 'boolean', description: 'publish a registry that breaches the DPA, marking every breach (default: the build fails with the findings)' },
    { name: 'chromium', type: 'string', value: 'PATH', validate: (v) => executableProblem('--chromium', v), description: `the Chromium or Chrome that prints each version's PDF (default: ${DEFAULT_CHROMIUM} when installed)` },
    { name: 'no-pdf', type: 'boolean', description: 'no PDF of each version (default: printed when Chromium is installed)' },
  ],
  details: 'Exit codes: 0 built, 2 invalid policy or records, a registry that breaches the DPA (without --publish-breaches), or an output folder codicil did not write.',
  async run(values, _positionals, io) {
    if (values['no-pdf'] && values.chromium !== undefined) return usageError(io, '--chromium prints the PDFs that --no-pdf leaves out: give one of them', 'build');
    try {
      const result = await buildSite({
        policy: values.policy,
        ...(values.out !== undefined ? { out: values.out } : {}),
        ...(values.records !== undefined ? { records: values.records } : {}),
        ...(values['as-of'] !== undefined ? { asOf: parseAsOf(values['as-of']) } : {}),
        ...(values['site-url'] !== undefined ? { siteUrl: values['site-url'] } : {}),
        ...(values['publish-breaches'] ? { publishBreaches: true } : {}),
        ...(values['no-pdf'] ? { chromium: null } : values.chromium !== undefined ? { chromium: values.chromium } : {}),
      });
      if (!result.ok) {
        io.stderr(`codicil build: ${errors.outputRefused.message(result.problem)} [${errors.outputRefused.code}]\n${errors.outputRefused.hint(result.problem)}\n`);
        return 2;
      }
      io.stdout(`Built the site in ${result.out}.\nPreview it: npx astro preview --outDir ${result.out} (or any static file server).\n`);
      return 0;
    } catch (error) {
      // Stopped by a signal, the build says nothing: what failed was cut short on purpose (the executable's handler sets the exit code).
      if (stopping()) throw error;
      io.stderr(`codicil build: ${(error as Error).message}\n`);
      return 2;
    }
  },
});
