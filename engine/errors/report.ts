import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import type { ErrorDefinition } from './catalogue.ts';

/** A place in a file: a point, or a start and end. */
export type Place =
  | { line: number; column: number }
  | { start: { line: number; column: number }; end: { line: number; column: number } }
  | undefined;

/**
 * Attach a catalogue error to a file as a positional vfile message.
 *
 * @param file the file the problem is in.
 * @param definition the catalogue entry.
 * @param args the figures of this occurrence, passed to message and hint.
 * @param place where in the file (omit for the whole file).
 * @param severity `error` (fails lint) or `warning`.
 * @returns the message, with `ruleId` = code and `note` = hint.
 */
export function report<Args extends unknown[]>(
  file: VFile,
  definition: ErrorDefinition<Args>,
  args: Args,
  place?: Place,
  severity: 'error' | 'warning' = 'error',
): VFileMessage {
  const message = file.message(definition.message(...args), {
    place: place ?? undefined,
    ruleId: definition.code,
    source: 'codicil',
  });
  message.note = definition.hint(...args);
  message.fatal = severity === 'error';
  return message;
}
