/**
 * Whether an amendment is material, and why — as a lawyer reads it. Material
 * is the OR of reasons, so adding a change to a material amendment can never
 * make it immaterial. What counts is what the customer reads:
 *
 * - the text, aligned block by block (engine/diff/align.ts), never how it is
 *   annotated: marking words that did not change as a clause or a parameter,
 *   changing a clause's rule kind or an attribute, is never material;
 * - a term that becomes looser for the customer: a longer deadline, a
 *   shorter notice, fewer things a notice must describe, a deadline removed,
 *   a definite term replaced by a vague one ("thirty days' notice" →
 *   "reasonable notice") whatever the interpretation says;
 * - an obligation removed (or replaced on different terms), a new
 *   sub-processor category or named sub-processor, a scope that changes;
 * - a passage removed, or added to what a clause allows (sub-processor
 *   categories); a qualifier (not, only, unless …) added or dropped —
 *   fixed phrases such as "without undue delay" are not qualifiers — and
 *   rewording beyond a few words.
 *
 * A new obligation, or a new passage in an obligation, is in the customer's
 * favour and no reason (unless it carries a qualifier); the words of an
 * obligation new (or gone) in a paragraph it shares with others are its own,
 * never rewording of the others. Each reason has its
 * place (section, clause, paragraph) and a weight; the ones that matter most
 * come first.
 */
import { wordsChanged, type AlignedBlock } from './align.ts';
import { blockLabel, sectionLabel, withoutPassages, type SectionRef, type TextBlock } from './blocks.ts';
import type { Amendment, ClauseChange, MaterialityReason, ParameterChange } from './types.ts';
import type { KindCatalog, ListedItems } from '../schemas/params.ts';

/** Wording edits up to this many changed words in one clause are minor. */
export const MINOR_CLAUSE_WORDS = 5;
/** Wording edits up to this many changed words outside clauses (all together) are minor. */
export const MINOR_OUTSIDE_WORDS = 10;

// Words that turn a promise around or narrow it: adding or dropping one is never "just wording".
const QUALIFIERS = ['not', 'no', 'never', 'only', 'unless', 'except', 'without', 'may', 'solely'] as const;
// Fixed phrases whose qualifier-looking word qualifies nothing: "without undue delay" is a deadline.
const IDIOMS = [
  /\bwithout\s+(?:undue\s+|unreasonable\s+)?delay\b/gi,
  /\bwithout\s+(?:prejudice|limitation)\b/gi,
  /\b(?:no|not)\s+(?:later|more|less|fewer|sooner|earlier|longer)\s+than\b/gi,
  /\bnot\s+exceeding\b/gi,
  /\bno\s+longer\b/gi,
  /\bMay\s+\d{1,2}\b|\b\d{1,2}\s+May\b/g,
];

/**
 * How many times each qualifier occurs in a text, fixed phrases left out.
 *
 * @param text a passage.
 * @returns counts by qualifier.
 */
