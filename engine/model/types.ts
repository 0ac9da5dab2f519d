/**
 * The policy model: one typed description of a policy document and all its
 * versions. The engine, the diff and the site all read this, never Markdown.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { CountryList } from '../generated/reference-countries.ts';
import type { Vocabulary } from '../generated/reference-vocabulary.ts';
import type { VersionFrontMatter } from '../generated/front-matter.ts';

/** A place in a source file (1-based line and column). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** A numbered heading of the document. */
export interface Section {
  /** The number legal gave it ("7", "7.3"), or null for an unnumbered heading. */
  number: string | null;
  /** The title without its number ("Objection to Sub-processors"). */
  title: string;
  /** Permanent anchor, from the title, so renumbering does not move it. */
  anchor: string;
  /** Heading depth (1 = document title, 2 = section, 3 = sub-section). */
  depth: number;
  position: SourcePosition;
}

/** A typed parameter value read from the DPA's words. */
export type ParameterValue =
  | { type: 'duration'; iso: string; seconds: number }
  | { type: 'codes'; codes: string[] }
  | { type: 'text'; text: string };

/** One place where the reader sees a parameter. */
export interface ParameterBinding {
  /** The words in the DPA ("72 hours", "immediately"). */
  words: string;
  /** For vague words: the interpretation legal holds them to ("24 hours"). */
  means?: string;
  /** The interpretation note shown to the reader, when the words are vague. */
  note?: string;
  position: SourcePosition;
}

/** A parameter of a clause, with its typed value and the prose that binds it. */
export interface Parameter {
  name: string;
  value: ParameterValue;
  /** Where the parameter is stated; empty for attribute parameters. */
  bindings: ParameterBinding[];
  /** True when set by an attribute of the clause rather than by its words. */
  fromAttribute: boolean;
}

/** A piece of the document's text that belongs to a clause. */
export interface Passage {
  /** Number of the section it is in (null before the first numbered heading). */
  section: string | null;
  sectionAnchor: string | null;
  /** Titles of the headings above it, outermost first, with their numbers. */
  headingPath: string[];
  text: string;
  position: SourcePosition;
}

/** A clause: an obligation with a stable id, checked by a rule kind or by attestation. */
export interface Clause {
  id: string;
  /** Rule kind that checks it; `attestation` for attestation-only obligations. */
  rule: string;
  /** True for obligations that no record can show (encryption, audits...). */
  attestation: boolean;
  /** Section of the declaring passage. */
  section: string | null;
  sectionAnchor: string | null;
  headingPath: string[];
  /** The clause's words: its passages joined by a blank line. */
  text: string;
  passages: Passage[];
  /** Parameters by name. */
  params: Record<string, Parameter>;
  /** Position of the declaring passage. */
  position: SourcePosition;
}

/** An interpretation of vague words, shown to the reader as a note. */
export interface Interpretation {
  clause: string;
  param: string;
  words: string;
  means: string;
  note: string;
  position: SourcePosition;
}

/**
 * One version of a policy document: its front matter (effective is
 * YYYY-MM-DD, in force from 00:00 UTC that day) and what was read from its text.
 */
export interface PolicyVersion extends Required<Omit<VersionFrontMatter, 'audience'>> {
  /** To whom this text applies ("Enterprise customers"), as its front matter says; null when it does not say. */
  audience: string | null;
  /** The line of each front matter field (for messages). */
  fieldLines: Record<string, number>;
  /** Path of the version file, relative to the working directory. */
  file: string;
  /** SHA-256 of the file's text (line endings normalized). */
  sha256: string;
  sections: Section[];
  clauses: Clause[];
  interpretations: Interpretation[];
  /** The document's text, a line per block, as the reader sees it (no notes). */
  plainText: string;
  /** The Markdown syntax tree the model was read from. */
  tree: Root;
}

/** Reference data, versioned with its own dates. */
export interface ReferenceData {
  eea: CountryList;
  adequacy: CountryList;
  vocabularies: Vocabulary['vocabularies'];
}

/** One document of a policy folder (`policy/<document>/`): its versions, lock and notices. */
export interface PolicyDocument {
  /** The document's id: its folder's name (`dpa`, `terms`). */
  document: string;
  /** The latest version's title. */
  title: string;
  /** The latest version's audience (to whom the document applies); null when it does not say. */
  audience: string | null;
  /** Every version, in semver order. */
  versions: PolicyVersion[];
}

/**
 * A policy folder: one or more documents and the reference data they share.
 * `document`, `title` and `versions` are those of the first document (in
 * the order of their ids) — the only one in a single-document policy.
 */
export interface Policy {
  /** The policy folder it was read from. */
  dir: string;
  /** The first (or only) document's id. */
  document: string;
  /** The first (or only) document's title. */
  title: string;
  /** The first (or only) document's versions. */
  versions: PolicyVersion[];
  /** Every document, by id. */
  documents: PolicyDocument[];
  reference: ReferenceData;
}

/** The result of reading a policy: the model, and every file with its messages. */
export interface PolicyLoad {
  policy: Policy;
  /** Every file read, with its vfile messages (errors are `fatal: true`). */
  files: VFile[];
  /** True when any file has an error: the model must not be used for judging. */
  failed: boolean;
  /** Version files that are there but could not be read or parsed: their clauses are unknown, so a name that matches none may be one of theirs. */
  unreadVersions: number;
}
