/**
 * Arguments → option values, from the command's own definition: unknown
 * options, options of another command, a flag given twice (unless declared
 * multiple), a missing required option, a value outside its choices and an
 * empty value or argument are usage errors, never ignored.
 */
import { parseArgs } from 'node:util';
import type { CommandDefinition, OptionDefinition } from './define.ts';
import { withoutSecrets } from '../engines/postgres/connection-string.ts';
import { meant, nearest } from '../errors/nearest.ts';

/** The parsed arguments, or the usage problem. */
export type ParsedArguments = { ok: true; values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } | { ok: false; problem: string };

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; default?: string | boolean | string[] }>;

function optionsOf(command: CommandDefinition): ParseArgsOptions {
  const options: ParseArgsOptions = Object.create(null) as ParseArgsOptions;
  for (const o of command.options) {
    options[o.name] = { type: o.type, ...(o.multiple ? { multiple: true, default: [] } : o.default !== undefined ? { default: o.default } : {}) };
  }
  return options;
}

/**
 * True when the arguments ask for help (`-h` or `--help` before `--`).
 *
 * @param args the arguments after the command name.
 * @returns whether to show the command's help.
 */
export function asksForHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '-h' || arg === '--help') return true;
  }
  return false;
}

/** What a free-text option's value is, in words (`DIR` and `FILE` are paths). */
const NEEDS: Record<string, string> = { DIR: 'a path', FILE: 'a path', URL: 'a URL' };

/** The problem with one option's value, or null. */
function valueProblem(option: OptionDefinition, value: string): string | null {
  // '' names nothing: as a path it would reach a reader as the working directory, or crash one.
  // Choices and validators already name what they want, in their own words.
  if (value === '' && !option.choices && !option.validate) return `--${option.name} needs ${NEEDS[option.value ?? ''] ?? 'a value'}, not an empty string`;
  if (option.choices && !option.choices.includes(value)) {
    const list = option.choices.length === 2 ? option.choices.join(' or ') : `one of ${option.choices.join(', ')}`;
    return `--${option.name} must be ${list}, not ${value}`;
  }
  return option.validate?.(value) ?? null;
}

/**
 * The first option given that the command does not take (`parseArguments`
 * then says whether another command takes it).
 *
 * @param command the command's definition.
 * @param args the arguments after the command name.
 * @returns the option's name, without dashes, or undefined.
 */
export function strayOption(command: CommandDefinition, args: string[]): string | undefined {
  return strayIn(optionsOf(command), looseTokens(command, args));
}

/** The arguments read without refusing anything, as tokens. */
const looseTokens = (command: CommandDefinition, args: string[]) => parseArgs({ args, options: optionsOf(command), allowPositionals: true, strict: false, tokens: true }).tokens;

/** The first option among the tokens that is not one of the options. */
function strayIn(options: ParseArgsOptions, tokens: ReturnType<typeof looseTokens>): string | undefined {
  const stray = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(options, t.name));
  return stray?.kind === 'option' ? stray.name : undefined;
}

/**
 * Parse a command's arguments.
 *
 * @param command the command's definition.
 * @param args the arguments after the command name.
 * @param all every command (to name an option that belongs to another one).
 * @returns the values and positionals, or the usage problem.
 */
