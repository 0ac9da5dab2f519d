/**
 * Compare two versions of a policy document clause by clause: clauses are
 * matched by their stable ids, sections by their anchors, so renumbering
 * alone changes nothing.
 */
import type { Clause, Parameter, PolicyVersion } from '../model/types.ts';
import { ruleKind } from '../rules/registry.ts';
import { changedWords, redline } from './redline.ts';
import { MINOR_CLAUSE_WORDS } from './materiality.ts';
import { outsideText } from './outside-text.ts';
import { assessMateriality } from './materiality.ts';
import type { Amendment, ClauseChange, Direction, InterpretationChange, ParameterChange, SectionChange, VersionRef } from './types.ts';

const ref = (v: PolicyVersion): VersionRef => ({ version: v.version, effective: v.effective, published: v.published, status: v.status, material: v.material, file: v.file });

/** The words a reader sees for a parameter (the interpretation in brackets for vague words). */
function words(param: Parameter | undefined): string | null {
  if (!param) return null;
  if (param.fromAttribute) return param.value.type === 'text' ? param.value.text : null;
  return param.bindings.map((b) => (b.means !== undefined ? `${b.words} (${b.means})` : b.words)).filter((w, i, all) => all.indexOf(w) === i).join(', ');
}

function codes(param: Parameter | undefined): string[] {
  return param?.value.type === 'codes' ? param.value.codes : [];
}

function compareParam(clause: string, rule: string, name: string, a: Parameter | undefined, b: Parameter | undefined): ParameterChange | null {
  const schema = ruleKind(rule)?.params[name];
  let direction: Direction = 'changed';
  let added: string[] = [];
  let removed: string[] = [];
  const av = a?.value;
  const bv = b?.value;
  if (av?.type === 'duration' || bv?.type === 'duration') {
    const from = av?.type === 'duration' ? av.seconds : null;
    const to = bv?.type === 'duration' ? bv.seconds : null;
    if (from === to) return null;
    if (from !== null && to !== null) {
      const shorter = to < from;
      direction = (schema?.['x-sense'] ?? 'deadline') === 'deadline' ? (shorter ? 'stricter' : 'looser') : shorter ? 'looser' : 'stricter';
    }
  } else if (av?.type === 'codes' || bv?.type === 'codes') {
    const from = codes(a);
    const to = codes(b);
    added = to.filter((c) => !from.includes(c));
    removed = from.filter((c) => !to.includes(c));
    if (added.length === 0 && removed.length === 0) return null;
    const more = schema?.['x-more'] ?? 'looser';
    const less = more === 'looser' ? 'stricter' : 'looser';
    direction = added.length > 0 && removed.length === 0 ? more : removed.length > 0 && added.length === 0 ? less : 'changed';
  } else {
    const from = av?.type === 'text' ? av.text : null;
    const to = bv?.type === 'text' ? bv.text : null;
    if (from === to) return null;
  }
  const fromWords = words(a);
  const toWords = words(b);
  const list = added.length + removed.length > 0 ? ` (${[...added.map((c) => `+${c}`), ...removed.map((c) => `−${c}`)].join(', ')})` : '';
  return {
    clause,
    param: name,
    from: av ?? null,
    to: bv ?? null,
    fromWords,
    toWords,
    direction,
    added,
    removed,
    description: `${clause}: ${name} ${fromWords ?? '(none)'} → ${toWords ?? '(none)'}${list}, ${direction}`,
  };
}

function interpretations(clause: string, a: Clause | undefined, b: Clause | undefined): InterpretationChange[] {
  const key = (param: string, w: string) => `${param}\u0000${w}`;
  const collect = (c: Clause | undefined) => {
    const out = new Map<string, { param: string; words: string; means: string; note: string }>();
    for (const p of Object.values(c?.params ?? {})) {
      for (const b of p.bindings) if (b.means !== undefined) out.set(key(p.name, b.words), { param: p.name, words: b.words, means: b.means, note: b.note ?? '' });
    }
    return out;
  };
  const from = collect(a);
  const to = collect(b);
  const changes: InterpretationChange[] = [];
  for (const k of new Set([...from.keys(), ...to.keys()])) {
    const x = from.get(k);
    const y = to.get(k);
    if (x && y && x.means === y.means && x.note === y.note) continue;
    const base = (x ?? y)!;
    changes.push({ clause, param: base.param, words: base.words, from: x ? { means: x.means, note: x.note } : null, to: y ? { means: y.means, note: y.note } : null });
  }
  return changes;
}

