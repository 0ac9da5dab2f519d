/**
 * `codicil init [DIR]`: scaffold a policy repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { initRepository } from '../init.ts';
import { defineCommand } from '../define.ts';
import { packageVersion } from '../package-root.ts';
import { usageError } from '../usage.ts';

/** True when the folder's package.json depends on codicil (so CI's `npm ci` installs it). */
function dependsOnCodicil(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
    return ['dependencies', 'devDependencies'].some((field) => json[field]?.codicil !== undefined);
  } catch {
    return false;
  }
}

/**
 * How to add codicil to the repository, as README says: codicil is not on the
 * npm registry, so `npm install codicil` would fetch an unrelated package of
 * that name. CI's `npm ci` needs the tarball inside the repository.
 */
function installAdvice(): string[] {
  const tarball = `codicil-${packageVersion()}.tgz`;
  return [
    'CI runs `npm ci`: add codicil to package.json there. codicil is not on the npm registry: copy the tarball',
    `\`npm pack\` made (${tarball}) into the repository, install it from there and commit it with package-lock.json:`,
    `  npm install --save-dev ./vendor/${tarball}`,
  ];
}

export default defineCommand({
  name: 'init',
  summary: 'scaffold a policy repository: a DPA template, reference data, example records, CI',
  usage: 'init [DIR] [--missing-only]',
  args: [{ name: 'DIR', description: 'the folder (default: the working directory); created when missing' }],
  options: [
    { name: 'missing-only', type: 'boolean', default: false, description: 'in a folder that is not empty, add only the files that are missing (never overwrites)' },
  ],
  details:
    'Writes policy/dpa/1.0.0.md (a template, status: draft), policy/reference/, policy/tests/, examples/records/,\n' +
    '.github/workflows/policy.yml, .gitignore and README.md. A folder holding only .git, node_modules,\n' +
    'package.json and package-lock.json counts as empty.\n\nExit codes: 0 written, 2 refused (nothing written).',
  async run(values, positionals, io) {
    if (positionals.length > 1) return usageError(io, `init takes one folder, not ${positionals.length}`, 'init');
    const result = await initRepository({ ...(positionals[0] !== undefined ? { dir: positionals[0] } : {}), missingOnly: values['missing-only'] });
    if (!result.ok) {
      io.stderr(`codicil init: ${result.problem}\n`);
      return 2;
    }
    const rel = relative(process.cwd(), result.dir);
    const where = rel === '' ? '.' : rel.startsWith('..') ? result.dir : rel;
    const lines = [`Scaffolded a policy repository in ${where}: ${result.written.length} file(s) written.`];
    for (const file of result.written) lines.push(`  + ${file}`);
    for (const file of result.kept) lines.push(`  = ${file} (kept: it exists)`);
    for (const { file, reason } of result.skipped) lines.push(`  ! ${file} not written: ${reason}`);
    lines.push('', 'Next: replace the placeholders in policy/dpa/1.0.0.md (README.md says how), then');
    if (where !== '.') lines.push(`  cd ${where}`);
    lines.push('  npx codicil lint', '  npx codicil check --records examples/records');
    if (!dependsOnCodicil(result.dir)) lines.push('', ...installAdvice());
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
});
