import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import { parseFragment } from 'parse5';
import { SaxesParser } from 'saxes';
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


/** True when expected files may be (re)written: `UPDATE_FIXTURES=1`. */
export const updating = process.env.UPDATE_FIXTURES === '1' || process.env.UPDATE_FIXTURES === 'true';

/**
 * Compare output with its expected (golden) file. A missing golden fails the
 * test — it is never written silently — unless UPDATE_FIXTURES=1, which
 * (re)writes it for review.
 *
 * @param path the golden file.
 * @param actual the output.
 */
export function expectGolden(path: string, actual: string): void {
  if (updating) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path)) expect.fail(`the expected file ${relative(root, path)} is missing: run UPDATE_FIXTURES=1 npx vitest run, then review and commit it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/**
 * {@link expectGolden} for a value kept as pretty JSON.
 *
 * @param path the golden .json file.
 * @param value the output (serialized with 2-space indentation and a final newline).
 */
export function expectGoldenJson(path: string, value: unknown): void {
  expectGolden(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The seed of this run's random properties: FC_SEED to replay one, else random. */
export const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);

/**
 * Options for `fc.assert`: this run's seed, so that a failure is replayed
 * with `FC_SEED=<seed>` (fast-check prints the seed and path of the
 * counterexample in its failure message).
 *
 * @param numRuns how many samples.
 * @returns options for fc.assert.
 */
export function runs(numRuns: number): { numRuns: number; seed: number } {
  return { numRuns, seed };
}

/**
 * What in an HTML fragment would run in a reader's browser: script-like
 * elements, event-handler attributes, javascript: URLs. Parsed with parse5
 * (as a browser parses), so text that merely reads like markup is not counted.
 *
 * @param html an HTML fragment.
 * @returns descriptions of the active parts (empty when there are none).
 */
export function activeMarkup(html: string): string[] {
  const found: string[] = [];
  type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; content?: Node };
  const walk = (node: Node): void => {
    if (['script', 'iframe', 'object', 'embed', 'img', 'style', 'link', 'meta', 'form', 'svg', 'math'].includes(node.nodeName)) found.push(`<${node.nodeName}>`);
    for (const attr of node.attrs ?? []) {
      if (/^on/i.test(attr.name)) found.push(`${node.nodeName}[${attr.name}]`);
      if (/^(href|src|action|formaction|xlink:href)$/i.test(attr.name) && /^\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(`${node.nodeName}[${attr.name}=${attr.value}]`);
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(parseFragment(html) as unknown as Node);
  return found;
}

/**
 * Parse XML with saxes, a strict XML 1.0 parser.
 *
 * @param xml a document.
 * @returns every well-formedness or character error (empty when the document is valid XML 1.0).
 */
export function strictXml(xml: string): string[] {
  const problems: string[] = [];
  const parser = new SaxesParser();
  parser.on('error', (e) => problems.push(e.message));
  parser.write(xml).close();
  return problems;
}

/**
 * The init template's version as legal publishes it: its summary written,
 * its instructions box deleted, `[Company]` replaced, `status: published`
 * (lint refuses the template's marks in a published version, CODICIL-V013).
 *
 * @param template the text of templates/init/policy/dpa/1.0.0.md.
 * @returns the text to publish.
 */
export function publishedTemplate(template: string): string {
  return template
    .replace('status: draft', 'status: published')
    .replace(/^summary: .*$/m, 'summary: "The first version of our Data Processing Agreement."')
    .replace(/^:::callout\n[\s\S]*?\n:::\n\n/m, '')
    .replaceAll('\\[Company\\]', 'Acme Ltd');
}
