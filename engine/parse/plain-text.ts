/**
 * The text of the document as a reader sees it: one line per block (heading,
 * paragraph line, list item, table row, and the lines of raw HTML), annotations removed. Used for the
 * faithfulness test, clause texts and word-level diffs.
 */
import type { Nodes, Parents, RootContent, PhrasingContent } from 'mdast';
import { rawHtmlText } from './html.ts';

/**
 * The visible text of inline content: directive markers vanish, labels stay.
 *
 * @param node an mdast node.
 * @returns its text, with hard and soft line breaks as "\n".
 */
export function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'html':
      // Raw HTML is published (engine/parse/html.ts): its words are words of the text.
      return rawHtmlText(node.value);
    case 'yaml':
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? (node.children as PhrasingContent[]).map(inlineText).join('') : '';
  }
}

/**
 * The lines of block content.
 *
 * @param node a block (or the root).
 * @returns normalized, non-empty lines: runs of spaces and tabs folded, trimmed.
 */
export function blockLines(node: Nodes): string[] {
  return rawLines(node)
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line.length > 0);
}

function rawLines(node: Nodes): string[] {
  switch (node.type) {
    case 'heading':
    case 'paragraph':
      return inlineText(node).split('\n');
    case 'table':
      return node.children.map((row) => row.children.map((cell) => inlineText(cell).trim()).join(' '));
    case 'code':
      return node.value.split('\n');
    case 'html':
      return rawHtmlText(node.value).split('\n');
    case 'yaml':
    case 'thematicBreak':
    case 'definition':
      return [];
    case 'textDirective':
      return inlineText(node).split('\n');
    default:
      return 'children' in node ? (node.children as RootContent[]).flatMap(rawLines) : [];
  }
}

/**
 * The plain text of a whole tree.
 *
 * @param tree the document (or any parent).
 * @returns lines joined by "\n".
 */
export function plainText(tree: Parents): string {
  return blockLines(tree).join('\n');
}
