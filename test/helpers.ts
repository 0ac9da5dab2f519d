import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { VFile } from 'vfile';
import type { PolicyVersion } from '../engine/index.ts';

/** Repository root. */
export const root = new URL('..', import.meta.url).pathname;

/**
 * Copy a policy fixture into test/output/ (a folder inside the repository,
 * so message paths are short and stable), adding the real reference data
 * for any reference file the fixture does not bring.
 *
 * @param fixture path of the fixture folder.
 * @param name name of the copy under test/output/.
 * @returns the copy's path, relative to the repository root.
 */
export function stagePolicy(fixture: string, name: string): string {
  const out = join('test', 'output', name);
  const abs = join(root, out);
  rmSync(abs, { recursive: true, force: true });
  mkdirSync(abs, { recursive: true });
  cpSync(fixture, abs, { recursive: true, filter: (src) => !src.endsWith('expected.txt') });
  mkdirSync(join(abs, 'reference'), { recursive: true });
  for (const file of readdirSync(join(root, 'policy', 'reference'))) {
    if (!existsSync(join(abs, 'reference', file))) cpSync(join(root, 'policy', 'reference', file), join(abs, 'reference', file));
  }
  return out;
}

/** The parts of the model a parser fixture pins down (positions included; the syntax tree is not). */
export function projection(version: PolicyVersion | null, file: VFile) {
  return {
    messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`),
    sections: version?.sections.map((s) => ({ number: s.number, title: s.title, anchor: s.anchor, depth: s.depth, line: s.position.line })),
    clauses: version?.clauses.map((c) => ({
      id: c.id,
      rule: c.rule,
      attestation: c.attestation,
      section: c.section,
      sectionAnchor: c.sectionAnchor,
      headingPath: c.headingPath,
      text: c.text,
      passages: c.passages.map((p) => `${p.section}@${p.position.line}:${p.position.column}`),
      params: Object.fromEntries(Object.entries(c.params).map(([k, p]) => [k, { value: p.value, bindings: p.bindings.map((b) => ({ ...b, position: `${b.position.line}:${b.position.column}` })) }])),
      line: c.position.line,
    })),
    interpretations: version?.interpretations.map((i) => ({ ...i, position: `${i.position.line}:${i.position.column}` })),
  };
}

