/**
 * The `codicil` command line. Each command is a definition object in
 * `commands/` wrapping a library function; this file only finds the command,
 * parses its arguments from its definition and runs it.
 */
import { constants } from 'node:os';
import { markStopping, removeTemporaryFolders, removeTemporaryFoldersNow, stopOnSignals, stopping } from '../io/temporary.ts';
import * as registry from './commands/index.ts';
import { colorEnabled } from './color.ts';
import type { CommandDefinition, Io } from './define.ts';
import { commandHelp, globalHelp } from './help.ts';
import { packageVersion } from './package-root.ts';
import { meant, nearest } from '../errors/nearest.ts';
import { asksForHelp, givenOnce, parseArguments, strayOption } from './parse.ts';
import { usageError } from './usage.ts';

export type { Io } from './define.ts';

const loaders: Readonly<Record<string, () => Promise<{ default: CommandDefinition }>>> = registry;

/** Every command's name, in the order the help lists them. */
export const commandNames: readonly string[] = Object.keys(registry);

/** An unknown command in words, with the command it may have meant (`codicil chek`). */
const unknownCommand = (name: string): string => `unknown command ${JSON.stringify(name)}${meant(nearest(name, commandNames))}`;

/**
 * Every command, loaded (for the help, and to name an option that another
 * command takes): a run loads its own command only.
 *
 * @returns the commands, in the order the help lists them.
 */
export async function loadCommands(): Promise<CommandDefinition[]> {
  return Promise.all(commandNames.map(async (name) => (await loaders[name]!()).default));
}

/**
 * The real terminal: colour and progress bars only where they can be seen.
 *
 * @returns process stdout and stderr.
 */
export function processIo(): Io {
  return {
    // Stopped by a signal, a command says nothing more: its work was cut short on purpose.
    stdout: (t) => void (stopping() || process.stdout.write(t)),
    stderr: (t) => process.stderr.write(t),
    color: colorEnabled(process.env, process.stdout.isTTY === true),
    progress: process.stderr.isTTY === true,
  };
}

/**
 * Stop as a stopped program does (exit 128 + the signal's number), but
 * without leaving temporary folders behind: no `finally` runs on a signal,
 * and DuckDB's spill files hold record values (review: an interrupted
 * check left them in /tmp). Only while such folders are there (elsewhere
 * the signal stops the process at once); a second signal stops it without
 * waiting for DuckDB. For the executable only: a library never decides how
 * its host stops.
 */
export function removeTemporaryFoldersOnStop(): void {
  stopOnSignals((signal) => {
    const code = 128 + constants.signals[signal];
    if (stopping()) {
      removeTemporaryFoldersNow();
      process.exit(code);
    }
    markStopping(signal);
    void removeTemporaryFolders().finally(() => process.exit(code));
  });
}

/**
 * A promise rejected with no one to handle it (work a library starts and
 * does not wait for: review, Astro's telemetry where $HOME could not be
 * written) ends the process as an internal error does: codicil's words and
 * exit 2, never Node's stack trace and exit 1 (which reads as "a
 * violation"), and without leaving temporary folders behind. For the
 * executable only: a library never decides how its host stops.
 */
export function failOnUnhandledRejection(): void {
  process.on('unhandledRejection', (reason) => {
    // Stopping already (a signal, or an earlier rejection): what fails now was cut short.
    if (stopping()) return;
    markStopping('unhandledRejection');
    process.stderr.write(`codicil: internal error, nothing was judged: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    void removeTemporaryFolders().finally(() => process.exit(2));
  });
}

export { stopping } from '../io/temporary.ts';

async function find(name: string): Promise<CommandDefinition | undefined> {
  return Object.hasOwn(loaders, name) ? (await loaders[name]!()).default : undefined;
}

/**
 * Run the command line.
 *
 * @param argv arguments after the program name.
 * @param io where output goes (tests pass their own).
 * @returns the exit code.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help') {
    io.stdout(globalHelp(await loadCommands()));
    return 0;
  }
  // No command is bad usage: the help goes where usage errors go (stdout stays empty for a pipe).
  if (name === undefined) {
    io.stderr(globalHelp(await loadCommands()));
    return 2;
  }
  if (name === '--version') {
    if (rest.length > 0) return usageError(io, `--version takes no arguments`);
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  if (name === 'help') {
    if (rest.length > 1) return usageError(io, 'help takes at most one command: codicil help check');
    if (rest[0] === undefined) {
      io.stdout(globalHelp(await loadCommands()));
      return 0;
    }
    const command = await find(rest[0]);
    if (!command) return usageError(io, unknownCommand(rest[0]));
    io.stdout(commandHelp(command));
    return 0;
  }
  const command = await find(name);
  if (!command) return usageError(io, unknownCommand(name));
  if (asksForHelp(rest)) {
    io.stdout(commandHelp(command));
    return 0;
  }
  // The other commands are loaded only to say which of them takes an option this one does not.
  const parsed = parseArguments(command, rest, strayOption(command, rest) === undefined ? [command] : await loadCommands());
  if (!parsed.ok) {
    const report = command.usageReport?.(parsed.problem, givenOnce(command, rest));
    if (report) io.stdout(report);
    return usageError(io, parsed.problem, command.name);
  }
  return command.run(parsed.values as never, parsed.positionals, io);
}
