// Version 1.0.0 must carry the seed DPA word for word: every heading,
// paragraph, list item, table row and call-out, in order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../engine/index.ts';

/** The seed's lines as a reader sees them: bullets dropped, spaces folded. */
function seedLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*•\s*/, '').replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line.length > 0);
}

describe('policy/dpa/1.0.0.md carries the seed DPA faithfully', async () => {
  const seed = seedLines(readFileSync(new URL('./fixtures/seed/dpa-1.0.0.txt', import.meta.url), 'utf8'));
  const { policy, failed } = await loadPolicy('policy');
  const v1 = policy.versions.find((v) => v.version === '1.0.0')!;

  it('parses without errors', () => {
    expect(failed).toBe(false);
    expect(v1.effective).toBe('2024-12-02');
  });

  it('has the same lines as the seed, in order, with nothing dropped or changed', () => {
    expect(v1.plainText.split('\n')).toEqual(seed);
  });

  it('has all 15 sections and their sub-sections', () => {
    const numbers = v1.sections.map((s) => s.number);
    for (let n = 1; n <= 15; n++) expect(numbers).toContain(String(n));
    expect(numbers).toEqual(expect.arrayContaining(['2.1', '2.2', '3.1', '3.2', '3.3', '7.1', '7.2', '7.3', '14.1', '14.2', '14.3']));
  });
});