export function parseArguments(command: CommandDefinition, args: string[], all: readonly CommandDefinition[]): ParsedArguments {
  const options = optionsOf(command);
  // An option another command takes is a mistake here, not something to ignore silently.
  const tokens = looseTokens(command, args);
  const stray = strayIn(options, tokens);
  if (stray !== undefined && all.some((c) => c.options.some((o) => o.name === stray))) {
    return { ok: false, problem: `codicil ${command.name} takes no --${stray} (it takes ${command.options.map((o) => `--${o.name}`).join(', ')})` };
  }
  // Node's own words advise `--` for an unknown option, which no command takes: codicil's words instead.
  const misuse = tokenProblem(command, tokens);
  if (misuse !== null) return { ok: false, problem: misuse };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  // parseArgs keeps the last of two values: a flag given twice is ambiguous, so refuse it.
  for (const option of command.options) {
    if (option.multiple) continue;
    const given = parsed.tokens.filter((t) => t.kind === 'option' && t.name === option.name);
    if (given.length > 1) {
      // A value is echoed without its secrets: --database given twice must not print a password.
      const values = given.map((t) => (t.kind === 'option' && t.value !== undefined ? JSON.stringify(withoutSecrets(t.value)) : null)).filter((v) => v !== null);
      return { ok: false, problem: `--${option.name} is given ${given.length === 2 ? 'twice' : `${given.length} times`}${values.length > 0 ? ` (${values.join(', ')})` : ''}; give it once` };
    }
  }
  // A database URL given without --database is an unexpected argument: never echoed with its password.
  if (!command.args && parsed.positionals.length > 0) return { ok: false, problem: `unexpected argument ${JSON.stringify(withoutSecrets(parsed.positionals[0]!))}` };
  // An empty argument names no version, document or folder (an empty path would resolve to the working directory).
  const empty = parsed.positionals.indexOf('');
  if (empty >= 0) return { ok: false, problem: `argument ${empty + 1} is an empty string: codicil ${command.name} takes ${(command.args ?? []).map((a) => a.name).join(' ')}` };
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  for (const option of command.options) {
    const value = values[option.name];
    if (option.required && value === undefined) return { ok: false, problem: `${command.name} needs --${option.name}${option.value ? ` ${option.value}` : ''}` };
    for (const one of typeof value === 'string' ? [value] : Array.isArray(value) ? value : []) {
      const problem = valueProblem(option, one);
      if (problem !== null) return { ok: false, problem };
    }
  }
  return { ok: true, values, positionals: parsed.positionals };
}

type Token = ReturnType<typeof parseArgs>['tokens'] extends (infer T)[] | undefined ? T : never;

/** An option this command does not take, a value missing or given to a flag: the first such token, in words. */
function tokenProblem(command: CommandDefinition, tokens: readonly Token[]): string | null {
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const option = command.options.find((o) => o.name === t.name);
    if (!option) {
      const near = nearest(t.name, command.options.map((o) => o.name));
      return `codicil ${command.name} has no option ${t.rawName}${meant(near, '--')}; it takes ${command.options.map((o) => `--${o.name}`).join(', ')}`;
    }
    if (option.type === 'boolean' && t.value !== undefined) return `--${option.name} takes no value (it is a flag), not ${JSON.stringify(withoutSecrets(t.value))}`;
    if (option.type === 'string') {
      const needs = `${NEEDS[option.value ?? ''] ?? 'a value'}${option.value ? ` (${option.value})` : ''}`;
      if (t.value === undefined) return `--${option.name} needs ${needs}`;
      // `--policy --as-of T`: the next option taken for the value. A value that starts with - is written --policy=-x.
      if (!t.inlineValue && t.value.startsWith('-') && t.value.length > 1) return `--${option.name} needs ${needs}, but the next argument is ${JSON.stringify(withoutSecrets(t.value))} (a value that starts with - is written --${option.name}=${withoutSecrets(t.value)})`;
    }
  }
  return null;
}

/**
 * The options given once each, read loosely (whatever else is wrong with the
 * arguments): for a command that reports bad usage in the format it was
 * asked for. An option given twice, or without its value, is left out.
 *
 * @param command the command's definition.
 * @param args the arguments after the command name.
 * @returns string options by name with their value, flags as true.
 */
export function givenOnce(command: CommandDefinition, args: string[]): Record<string, string | true> {
  const { tokens } = parseArgs({ args, options: optionsOf(command), allowPositionals: true, strict: false, tokens: true });
  const given: Record<string, string | true> = Object.create(null) as Record<string, string | true>;
  for (const option of command.options) {
    const found = tokens.filter((t) => t.kind === 'option' && t.name === option.name);
    const [one] = found;
    if (found.length !== 1 || one?.kind !== 'option') continue;
    if (option.type === 'boolean') given[option.name] = true;
    else if (one.value !== undefined) given[option.name] = one.value;
  }
  return given;
}
