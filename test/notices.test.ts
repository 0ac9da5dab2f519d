// A change notice is published when its header says so, read as lint reads it (YAML), by lint and
// by the site alike (review: the site's own pattern left `status: "published"` and a trailing
// comment off, and took a lone CR for a line end); and a published notice is of a published
// version (review: a version set back to draft kept its published notice, and lint passed).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../engine/index.ts';
import { noticePublished } from '../engine/model/notices.ts';
import { root, stagePolicy } from './helpers.ts';

const notice = readFileSync(join(root, 'examples', 'amendments', 'policy', 'dpa', '1.2.0.notice.md'), 'utf8');
const withStatus = (line: string) => notice.replace('status: published\n', `${line}\n`);

describe('a change notice is published when its YAML header says so', () => {
  it.each([
    ['status: published', true],
    ['status: "published"', true],
    ["status: 'published'", true],
    ['status: published   # approved by legal', true],
    ['status: draft', false],
    ['status: draft   # not approved yet\rstatus: published', false],
    ['status: Published', false],
  ] as const)('%s', async (line, published) => {
    const text = withStatus(line);
    expect(noticePublished(text)).toBe(published);
    // What lint takes for published, the site publishes; what lint refuses, nothing publishes.
    const dir = stagePolicy(join(root, 'examples', 'amendments', 'policy'), join('notices', line.replace(/\W+/g, '-')));
    writeFileSync(join(root, dir, 'dpa', '1.2.0.notice.md'), text);
    const { messages } = await lint({ policy: dir });
    const noticeErrors = messages.filter((m) => m.file.endsWith('1.2.0.notice.md') && m.severity === 'error');
    if (published) expect(noticeErrors).toEqual([]);
    // Not a status the schema knows: refused, so nothing is published from it.
    if (line === 'status: Published') expect(noticeErrors.map((m) => m.code)).toContain('CODICIL-P301');
  });

  it('a published notice of a version set back to draft is an error at its status (CODICIL-P304)', async () => {
    const dir = stagePolicy(join(root, 'examples', 'amendments', 'policy'), join('notices', 'draft-version'));
    const version = join(root, dir, 'dpa', '1.2.0.md');
    writeFileSync(version, readFileSync(version, 'utf8').replace('status: published', 'status: draft'));
    const { messages } = await lint({ policy: dir });
    expect(messages.filter((m) => m.code === 'CODICIL-P304').map((m) => [m.file, m.line, m.message])).toEqual([
      [`${dir}/dpa/1.2.0.notice.md`, 5, 'the notice is published, but version 1.2.0 is a draft: customers would be told of terms that are not in force'],
    ]);
  });
});
