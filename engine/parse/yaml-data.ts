import { LineCounter, parseDocument, visit, type Document } from 'yaml';

/** A YAML text read into data, with what is needed to place messages. */
export type YamlRead =
  | { ok: true; doc: Document; lines: LineCounter; data: unknown }
  | { ok: false; lines: LineCounter; problems: { reason: string; offset: number }[] };

/**
 * Parse the YAML of a policy file (front matter, change notice, reference
 * data): duplicate keys refused, and aliases (`*name`) refused too — policy
 * data is written out, and an alias can multiply a small text into a huge
 * value. Never throws.
 *
 * @param text the YAML text.
 * @returns the data, or every problem with its offset in the text.
 */
export function readYaml(text: string): YamlRead {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems = doc.errors.map((e) => ({ reason: e.message.split('\n')[0]!, offset: e.pos[0] }));
  if (problems.length === 0) {
    visit(doc, {
      Alias(_key, node) {
        problems.push({ reason: `the alias *${node.source} is not allowed: write the value out (anchors and aliases are not read)`, offset: node.range?.[0] ?? 0 });
      },
    });
  }
  if (problems.length > 0) return { ok: false, lines, problems };
  try {
    return { ok: true, doc, lines, data: doc.toJS({ maxAliasCount: 0 }) as unknown };
  } catch (error) {
    return { ok: false, lines, problems: [{ reason: (error as Error).message.split('\n')[0]!, offset: 0 }] };
  }
}
