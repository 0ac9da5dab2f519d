/**
 * Layers point one way: a module may import its own layer or a lower one,
 * never a higher one. The order is the guide's, with codicil's folders
 * placed in it; a new folder fails this test until it is given a layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const engine = join(import.meta.dirname, '..', 'engine');

const LAYERS: string[][] = [
  ['errors', 'schemas', 'generated', 'io'],
  ['parse'],
  // The comparison of two versions is a function of the model (the version sequence needs it).
  ['model', 'amendment'],
  ['records'],
  ['rules'],
  ['engines', 'waivers'],
  ['check'],
  ['diff', 'report', 'render', 'lint', 'policy-tests', 'draft'],
  ['site'],
  ['cli'],
];
const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i] as const)));

// Parsing produces the model: it may name the model's types (and nothing else of it).
const TYPES_FOR_PARSING = 'model/types.ts';

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(engine, join(e.parentPath, e.name)));
}

/** Every relative import of a module: `[specifier, type-only]`. */
function imports(source: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?\s+from\s+'(\.[^']+)'/gms)) found.push({ spec: m[3]!, typeOnly: m[2] !== undefined });
  for (const m of source.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

describe('layers', () => {
  const all = modules(engine);

  it('gives every folder of engine/ a layer', () => {
    const folders = [...new Set(all.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!))].sort();
    expect(folders.filter((f) => !rank.has(f))).toEqual([]);
  });

  it('finds the imports it judges', () => {
    // A pattern that matched nothing would make the next test pass vacuously.
    expect(imports(readFileSync(join(engine, 'check', 'check.ts'), 'utf8')).length).toBeGreaterThan(5);
  });

  it('never imports a higher layer, nor the library surface (engine/*.ts)', () => {
    const wrong: string[] = [];
    for (const file of all) {
      const layer = file.split('/')[0]!;
      if (!file.includes('/')) continue; // index.ts, policy.ts: the library surface sits above every layer
      for (const { spec, typeOnly } of imports(readFileSync(join(engine, file), 'utf8'))) {
        const target = normalize(join(dirname(file), spec));
        if (target.startsWith('..')) continue;
        if (!target.includes('/')) {
          wrong.push(`${file} imports the library surface ${target}`);
          continue;
        }
        const to = target.split('/')[0]!;
        if ((rank.get(to) ?? -1) <= rank.get(layer)!) continue;
        if (layer === 'parse' && typeOnly && target === TYPES_FOR_PARSING) continue;
        wrong.push(`${file} (${layer}) imports ${target} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
