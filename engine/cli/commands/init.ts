/**
 * `codicil init [DIR]`: scaffold a policy repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { initRepository, some } from '../init.ts';
import { defineCommand } from '../define.ts';
import { packageVersion } from '../package-root.ts';
import { usageError } from '../usage.ts';

/**
 * `word` as one word of a POSIX shell command line: as it is when it holds only characters no shell
 * reads specially, else in single quotes (inside which only `'` needs care: `'\''`).
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+,./:-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** A path as a shell word that no command takes for an option (`./-x`, not `-x`). */
export function shellPath(path: string): string {
  return shellWord(path.startsWith('-') ? `./${path}` : path);
}

/**
 * How the folder's package.json names codicil: null when it does not (CI's `npm ci` would not install it),
 * `outside` with the path when it names a tarball or folder outside the repository (`file:../codicil-0.1.0.tgz`,
 * what `npm install /path/to/codicil-0.1.0.tgz` writes: CI's checkout does not hold it), else `ok`.
 */
function codicilDependency(dir: string): null | { outside: string } | 'ok' {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return null;
  let spec: unknown;
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    spec = json.dependencies?.codicil ?? json.devDependencies?.codicil;
  } catch {
    return null;
  }
  if (spec === undefined) return null;
  if (typeof spec !== 'string') return 'ok';
  const path = spec.startsWith('file:') ? spec.slice('file:'.length) : /^(\.{1,2}|~)?\//.test(spec) ? spec : null;
  if (path === null) return 'ok';
  const inRepository = relative(dir, resolve(dir, path.replace(/^~(?=\/)/, process.env.HOME ?? '~')));
  return inRepository === '..' || inRepository.startsWith(`..${sep}`) || isAbsolute(inRepository) ? { outside: path } : 'ok';
}

/**
 * How to add codicil to the repository, as README says: codicil is not on the npm registry, so
 * `npm install codicil` would fetch an unrelated package of that name. CI's `npm ci` needs the tarball
 * inside the repository. `outside`: the path package.json names now, out of CI's reach.
 */
function installAdvice(outside?: string): string[] {
  const named = outside !== undefined ? basename(outside) : '';
  const tarball = /^codicil-.*\.tgz$/.test(named) ? named : `codicil-${packageVersion()}.tgz`;
  return [
    outside !== undefined
      ? `CI runs \`npm ci\`, which cannot reach ${outside}: package.json names it outside the repository. Copy the tarball`
      : 'CI runs `npm ci`: add codicil to package.json there. codicil is not on the npm registry: copy the tarball',
    `\`npm pack\` made (${tarball}) into the repository, install it from there and commit it with package-lock.json:`,
    `  npm install --save-dev ${shellPath(`./vendor/${tarball}`)}`,
  ];
}

/** The DPA template init writes, whose placeholders the user replaces. */
const TEMPLATE = 'policy/dpa/1.0.0.md';

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
    'package.json and package-lock.json counts as empty. It checks first that every file can be created.\n\n' +
    'Exit codes: 0 written, 2 refused (nothing written), 1 a write failed midway (it lists the files written\n' +
    'before the failure, which stay; nothing is overwritten).',
  async run(values, positionals, io) {
    if (positionals.length > 1) return usageError(io, `init takes one folder, not ${positionals.length}`, 'init');
    const result = await initRepository({ ...(positionals[0] !== undefined ? { dir: positionals[0] } : {}), missingOnly: values['missing-only'] });
    if (!result.ok) {
      io.stderr(`codicil init: ${result.problem}\n`);
      if (result.written.length === 0) return 2;
      // Stopped midway (a race, a full disk): say what is on disk now, which stays.
      io.stderr(`written before the failure, and left in place (nothing was overwritten):\n${result.written.map((file) => `  + ${file}\n`).join('')}`);
      return 1;
    }
    const rel = relative(process.cwd(), result.dir);
    const where = rel === '' ? '.' : rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? result.dir : rel;
    // lint reads the whole policy folder: with a file of it not written (a file or a link on its way), it cannot pass.
    const policyMissing = result.skipped.filter(({ file }) => file.startsWith('policy/'));
    const lines = [
      policyMissing.length === 0
        ? result.written.length === 0 && result.skipped.length === 0
          ? `Nothing to add in ${where}: every file of the scaffold is there.`
          : `Scaffolded a policy repository in ${where}: ${result.written.length} file(s) written.`
        : `Added ${result.written.length} file(s) in ${where}, but not the policy: ${some(policyMissing.map(({ file }) => file))} not written (${policyMissing[0]!.reason}).`,
    ];
    for (const file of result.written) lines.push(`  + ${file}`);
    for (const file of result.kept) lines.push(`  = ${file} (kept: it exists)`);
    for (const { file, reason } of result.skipped) lines.push(`  ! ${file} not written: ${reason}`);
    if (policyMissing.length > 0) {
      const again = where === '.' ? 'npx codicil init --missing-only' : `npx codicil init ${shellPath(where)} --missing-only`;
      lines.push('', `Next: clear the way (${[...new Set(policyMissing.map(({ reason }) => reason))].join('; ')}), then add the missing files:`, `  ${again}`);
    } else {
      // The template's placeholders are news only where it was written now (a user ran --missing-only on a finished repository).
      lines.push('', result.written.includes(TEMPLATE) ? `Next: replace the placeholders in ${TEMPLATE} (README.md says how), then` : 'Next:');
      if (where !== '.') lines.push(`  cd ${shellPath(where)}`);
      lines.push('  npx codicil lint', '  npx codicil check --records examples/records');
    }
    const dependency = codicilDependency(result.dir);
    if (dependency === null) lines.push('', ...installAdvice());
    else if (dependency !== 'ok') lines.push('', ...installAdvice(dependency.outside));
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
});
