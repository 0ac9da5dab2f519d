/** The structured result of comparing two versions of a policy document. */
import type { ParameterValue } from '../model/types.ts';
import type { Segment } from './redline.ts';

/** Which way a change moves the company's obligation, seen by the customer. */
export type Direction = 'stricter' | 'looser' | 'changed';

/** A version as the diff names it. */
export interface VersionRef {
  version: string;
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
  /** For lists: the items added and removed. */
  added: string[];
  removed: string[];
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

/** The amendment from one version to another. */
export interface Amendment {
  document: string;
  from: VersionRef;
  to: VersionRef;
  clauses: ClauseChange[];
  parameters: ParameterChange[];
  interpretations: InterpretationChange[];
  subprocessors: { categoriesAdded: string[]; categoriesRemoved: string[]; namedAdded: string[]; namedRemoved: string[] };
  sections: { renumbered: SectionChange[]; retitled: (SectionChange & { fromTitle: string })[]; added: SectionChange[]; removed: SectionChange[] };
  /** Text outside clauses (headings without their numbers). */
  outside: { changed: boolean; changedWords: number; redline: Segment[] };
  materiality: { material: boolean; reasons: string[] };
  /** True when nothing at all changed. */
  empty: boolean;
}
