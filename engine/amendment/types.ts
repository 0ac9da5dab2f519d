/** The structured result of comparing two versions of a policy document. */
import type { ParameterValue } from '../model/types.ts';
import type { Segment } from './redline.ts';
import type { SectionRef } from './blocks.ts';

export type { SectionRef };

/** Which way a change moves the company's obligation, seen by the customer. */
export type Direction = 'stricter' | 'looser' | 'changed';

/** A version as the diff names it. */
export interface VersionRef {
  version: string;
  /** The document's title in this version ("Data Processing Addendum"). */
  title: string;
  effective: string;
  published: string;
  status: 'draft' | 'published';
  material: boolean;
  file: string;
}

/** A parameter whose value changed. */
export interface ParameterChange {
  clause: string;
  param: string;
  from: ParameterValue | null;
  to: ParameterValue | null;
  /** The words the reader sees (the interpretation in brackets for vague words). */
  fromWords: string | null;
  toWords: string | null;
  direction: Direction;
  /** A definite term replaced by a vague one with the same interpretation ("thirty days" → "reasonable notice"), or the reverse. */
  vague?: boolean;
  /**
   * Only the annotation changed: the words the customer reads are the same
   * where the clause stands, and no interpretation they can read changed
   * (a clause or parameter newly marked, unmarked, or checked another way).
   */
  annotationOnly?: boolean;
  /** For lists: the items added and removed. */
  added: string[];
  removed: string[];
  /** For lists of a vocabulary's codes: the DPA's words for each item added or removed, where they are not the code (`payment`: "Payment Processors"). */
  itemWords?: Record<string, string>;
  /** In plain words, e.g. "incident.notify-within: within 72 hours → 48 hours (stricter)". */
  description: string;
}

/** An interpretation of vague words that changed (its number, or only its note). */
export interface InterpretationChange {
  clause: string;
  param: string;
  words: string;
  from: { means: string; note: string } | null;
  to: { means: string; note: string } | null;
}

/** What happened to one clause. */
export interface ClauseChange {
  id: string;
  change: 'added' | 'removed' | 'withdrawn' | 'replaced' | 'modified';
  /** The replacing clause, for `replaced`. */
  replacedBy?: string;
  /** For `replaced`: whether the replacing clause keeps the same terms (same rule, no looser parameter, a minor wording change at most). */
  equivalent?: boolean;
  /** Legal's reason from `withdrawn:`. */
  reason?: string;
  rule: { from: string | null; to: string | null };
  section: { from: string | null; to: string | null; fromAnchor: string | null; toAnchor: string | null };
  /** The sections it is in, in each version (null where it is absent or before the first section). */
  location?: { from: SectionRef | null; to: SectionRef | null };
  /** Line of its declaration (in the later version, or the earlier when it is gone), for ordering. */
  line?: number;
  /**
   * For a clause gone (removed, withdrawn, replaced): its words are still in
   * the later text unchanged — only its annotation went.
   */
  textKept?: boolean;
  /** True when the clause is now in another section (by anchor, not number). */
  moved: boolean;
  textChanged: boolean;
  /** Words inserted and deleted. */
  changedWords: number;
  /** Word-level redline of the clause's text (absent when the text is the same). */
  redline?: Segment[];
  /** The clause's text in the version that has it (added / removed clauses). */
  text?: string;
  params: ParameterChange[];
  interpretations: InterpretationChange[];
}

/** A section renumbered, added or removed (matched by anchor). */
export interface SectionChange {
  anchor: string;
  title: string;
  from: string | null;
  to: string | null;
}

/** One reason an amendment is material, with its place. */
export interface MaterialityReason {
  kind: 'obligation-removed' | 'obligation-replaced' | 'looser' | 'new-subprocessor-category' | 'new-named-subprocessor' | 'scope' | 'qualifier' | 'passage-removed' | 'passage-added' | 'wording';
  /** 1: an obligation or a term of it changes for the worse; 2: its reach may change; 3: rewording. */
  weight: 1 | 2 | 3;
  /** The first clause it concerns (null: text outside the obligations). */
  clause: string | null;
  /** Every clause it concerns. */
  clauses: string[];
  section: SectionRef | null;
  /** The block within the section ("paragraph 2", "row 3"), when the reason is about one. */
  within: string | null;
  /** Where, in words: "§4 Personal Data Breaches (breach.notify)", "§1 Definitions, row 3". */
  where: string;
  /** Why, in words. */
  text: string;
  /** Line in the version that has it, for ordering. */
  line: number | null;
  /** For a qualifier reason: the qualifiers added and dropped. */
  qualifiers?: { added: string[]; removed: string[] };
}

/** A block of the text outside the clauses that changed, with its place. */
export interface TextChange {
  change: 'added' | 'removed' | 'modified' | 'moved';
  kind: 'heading' | 'paragraph' | 'item' | 'row';
  /** Where, in words ("§1 Definitions, row 3"; for a moved block, where it is now). */
  where: string;
  /** For a moved block: where it was. */
  movedFrom?: string;
  section: SectionRef | null;
  from: string | null;
  to: string | null;
  /** Word-level redline of a modified block. */
  redline?: Segment[];
  changedWords: number;
}

/** The amendment from one version to another. */
export interface Amendment {
  document: string;
  from: VersionRef;
  to: VersionRef;
  clauses: ClauseChange[];
  parameters: ParameterChange[];
  interpretations: InterpretationChange[];
  subprocessors: {
    categoriesAdded: string[];
    categoriesRemoved: string[];
    namedAdded: string[];
    namedRemoved: string[];
    /** The DPA's words for each category code above (a customer reads "Payment Processors", not `payment`). */
    words: Record<string, string>;
  };
  sections: { renumbered: SectionChange[]; retitled: (SectionChange & { fromTitle: string })[]; added: SectionChange[]; removed: SectionChange[] };
  /**
   * Text outside clauses (headings without their numbers), aligned by
   * section and paragraph: `blocks` lists each paragraph, item, row or
   * heading added, removed, moved or changed (word-level inside it);
   * `redline` is the same as one redline of the changed lines.
   */
  outside: { changed: boolean; changedWords: number; redline: Segment[]; blocks: TextChange[] };
  /** Material or not; `reasons` in words, each located, the ones that matter most first; `details` the same as data. */
  materiality: { material: boolean; reasons: string[]; details: MaterialityReason[] };
  /** True when nothing at all changed. */
  empty: boolean;
}
