/**
 * `codicil test --update`: rewrite a case's `expect` from what codicil
 * found, for a person to review in the diff. Only the `expect` block
 * changes; the rest of the file — records, comments, spacing — stays byte
 * for byte (the yaml package's Document API edits the block, and only its
 * text is spliced into the original).
 */
import { isMap, isScalar, parseDocument, YAMLSeq, type Document, type Node, type YAMLMap } from 'yaml';
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
  const edited = doc.clone();
  const expect = edited.get('expect', true) as YAMLMap;
  if (!isMap(expect)) throw new Error('rewriteExpect: the case has no expect mapping');
  setValue(edited, expect, 'exit', outcome.exit);
  if (outcome.exit === 2) {
    expect.delete('findings');
    setList(edited, expect, 'errors', (outcome.errors ?? []).map((e) => ({ file: e.file, line: e.line, field: e.field, ...(e.code ? { code: e.code } : {}) })));
  } else {
    expect.delete('errors');
    setList(edited, expect, 'findings', outcome.findings ?? []);
  }
  // readYaml parsed the text after a byte-order mark: its ranges count from there (review: a BOM shifted the splice by one, and the file no longer parsed).
  const at = byteOrderMark(text);
  const [from, , to] = (doc.get('expect', true) as Node).range!;
  const rewritten = edited.toString({ lineWidth: 0 });
  const reparsed = parseDocument(rewritten).get('expect', true) as Node;
  const [start, , end] = reparsed.range!;
  // The block in the file's own line ends (review: a CRLF file got LF lines in its expect).
  const block = /\r\n/.test(text) ? rewritten.slice(start, end).replace(/\r?\n/g, '\r\n') : rewritten.slice(start, end);
  return text.slice(0, at + from) + block + text.slice(at + to);
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
