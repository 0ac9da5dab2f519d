/**
 * Help texts, generated from the command definitions: the global help lists
 * the registry; a command's help shows its usage, arguments and options.
 */
import type { CommandDefinition, OptionDefinition } from './define.ts';

const HELP_OPTION = '-h, --help';

/** Two columns: labels padded to the widest. */
function columns(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 3;
  return rows.map(([label, text]) => `  ${label.padEnd(width)}${text}`.trimEnd()).join('\n');
}

function label(option: OptionDefinition): string {
  if (option.type === 'boolean') return `--${option.name}`;
  return `--${option.name} ${option.value ?? option.choices?.join('|') ?? 'VALUE'}`;
}

function describe(option: OptionDefinition): string {
  const notes = [
    option.required ? 'required' : null,
    typeof option.default === 'string' && option.default !== '' ? `default: ${option.default}` : null,
    option.multiple ? 'may be given more than once' : null,
  ].filter((n) => n !== null);
  return notes.length > 0 ? `${option.description} (${notes.join('; ')})` : option.description;
}

/**
 * The help of one command.
 *
 * @param command its definition.
 * @returns the text.
 */
export function commandHelp(command: CommandDefinition): string {
  const parts = [`codicil ${command.name} — ${command.summary}`, `Usage:\n  codicil ${command.usage}`];
  if (command.args?.length) parts.push(`Arguments:\n${columns(command.args.map((a) => [a.name, a.description]))}`);
  parts.push(`Options:\n${columns([...command.options.map((o): [string, string] => [label(o), describe(o)]), [HELP_OPTION, 'show this help']])}`);
  if (command.details) parts.push(command.details);
  return `${parts.join('\n\n')}\n`;
}

/**
 * The global help: every command of the registry.
 *
 * @param commands the registry.
 * @returns the text.
 */
export function globalHelp(commands: readonly CommandDefinition[]): string {
  return `codicil — policy-as-code for legal agreements

Usage: codicil COMMAND [options]

Commands:
${columns(commands.map((c) => [c.name, c.summary]))}

Options:
${columns([
  [HELP_OPTION, 'show this help'],
  ['--version', 'print codicil’s version'],
])}

Run \`codicil COMMAND --help\` (or \`codicil help COMMAND\`) for a command's usage and options.

Exit codes: 0 success; 1 check found a violation (or a strict failure); 2 could not
run or judge (bad usage, invalid policy or records). Nothing failed is reported as compliant.
Colour: on a terminal only; NO_COLOR=1 turns it off, FORCE_COLOR=1 turns it on
off a terminal (NO_COLOR wins; FORCE_COLOR=0 turns it off).
`;
}
