import type { CheckReport } from '../check/report-types.ts';
import { formatJson, jsonPieces } from './json.ts';
import { formatText, textPieces } from './text.ts';
import { formatJunit, junitPieces } from './junit.ts';
import { formatSarif, sarifPieces } from './sarif.ts';
import { formatGithub, githubPieces } from './github.ts';
import { formatMarkdown, markdownPieces } from './markdown.ts';

/** The output formats of `codicil check`. */
export const FORMATS = ['text', 'json', 'junit', 'sarif', 'github', 'markdown'] as const;

/** One of {@link FORMATS}. */
export type CheckFormat = (typeof FORMATS)[number];

/** Options of the text format. */
export interface RenderOptions {
  color?: boolean;
  explain?: boolean;
  /** The records folder as given on the command line: github and sarif point at files under it. */
  recordsDir?: string;
}

/**
 * Render a check report in one of the formats.
 *
 * @param report the report.
 * @param format the format.
 * @param options colour and explanations (text format).
 * @returns the rendered report.
 */
export function renderCheck(report: CheckReport, format: CheckFormat, options: RenderOptions = {}): string {
  return [...renderCheckPieces(report, format, options)].join('');
}

/**
 * Render a check report a piece at a time (their concatenation is
 * {@link renderCheck}'s text): the findings come a few thousand at a time
 * (JUnit: a test case at a time, each holding its clause's findings), so
 * that a report of many findings is written without ever being one text.
 *
 * @param report the report.
 * @param format the format.
 * @param options colour and explanations (text format).
 * @returns the pieces, in order.
 */
export function renderCheckPieces(report: CheckReport, format: CheckFormat, options: RenderOptions = {}): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonPieces(report);
    case 'text':
      return textPieces(report, options);
    case 'sarif':
      return sarifPieces(report, options.recordsDir);
    case 'github':
      return githubPieces(report, options.recordsDir);
    case 'markdown':
      return markdownPieces(report);
    case 'junit':
      return junitPieces(report);
  }
}

export { formatJson, formatText, formatJunit, formatSarif, formatGithub, formatMarkdown };
