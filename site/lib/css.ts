/**
 * A CSS string literal for any text (a title in a print header): quotes,
 * backslashes, line breaks and `<` are escaped, so nothing ends the string
 * or the <style> element.
 *
 * @param text any text.
 * @returns a double-quoted CSS string.
 */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}
