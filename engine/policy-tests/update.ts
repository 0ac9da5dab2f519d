/**
 * `codicil test --update`: rewrite a case's `expect` from what codicil
 * found, for a person to review in the diff. Only the `expect` block
 * changes; the rest of the file — records, comments, spacing — stays byte
 * for byte (the yaml package's Document API edits the block, and only its
 * text is spliced into the original).
 */
import { isMap, isNode, isScalar, parseDocument, visit, YAMLSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { byteOrderMark } from '../parse/source.ts';
import type { Outcome } from './compare.ts';

/**
 * The text of a case file with `expect` replaced by an outcome.
 *
 * @param text the case file's text (a byte-order mark stays).
 * @param doc its document as readYaml parsed it (valid: it has an `expect` mapping).
 * @param outcome what codicil found.
 * @returns the new text.
 */
export function rewriteExpect(text: string, doc: Document, outcome: Outcome): string {
  // readYaml parsed the text after a byte-order mark: its ranges count from there (review: a BOM shifted the splice by one, and the file no longer parsed).
  const at = byteOrderMark(text);
  const body = text.slice(at);
  const [from, , rangeEnd] = (doc.get('expect', true) as Node).range!;
  // Comments at column 0 (and blank lines) after the block belong to what follows it, though the yaml
  // package counts them into the block's last collection: they stay where they are, once
  // (review: a comment after the block was written twice, then moved into the findings).
  const tail = outerTail(body, from, rangeEnd);
  const edited = doc.clone();
  const expect = edited.get('expect', true) as YAMLMap;
  if (!isMap(expect)) throw new Error('rewriteExpect: the case has no expect mapping');
  if (tail.comment !== undefined) {
    visit(expect, (_key, node) => {
      if (isNode(node) && node.range?.[2] === rangeEnd && node.comment?.endsWith(tail.comment!)) node.comment = node.comment.slice(0, -tail.comment!.length).replace(/\n$/, '') || null;
    });
    if (expect.comment?.endsWith(tail.comment)) expect.comment = expect.comment.slice(0, -tail.comment.length).replace(/\n$/, '') || null;
  }
  setValue(edited, expect, 'exit', outcome.exit);
  if (outcome.exit === 2) {
    expect.delete('findings');
    setList(edited, expect, 'errors', (outcome.errors ?? []).map((e) => ({ file: e.file, line: e.line, field: e.field, ...(e.code ? { code: e.code } : {}) })));
  } else {
    expect.delete('errors');
    setList(edited, expect, 'findings', outcome.findings ?? []);
  }
  const rewritten = edited.toString({ lineWidth: 0 });
  const reparsed = parseDocument(rewritten).get('expect', true) as Node;
  const [start, , end] = reparsed.range!;
  const block = rewritten.slice(start, outerTail(rewritten, start, end).end);
  // The block in the file's own line ends (review: a CRLF file got LF lines in its expect).
  const lines = /\r\n/.test(text) ? block.replace(/\r?\n/g, '\r\n') : block;
  return text.slice(0, at + from) + lines + text.slice(at + tail.end);
}

/**
 * Where a block's own text ends: before the blank lines and column-0
 * comments that close its range, with those comments as the yaml package
 * holds them (each line without its `#`, blank lines empty).
 */
function outerTail(text: string, from: number, to: number): { end: number; comment: string | undefined } {
  const lines = text.slice(from, to).split(/(?<=\n)/);
  let end = to;
  const outer: string[] = [];
  // The first line is the block's own (it starts after the key); only whole lines after it can be outside.
  for (let i = lines.length - 1; i > 0; i--) {
    const line = lines[i]!.replace(/\r?\n$/, '');
    if (line.trim() !== '' && !line.startsWith('#')) break;
    outer.unshift(line.startsWith('#') ? line.slice(1) : '');
    end -= lines[i]!.length;
  }
  // Leading blank lines of the tail are not in a comment the yaml package holds.
  while (outer.length > 0 && outer[0] === '') outer.shift();
  return { end, comment: outer.length > 0 ? outer.join('\n') : undefined };
}

/** Set a scalar in place (its comment and style stay), or add it. */
function setValue(doc: Document, map: YAMLMap, key: string, value: unknown): void {
  const node = map.get(key, true);
  if (isScalar(node)) node.value = value;
  else map.set(key, doc.createNode(value));
}

/** Set a list of flow mappings, one item a line, keeping the comment of the list it replaces. */
function setList(doc: Document, map: YAMLMap, key: string, items: object[]): void {
  const old = map.get(key, true) as Node | undefined;
  const seq = new YAMLSeq();
  for (const item of items) {
    const node = doc.createNode(item) as YAMLMap;
    node.flow = true;
    seq.items.push(node);
  }
  // An empty list reads best as [] on the key's line.
  if (items.length === 0) seq.flow = true;
  if (old?.comment) seq.comment = old.comment;
  if (old?.commentBefore) seq.commentBefore = old.commentBefore;
  map.set(key, seq);
}
