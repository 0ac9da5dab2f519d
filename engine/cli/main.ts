/**
 * The `codicil` command line. Each command is a library function; this file
 * only parses arguments, calls it and renders the result.
 */
import { parseArgs } from 'node:util';
import { join, relative, resolve } from 'node:path';
import { lint, formatLintText } from '../lint/lint.ts';
import { loadPolicy } from '../model/load-policy.ts';
import { updateLock } from '../model/lock.ts';
import { errors } from '../errors/catalogue.ts';
import { check } from '../check/check.ts';
import { parseAsOf } from './as-of.ts';
import { FORMATS, renderCheck, type CheckFormat } from '../report/index.ts';
import { progressBar } from './progress.ts';
import { diff } from '../diff/diff.ts';
import { versionInForce } from '../model/in-force.ts';
import { buildSite } from './build.ts';
import { DIFF_FORMATS, renderAmendment, type DiffFormat } from '../report/amendment/index.ts';

const HELP = `codicil — policy-as-code for legal agreements

Usage:
  codicil lint [--policy DIR] [--format text|json]   check the policy: syntax, schema, consistency
  codicil diff FROM TO [--policy DIR] [--format text|json|markdown|html|notice]
                                                     the amendment between two versions (dpa@1.0.0, or a version file's path)
  codicil check --records DIR [--policy DIR] [--as-of T] [--format F] [--strict] [--explain] [--threads 1|2]
                                                     judge operational records against the clauses in force
  codicil build [--out DIR] [--policy DIR] [--records DIR] [--as-of T] [--site-url URL] [--publish-breaches] [--no-pdf]
                                                     build the public site (default dist/site)
  codicil lock [--policy DIR]                        record new published versions in versions.lock

Options:
  --policy DIR   the policy folder (default: policy)
  --records DIR  the records folder (check)
  --as-of T      replay the records as they stood at T: RFC 3339 with an offset, or a date (00:00 UTC); default now
  --format F     check: text, json, junit, sarif, github, markdown (default text); lint: text, json;
                 diff: text, json, markdown, html, notice (a draft change notice)
  --strict       check: unchecked clauses and missing or expired attestations fail
  --explain      check: how each finding was judged (text; json adds explanation)
  --threads N    check: 2 (default on a multi-core machine) judges the deletion tables in a worker thread; 1 uses less memory
  --publish-breaches  build: publish a registry that breaches the DPA, marking every breach (default: the build fails)
  --no-pdf       build: no PDF of each version (default: built when Chromium is installed)
  -h, --help     show this help

Exit codes: lint: 0 clean, 2 problems. check: 0 no violation, 1 violation
(or a strict failure), 2 could not judge (bad usage, invalid policy or records).
`;

/** The options each command takes (defaults apply to the rest). */
const OPTIONS_OF: Record<string, string[]> = {
  lint: ['policy', 'format'],
  lock: ['policy'],
  diff: ['policy', 'format'],
  check: ['records', 'policy', 'as-of', 'format', 'strict', 'explain', 'threads'],
  build: ['out', 'policy', 'records', 'as-of', 'site-url', 'publish-breaches', 'no-pdf'],
};

/** Where the CLI writes, and what the terminal can show. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour the text report (only on a terminal, never with NO_COLOR). */
  color?: boolean;
  /** Show a progress bar on stderr (only on a terminal). */
  progress?: boolean;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  color: process.stdout.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== ''),
  progress: process.stderr.isTTY === true,
};

function usage(io: Io, problem: string): number {
  io.stderr(`codicil: ${errors.usage.message(problem)} [${errors.usage.code}]\n${errors.usage.hint(problem)}\n`);
  return 2;
}

