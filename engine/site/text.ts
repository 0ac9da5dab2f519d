/**
 * Text that leaves the engine for a public page or a feed. Data comes from
 * front matter, notices and the records registry, written by people and
 * exported by systems: it may hold anything. Markup is escaped by the
 * writer of each target (Astro for HTML, xmlbuilder2 for XML, JSON.stringify
 * for JSON); what no target can carry is removed here.
 */

/**
 * Characters that XML 1.0 forbids (C0 controls other than tab, line feed and
 * carriage return, U+FFFE, U+FFFF, lone surrogates) and C1 controls, which
 * are never text anyone meant (ESC starts terminal escape codes).
 */
const NOT_TEXT = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Remove the characters no published target may carry.
 *
 * @param text any string from data.
 * @returns the string without control characters, non-characters and lone surrogates.
 */
export function publicText(text: string): string {
  return text.replace(NOT_TEXT, '');
}

