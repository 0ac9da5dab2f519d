/**
 * What a command is: one definition object per command (its name, a summary,
 * its usage, its options and what it runs). `main` parses the arguments from
 * the definition, so adding an option is one entry in `options`, and adding
 * a command is one file in `commands/` and one line in the registry.
 */

/** Where the CLI writes, and what the terminal can show. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour the text output (see `colorEnabled`). */
  color?: boolean;
  /** Show a progress bar on stderr (only on a terminal). */
  progress?: boolean;
  /** The environment (default: the process's). */
  env?: Record<string, string | undefined>;
}

/** One option of a command: `--name VALUE`, or a flag. */
export interface OptionDefinition {
  /** The long name, without the dashes (`as-of`). */
  readonly name: string;
  /** A string takes a value; a boolean is a flag. */
  readonly type: 'string' | 'boolean';
  /** One line for the command's help. */
  readonly description: string;
  /** The value when the option is not given. */
  readonly default?: string | boolean;
  /** May be given more than once (the values are collected in order); otherwise twice is a usage error. */
  readonly multiple?: boolean;
  /** The command cannot run without it. */
  readonly required?: boolean;
  /** The only values allowed. */
  readonly choices?: readonly string[];
  /** What the value is, in the usage line (`DIR`, `T`); the choices when omitted. */
  readonly value?: string;
  /** Checks the value: a problem for the usage error, or null. */
  readonly validate?: (value: string) => string | null;
}

/** A positional argument, for the help text. */
export interface ArgumentDefinition {
  readonly name: string;
  readonly description: string;
}

/** The value an option arrives with in `run`. */
type ValueOf<O extends OptionDefinition> = O['type'] extends 'boolean' ? boolean : O['multiple'] extends true ? string[] : string;

/** The parsed options, by name: present when defaulted or required, else possibly undefined. */
export type Values<Os extends readonly OptionDefinition[]> = {
  [O in Os[number] as O['name']]: O extends { default: string | boolean } | { required: true } | { multiple: true } ? ValueOf<O> : ValueOf<O> | undefined;
};

/** A command of the `codicil` executable. */
export interface CommandDefinition<Os extends readonly OptionDefinition[] = readonly OptionDefinition[]> {
  /** What the user types (`check`). */
  readonly name: string;
  /** One line, for the global help. */
  readonly summary: string;
  /** The synopsis, without the leading `codicil` (`check --records DIR [--policy DIR] …`). */
  readonly usage: string;
  /** Positional arguments (none accepted when omitted; the command checks how many it needs). */
  readonly args?: readonly ArgumentDefinition[];
  readonly options: Os;
  /** More text for the command's help: exit codes, examples. */
  readonly details?: string;
  /**
   * The command's report of bad usage, for a command whose report must carry
   * its errors in a format it was asked for (`check --format json`, cli.md);
   * the usage error goes to stderr as well.
   *
   * @param problem what is wrong.
   * @param given the options given once each (see `givenOnce`), read loosely.
   * @returns the report for stdout, or null when the arguments ask for none.
   */
  usageReport?(problem: string, given: Readonly<Record<string, string | true>>): string | null;
  /**
   * Run the command with parsed, validated options.
   *
   * @returns the exit code.
   */
  run(values: Values<Os>, positionals: string[], io: Io): Promise<number>;
}

/**
 * Define a command (identity, for type inference of its option values).
 *
 * @param definition the command.
 * @returns the same definition.
 */
export function defineCommand<const Os extends readonly OptionDefinition[]>(definition: CommandDefinition<Os>): CommandDefinition<Os> {
  return definition;
}