export function qualifierCounts(text: string): Map<string, number> {
  let masked = text;
  for (const idiom of IDIOMS) masked = masked.replace(idiom, ' ');
  const counts = new Map<string, number>();
  for (const word of masked.toLowerCase().match(/[\p{L}]+/gu) ?? []) if ((QUALIFIERS as readonly string[]).includes(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** The qualifiers added and dropped from one text to another. */
function qualifierDelta(from: string, to: string): { added: string[]; removed: string[] } {
  const a = qualifierCounts(from);
  const b = qualifierCounts(to);
  return { added: QUALIFIERS.filter((q) => (b.get(q) ?? 0) > (a.get(q) ?? 0)), removed: QUALIFIERS.filter((q) => (a.get(q) ?? 0) > (b.get(q) ?? 0)) };
}

/** A short, one-line excerpt for a reason. */
const excerpt = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 70 ? `${line.slice(0, 67).replace(/\s+\S*$/, '')}…` : line;
};

/** What the materiality check is given. */
export type MaterialityInput = Pick<Amendment, 'clauses' | 'parameters' | 'subprocessors'> & {
  /** The whole text of both versions, aligned block by block. */
  text: AlignedBlock[];
  /** The rule kinds the versions were read with. */
  kinds: KindCatalog;
};

/**
 * Assess materiality from the changes of an amendment.
 *
 * @param changes the amendment's clause, parameter and sub-processor changes, and its text aligned.
 * @returns material, every reason located (most important first) and the same as sentences.
 */
export function assessMateriality(changes: MaterialityInput): Amendment['materiality'] {
  const details: MaterialityReason[] = [];
  const byId = new Map(changes.clauses.map((c) => [c.id, c]));
  const at = (c: ClauseChange | undefined, clause: string | null, side: 'from' | 'to' = 'to'): Pick<MaterialityReason, 'clause' | 'clauses' | 'section' | 'within' | 'where' | 'line'> => {
    const section = c ? (side === 'to' ? (c.location?.to ?? c.location?.from) : (c.location?.from ?? c.location?.to)) ?? null : null;
    const where = `${section ? sectionLabel(section) : c ? sectionNumberLabel(c, side) : 'the text'}${clause ? ` (${clause})` : ''}`;
    return { clause, clauses: clause ? [clause] : [], section, within: null, where, line: c?.line ?? null };
  };
  const gone = (c: ClauseChange | undefined): boolean => c !== undefined && (c.change === 'removed' || c.change === 'withdrawn' || c.change === 'replaced');

  // Terms: a parameter of an obligation kept, that the customer can read changed.
  for (const p of changes.parameters) {
    const c = byId.get(p.clause);
    if (p.annotationOnly || !c || c.change !== 'modified') continue;
    // New sub-processor categories and names are reasons of their own (below).
    if (listed(changes.kinds, c.rule.to ?? '', p.param) && p.removed.length === 0) continue;
    if (p.direction === 'looser') details.push({ kind: 'looser', weight: 1, ...at(c, p.clause), text: `looser for the customer: ${termWords(p)}` });
    else if (p.direction === 'changed' && p.from?.type !== 'text' && p.to?.type !== 'text') details.push({ kind: 'scope', weight: 2, ...at(c, p.clause), text: `changed scope: ${termWords(p)}` });
  }
  const category = (name: string, kind: 'new-subprocessor-category' | 'new-named-subprocessor') => {
    const p = changes.parameters.find((x) => (kind === 'new-subprocessor-category' ? x.param === 'categories' : x.param === 'named') && x.added.includes(name));
    details.push({ kind, weight: 1, ...at(p ? byId.get(p.clause) : undefined, p?.clause ?? null), text: kind === 'new-subprocessor-category' ? `new sub-processor category: ${name}` : `new named sub-processor: ${name}` });
  };
  for (const name of changes.subprocessors.categoriesAdded) category(name, 'new-subprocessor-category');
  for (const name of changes.subprocessors.namedAdded) category(name, 'new-named-subprocessor');

  // Obligations gone, unless their words stay (only the annotation went); an obligation replaced on other
  // terms even when its words stay (review: a renamed clause whose `means` went from 48 to 96 hours passed).
  for (const c of changes.clauses) {
    if (c.change === 'replaced' && !c.equivalent) details.push({ kind: 'obligation-replaced', weight: 1, ...at(c, c.id, 'from'), text: `obligation replaced by ${c.replacedBy} on different terms` });
    if (c.textKept) continue;
    if (c.change === 'removed' || c.change === 'withdrawn') details.push({ kind: 'obligation-removed', weight: 1, ...at(c, c.id, 'from'), text: `obligation ${c.change}: “${excerpt(c.text ?? '')}”` });
  }

  // The text, as the customer reads it.
  const clauseWords = new Map<string, { words: number; block: TextBlock; ids: string[] }>();
  const outside = new Map<string, { words: number; block: TextBlock }>();
  let outsideWords = 0;
  // A clause of one version only is judged as such (a new obligation, one removed): its own words
  // are not rewording of the clauses beside it in a block, nor their qualifiers.
  const oneSided = new Map(changes.clauses.filter((c) => c.change !== 'modified').map((c) => [c.id, c.text ?? '']));
  for (const x of changes.text) {
    if (x.change === 'equal' || x.change === 'moved') continue;
    const block = (x.to ?? x.from)!;
    // A block of a new obligation is in the customer's favour; one of an obligation gone is reported with it.
    if (block.clauses.length > 0 && block.clauses.every((id) => byId.get(id)?.change === 'added' || gone(byId.get(id)))) continue;
    const ids = block.clauses.filter((id) => !oneSided.has(id));
    const [fromText, toText] = withoutPassages(x.from, x.to, oneSided);
    const place = { clause: ids[0] ?? null, clauses: ids, section: block.section, within: blockWithin(block), where: `${blockLabel(block)}${ids.length ? ` (${ids.join(', ')})` : ''}`, line: block.lines[0] };
    if (x.change === 'removed') {
      // A heading goes with its section; the section's passages say what went.
      if (block.kind !== 'heading') details.push({ kind: 'passage-removed', weight: 2, ...place, text: `removed “${excerpt(x.from!.text)}”` });
      if (ids.length > 0) continue;
    } else {
      const { added, removed } = qualifierDelta(fromText ?? '', toText!);
      if (added.length + removed.length > 0) details.push({ kind: 'qualifier', weight: 2, ...place, qualifiers: { added, removed }, text: [added.length ? `added the qualifier${added.length > 1 ? 's' : ''} ${added.map((q) => `“${q}”`).join(', ')}` : '', removed.length ? `removed the qualifier${removed.length > 1 ? 's' : ''} ${removed.map((q) => `“${q}”`).join(', ')}` : ''].filter(Boolean).join('; ') });
      if (x.change === 'added' && ids.length > 0) {
        // A new passage in an obligation adds to it (only its qualifiers count) — unless the
        // clause lists what the company may do (sub-processor categories): more there is looser.
        const widens = ids.filter((id) => permits(changes.kinds, byId.get(id)));
        if (widens.length > 0) details.push({ kind: 'passage-added', weight: 2, ...place, text: `adds “${excerpt(x.to!.text)}” to what ${widens.join(', ')} allows` });
        continue;
      }
    }
    const words = fromText === (x.from?.text ?? null) && toText === (x.to?.text ?? null) ? x.changedWords : fromText !== null && toText !== null ? wordsChanged(fromText, toText) : ((fromText ?? toText)!.match(/\S+/g) ?? []).length;
    if (ids.length > 0) {
      // Words of a block count once, for the clauses it holds together.
      const key = ids.join(' ');
      const entry = clauseWords.get(key) ?? { words: 0, block, ids };
      entry.words += words;
      clauseWords.set(key, entry);
    } else {
      const key = block.section?.anchor ?? '';
      const entry = outside.get(key) ?? { words: 0, block };
      entry.words += words;
      outside.set(key, entry);
      outsideWords += words;
    }
  }
  for (const { words, block, ids } of clauseWords.values()) {
    if (words > MINOR_CLAUSE_WORDS) details.push({ kind: 'wording', weight: 3, clause: ids[0]!, clauses: ids, section: block.section, within: null, where: `${sectionLabel(block.section)} (${ids.join(', ')})`, line: block.lines[0], text: `substantive wording change (${words} words)` });
  }
  // Rewording outside the obligations: one reason, with where the words changed.
  if (outsideWords > MINOR_OUTSIDE_WORDS) {
    const places = [...outside.values()].filter((x) => x.words > 0).sort((a, b) => a.block.lines[0] - b.block.lines[0]);
    details.push({ kind: 'wording', weight: 3, clause: null, clauses: [], section: null, within: null, where: 'text outside the obligations', line: places[0]?.block.lines[0] ?? null, text: `substantive wording change (${outsideWords} words: ${places.map((x) => `${sectionLabel(x.block.section)} ${x.words}`).join(', ')})` });
  }

  details.sort((a, b) => a.weight - b.weight || (a.line ?? 0) - (b.line ?? 0));
  return { material: details.length > 0, reasons: details.map((d) => `${d.where}: ${d.text}`), details };
}

/**
 * What the items of a clause's list parameter are to the customer (`x-lists`), if its kind says.
 *
 * @param kinds the rule kinds.
 * @param rule the clause's kind.
 * @param param the parameter.
 * @returns the kind of item, or undefined.
 */
export function listed(kinds: KindCatalog, rule: string, param: string): ListedItems | undefined {
  return kinds.get(rule)?.params[param]?.['x-lists'];
}

/** Whether a clause lists what the company may do: its kind reads a list of which more is looser (sub-processor categories). */
function permits(kinds: KindCatalog, c: ClauseChange | undefined): boolean {
  const kind = c ? kinds.get(c.rule.to ?? c.rule.from ?? '') : undefined;
  return kind !== undefined && Object.values(kind.params).some((p) => p['x-more'] === 'looser');
}

/** Where a block is within its section: "paragraph 2", "row 3" (null for a heading). */
function blockWithin(block: TextBlock): string | null {
  return block.kind === 'heading' ? null : `${block.kind === 'item' ? 'item' : block.kind === 'row' ? 'row' : 'paragraph'} ${block.ordinal}`;
}

/** Reasons gathered by place: a section (or the text outside the obligations), the ones that matter most first. */
export interface ReasonGroup {
  /** "§4 Personal Data Breaches", "text outside the obligations". */
  place: string;
  reasons: MaterialityReason[];
}

/**
 * Gather the reasons by section, in order of the weightiest reason of each,
 * then of the text.
 *
 * @param details the located reasons (as assessMateriality orders them).
 * @returns one group per place.
 */
export function groupReasons(details: MaterialityReason[]): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const d of details) {
    const place = d.section ? sectionLabel(d.section) : d.where.replace(/ \(.*\)$/, '');
    const group = groups.get(place) ?? { place, reasons: [] };
    group.reasons.push(d);
    groups.set(place, group);
  }
  return [...groups.values()];
}

