import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

/*
 * Positional messages as plain objects: how lint, check and policy tests
 * hand the problems they collected on vfiles to a report.
 */

/** One message on a file, structured (lint, check and policy tests report these). */
export interface LintMessage {
  file: string;
  line: number | null;
  column: number | null;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  hint: string;
  /** The field a problem is about, where one is named (a waiver's `reason`, `match.request_id`). */
  field?: string;
}

/**
 * The messages of one file as plain objects.
 *
 * @param file a vfile with codicil messages.
 * @returns structured messages.
 */
export function toMessages(file: VFile): LintMessage[] {
  return file.messages.map((m) => ({
    file: file.path,
    line: m.line ?? null,
    column: m.column ?? null,
    severity: m.fatal ? 'error' : 'warning',
    code: m.ruleId ?? 'CODICIL',
    message: m.reason,
    hint: m.note ?? '',
    ...(fieldOf(m) === undefined ? {} : { field: fieldOf(m)! }),
  }));
}

/** A vfile message that names the field its problem is about (see {@link withField}). */
type FieldMessage = VFileMessage & { field?: string };

/**
 * Name the field a message is about, for reports that carry one (cli.md's
 * errors are `{ file, line, field, message }`).
 *
 * @param message the message.
 * @param field e.g. `reason`, `match.request_id`.
 * @returns the message.
 */
export function withField(message: VFileMessage, field: string): VFileMessage {
  (message as FieldMessage).field = field;
  return message;
}

/** The field a message names, if any. */
const fieldOf = (message: VFileMessage): string | undefined => (message as FieldMessage).field;
