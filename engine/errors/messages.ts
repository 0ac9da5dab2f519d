import type { VFile } from 'vfile';

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
  }));
}

