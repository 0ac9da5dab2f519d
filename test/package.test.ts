// codicil as a package (issue 13): pack it as `npm pack` does (prepack
// compiles lib/), install the tarball into a fresh project with npm, and run
// every command there through `npx codicil`, as a policy repository would —
// including the steps of the CI workflow that `codicil init` writes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publishedTemplate, root } from './helpers.ts';
import { ENGINE_NAMES, engine, FOLDER_ENGINES } from '../engine/engines/index.ts';
import { main } from '../engine/cli/main.ts';

/** The SQL dialects `codicil sql` prints. */
const SQL_DIALECTS = ENGINE_NAMES.filter((n) => engine(n).statements !== undefined);

/** The tarball's stated limits. */
// Three engines (js, duckdb, postgres), the site and the contracts (docs/spec/): 524 kB packed, 1.72 MB unpacked, 536 files on 2026-11-30
// (npm pack --dry-run; 367 kB when first measured, 442 kB a day before, grown with the code since: the full-text
// redline, the hardening of writes and readers): a budget against packing tests or data, with room for code (a
// test file or a fixture folder packed by mistake is tens of kilobytes at least; what the tarball holds is also
// checked file by file below).
const MAX_PACKED_BYTES = 560_000;
const MAX_UNPACKED_BYTES = 1_900_000;

// Generous: npm, tsc and Astro share two cores with the rest of the suite.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 900_000 });

const work = mkdtempSync(join(tmpdir(), 'codicil-package-'));
const project = join(work, 'project');

/**
 * The environment of a user's shell: none of the npm_* variables of the `npm
 * test` running this file (they would point npm at codicil's own folder), and
 * the project's Node 24 first on PATH, standing in for the user's Node.
 */
const env: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^npm_/i.test(e[0]) && e[0] !== 'INIT_CWD' && e[0] !== 'NO_COLOR' && e[0] !== 'FORCE_COLOR'),
);
env.PATH = `${join(root, 'node_modules', '.bin')}:${env.PATH ?? ''}`;

function sh(command: string, args: string[], cwd = project, extra: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `npx codicil …` in the project. */
const codicil = (...args: string[]) => sh('npx', ['--no-install', 'codicil', ...args]);

/** The same command run from this repository's sources, for comparison. */
async function source(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Every path under a folder with its size and modification time (to prove nothing was written). */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => {
      const s = statSync(join(dir, f), { throwIfNoEntry: false });
      return `${f} ${s?.size} ${s?.mtimeMs}`;
    })
    .sort();
}

interface PackedFile {
  path: string;
  size: number;
}
let packed: { filename: string; size: number; unpackedSize: number; files: PackedFile[] };
let tarball: string;