/**
 * A reason within its group: its clauses and block, then why.
 *
 * @param d a reason.
 * @returns e.g. "breach.notify: looser for the customer: within 48 hours → 72 hours".
 */
export function reasonInGroup(d: MaterialityReason): string {
  const head = [d.within, d.clauses.join(', ')].filter(Boolean).join(', ');
  return head ? `${head}: ${d.text}` : d.text;
}

/** A parameter change in words: "within: 72 hours → 96 hours". */
function termWords(p: ParameterChange): string {
  const list = p.added.length + p.removed.length > 0 ? ` (${[...p.added.map((c) => `+${c}`), ...p.removed.map((c) => `−${c}`)].join(', ')})` : '';
  const vague = p.vague ? ': a definite term replaced by a vague one, whatever its interpretation' : '';
  const gone = p.to === null ? ': no longer bound' : '';
  return `${p.param} ${p.fromWords ?? '(none)'} → ${p.toWords ?? '(none)'}${list}${vague}${gone}`;
}

/** Where a clause change is when its section is not known: "§7" or "before the first section". */
function sectionNumberLabel(c: ClauseChange, side: 'from' | 'to'): string {
  const number = side === 'to' ? (c.section.to ?? c.section.from) : (c.section.from ?? c.section.to);
  return number ? `§${number}` : 'before the first section';
}

export type { MaterialityReason, SectionRef };
