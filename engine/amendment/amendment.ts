/**
 * Compare two versions of a policy document clause by clause: clauses are
 * matched by their stable ids, sections by their anchors, so renumbering
 * alone changes nothing.
 */
import type { Clause, Parameter, PolicyVersion } from '../model/types.ts';
import type { KindCatalog } from '../schemas/params.ts';
import { changedWords, redline, type Segment } from './redline.ts';
import { assessMateriality, listed, MINOR_CLAUSE_WORDS } from './materiality.ts';
import type { ListedItems } from '../schemas/params.ts';
import { blockLabel, readerBlocks, withoutPassages, type SectionRef, type TextBlock } from './blocks.ts';
import { alignBlocks, similarity, type AlignedBlock } from './align.ts';
import type { Amendment, ClauseChange, Direction, InterpretationChange, ParameterChange, SectionChange, TextChange, VersionRef } from './types.ts';

const ref = (v: PolicyVersion): VersionRef => ({ version: v.version, title: v.title, effective: v.effective, published: v.published, status: v.status, material: v.material, file: v.file });

/** The words a reader sees for a parameter (the interpretation in brackets for vague words). */
function words(param: Parameter | undefined): string | null {
  if (!param) return null;
  if (param.fromAttribute) return param.value.type === 'text' ? param.value.text : null;
  return param.bindings.map((b) => (b.means !== undefined ? `${b.words} (${b.means})` : b.words)).filter((w, i, all) => all.indexOf(w) === i).join(', ');
}

/** The words that name a code of a list parameter in its clause, if the code came from words. */
function itemWordsOf(param: Parameter | undefined, code: string): string | undefined {
  if (param === undefined || param.fromAttribute || param.value.type !== 'codes') return undefined;
  return param.bindings[param.value.codes.indexOf(code)]?.words;
}

function codes(param: Parameter | undefined): string[] {
  return param?.value.type === 'codes' ? param.value.codes : [];
}