function compareClause(a: Clause | undefined, b: Clause | undefined, to: PolicyVersion, renamed: Map<string, string>, replacements: Map<string, Clause>): ClauseChange | null {
  const id = (a ?? b)!.id;
  const withdrawal = to.withdrawn.find((w) => w.clause === id);
  const base = {
    id,
    rule: { from: a?.rule ?? null, to: b?.rule ?? null },
    section: { from: a?.section ?? null, to: b?.section ?? null, fromAnchor: a?.sectionAnchor ?? null, toAnchor: b?.sectionAnchor ?? null },
    // A section that was only retitled keeps its clauses where they were.
    moved: a !== undefined && b !== undefined && (renamed.get(a.sectionAnchor ?? '') ?? a.sectionAnchor) !== b.sectionAnchor,
  };
  if (!a || !b) {
    const change: ClauseChange['change'] = b ? 'added' : withdrawal?.movedTo ? 'replaced' : withdrawal ? 'withdrawn' : 'removed';
    const params = [...new Set([...Object.keys(a?.params ?? {}), ...Object.keys(b?.params ?? {})])]
      .map((name) => compareParam(id, (a ?? b)!.rule, name, a?.params[name], b?.params[name]))
      .filter((p) => p !== null);
    const replacement = withdrawal?.movedTo ? replacements.get(withdrawal.movedTo) : undefined;
    return {
      ...base,
      change,
      ...(withdrawal?.movedTo ? { replacedBy: withdrawal.movedTo, equivalent: a !== undefined && replacement !== undefined && equivalentTerms(a, replacement) } : {}),
      ...(withdrawal?.reason ? { reason: withdrawal.reason } : {}),
      textChanged: true,
      changedWords: ((a ?? b)!.text.match(/\S+/g) ?? []).length,
      text: (a ?? b)!.text,
      params,
      interpretations: interpretations(id, a, b),
    };
  }
  const names = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  const params = names.map((name) => compareParam(id, b.rule, name, a.params[name], b.params[name])).filter((p) => p !== null);
  const textChanged = a.text !== b.text;
  const segments = textChanged ? redline(a.text, b.text) : undefined;
  const interp = interpretations(id, a, b);
  if (!textChanged && params.length === 0 && interp.length === 0 && !base.moved && a.rule === b.rule) return null;
  return { ...base, change: 'modified', textChanged, changedWords: segments ? changedWords(segments) : 0, ...(segments ? { redline: segments } : {}), params, interpretations: interp };
}

/** Whether a replacing clause keeps the replaced clause's terms. */
function equivalentTerms(a: Clause, b: Clause): boolean {
  if (a.rule !== b.rule) return false;
  const names = new Set([...Object.keys(a.params), ...Object.keys(b.params)]);
  const params = [...names].map((name) => compareParam(b.id, b.rule, name, a.params[name], b.params[name])).filter((p) => p !== null);
  return params.every((p) => p.direction === 'stricter') && changedWords(redline(a.text, b.text)) <= MINOR_CLAUSE_WORDS;
}

/**
 * The amendment from one version to another.
 *
 * @param from the earlier version.
 * @param to the later version (or a draft).
 * @returns every change, typed, with redlines and the computed materiality.
 */
export function diffVersions(from: PolicyVersion, to: PolicyVersion): Amendment {
  const a = new Map(from.clauses.map((c) => [c.id, c]));
  const b = new Map(to.clauses.map((c) => [c.id, c]));
  const order = [...to.clauses.map((c) => c.id), ...from.clauses.map((c) => c.id).filter((id) => !b.has(id))];
  // Sections are matched by anchor; an unmatched pair with the same number was only retitled.
  const sectionsA = new Map(from.sections.map((s) => [s.anchor, s]));
  const sectionsB = new Map(to.sections.map((s) => [s.anchor, s]));
  const renamed = new Map<string, string>();
  for (const [anchor, s] of sectionsA) {
    if (sectionsB.has(anchor) || s.number === null) continue;
    const match = to.sections.find((t) => t.number === s.number && !sectionsA.has(t.anchor));
    if (match) renamed.set(anchor, match.anchor);
  }
  const clauses = order.map((id) => compareClause(a.get(id), b.get(id), to, renamed, b)).filter((c) => c !== null);
  const parameters = clauses.flatMap((c) => c.params);
  const interps = clauses.flatMap((c) => c.interpretations);

  const listChange = (param: string) => parameters.filter((p) => p.param === param && ruleKind((b.get(p.clause) ?? a.get(p.clause))!.rule)?.kind === 'subprocessor-category');
  const subprocessors = {
    categoriesAdded: listChange('categories').flatMap((p) => p.added),
    categoriesRemoved: listChange('categories').flatMap((p) => p.removed),
    namedAdded: listChange('named').flatMap((p) => p.added),
    namedRemoved: listChange('named').flatMap((p) => p.removed),
  };

  const entry = (anchor: string): SectionChange => ({ anchor, title: (sectionsB.get(anchor) ?? sectionsA.get(anchor))!.title, from: sectionsA.get(anchor)?.number ?? null, to: sectionsB.get(anchor)?.number ?? null });
  const renamedTo = new Set(renamed.values());
  const sections = {
    renumbered: [...sectionsB.keys()].filter((k) => sectionsA.has(k) && sectionsA.get(k)!.number !== sectionsB.get(k)!.number).map(entry),
    retitled: [...renamed].map(([old, anchor]) => ({ anchor, title: sectionsB.get(anchor)!.title, fromTitle: sectionsA.get(old)!.title, from: sectionsA.get(old)!.number, to: sectionsB.get(anchor)!.number })),
    added: [...sectionsB.keys()].filter((k) => !sectionsA.has(k) && !renamedTo.has(k)).map(entry),
    removed: [...sectionsA.keys()].filter((k) => !sectionsB.has(k) && !renamed.has(k)).map(entry),
  };

  const outsideFrom = outsideText(from);
  const outsideTo = outsideText(to);
  const outsideSegments = redline(outsideFrom, outsideTo);
  const outside = { changed: outsideFrom !== outsideTo, changedWords: changedWords(outsideSegments), redline: outsideSegments };

  const partial = { clauses, parameters, interpretations: interps, subprocessors, sections, outside };
  return {
    document: to.document,
    from: ref(from),
    to: ref(to),
    ...partial,
    materiality: assessMateriality(partial),
    empty: clauses.length === 0 && sections.renumbered.length + sections.retitled.length + sections.added.length + sections.removed.length === 0 && !outside.changed,
  };
}
