// Which JSONL files DuckDB may read line by line (prescan.ts) is decided in
// chunks; the verdict must be that of the whole file, wherever a chunk ends:
// inside a UTF-8 sequence, a byte-order mark, or between CR and LF.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMN_DELIMITER, prescanJsonl } from '../engine/engines/duckdb/prescan.ts';
import { MAX_RECORD_BYTES } from '../engine/records/limits.ts';
import { root } from './helpers.ts';
import { assertAsyncProperty } from './property.ts';

const dir = join(root, 'test', 'output', 'prescan');

/** The verdict, from the whole file at once (valid UTF-8 assumed). */
function wholeFile(bytes: Uint8Array): 'lf' | 'crlf' | 'node' {
  const b = Buffer.from(bytes);
  if (b.indexOf(Buffer.from([0xef, 0xbb, 0xbf]), 1) !== -1 || b.includes(COLUMN_DELIMITER)) return 'node';
  let cr = 0;
  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 13) {
      cr++;
      if (b[i + 1] === 10) crlf++;
    } else if (b[i] === 10) lf++;
  }
  if (cr === 0) return 'lf';
  return cr === crlf && lf === crlf ? 'crlf' : 'node';
}

const valid = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const verdict = (bytes: Uint8Array) => (valid(bytes) ? wholeFile(bytes) : 'node');

const PIECES = ['{"a":"x"}', '\n', '\r\n', '\r', 'é', '€', '𝄞', '\uFEFF', '\u0001', ' ', 'ab'].map((s) => Buffer.from(s, 'utf8'));
const BYTES = [0xff, 0xc3, 0xa9, 0xef, 0xbb, 0xbf, 0x80, 0xf0].map((b) => Buffer.from([b]));

describe('prescan gives the whole file’s verdict, whatever the chunk size', () => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'lines.jsonl');

  it.each([
    ['plain lines', '{"a":1}\n{"b":2}\n', 'lf'],
    ['CR LF lines', '{"a":1}\r\n{"b":2}\r\n', 'crlf'],
    ['mixed line ends', '{"a":1}\r\n{"b":2}\n', 'node'],
    ['a lone CR', '{"a":1}\r{"b":2}\n', 'node'],
    ['a mark first', '\uFEFF{"a":1}\n', 'lf'],
    ['a mark later', '{"a":1}\n\uFEFF{"b":2}\n', 'node'],
    ['the delimiter', '{"a":"\u0001"}\n', 'node'],
  ])('%s', async (_, text, expected) => {
    for (const chunk of [1, 2, 3, 5, 1 << 23]) {
      writeFileSync(file, text);
      expect(await prescanJsonl(file, chunk), `chunk ${chunk}`).toBe(expected);
    }
  });

  it('on generated files of text pieces and stray bytes, at every chunk size from 1 to 9', async () => {
    await assertAsyncProperty(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.constantFrom(...BYTES) }), { maxLength: 30 }), fc.integer({ min: 1, max: 9 }), async (parts, chunk) => {
        const bytes = Buffer.concat(parts);
        writeFileSync(file, bytes);
        expect(await prescanJsonl(file, chunk), JSON.stringify([...bytes])).toBe(verdict(bytes));
      }),
      { numRuns: 400 },
    );
  });
});

describe('prescan leaves a line longer than a record may be to the reference reader, without reading on (review F9)', () => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'long.jsonl');
  const line = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;

  it.each([
    ['a line of the limit and a CR', `{"a":1}\n${line(MAX_RECORD_BYTES)}\r\n{"b":2}\r\n`, 'node'],
    ['a line of the limit', `{"a":1}\n${line(MAX_RECORD_BYTES)}\n{"b":2}\n`, 'lf'],
    ['short lines, megabytes of them', '{"a":1}\n'.repeat(600_000), 'lf'],
    ['a line of the limit and a CR, CR LF throughout', `{"a":1}\r\n${line(MAX_RECORD_BYTES)}\r\n{"b":2}\r\n`, 'crlf'],
    ['a line over the limit, in the middle', `{"a":1}\n${line(MAX_RECORD_BYTES + 2)}\n{"b":2}\n`, 'node'],
    ['a line over the limit, last', `{"a":1}\n${line(MAX_RECORD_BYTES + 2)}`, 'node'],
    ['a line over the limit, first', `${line(MAX_RECORD_BYTES + 2)}\n`, 'node'],
  ])('%s', async (_, text, expected) => {
    writeFileSync(file, text);
    // Mixed CR LF: 'node' whatever the line's length; here every line but one ends in LF alone.
    for (const chunk of [1 << 10, 1 << 19, MAX_RECORD_BYTES + 1, 3 << 20, 1 << 23]) expect(await prescanJsonl(file, chunk), `chunk ${chunk}`).toBe(expected);
  });

  it('a 2 GB sparse file (one line of NULs): the reference reader\'s, after its first chunk (it was "lf", after reading it all)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'codicil-prescan-'));
    try {
      execFileSync('truncate', ['-s', '2G', join(work, 'incidents.jsonl')]);
      const started = performance.now();
      expect(await prescanJsonl(join(work, 'incidents.jsonl'))).toBe('node');
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