function compareParam(kinds: KindCatalog, clause: string, rule: string, name: string, a: Parameter | undefined, b: Parameter | undefined): ParameterChange | null {
  const schema = kinds.get(rule)?.params[name];
  let direction: Direction = 'changed';
  let added: string[] = [];
  let removed: string[] = [];
  const av = a?.value;
  const bv = b?.value;
  let vague = false;
  if (av?.type === 'duration' || bv?.type === 'duration') {
    const from = av?.type === 'duration' ? av.seconds : null;
    const to = bv?.type === 'duration' ? bv.seconds : null;
    // The same value, but a definite term became vague (or the reverse): the customer can hold
    // the company to "thirty days", never to "reasonable notice", whatever its interpretation.
    const definite = (p: Parameter | undefined) => p !== undefined && p.bindings.every((x) => x.means === undefined);
    if (from === to) {
      if (from === null || definite(a) === definite(b)) return null;
      vague = true;
      direction = definite(a) ? 'looser' : 'stricter';
    } else if (from !== null && to !== null) {
      const shorter = to < from;
      direction = (schema?.['x-sense'] ?? 'deadline') === 'deadline' ? (shorter ? 'stricter' : 'looser') : shorter ? 'looser' : 'stricter';
    } else {
      // A bound that appears binds the company; one that goes frees it.
      direction = from === null ? 'stricter' : 'looser';
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
  // A vocabulary's codes stand at the places of the words that name them (parse/clauses.ts): each item's words.
  const itemWords = Object.fromEntries(
    [...added.map((code) => [code, itemWordsOf(b, code)] as const), ...removed.map((code) => [code, itemWordsOf(a, code)] as const)].filter((e): e is readonly [string, string] => e[1] !== undefined && e[1] !== e[0]),
  );
  const list = added.length + removed.length > 0 ? ` (${[...added.map((c) => `+${c}`), ...removed.map((c) => `−${c}`)].join(', ')})` : '';
  return {
    clause,
    param: name,
    from: av ?? null,
    to: bv ?? null,
    fromWords,
    toWords,
    direction,
    ...(vague ? { vague } : {}),
    added,
    removed,
    ...(Object.keys(itemWords).length > 0 ? { itemWords } : {}),
    description: `${clause}: ${name} ${fromWords ?? '(none)'} → ${toWords ?? '(none)'}${list}, ${direction}${vague ? (direction === 'looser' ? ' (a definite term made vague)' : ' (a vague term made definite)') : ''}`,
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

function compareClause(kinds: KindCatalog, a: Clause | undefined, b: Clause | undefined, to: PolicyVersion, renamed: Map<string, string>, replacements: Map<string, Clause>, replacing: Map<string, Clause>): ClauseChange | null {
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
    const replacement = withdrawal?.movedTo ? replacements.get(withdrawal.movedTo) : undefined;
    // A clause replaced by one of the same kind: its terms compared with its replacement's, under the
    // replacement's id; the replacement's own terms are then no change (review: a rename on the same terms
    // was told to customers as one term "less favourable" and a "new commitment").
    const [x, y] = replacement && a && replacement.rule === a.rule ? [a, replacement] : b && replacing.get(b.id)?.rule === b.rule ? [b, b] : [a, b];
    const params = [...new Set([...Object.keys(x?.params ?? {}), ...Object.keys(y?.params ?? {})])]
      .map((name) => compareParam(kinds, (y ?? x)!.id, (x ?? y)!.rule, name, x?.params[name], y?.params[name]))
      .filter((p) => p !== null);
    return {
      ...base,
      change,
      ...(withdrawal?.movedTo ? { replacedBy: withdrawal.movedTo, equivalent: a !== undefined && replacement !== undefined && equivalentTerms(kinds, a, replacement) } : {}),
      ...(withdrawal?.reason ? { reason: withdrawal.reason } : {}),
      textChanged: true,
      changedWords: ((a ?? b)!.text.match(/\S+/g) ?? []).length,
      text: (a ?? b)!.text,
      params,
      interpretations: interpretations(id, a, b),
    };
  }
  const names = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  const params = names.map((name) => compareParam(kinds, id, b.rule, name, a.params[name], b.params[name])).filter((p) => p !== null);
  const textChanged = a.text !== b.text;
  const segments = textChanged ? redline(a.text, b.text) : undefined;
  const interp = interpretations(id, a, b);
  if (!textChanged && params.length === 0 && interp.length === 0 && !base.moved && a.rule === b.rule) return null;
  return { ...base, change: 'modified', textChanged, changedWords: segments ? changedWords(segments) : 0, ...(segments ? { redline: segments } : {}), params, interpretations: interp };
}

/** Whether a replacing clause keeps the replaced clause's terms. */
function equivalentTerms(kinds: KindCatalog, a: Clause, b: Clause): boolean {
  if (a.rule !== b.rule) return false;
  const names = new Set([...Object.keys(a.params), ...Object.keys(b.params)]);
  const params = [...names].map((name) => compareParam(kinds, b.id, b.rule, name, a.params[name], b.params[name])).filter((p) => p !== null);
  return params.every((p) => p.direction === 'stricter') && changedWords(redline(a.text, b.text)) <= MINOR_CLAUSE_WORDS;
}

/**
 * The amendment from one version to another.
 *
 * @param from the earlier version.
 * @param to the later version (or a draft).
 * @param kinds the rule kinds the versions were read with (how each parameter compares).
 * @returns every change, typed, with redlines and the computed materiality.
 */
export function diffVersions(from: PolicyVersion, to: PolicyVersion, kinds: KindCatalog): Amendment {
  const a = new Map(from.clauses.map((c) => [c.id, c]));
  const b = new Map(to.clauses.map((c) => [c.id, c]));
  const order = [...to.clauses.map((c) => c.id), ...from.clauses.map((c) => c.id).filter((id) => !b.has(id))];
  // The text as the customer reads it, aligned by section and paragraph.
  const text = alignVersions(from, to);
  // Sections are matched by anchor; an unmatched pair with the same number whose text is mostly the same was only retitled.
  const sectionsA = new Map(from.sections.map((s) => [s.anchor, s]));
  const sectionsB = new Map(to.sections.map((s) => [s.anchor, s]));
  const renamed = new Map<string, string>();
  for (const [anchor, s] of sectionsA) {
    if (sectionsB.has(anchor) || s.number === null) continue;
    const match = to.sections.find((t) => t.number === s.number && !sectionsA.has(t.anchor) && sameSection(text, anchor, t.anchor, s.title, t.title));
    if (match) renamed.set(anchor, match.anchor);
  }
  // Each replacing clause, with the clause it replaces.
  const replacing = new Map(to.withdrawn.flatMap((w) => (w.movedTo && a.has(w.clause) && !b.has(w.clause) ? [[w.movedTo, a.get(w.clause)!] as const] : [])));
  const clauses = order.map((id) => compareClause(kinds, a.get(id), b.get(id), to, renamed, b, replacing)).filter((c) => c !== null);
  locate(clauses, from, to, text);
  const parameters = clauses.flatMap((c) => c.params);
  const interps = clauses.flatMap((c) => c.interpretations);

  // Sub-processor changes the customer can read (not a category or name that was only newly marked):
  // the parameters whose kind says what their items are (`x-lists`).
  const listChange = (list: ListedItems) => parameters.filter((p) => !p.annotationOnly && listed(kinds, (b.get(p.clause) ?? a.get(p.clause))!.rule, p.param) === list);
  const subprocessors = {
    categoriesAdded: listChange('subprocessor-categories').flatMap((p) => p.added),
    categoriesRemoved: listChange('subprocessor-categories').flatMap((p) => p.removed),
    namedAdded: listChange('named-subprocessors').flatMap((p) => p.added),
    namedRemoved: listChange('named-subprocessors').flatMap((p) => p.removed),
    words: Object.assign({}, ...listChange('subprocessor-categories').map((p) => p.itemWords ?? {})) as Record<string, string>,
  };

  const entry = (anchor: string): SectionChange => ({ anchor, title: (sectionsB.get(anchor) ?? sectionsA.get(anchor))!.title, from: sectionsA.get(anchor)?.number ?? null, to: sectionsB.get(anchor)?.number ?? null });
  const renamedTo = new Set(renamed.values());
  const sections = {
    renumbered: [...sectionsB.keys()].filter((k) => sectionsA.has(k) && sectionsA.get(k)!.number !== sectionsB.get(k)!.number).map(entry),
    retitled: [...renamed].map(([old, anchor]) => ({ anchor, title: sectionsB.get(anchor)!.title, fromTitle: sectionsA.get(old)!.title, from: sectionsA.get(old)!.number, to: sectionsB.get(anchor)!.number })),
    added: [...sectionsB.keys()].filter((k) => !sectionsA.has(k) && !renamedTo.has(k)).map(entry),
    removed: [...sectionsA.keys()].filter((k) => !sectionsB.has(k) && !renamed.has(k)).map(entry),
  };

  const outside = outsideChanges(text, clauses, movedTexts(clauses, to));
  const partial = { clauses, parameters, interpretations: interps, subprocessors, sections, outside };
  return {
    document: to.document,
    from: ref(from),
    to: ref(to),
    ...partial,
    materiality: assessMateriality({ clauses, parameters, subprocessors, text, kinds }),
    empty: clauses.length === 0 && sections.renumbered.length + sections.retitled.length + sections.added.length + sections.removed.length === 0 && !outside.changed,
  };
}

/**
 * The text of two versions as the customer reads it, aligned by section and
 * paragraph. A paragraph that only gains (or loses) an obligation of its own
 * is still that paragraph: the passages of clauses of one version only are
 * left out when judging how alike two paragraphs are.
 *
 * @param from the earlier version.
 * @param to the later version.
 * @param keep which blocks to align (all by default).
 * @returns the aligned blocks.
 */
export function alignVersions(from: PolicyVersion, to: PolicyVersion, keep: (block: TextBlock) => boolean = () => true): AlignedBlock[] {
  const ids = (v: PolicyVersion) => new Set(v.clauses.map((c) => c.id));
  const [inA, inB] = [ids(from), ids(to)];
  const oneSided = new Map([...from.clauses.filter((c) => !inB.has(c.id)), ...to.clauses.filter((c) => !inA.has(c.id))].map((c) => [c.id, c.text]));
  const likeness = (x: TextBlock, y: TextBlock): number => {
    const [p, q] = withoutPassages(x, y, oneSided);
    // A block that is all a clause of one version only is no other block changed.
    return p && q ? similarity(p, q) : 0;
  };
  return alignBlocks(readerBlocks(from).filter(keep), readerBlocks(to).filter(keep), likeness);
}

/** Whether two sections with the same number are one section retitled: their text mostly aligns, or their titles are alike. */
function sameSection(text: AlignedBlock[], fromAnchor: string, toAnchor: string, fromTitle: string, toTitle: string): boolean {
  // A moved block is counted once, where it was (its `new` entry names the same earlier block).
  const body = text.filter((x) => x.from?.section?.anchor === fromAnchor && x.from.kind !== 'heading' && x.place !== 'new');
  if (body.length === 0) return similarity(fromTitle, toTitle) >= 0.5;
  const kept = body.filter((x) => x.to?.section?.anchor === toAnchor && (x.change === 'equal' || x.change === 'modified'));
  return kept.length * 2 >= body.length;
}

const ofSection = (s: { number: string | null; title: string; anchor: string } | undefined): SectionRef | null => (s ? { number: s.number, title: s.title, anchor: s.anchor } : null);

/**
 * Where each clause change is, and whether its words changed where it
 * stands: a clause gone whose words stay, a parameter newly marked on words
 * that were there, a rule kind changed — only the annotation changed.
 */
function locate(clauses: ClauseChange[], from: PolicyVersion, to: PolicyVersion, text: AlignedBlock[]): void {
  const unchanged = (id: string, side: 'from' | 'to'): boolean => {
    const mine = text.filter((x) => (side === 'from' ? x.from : x.to)?.clauses.includes(id));
    return mine.length > 0 && mine.every((x) => x.change === 'equal' || x.change === 'moved');
  };
  for (const c of clauses) {
    const a = from.clauses.find((x) => x.id === c.id);
    const b = to.clauses.find((x) => x.id === c.id);
    c.location = { from: ofSection(from.sections.find((s) => s.anchor === a?.sectionAnchor)), to: ofSection(to.sections.find((s) => s.anchor === b?.sectionAnchor)) };
    c.line = (b ?? a)?.position.line ?? 0;
    if (c.change === 'removed' || c.change === 'withdrawn' || c.change === 'replaced') {
      if (unchanged(c.id, 'from') && text.some((x) => x.from?.clauses.includes(c.id) && x.to !== null)) c.textKept = true;
      continue;
    }
    if (c.change !== 'modified' || !unchanged(c.id, 'from') || !unchanged(c.id, 'to')) continue;
    // The words are the same where the clause stands: a parameter change is its annotation,
    // unless the interpretation the reader sees changed (the same words, another meaning).
    for (const p of c.params) {
      const before = a?.params[p.param]?.bindings ?? [];
      const after = b?.params[p.param]?.bindings ?? [];
      const reinterpreted = after.some((x) => x.means !== undefined && before.some((y) => y.words === x.words && y.means !== undefined && y.means !== x.means));
      if (!reinterpreted) p.annotationOnly = true;
    }
  }
}

/**
 * The words of each clause whose change is a move to another section with
 * the same words: the clause change tells that move, so the blocks that
 * carried those words along are no text outside clauses.
 */
function movedTexts(clauses: ClauseChange[], to: PolicyVersion): Map<string, string> {
  const moved = new Set(clauses.filter((c) => c.change === 'modified' && c.moved && !c.textChanged).map((c) => c.id));
  return new Map(to.clauses.filter((c) => moved.has(c.id)).map((c) => [c.id, c.text]));
}

/**
 * The text outside clauses that changed, block by block, with a redline of
 * the changed lines: every changed block no clause change shows (a block
 * that holds a clause whose own words did not change shows here, whole;
 * a block that only carries a moved clause along is that clause's move).
 */
function outsideChanges(text: AlignedBlock[], clauses: ClauseChange[], moved: ReadonlyMap<string, string>): Amendment['outside'] {
  const shown = new Set(clauses.filter((c) => c.textChanged).map((c) => c.id));
  const blocks: TextChange[] = [];
  const segments: Segment[] = [];
  for (const x of text) {
    if (x.change === 'equal') continue;
    const block = (x.to ?? x.from)!;
    if ([...(x.from?.clauses ?? []), ...(x.to?.clauses ?? [])].some((id) => shown.has(id))) continue;
    // A moved block is listed once, where it is now.
    if (x.place === 'old') continue;
    if (x.change === 'moved' && onlyMovedClauses(x, moved)) continue;
    // Shown as the reader reads it (the effective date with its words); counted as compared.
    const from = x.from?.shown ?? null;
    const to = x.to?.shown ?? null;
    const change: TextChange = { change: x.change, kind: block.kind, where: blockLabel(block), section: block.section, from, to, changedWords: x.changedWords };
    if (x.change === 'moved') change.movedFrom = blockLabel(x.from!);
    if (x.change === 'modified') change.redline = from === x.from!.text && to === x.to!.text ? x.redline! : redline(from!, to!);
    blocks.push(change);
    if (segments.length > 0) segments.push({ type: 'equal', text: '\n' });
    if (change.redline) segments.push(...change.redline);
    else if (x.change === 'added') segments.push({ type: 'insert', text: to! });
    else if (x.change === 'removed') segments.push({ type: 'delete', text: from! });
    else segments.push({ type: 'equal', text: to! });
  }
  const changedWordsTotal = blocks.reduce((n, b) => n + b.changedWords, 0);
  return { changed: blocks.length > 0, changedWords: changedWordsTotal, redline: segments, blocks };
}

/** Whether a moved block holds nothing but the words of clauses whose own change is that move. */
function onlyMovedClauses(x: AlignedBlock, moved: ReadonlyMap<string, string>): boolean {
  const mine = new Map([...new Set([...x.from!.clauses, ...x.to!.clauses])].flatMap((id) => (moved.has(id) ? [[id, moved.get(id)!] as const] : [])));
  if (mine.size === 0) return false;
  const [from, to] = withoutPassages(x.from, x.to, mine);
  return from === '' && to === '';
}

export type { TextBlock };
