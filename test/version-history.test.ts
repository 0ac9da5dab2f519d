// The version history enforces what it says (review: scratch/rev-versions):
// no version published into a locked past, no version in force un-published,
// no lock entry hidden by a repeated key, no header hidden behind a lone CR.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../engine/index.ts';
import { loadPolicy } from '../engine/model/load-policy.ts';
import { updateLock } from '../engine/model/lock.ts';
import { ruleKinds } from '../engine/rules/registry.ts';
import { root, stagePolicy } from './helpers.ts';

/** A copy of the amendments example (1.0.0 … 1.2.0, all published and locked). */
function staged(name: string): string {
  return stagePolicy(join(root, 'examples', 'amendments', 'policy'), join('version-history', name));
}

function edit(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

/** Lint's errors as `file:line message [code]`, the staging folder dropped. */
async function lintErrors(policy: string): Promise<string[]> {
  const result = await lint({ policy });
  return result.messages.filter((m) => m.severity === 'error').map((m) => `${m.file.split(`${policy}/`).join('')}:${m.line} ${m.message} [${m.code}]`);
}

describe('version history', () => {
  it('refuses a published version inserted below a locked one, and lock does not lock it', async () => {
    const policy = staged('insert-older');
    const dpa = join(root, policy, 'dpa');
    writeFileSync(
      join(dpa, '1.1.5.md'),
      readFileSync(join(dpa, '1.2.0.md'), 'utf8')
        .replace(/^version: 1\.2\.0$/m, 'version: 1.1.5')
        .replace(/^effective: 2025-10-01$/m, 'effective: 2025-08-01')
        .replace(/^published: 2025-08-15$/m, 'published: 2025-06-01')
        .replace(':effective[October 1, 2025]', ':effective[August 1, 2025]'),
    );
    expect(await lintErrors(policy)).toEqual([
      'dpa/1.1.5.md:4 published version 1.1.5 is not locked and comes before locked version 1.2.0: a new version cannot be published into the past [CODICIL-V015]',
    ]);
    const { policy: model } = await loadPolicy(policy, ruleKinds);
    await expect(updateLock(join(policy, 'dpa'), 'dpa', model.versions)).rejects.toThrow('version 1.1.5 cannot be locked: it comes before locked version 1.2.0');
    expect(readFileSync(join(dpa, 'versions.lock'), 'utf8')).not.toContain('1.1.5');
  });

  it('refuses a version in force set back to draft with its lock entry deleted', async () => {
    const policy = staged('unpublish');
    const dpa = join(root, policy, 'dpa');
    edit(join(dpa, '1.1.0.md'), (t) => t.replace(/^status: published$/m, 'status: draft'));
    edit(join(dpa, 'versions.lock'), (t) => {
      const lock = JSON.parse(t) as { versions: Record<string, unknown> };
      delete lock.versions['1.1.0'];
      return `${JSON.stringify(lock, null, 2)}\n`;
    });
    const found = await lintErrors(policy);
    expect(found).toContain(
      'dpa/1.1.0.md:8 version 1.1.0 is a draft, but published version 1.2.0 comes after it: a draft is a future version, and a version once in force cannot be un-published [CODICIL-V016]',
    );
    // The published notice of that draft (CODICIL-P304, engine/model/notices.ts).
    expect(found.some((m) => m.startsWith('dpa/1.1.0.notice.md:') && m.endsWith('[CODICIL-P304]'))).toBe(true);
  });

  it('refuses a repeated key in versions.lock at its line', async () => {
    const policy = staged('lock-duplicate');
    const dpa = join(root, policy, 'dpa');
    edit(join(dpa, 'versions.lock'), (t) => t.replace(/\n {2}\}\n\}/, `,\n    "1.1.0": {"file": "1.1.0.md", "sha256": "${'0'.repeat(64)}"}\n  }\n}`));
    expect(await lintErrors(policy)).toEqual([
      'dpa/versions.lock:20 versions.lock is invalid: the key versions.1.1.0 is repeated at line 20 (JSON keeps only the last, so one entry would hide another) [CODICIL-V102]',
    ]);
  });

  it("refuses a lock whose document or an entry's file contradicts the folder", async () => {
    const policy = staged('lock-fields');
    const dpa = join(root, policy, 'dpa');
    edit(join(dpa, 'versions.lock'), (t) => t.replace('"document": "dpa"', '"document": "terms"').replace('"file": "1.0.0.md"', '"file": "../../somewhere-else.md"'));
    expect(await lintErrors(policy)).toEqual([
      'dpa/versions.lock:2 versions.lock is invalid: document is "terms", but the lock is in the folder of document "dpa" [CODICIL-V102]',
      'dpa/versions.lock:5 versions.lock is invalid: versions.1.0.0.file is "../../somewhere-else.md", but version 1.0.0\'s file is 1.0.0.md [CODICIL-V102]',
    ]);
  });

  it('refuses a lone CR in a version file at its line (the hash would count it as LF)', async () => {
    const policy = staged('lone-cr');
    const dpa = join(root, policy, 'dpa');
    const file = join(dpa, '1.2.0.md');
    // 1.2.0 with a header comment and an optional key after it, locked anew.
    edit(file, (t) => t.replace(/^status: published\n/m, 'status: published   # draft | published\naudience: Customers on a paid plan\n'));
    edit(join(dpa, 'versions.lock'), (t) => t.replace(/,\n {4}"1\.2\.0": \{[^}]*\}/, ''));
    await updateLock(dpa, 'dpa', (await loadPolicy(policy, ruleKinds)).policy.versions);
    expect(await lintErrors(policy)).toEqual([]);
    // The LF after the comment becomes a lone CR: the same hash, and YAML would read no audience.
    edit(file, (t) => t.replace('# draft | published\n', '# draft | published\r'));
    expect(await lintErrors(policy)).toEqual([
      'dpa/1.2.0.md:8 a carriage return (CR) not followed by a line feed ends line 8: versions.lock counts it as a line end, the header reader does not, so the hash could not tell what the header says [CODICIL-V017]',
    ]);
  });

  it('accepts a versions.lock that starts with a byte-order mark, and CRLF versions', async () => {
    const policy = staged('lock-bom');
    const dpa = join(root, policy, 'dpa');
    edit(join(dpa, 'versions.lock'), (t) => `\uFEFF${t}`);
    edit(join(dpa, '1.2.0.md'), (t) => t.replace(/\n/g, '\r\n'));
    expect(await lintErrors(policy)).toEqual([]);
  });
});