/**
 * Run the command line.
 *
 * @param argv arguments after the program name.
 * @param io where output goes (tests pass their own).
 * @returns the exit code.
 */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: {
        policy: { type: 'string', default: 'policy' },
        format: { type: 'string', default: 'text' },
        records: { type: 'string' },
        'as-of': { type: 'string' },
        strict: { type: 'boolean', default: false },
        explain: { type: 'boolean', default: false },
        out: { type: 'string' },
        threads: { type: 'string' },
        'site-url': { type: 'string' },
        'publish-breaches': { type: 'boolean' },
        'no-pdf': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const policy = String(values.policy);
  if (command !== 'diff' && positionals.length > 0) return usage(io, `unexpected argument ${JSON.stringify(positionals[0])}`);
  // An option another command takes is a mistake here, not something to ignore silently.
  const allowed = OPTIONS_OF[command];
  if (allowed) {
    const given = rest.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]!);
    const stray = given.find((o) => o !== 'help' && !allowed.includes(o));
    if (stray !== undefined) return usage(io, `codicil ${command} takes no --${stray} (it takes ${allowed.map((o) => `--${o}`).join(', ')})`);
  }
  switch (command) {
    case 'diff': {
      if (positionals.length !== 2) return usage(io, 'diff takes two versions: codicil diff dpa@1.0.0 dpa@1.1.0 (or paths to version files)');
      const format = String(values.format);
      if (!DIFF_FORMATS.includes(format as DiffFormat)) return usage(io, `--format must be one of ${DIFF_FORMATS.join(', ')}, not ${format}`);
      const result = await diff({ from: positionals[0]!, to: positionals[1]!, policy });
      if (!result.ok) {
        // To stderr: `diff … --format notice > 1.2.0.notice.md` must not write an error into the notice.
        io.stderr(formatLintText({ ok: false, errors: result.errors.length, warnings: 0, messages: result.errors, policy: { dir: policy, document: '', title: '', versions: [], reference: { eea: { list: 'eea', title: '', updated: '', source: '', countries: [] }, adequacy: { list: 'adequacy', title: '', updated: '', source: '', countries: [] }, vocabularies: {} } } }));
        return 2;
      }
      // Customers object under the terms in force when they are notified, not the amended ones.
      const atNotice = versionInForce(result.policy, Date.parse(`${result.to.published}T00:00:00Z`)) ?? result.to;
      const window = atNotice.clauses.find((c) => c.id === 'subprocessor.objection-window')?.params.notice?.value;
      io.stdout(renderAmendment(result.amendment, format as DiffFormat, { color: io.color ?? false, ...(window?.type === 'duration' ? { objectionDays: window.seconds / 86400 } : {}) }));
      return 0;
    }
    case 'lint': {
      if (values.format !== 'text' && values.format !== 'json') return usage(io, `--format must be text or json, not ${String(values.format)}`);
      const result = await lint({ policy });
      if (values.format === 'json') {
        const { policy: model, ...rest } = result;
        io.stdout(`${JSON.stringify({ ...rest, policy: { document: model.document, versions: model.versions.map((v) => v.version) } }, null, 2)}\n`);
      } else io.stdout(formatLintText(result));
      return result.ok ? 0 : 2;
    }
    case 'build': {
      let asOf: number | undefined;
      if (values['as-of'] !== undefined) {
        asOf = parseAsOf(String(values['as-of']));
        if (Number.isNaN(asOf)) return usage(io, `--as-of ${JSON.stringify(values['as-of'])} is not an RFC 3339 timestamp with an offset or a date`);
      }
      try {
        const out = await buildSite({
          policy,
          ...(values.out !== undefined ? { out: String(values.out) } : {}),
          ...(values.records !== undefined ? { records: String(values.records) } : {}),
          ...(asOf !== undefined ? { asOf } : {}),
          ...(values['site-url'] !== undefined ? { siteUrl: String(values['site-url']) } : {}),
          ...(values['publish-breaches'] ? { publishBreaches: true } : {}),
          ...(values['no-pdf'] ? { chromium: null } : {}),
        });
        io.stdout(`Built the site in ${out}.\nPreview it: npx astro preview --outDir ${out} (or any static file server).\n`);
        return 0;
      } catch (error) {
        io.stderr(`codicil build: ${(error as Error).message}\n`);
        return 2;
      }
    }
    case 'lock': {
      const { policy: model, failed, files } = await loadPolicy(policy);
      // Locking must not bless an edited published text: only lock-related
      // problems (unlocked versions, missing lock) may be outstanding.
      const blocking = files.flatMap((f) => f.messages).filter((m) => m.fatal && m.ruleId !== errors.publishedUnlocked.code && m.ruleId !== errors.lockMissing.code);
      if (failed && blocking.length > 0) {
        io.stderr(`codicil lock: the policy has errors; run \`codicil lint\` and fix them first.\n`);
        return 2;
      }
      const added = await updateLock(join(policy, model.document), model.document, model.versions);
      io.stdout(added.length > 0 ? `Locked ${added.join(', ')} in ${join(policy, model.document, 'versions.lock')}.\n` : 'Nothing to lock: every published version is locked.\n');
      return 0;
    }
    case 'check': {
      if (values.records === undefined) return usage(io, 'check needs --records DIR');
      const format = String(values.format);
      if (!FORMATS.includes(format as CheckFormat)) return usage(io, `--format must be one of ${FORMATS.join(', ')}, not ${format}`);
      let asOf: number | undefined;
      if (values['as-of'] !== undefined) {
        asOf = parseAsOf(String(values['as-of']));
        if (Number.isNaN(asOf)) return usage(io, `--as-of ${JSON.stringify(values['as-of'])} is not an RFC 3339 timestamp with an offset (2025-06-30T12:00:00Z) or a date (2025-06-30)`);
      }
      if (values.threads !== undefined && values.threads !== '1' && values.threads !== '2') return usage(io, '--threads must be 1 or 2');
      const bar = io.progress ? progressBar() : undefined;
      const report = await check({
        records: String(values.records),
        policy,
        ...(asOf !== undefined ? { asOf } : {}),
        strict: values.strict === true,
        explain: values.explain === true,
        ...(values.threads !== undefined ? { parallel: values.threads === '2' } : {}),
        ...(bar ? { onProgress: bar.update } : {}),
      });
      bar?.stop();
      // Annotations and SARIF locations are relative to the working directory (the repository root in CI).
      const recordsDir = relative(process.cwd(), resolve(String(values.records)));
      io.stdout(renderCheck(report, format as CheckFormat, { color: io.color ?? false, explain: values.explain === true, recordsDir }));
      return report.exitCode;
    }
    default:
      return usage(io, `unknown command ${JSON.stringify(command)}`);
  }
}
