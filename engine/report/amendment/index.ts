import type { Amendment, VersionRef } from '../../amendment/types.ts';
import { formatAmendmentText } from './text.ts';
import { formatAmendmentMarkdown } from './markdown.ts';
import { formatAmendmentHtml } from './html.ts';
import { formatChangeNotice } from './notice.ts';
import { jsonText } from '../../errors/visible.ts';

/** The output formats of `codicil diff`. */
export const DIFF_FORMATS = ['text', 'json', 'markdown', 'html', 'notice'] as const;

/** One of {@link DIFF_FORMATS}. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/**
 * Render an amendment.
 *
 * @param amendment the diff.
 * @param format text, json, markdown, html, or notice (a draft change notice).
 * @param options colour (text); the versions the comparison passes through before TO (text, markdown: their declarations count, see declaredMaterial; diff()'s `steps`); objection window in days and the version TO amends (notice).
 * @returns the rendered amendment.
 */
export function renderAmendment(amendment: Amendment, format: DiffFormat, options: { color?: boolean; objectionDays?: number; amends?: string; steps?: readonly Pick<VersionRef, 'material'>[] } = {}): string {
  switch (format) {
    case 'text':
      return formatAmendmentText(amendment, options);
    case 'json':
      return jsonText(amendment);
    case 'markdown':
      return formatAmendmentMarkdown(amendment, options);
    case 'html':
      return formatAmendmentHtml(amendment);
    case 'notice':
      return formatChangeNotice(amendment, options);
  }
}

export { formatAmendmentText, formatAmendmentMarkdown, formatAmendmentHtml, formatChangeNotice };
