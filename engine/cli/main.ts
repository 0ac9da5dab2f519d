/**
 * The `codicil` command line. Each command is a library function; this file
 * only parses arguments, calls it and renders the result.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { lint, formatLintText } from '../lint/lint.ts';
import { loadPolicy } from '../model/load-policy.ts';
import { updateLock } from '../model/lock.ts';
import { errors } from '../errors/catalogue.ts';

const HELP = `codicil — policy-as-code for legal agreements

Usage:
  codicil lint [--policy DIR] [--format text|json]   check the policy: syntax, schema, consistency
  codicil lock [--policy DIR]                        record new published versions in versions.lock

Options:
  --policy DIR   the policy folder (default: policy)
  -h, --help     show this help

Exit codes: 0 clean, 2 problems found or bad usage.
`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

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
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { policy: { type: 'string', default: 'policy' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
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
  switch (command) {
    case 'lint': {
      if (values.format !== 'text' && values.format !== 'json') return usage(io, `--format must be text or json, not ${String(values.format)}`);
      const result = await lint({ policy });
      if (values.format === 'json') {
        const { policy: model, ...rest } = result;
        io.stdout(`${JSON.stringify({ ...rest, policy: { document: model.document, versions: model.versions.map((v) => v.version) } }, null, 2)}\n`);
      } else io.stdout(formatLintText(result));
      return result.ok ? 0 : 2;
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
    default:
      return usage(io, `unknown command ${JSON.stringify(command)}`);
  }
}
