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
import { readerBlocks } from '../engine/amendment/blocks.ts';
import { alignBlocks, type AlignedBlock } from '../engine/amendment/align.ts';

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
      expect(d.materiality).toEqual({ material: false, reasons: [], details: [] });
    }
  });

  it('diff(b, a) mirrors diff(a, b)', () => {
    const kinds = (d: Amendment) => Object.fromEntries(d.clauses.map((c) => [c.id, c.change]));
    for (const [a, b] of pairs) {
      const forward = diffVersions(a, b);
      const backward = diffVersions(b, a);
      // A clause replaced (withdrawn with movedTo, said by the later version only) has its terms compared with its
      // replacement's going forward, while going back the two are a clause added and one removed: mirrored then
      // are the terms of every other clause (test/fixtures/diff/clause-replaced-* pin the replaced ones).
      const replacedHere = new Set(b.withdrawn.filter((w) => w.movedTo).flatMap((w) => [w.clause, w.movedTo!]));
      const others = (d: Amendment) => d.parameters.filter((p) => !replacedHere.has(p.clause));
      expect(others(backward).map((p) => `${p.clause}.${p.param}:${p.direction}:${p.added}:${p.removed}`).sort()).toEqual(
        others(forward).map((p) => `${p.clause}.${p.param}:${flip[p.direction]}:${p.removed}:${p.added}`).sort(),
      );
      const fk = kinds(forward);
      const bk = kinds(backward);
      for (const [id, change] of Object.entries(fk)) {
        if (change === 'added') expect(['removed', 'withdrawn', 'replaced']).toContain(bk[id]);
        else if (change === 'modified') expect(bk[id]).toBe('modified');
        else expect(bk[id]).toBe('added');
      }
      expect(backward.subprocessors).toEqual({ categoriesAdded: forward.subprocessors.categoriesRemoved, categoriesRemoved: forward.subprocessors.categoriesAdded, namedAdded: forward.subprocessors.namedRemoved, namedRemoved: forward.subprocessors.namedAdded, words: forward.subprocessors.words });
      // The text outside clauses that changed, block by block: what one direction removes the other adds.
      const side = (d: Amendment, which: 'from' | 'to') => d.outside.blocks.filter((x) => x[which] !== null && x.change !== (which === 'from' ? 'added' : 'removed')).map((x) => x[which]).sort();
      expect(side(backward, 'to')).toEqual(side(forward, 'from'));
      expect(side(backward, 'from')).toEqual(side(forward, 'to'));
      for (const x of forward.outside.blocks) {
        if (!x.redline) continue;
        expect(rebuild(x.redline, 'from')).toBe(x.from);
        expect(rebuild(x.redline, 'to')).toBe(x.to);
      }
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
    // A change is a unit of an amendment: clause changes with their parameters and the blocks
    // of text that hold them (clauses sharing a block are one unit), or a block outside clauses.
    type Unit = { clauses: Amendment['clauses']; parameters: Amendment['parameters']; text: AlignedBlock[]; categoriesAdded: string[]; namedAdded: string[] };
    const units: Unit[] = [];
    for (const [a, b] of pairs) {
      const d = diffVersions(a, b);
      const text = alignBlocks(readerBlocks(a), readerBlocks(b)).filter((x) => x.change !== 'equal');
      const ids = (x: AlignedBlock) => [...new Set([...(x.from?.clauses ?? []), ...(x.to?.clauses ?? [])])];
      const group = new Map<string, string>();
      const find = (id: string): string => (group.get(id) === undefined || group.get(id) === id ? id : find(group.get(id)!));
      for (const x of text) for (const id of ids(x).slice(1)) group.set(find(id), find(ids(x)[0]!));
      const byRoot = new Map<string, Unit>();
      const unit = (root: string) => byRoot.get(root) ?? byRoot.set(root, { clauses: [], parameters: [], text: [], categoriesAdded: [], namedAdded: [] }).get(root)!;
      for (const c of d.clauses) {
        const u = unit(find(c.id));
        u.clauses.push(c);
        u.parameters.push(...c.params);
        for (const p of c.params.filter((p) => !p.annotationOnly && p.param === 'categories')) u.categoriesAdded.push(...p.added);
        for (const p of c.params.filter((p) => !p.annotationOnly && p.param === 'named')) u.namedAdded.push(...p.added);
      }
      for (const x of text) {
        if (ids(x).length === 0) units.push({ clauses: [], parameters: [], text: [x], categoriesAdded: [], namedAdded: [] });
        else unit(find(ids(x)[0]!)).text.push(x);
      }
      units.push(...byRoot.values());
    }
    const assess = (chosen: Unit[]) =>
      assessMateriality({
        clauses: chosen.flatMap((u) => u.clauses),
        parameters: chosen.flatMap((u) => u.parameters),
        subprocessors: { categoriesAdded: chosen.flatMap((u) => u.categoriesAdded), categoriesRemoved: [], namedAdded: chosen.flatMap((u) => u.namedAdded), namedRemoved: [], words: {} },
        text: chosen.flatMap((u) => u.text),
      });
    // Units come from several pairs of versions: an amendment changes each clause once, so a unit
    // whose clause another chosen unit already changes is left out (seed 1819201324 combined
    // "incident.notify-within modified, 72 hours → 5 days" with another pair's "incident.notify-within
    // added": one clause both changed and new, which no amendment is).
    const amendment = (chosen: Unit[]) => {
      const seen = new Set<string>();
      return chosen.filter((u) => {
        const ids = u.clauses.map((c) => c.id);
        if (ids.some((id) => seen.has(id))) return false;
        for (const id of ids) seen.add(id);
        return true;
      });
    };
    expect(units.length).toBeGreaterThan(40);
    // The counterexample, kept: the looser deadline is material, and the other pair's new clause is no part of that amendment.
    const looser = units.find((u) => u.parameters.some((p) => p.clause === 'incident.notify-within' && p.fromWords === '72 hours' && p.toWords === '5 days'));
    const added = units.find((u) => u.clauses.some((c) => c.id === 'incident.notify-within' && c.change === 'added'));
    expect(looser && added).toBeTruthy();
    expect(assess([looser!]).material).toBe(true);
    expect(amendment([looser!, added!])).toEqual([looser]);
    fc.assert(
      fc.property(fc.subarray(units), fc.subarray(units), (picked, extra) => {
        const x = amendment(picked);
        if (assess(x).material) expect(assess(amendment([...x, ...extra.filter((u) => !x.includes(u))])).material).toBe(true);
      }),
      runs(300),
    );
  });
});
