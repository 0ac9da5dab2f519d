import { errors } from '../errors/catalogue.ts';
import type { Io } from './define.ts';

/**
 * Report bad usage on stderr, as text, with its code and hint.
 *
 * @param io where to write.
 * @param problem what is wrong.
 * @param command the command it concerns, if any (the hint points at its help).
 * @returns the exit code (2).
 */
export function usageError(io: Io, problem: string, command?: string): number {
  io.stderr(`codicil: ${errors.usage.message(problem, command)} [${errors.usage.code}]\n${errors.usage.hint(problem, command)}\n`);
  return 2;
}
