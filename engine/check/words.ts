/** Wording shared by the rule kinds' messages. */
import type { Clause, Parameter } from '../model/types.ts';
import type { RowSource } from '../records/read.ts';

/**
 * How the DPA states a duration parameter, for "the DPA allows …".
 *
 * @param param the bound parameter.
 * @returns "72 hours", or "“immediately” (held to 24 hours)" for vague words.
 */
export function allowance(param: Parameter | undefined): string {
  const binding = param?.bindings[0];
  if (!binding) return 'the bound in the DPA';
  return binding.means !== undefined ? `“${binding.words}” (held to ${binding.means})` : binding.words;
}

/**
 * A duration parameter's value in milliseconds.
 *
 * @param clause the clause.
 * @param name the parameter.
 * @returns milliseconds.
 * @throws when the clause does not bind the duration (lint prevents it).
 */
export function durationMs(clause: Clause, name: string): number {
  const value = clause.params[name]?.value;
  if (value?.type !== 'duration') throw new Error(`clause ${clause.id} has no duration ${name}`);
  return value.seconds * 1000;
}

/**
 * A record's place, for explanations.
 *
 * @param source file and line.
 * @returns "file:line".
 */
export function at(source: RowSource): string {
  return `${source.file}:${source.line}`;
}