beforeAll(() => {
  // npm pack runs prepack: the package build (tsc into lib/).
  const pack = sh('npm', ['pack', '--json', '--pack-destination', work], root);
  expect(pack.code, pack.stderr).toBe(0);
  packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[\n')))[0];
  tarball = join(work, packed.filename);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'our-policies', private: true }, null, 2)}\n`);
  const install = sh('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', tarball]);
  expect(install.code, install.stderr).toBe(0);
  // What the scaffolded CI workflow runs on a clean checkout.
  rmSync(join(project, 'node_modules'), { recursive: true });
  const ci = sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
  expect(ci.code, ci.stderr).toBe(0);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the tarball', () => {
  it('holds no tests, no fixtures, no TypeScript for Node to run, and stays under its size limits', () => {
    const paths = packed.files.map((f) => f.path);
    // docs/spec/ is the contracts the README and the messages' hints name (a user found them missing); no other docs.
    expect(paths.filter((p) => /^(test|scripts|engine|examples|docs|\.ci)\//.test(p) && !/^docs\/spec\/[A-Za-z]+\.md$/.test(p)).concat(paths.filter((p) => /fixture/i.test(p)))).toEqual([]);
    // Declarations are fine; site/ holds the site's Astro sources, which Astro compiles (Node never runs them).
    expect(paths.filter((p) => /\.(ts|mts|cts|tsx)$/.test(p) && !p.endsWith('.d.ts') && !p.startsWith('site/'))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('site/') && /\.(ts|astro)$/.test(p) && !p.endsWith('.d.ts')).length).toBeGreaterThan(5);
    expect(packed.size).toBeLessThan(MAX_PACKED_BYTES);
    expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  it('holds what a user needs, and its manifest points at files it holds', () => {
    const paths = new Set(packed.files.map((f) => f.path));
    for (const file of ['LICENSE', 'README.md', 'package.json', 'bin/codicil.js', 'lib/engine/index.js', 'lib/engine/index.d.ts', 'lib/engine/cli/main.js', 'lib/engine/engines/js/engine.js', 'lib/schemas/front-matter.schema.json', 'lib/schemas/records/incidents.schema.json', 'site/content.config.ts', 'policy/reference/eea.yaml', 'templates/init/policy/dpa/1.0.0.md']) {
      expect(paths.has(file), file).toBe(true);
    }
    // Every contract the README or a hint names by its docs/spec/ path.
    const named = new Set([...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/docs\/spec\/([a-z]+\.md)/g)].map((m) => m[1]!));
    for (const file of readdirSync(join(root, 'engine'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(root, 'engine', file), 'utf8').matchAll(/docs\/spec\/([a-z]+\.md)/g)) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThan(3);
    for (const spec of named) expect(paths.has(`docs/spec/${spec}`), `docs/spec/${spec}`).toBe(true);
    for (const js of [...paths].filter((p) => p.startsWith('lib/') && p.endsWith('.js'))) expect(paths.has(js.replace(/\.js$/, '.d.ts')), js).toBe(true);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'codicil', 'package.json'), 'utf8'));
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(project, 'node_modules', 'codicil', 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 codicil contributors');
    for (const target of [manifest.bin.codicil, manifest.types, manifest.exports['.'].types, manifest.exports['.'].default]) expect(paths.has(target.replace(/^\.\//, '')), target).toBe(true);
    expect(manifest.dependencies.astro).toBeDefined();
  });
});

describe('a policy repository using the installed package', () => {
  let before: string[];
  beforeAll(() => {
    before = snapshot(join(project, 'node_modules'));
  });

  it('scaffolds with codicil init, refuses to do it twice, and adds only what is missing when told', () => {
    const init = codicil('init');
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('Scaffolded a policy repository in .');
    for (const file of ['policy/dpa/1.0.0.md', 'policy/reference/eea.yaml', 'policy/reference/adequacy.yaml', 'policy/reference/vocabulary.yaml', 'examples/records/subprocessors.yaml', '.github/workflows/policy.yml', '.gitignore', 'README.md']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    const again = codicil('init');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not empty');
    writeFileSync(join(project, 'README.md'), '# Our own README\n');
    rmSync(join(project, 'examples', 'records', 'README.md'));
    const missing = codicil('init', '--missing-only');
    expect(missing.code, missing.stderr).toBe(0);
    expect(missing.stdout).toContain('+ examples/records/README.md');
    expect(missing.stdout).toContain('= README.md (kept: it exists)');
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toBe('# Our own README\n');
  });

  it('lints the template clean, and publishes it as legal would (placeholders replaced, status, lock)', () => {
    const lint = codicil('lint');
    expect(lint.stdout).toContain('✓ policy dpa: 1 version(s) [1.0.0 (draft)]');
    expect(lint.code).toBe(0);
    const version = join(project, 'policy', 'dpa', '1.0.0.md');
    const template = readFileSync(version, 'utf8');
    writeFileSync(version, template.replace('status: draft', 'status: published'));
    // The template as it is never reaches customers.
    const unedited = codicil('lint');
    expect(unedited.code).toBe(2);
    expect(unedited.stdout.match(/CODICIL-V013/g)).toHaveLength(3);
    writeFileSync(version, publishedTemplate(template));
    expect(codicil('lint').code).toBe(2); // published but not locked
    const lock = codicil('lock');
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toContain('Locked 1.0.0');
    expect(codicil('lint').code).toBe(0);
  });

  it('checks the example records on every engine, with the same report', () => {
    const run = (engine: string) => {
      const result = codicil('check', '--records', 'examples/records', '--as-of', '2025-07-01', '--format', 'json', '--engine', engine);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    const { engine: _js, ...report } = run('js');
    expect(report.policy).toEqual({ document: 'dpa', versions: ['1.0.0'] });
    expect(report.summary).toMatchObject({ violations: 0, pending: 0 });
    expect(report.coverage).toContainEqual(expect.objectContaining({ clause: 'incident.notify-within', status: 'checked', subjects: 1 }));
    expect(report.coverage).toContainEqual(expect.objectContaining({ clause: 'deletion.backups', status: 'checked', subjects: 1 }));
    for (const other of FOLDER_ENGINES) {
      const { engine: name, ...again } = run(other);
      expect(name).toBe(other);
      expect(again).toEqual(report);
    }
  });

  it('prints the SQL a check runs, as the sources print it for the same policy, in each dialect', async () => {
    // Every clause of the template but its three attested ones.
    const judged = ['confidentiality.before-access', 'subprocessor.authorized-category', 'subprocessor.advance-notice', 'subprocessor.objection-window', 'dsr.notify-customer', 'dsr.await-instructions', 'incident.notify-within', 'incident.notice-content', 'deletion.live-data', 'deletion.backups', 'transfer.safeguards', 'amendment.advance-notice'];
    for (const dialect of SQL_DIALECTS) {
      const sql = codicil('sql', '--dialect', dialect, '--as-of', '2025-07-01');
      expect(sql.code, sql.stderr).toBe(0);
      expect(sql.stderr).toBe('');
      // The template's clauses judged by records or the policy, each with its query (test/cli-sql.test.ts runs them).
      expect([...sql.stdout.matchAll(/^-- ([\w.-]+): judged by /gm)].map((m) => m[1]).sort(), dialect).toEqual([...judged].sort());
      // How each dialect meets the records: DuckDB stages the files, PostgreSQL checks the loaded tables.
      expect(sql.stdout, dialect).toContain(dialect === 'postgres' ? '-- incidents: rows that break records.md (typed columns)' : '-- incidents: staged and validated (records.md)');
      expect(sql.stdout, dialect).toMatch(/-- incident\.notify-within: judged by incident-notice-deadline — .*\n(SELECT|WITH) /);
      expect(sql.stdout, dialect).toBe((await source(['sql', '--dialect', dialect, '--as-of', '2025-07-01', '--policy', join(project, 'policy')])).stdout);
    }
    const one = codicil('sql', '--clause', 'incident.notify-within', '--as-of', '2025-07-01');
    expect(one.code, one.stderr).toBe(0);
    // After the preamble (what it reads, the as-of), the one clause's query.
    expect(one.stdout.slice(one.stdout.indexOf('\n\n') + 2).match(/^-- .*/gm)).toEqual([expect.stringMatching(/^-- incident\.notify-within: judged by incident-notice-deadline — /)]);
    const none = codicil('sql', '--clause', 'security.encryption-in-transit');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no clause security.encryption-in-transit is judged by a rule that SQL runs');
  });

  it('shows the usage of load (which needs a PostgreSQL database) with load --help', async () => {
    const help = codicil('load', '--help');
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^codicil load — load a records folder into PostgreSQL/);
    expect(help.stdout).toContain('  codicil load --records DIR --database URL');
    expect(help.stdout).toBe((await source(['load', '--help'])).stdout);
  });

  it('diffs a draft amendment, and the workflow’s pull-request steps run as written', () => {
    sh('git', ['init', '-q', '-b', 'main']);
    sh('git', ['-c', 'user.name=Legal', '-c', 'user.email=legal@example.com', 'add', '-A']);
    expect(sh('git', ['-c', 'user.name=Legal', '-c', 'user.email=legal@example.com', 'commit', '-qm', 'DPA 1.0.0']).code).toBe(0);
    sh('git', ['checkout', '-qb', 'shorter-notice']);
    // The new version as legal starts one: `codicil draft`, which lint accepts as it is.
    const draft = codicil('draft', '1.1.0', '--effective', '2025-09-01', '--published', '2025-07-15');
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toContain('Drafted policy/dpa/1.1.0.md from version 1.0.0');
    expect(codicil('lint').code).toBe(0);
    const drafted = readFileSync(join(project, 'policy', 'dpa', '1.1.0.md'), 'utf8');
    expect(drafted).toContain(':effective[September 1, 2025]');
    writeFileSync(join(project, 'policy', 'dpa', '1.1.0.md'), drafted.replace(':param[72 hours]{name=within}', ':param[48 hours]{name=within}'));
    expect(codicil('lint').code).toBe(0);
    const diff = codicil('diff', 'dpa@1.0.0', 'policy/dpa/1.1.0.md', '--format', 'markdown');
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('incident.notify-within');
    expect(diff.stdout).toMatch(/72 hours.*48 hours/s);
    sh('git', ['add', '-A']);
    sh('git', ['-c', 'user.name=Legal', '-c', 'user.email=legal@example.com', 'commit', '-qm', 'DPA 1.1.0: 48 hours']);

    // The review job, step by step (checkout, setup-node and npm ci are done above).
    const workflow = parse(readFileSync(join(project, '.github', 'workflows', 'policy.yml'), 'utf8')) as { env: Record<string, string>; jobs: Record<string, { steps: { name?: string; run?: string; env?: Record<string, string> }[] }> };
    const summary = join(work, 'step-summary.md');
    writeFileSync(summary, '');
    const steps = workflow.jobs.review!.steps.filter((s) => s.run !== undefined && s.run !== 'npm ci');
    expect(steps.map((s) => s.name)).toEqual(['Lint the policy', 'Run the policy tests', 'What this pull request amends', 'Check the records', 'Compliance summary']);
    for (const step of steps) {
      const stepEnv = { ...workflow.env, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace('origin/${{ github.base_ref }}', 'main')])), GITHUB_STEP_SUMMARY: summary };
      const result = sh('bash', ['-eo', 'pipefail', '-c', step.run!], project, stepEnv);
      expect(result.code, `${step.name}: ${result.stderr}`).toBe(0);
    }
    const written = readFileSync(summary, 'utf8');
    expect(written).toContain('incident.notify-within');
    expect(written).toMatch(/72 hours.*48 hours/s);
  });

  it('builds the site into the project, from the sources in node_modules', () => {
    const build = codicil('build', '--records', 'examples/records', '--as-of', '2025-07-01', '--site-url', 'https://legal.example.com');
    expect(build.code, build.stderr).toBe(0);
    const site = join(project, 'dist', 'site');
    for (const page of ['index.html', 'dpa/index.html', 'dpa/1.0.0/index.html', 'dpa/1.0.0.json', 'subprocessors/index.html', 'feed.xml', 'schemas/records/incidents.schema.json', '.codicil-build']) {
      expect(existsSync(join(site, page)), page).toBe(true);
    }
    expect(readFileSync(join(site, 'dpa', '1.0.0', 'index.html'), 'utf8')).toContain('data-param="within" data-clause="incident.notify-within" data-value="PT72H">72 hours</span>');
    expect(readFileSync(join(site, 'subprocessors', 'index.html'), 'utf8')).toMatch(/<article class="subprocessor" id="postmark">.*United States: Standard Contractual Clauses/);
    expect(readFileSync(join(site, 'feed.xml'), 'utf8')).toContain('https://legal.example.com/subprocessors/#postmark');
    // Astro's generated types and caches stay out of the project.
    expect(existsSync(join(project, '.astro'))).toBe(false);
  });

  it('serves the library and its types to the project', () => {
    writeFileSync(join(project, 'use.mjs'), "import { loadPolicy, versionInForce } from 'codicil';\nconst { policy } = await loadPolicy('policy');\nconsole.log(versionInForce(policy, Date.parse('2025-07-01T00:00:00Z')).clauses.find((c) => c.id === 'incident.notify-within').params.within.value.iso);\n");
    expect(sh('node', ['use.mjs']).stdout).toBe('PT72H\n');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2024', '--types', 'node', '--typeRoots', join(root, 'node_modules', '@types')];
    writeFileSync(join(project, 'typed.mts'), "import { loadPolicy, type PolicyVersion } from 'codicil';\nconst { policy } = await loadPolicy('policy');\nconst first: PolicyVersion | undefined = policy.versions[0];\nexport const ids: string[] = first?.clauses.map((c) => c.id) ?? [];\n");
    const typed = sh('node', [tsc, ...options, 'typed.mts']);
    expect(typed.stdout + typed.stderr).toBe('');
    // The types are real, not `any`: a wrong use is an error.
    writeFileSync(join(project, 'mistyped.mts'), "import { loadPolicy } from 'codicil';\nexport const n: number = (await loadPolicy('policy')).policy.document;\n");
    const mistyped = sh('node', [tsc, ...options, 'mistyped.mts']);
    expect(mistyped.stdout).toContain("error TS2322: Type 'string' is not assignable to type 'number'");
  });

  it('wrote nothing inside node_modules', () => {
    expect(snapshot(join(project, 'node_modules'))).toEqual(before);
  });
});

describe('an older Node', () => {
  // The machine's own Node, when it is older than the package supports (Debian's Node 20 here).
  const system = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
    if (!existsSync(node)) return false;
    const [major, minor] = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.').map(Number);
    return major! < 22 || (major === 22 && minor! < 12);
  });

  it.skipIf(!system)('is told clearly which Node codicil needs', () => {
    const result = sh(system!, [join(project, 'node_modules', '.bin', 'codicil'), 'lint']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^codicil needs Node\.js 22\.12 or later \(22 LTS, 24 LTS or newer\); this is Node\.js \d+\.\d+\.\d+/);
    expect(result.stdout).toBe('');
  });
});

