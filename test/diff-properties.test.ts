// Invariants of amendments: diff(a, a) is empty; diff(b, a) mirrors diff(a, b);
// redlines rebuild both texts; renumbering headings changes no clause;
// materiality never drops when a change is added.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { assessMateriality, diffVersions, loadPolicy, parseVersion, rebuild, redline, mirror, type Amendment, type PolicyVersion } from '../engine/index.ts';
import { root, runs } from './helpers.ts';

const { policy: examples } = await loadPolicy(join(root, 'examples', 'amendments', 'policy'));
const versions = examples.versions;
const fixtures = readdirSync(join(root, 'test', 'fixtures', 'diff')).sort();
const parse = (text: string, name: string): PolicyVersion => {
  const file = new VFile({ path: name, value: text });
  const v = parseVersion(file, { reference: examples.reference });
  if (!v) throw new Error(`cannot parse ${name}`);
  return v;
};
const pairs: [PolicyVersion, PolicyVersion][] = [
  ...versions.flatMap((a) => versions.map((b) => [a, b] as [PolicyVersion, PolicyVersion])),
  ...fixtures.map((name) => {
    const dir = join(root, 'test', 'fixtures', 'diff', name);
    return [parse(readFileSync(join(dir, 'from.md'), 'utf8'), `${name}/1.0.0.md`), parse(readFileSync(join(dir, 'to.md'), 'utf8'), `${name}/1.1.0.md`)] as [PolicyVersion, PolicyVersion];
  }),
];
const flip = { stricter: 'looser', looser: 'stricter', changed: 'changed' } as const;

describe('amendment properties', () => {
  it('diff(a, a) is empty and immaterial', () => {
    for (const v of [...versions, ...pairs.map(([a]) => a)]) {
      const d = diffVersions(v, v);
      expect(d.empty).toBe(true);
      expect(d.clauses).toEqual([]);
      expect(d.materiality).toEqual({ material: false, reasons: [] });
    }
  });

  it('diff(b, a) mirrors diff(a, b)', () => {
    const kinds = (d: Amendment) => Object.fromEntries(d.clauses.map((c) => [c.id, c.change]));
    for (const [a, b] of pairs) {
      const forward = diffVersions(a, b);
      const backward = diffVersions(b, a);
      expect(backward.parameters.map((p) => `${p.clause}.${p.param}:${p.direction}:${p.added}:${p.removed}`).sort()).toEqual(
        forward.parameters.map((p) => `${p.clause}.${p.param}:${flip[p.direction]}:${p.removed}:${p.added}`).sort(),
      );
      const fk = kinds(forward);
      const bk = kinds(backward);
      for (const [id, change] of Object.entries(fk)) {
        if (change === 'added') expect(['removed', 'withdrawn', 'replaced']).toContain(bk[id]);
        else if (change === 'modified') expect(bk[id]).toBe('modified');
        else expect(bk[id]).toBe('added');
      }
      expect(backward.subprocessors).toEqual({ categoriesAdded: forward.subprocessors.categoriesRemoved, categoriesRemoved: forward.subprocessors.categoriesAdded, namedAdded: forward.subprocessors.namedRemoved, namedRemoved: forward.subprocessors.namedAdded });
      expect(rebuild(backward.outside.redline, 'to')).toBe(rebuild(forward.outside.redline, 'from'));
      for (const c of forward.clauses) {
        const back = backward.clauses.find((x) => x.id === c.id)!;
        if (c.redline) expect(rebuild(back.redline!, 'from')).toBe(rebuild(c.redline, 'to'));
      }
      expect(backward.sections.added.map((s) => s.anchor)).toEqual(forward.sections.removed.map((s) => s.anchor));
    }
  });

  it("a redline's segments rebuild both texts exactly", () => {
    const text = fc.array(fc.oneof(fc.constantFrom('the', 'DPA', '72', 'hours', ' ', '\n', '  ', ',', '“x”', 'ünïcödé', '\t'), fc.string({ maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const segments = redline(a, b);
        expect(rebuild(segments, 'from')).toBe(a);
        expect(rebuild(segments, 'to')).toBe(b);
        expect(rebuild(mirror(segments), 'from')).toBe(b);
      }),
      runs(500),
    );
  });

  it('renumbering every heading changes no clause and is not material', () => {
    const text = readFileSync(join(root, 'policy', 'dpa', '1.0.0.md'), 'utf8');
    const base = parse(text, 'p/1.0.0.md');
    const headings = text.split('\n').filter((l) => /^#{2,3} \d/.test(l)).length;
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 2 }), { minLength: headings, maxLength: headings }), (numbers) => {
        let i = 0;
        const renumbered = parse(text.replace(/^(#{2,3}) \d+(?:\.\d+)*\.? /gm, (_m, h: string) => `${h} ${numbers[i++]!.join('.')}. `), 'p/1.0.0.md');
        const d = diffVersions(base, renumbered);
        expect(d.clauses).toEqual([]);
        expect(d.outside.changed).toBe(false);
        expect(d.materiality.material).toBe(false);
      }),
      runs(40),
    );
  });

  it('materiality never drops when a change is added to a material amendment', () => {
    const all = pairs.map(([a, b]) => diffVersions(a, b));
    const pool = {
      clauses: all.flatMap((d) => d.clauses),
      parameters: all.flatMap((d) => d.parameters),
      categories: all.flatMap((d) => d.subprocessors.categoriesAdded),
      named: all.flatMap((d) => d.subprocessors.namedAdded),
    };
    const subset = <T>(items: T[]) => fc.subarray(items);
    const changes = fc.record({ clauses: subset(pool.clauses), parameters: subset(pool.parameters), categoriesAdded: subset(pool.categories), namedAdded: subset(pool.named), outsideWords: fc.nat({ max: 40 }) });
    const assess = (c: { clauses: typeof pool.clauses; parameters: typeof pool.parameters; categoriesAdded: string[]; namedAdded: string[]; outsideWords: number }) =>
      assessMateriality({ clauses: c.clauses, parameters: c.parameters, subprocessors: { categoriesAdded: c.categoriesAdded, categoriesRemoved: [], namedAdded: c.namedAdded, namedRemoved: [] }, outside: { changed: c.outsideWords > 0, changedWords: c.outsideWords, redline: [] } });
    fc.assert(
      fc.property(changes, changes, (x, extra) => {
        const merged = { clauses: [...x.clauses, ...extra.clauses], parameters: [...x.parameters, ...extra.parameters], categoriesAdded: [...x.categoriesAdded, ...extra.categoriesAdded], namedAdded: [...x.namedAdded, ...extra.namedAdded], outsideWords: x.outsideWords + extra.outsideWords };
        if (assess(x).material) expect(assess(merged).material).toBe(true);
      }),
      runs(300),
    );
  });
});
