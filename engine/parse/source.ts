/**
 * The text of a policy file, from its bytes: strict UTF-8 (never a guessed
 * encoding, never a replacement character), no control characters, and a
 * hash of the bytes themselves so that any byte edit is seen.
 */
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** C0 controls other than tab, line feed and carriage return; DEL; C1 controls; non-characters (U+FFFE…). */
const CONTROL = /[\u0000-\u0008\u000B-\u000C\u000E-\u001F\u007F-\u009F]|\p{Noncharacter_Code_Point}/u;

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence
 * (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
 *
 * @param bytes the file's bytes.
 * @returns the offset, or -1 when all of it is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Line and column (1-based, in UTF-16 code units as vfile counts them) of a byte offset. */
function placeOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: lenient.decode(bytes.subarray(start, offset)).length + 1 };
}

/** Line and column of a string offset. */
export function placeOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

/**
 * Decode a policy file and refuse what codicil will not read: invalid UTF-8
 * and control characters, each reported with its line and column.
 *
 * @param file the file, for messages; its value becomes the decoded text.
 * @param source the file's bytes (or its text, when a caller already holds one).
 * @returns the text, or null when the file was refused.
 */
export function decodePolicyText(file: VFile, source: Uint8Array | string): string | null {
  let text: string;
  if (typeof source === 'string') {
    if (!source.isWellFormed()) {
      const offset = source.search(/[\uD800-\uDFFF]/u);
      // `search` with the u flag finds only lone surrogates.
      report(file, errors.invalidUtf8, [`a lone surrogate U+${hex(source.charCodeAt(offset), 4)}`], placeOfOffset(source, offset));
      return null;
    }
    text = source;
  } else {
    const bad = firstInvalidUtf8(source);
    if (bad !== -1) {
      const place = placeOfByte(source, bad);
      report(file, errors.invalidUtf8, [`byte 0x${hex(source[bad]!, 2)} at line ${place.line}, column ${place.column}`], place);
      return null;
    }
    try {
      text = strict.decode(source);
    } catch {
      // Unreachable when the scan above agrees with the decoder; refuse rather than guess.
      report(file, errors.invalidUtf8, ['a byte sequence the decoder refuses'], { line: 1, column: 1 });
      return null;
    }
  }
  const control = CONTROL.exec(text);
  if (control) {
    report(file, errors.controlCharacter, [`U+${hex(control[0].codePointAt(0)!, 4)}`], placeOfOffset(text, control.index));
    return null;
  }
  file.value = text;
  return text;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * SHA-256 of a policy file's bytes, with line endings normalized at byte
 * level (CRLF and lone CR become LF) so that a CRLF checkout is not an edit,
 * while any other byte change is.
 *
 * @param source the file's bytes; a string is hashed as its UTF-8 bytes.
 * @returns lowercase hex digest.
 */
export function contentHash(source: Uint8Array | string): string {
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === CR) {
      out[n++] = LF;
      if (bytes[i + 1] === LF) i++;
    } else out[n++] = b;
  }
  return createHash('sha256').update(out.subarray(0, n)).digest('hex');
}

/**
 * The length of the byte-order mark a text starts with (0 or 1). Parsers
 * read past it (remark, the yaml package), so their offsets count from
 * after it: add it to splice their places into the text (review: `test
 * --update` and `draft` wrote one character early in a file with a mark).
 *
 * @param text the text as read.
 * @returns 1 when it starts with U+FEFF, else 0.
 */
export function byteOrderMark(text: string): number {
  return text.startsWith('\uFEFF') ? 1 : 0;
}
