/**
 * `codicil draft`: a new version of a policy document in one step. The
 * draft is a copy of the latest version with its header made right — the
 * new version, dates, `status: draft`, `material: true` unless told
 * otherwise, a summary to write, the latest version's `withdrawn:` only when
 * both amend the same version (a draft drafted on) — and every
 * `:effective[…]` date in the text rewritten in the words' own style. It is
 * written only when `codicil lint` would accept it unchanged: the same
 * checks run on it before anything is written.
 */
import { readFile } from 'node:fs/promises';
import { ruleKinds } from '../rules/registry.ts';
import { join, relative } from 'node:path';
import type { Nodes, Root, Yaml } from 'mdast';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { isMap, isNode, isScalar, parseDocument, type Scalar } from 'yaml';
import { errors } from '../errors/catalogue.ts';
import { WriteFailed, writeNewFile } from '../io/write.ts';
import { toMessages } from '../lint/lint.ts';
import { amendedVersion } from '../model/amends.ts';
import { effectiveInstant, versionInForce } from '../model/in-force.ts';
import { compareSemver, loadPolicy } from '../model/load-policy.ts';
import { checkVersionSequence } from '../model/sequence.ts';
import type { PolicyVersion } from '../model/types.ts';
import { policyMarkdown } from '../parse/processor.ts';
import { byteOrderMark } from '../parse/source.ts';
import { parseVersion } from '../parse/version.ts';
import { describeDuration, readDate } from '../parse/words.ts';
import { restyleDate } from './date-words.ts';

/** Options of {@link draftVersion}. */
export interface DraftOptions {
  /** The policy folder (default `policy`). */
  policy?: string;
  /** The document (default: the policy's only document). */
  document?: string;
  /** The new version (semver, greater than every existing one). */
  version: string;
  /** The day it takes effect (YYYY-MM-DD; from 00:00 UTC). */
  effective: string;
  /** The day customers are told (YYYY-MM-DD; default: `today`). */
  published?: string;
  /** Whether the change is material (default true: it owes the notice the version in force promises). */
  material?: boolean;
  /** The day the command runs, for the default `published` (default: now, in UTC). */
  today?: Date;
  /** Write the file (default true); false only computes the draft. */
  write?: boolean;
}

/** The notice a material draft owes (amendment.advance-notice). */
export interface OwedNotice {
  /** The notice, in words ("30 days"). */
  notice: string;
  /** The version whose clause promises it. */
  promisedBy: string;
  /** The last day the draft can be published for its effective date. */
  publishBy: string;
  /** The first day it can take effect for its publication date. */
  effectiveFrom: string;
}

/** What {@link draftVersion} wrote, or why it refused. */
export type DraftResult =
  | {
      ok: true;
      /** The new file (relative to the working directory). */
      file: string;
      document: string;
      version: string;
      /** The version it was copied from. */
      from: string;
      /** The published version it amends (what `codicil diff` compares it with), if any. */
      amends: string | undefined;
      /** The clauses whose withdrawal it keeps from the draft it copies (both amend {@link amends}). */
      withdrawn: string[];
      effective: string;
      published: string;
      /** `published` was not given: it is the day the command ran. */
      publishedDefaulted: boolean;
      material: boolean;
      /** The effective-date words before and after, for each `:effective[…]`. */
      effectiveWords: { from: string; to: string }[];
      notice: OwedNotice | undefined;
      /** The draft's text. */
      text: string;
    }
  | { ok: false; problems: string[] };

const DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const shown = (path: string): string => relative(process.cwd(), path) || path;
const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const isDate = (text: string): boolean => ISO_DATE.test(text) && readDate(text) === text;

/** The words a summary starts with until legal writes it. */
export const SUMMARY_PLACEHOLDER = 'TODO:';

/**
 * Draft a new version of a policy document.
 *
 * @param options the policy, document, version, dates and materiality.
 * @returns the draft written, or every reason it was refused (nothing written).
 */
export async function draftVersion(options: DraftOptions): Promise<DraftResult> {
  const dir = options.policy ?? 'policy';
  const refuse = (...problems: string[]): DraftResult => ({ ok: false, problems });
  const { policy, files, failed } = await loadPolicy(dir, ruleKinds);
  if (failed) {
    const first = files.flatMap(toMessages).filter((m) => m.severity === 'error');
    return refuse(`the policy in ${shown(dir)} has ${first.length} error(s) (run \`codicil lint\`); a draft is made from a policy that lints clean`, ...first.slice(0, 5).map((m) => `${m.file}${m.line ? `:${m.line}` : ''}: ${m.message} [${m.code}]`));
  }
  const names = policy.documents.map((d) => d.document);
  if (options.document === undefined && policy.documents.length > 1) return refuse(`the policy in ${shown(dir)} holds ${names.length} documents (${names.join(', ')}): name the one to draft, e.g. codicil draft ${names[0]}@${options.version}`);
  const chosen = options.document === undefined ? policy.documents[0] : policy.documents.find((d) => d.document === options.document);
  if (!chosen) return refuse(policy.documents.length > 1 ? `the policy in ${shown(dir)} has no document ${options.document} (documents: ${names.join(', ')})` : `the policy in ${shown(dir)} holds document ${policy.document}, not ${options.document}`);
  // The rest works on that document alone: its versions, its notice, its folder.
  const document = chosen.document;
  policy.versions = chosen.versions;
  const latest = policy.versions.at(-1)!;
  const problems: string[] = [];
  const published = options.published ?? dayOf((options.today ?? new Date()).getTime());
  if (!SEMVER.test(options.version)) problems.push(`${JSON.stringify(options.version)} is not a version: write MAJOR.MINOR.PATCH, e.g. 1.1.0`);
  else if (policy.versions.some((v) => v.version === options.version)) problems.push(`version ${options.version} already exists (${shown(join(dir, document, `${options.version}.md`))}): a version file is never overwritten`);
  else if (compareSemver(options.version, latest.version) <= 0) problems.push(`version ${options.version} is not greater than the latest version, ${latest.version}`);
  if (!isDate(options.effective)) problems.push(`--effective ${JSON.stringify(options.effective)} is not a date (YYYY-MM-DD, e.g. 2025-03-01)`);
  else if (options.effective <= latest.effective) problems.push(`--effective ${options.effective} is not after ${latest.version}'s effective date, ${latest.effective}: a later version takes effect later`);
  if (!isDate(published)) problems.push(`--published ${JSON.stringify(published)} is not a date (YYYY-MM-DD, e.g. 2025-01-15)`);
  else if (isDate(options.effective) && published > options.effective) problems.push(`published ${published}${options.published === undefined ? ' (today)' : ''} is after the effective date ${options.effective}: customers must be able to read a version before it binds them${options.published === undefined ? '; give --published' : ''}`);
  if (problems.length > 0) return refuse(...problems);

  const material = options.material ?? true;
  const path = join(dir, document, `${options.version}.md`);
  const source = await readFile(join(dir, document, `${latest.version}.md`), 'utf8');
  const withdrawn = carriesWithdrawals(policy.versions, options.version) ? latest.withdrawn.map((w) => w.clause) : [];
  const { text, effectiveWords, unstyled } = rewrite(source, { version: options.version, effective: options.effective, published, material, keepWithdrawn: withdrawn.length > 0 });
  if (unstyled.length > 0) return refuse(...unstyled.map((w) => `the effective date words ${JSON.stringify(w)} of ${latest.version} cannot be rewritten (they are not a date codicil reads)`));

  // The checks of `codicil lint` on the draft, before anything is written.
  const file = new VFile({ path: shown(path), value: text });
  const draft = parseVersion(file, { document, reference: policy.reference, kinds: ruleKinds });
  const versions = [...policy.versions, ...(draft ? [draft] : [])].sort((a, b) => compareSemver(a.version, b.version));
  if (draft) checkVersionSequence(versions, new Map([...policy.versions.map((v) => [v.version, new VFile()] as const), [draft.version, file]]), ruleKinds);
  const notice = draft && material ? owedNotice(versions, draft) : undefined;
  const lintErrors = toMessages(file).filter((m) => m.severity === 'error');
  if (lintErrors.length > 0) {
    return refuse(
      ...lintErrors.map((m) =>
        m.code === errors.shortNotice.code && notice
          ? `material version ${options.version} would be published ${published}, less than ${notice.notice} before it takes effect on ${options.effective}; version ${notice.promisedBy} promises ${notice.notice} of notice (amendment.advance-notice). Publish by ${notice.publishBy} (--published ${notice.publishBy}), or take effect on ${notice.effectiveFrom} or later (--effective ${notice.effectiveFrom}); --not-material only if the change needs no notice (lint checks that against the diff)`
          : `${m.message} [${m.code}]`,
      ),
    );
  }
  if (options.write ?? true) {
    try {
      // Never overwrite, even a file written since the policy was read; never leave a file cut short.
      await writeNewFile(path, text);
    } catch (error) {
      if (!(error instanceof WriteFailed)) throw error;
      return refuse(`cannot write ${shown(path)}: ${error.reason}`);
    }
  }
  const amends = amendedVersion(policy.versions, options.version)?.version;
  return { ok: true, file: shown(path), document, version: options.version, from: latest.version, amends, withdrawn, effective: options.effective, published, publishedDefaulted: options.published === undefined, material, effectiveWords, notice, text };
}

/**
 * Whether the draft keeps the latest version's `withdrawn:`: only when the
 * latest is a draft amending the same version the new one will (lint
 * measures both against the last published version, and the copied text
 * still lacks the clauses it withdrew); a published latest is itself what
 * the new version amends, so its withdrawals were the previous amendment's.
 */
function carriesWithdrawals(versions: PolicyVersion[], version: string): boolean {
  const latest = versions.at(-1);
  return latest !== undefined && latest.withdrawn.length > 0 && latest.status === 'draft' && amendedVersion(versions, version) === amendedVersion(versions, latest.version);
}

/** The notice lint holds a material draft to: the longer of the version in force at publication (or the one it amends) and its own. */
function owedNotice(versions: PolicyVersion[], draft: PolicyVersion): OwedNotice | undefined {
  const previous = amendedVersion(versions, draft.version);
  const promising = versionInForce({ versions }, Date.parse(`${draft.published}T00:00:00Z`)) ?? previous;
  const owed = [promising, draft]
    .flatMap((by) => {
      // The bound of the clause whose kind judges the policy's own versions (amendment notice).
      const clause = by?.clauses.find((c) => ruleKinds.get(c.rule)?.versionNotice !== undefined);
      const value = clause?.params[ruleKinds.get(clause.rule)!.versionNotice!]?.value;
      return by && value?.type === 'duration' ? [{ by, seconds: value.seconds }] : [];
    })
    .sort((a, b) => b.seconds - a.seconds)[0];
  if (!owed) return undefined;
  const ms = owed.seconds * 1000;
  return {
    notice: describeDuration(owed.seconds),
    promisedBy: owed.by.version,
    publishBy: dayOf(Math.floor((effectiveInstant(draft) - ms) / DAY) * DAY),
    effectiveFrom: dayOf(Math.ceil((Date.parse(`${draft.published}T00:00:00Z`) + ms) / DAY) * DAY),
  };
}

/** What the draft's header says: the new values, and whether the latest version's `withdrawn:` stays. */
interface DraftHeader {
  version: string;
  effective: string;
  published: string;
  material: boolean;
  keepWithdrawn: boolean;
}

/**
 * The latest version's text with the new header and effective-date words. A
 * byte-order mark stays at the start of the draft, as in the file it copies;
 * the edits are made after it, where the parser's offsets count from
 * (review: with the mark they all fell one character early).
 */
function rewrite(file: string, header: DraftHeader) {
  const bom = file.slice(0, byteOrderMark(file));
  const source = file.slice(bom.length);
  const tree = policyMarkdown().parse(source) as Root;
  const edits: { start: number; end: number; text: string }[] = [];
  const effectiveWords: { from: string; to: string }[] = [];
  const unstyled: string[] = [];
  visit(tree, (node: Nodes) => {
    if (node.type !== 'textDirective' || node.name !== 'effective') return;
    const texts: { value: string; start: number; end: number }[] = [];
    visit(node, 'text', (t) => {
      if (t.position?.start.offset !== undefined && t.position.end.offset !== undefined) texts.push({ value: t.value, start: t.position.start.offset, end: t.position.end.offset });
    });
    const words = texts.map((t) => t.value).join('').trim();
    const styled = restyleDate(words.replace(/\s+/g, ' '), header.effective);
    if (styled === null) {
      unstyled.push(words);
      return;
    }
    effectiveWords.push({ from: words, to: styled });
    // One text node (the usual case): keep whatever surrounds it; several: the words become plain text.
    const only = texts.length === 1 && source.slice(texts[0]!.start, texts[0]!.end) === texts[0]!.value ? texts[0]! : undefined;
    if (only) edits.push({ start: only.start, end: only.end, text: only.value.replace(words, styled) });
    else if (texts.length > 0) edits.push({ start: texts[0]!.start, end: texts.at(-1)!.end, text: styled });
  });
  edits.push(...headerEdits(source, tree.children[0] as Yaml, header));
  let text = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return { text: bom + text, effectiveWords, unstyled };
}

/**
 * The edits of the header: six values replaced where they are written and
 * the previous amendment's `withdrawn:` removed (unless kept); comments,
 * order and spacing stay as legal wrote them.
 */
function headerEdits(source: string, yaml: Yaml, header: DraftHeader) {
  const base = source.indexOf(yaml.value, yaml.position!.start.offset!);
  const doc = parseDocument(yaml.value);
  const edits: { start: number; end: number; text: string }[] = [];
  const values: Record<string, string | boolean> = {
    version: header.version,
    effective: header.effective,
    published: header.published,
    status: 'draft',
    material: header.material,
    summary: `${SUMMARY_PLACEHOLDER} say in one sentence what changes in ${header.version} (customers read it in the version history).`,
  };
  for (const [key, value] of Object.entries(values)) {
    const node = doc.get(key, true);
    // The front matter is valid (the policy lints clean), so every field is a scalar.
    if (!isScalar(node) || !node.range) throw new Error(`draft: front matter field ${key} is not a value`);
    // A block scalar's range takes in the line break after it, which a removal after it may take too
    // (review: a `summary: >-` before a last `withdrawn:` made two edits overlap, and the header was cut).
    const start = base + node.range[0];
    const end = start + source.slice(start, base + node.range[1]).trimEnd().length;
    edits.push({ start, end, text: scalarText(value, node.type) });
  }
  // The previous amendment's withdrawals are not this one's (a draft's, kept, are).
  if (header.keepWithdrawn) return edits;
  const withdrawn = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'withdrawn') : undefined;
  if (withdrawn && isScalar(withdrawn.key) && isNode(withdrawn.value) && withdrawn.key.range && withdrawn.value.range) {
    // Last in the header: the line break before it goes too, or a blank line would stay before ---.
    const last = withdrawn.value.range[2] >= yaml.value.length;
    const start = base + withdrawn.key.range[0];
    edits.push({ start: last ? start - (source.slice(start - 2, start) === '\r\n' ? 2 : 1) : start, end: base + withdrawn.value.range[2], text: '' });
  }
  return edits;
}

/** A value written as YAML in the style of the value it replaces. */
function scalarText(value: string | boolean, style: Scalar['type']): string {
  const text = String(value);
  if (style === 'QUOTE_SINGLE') return `'${text.replace(/'/g, "''")}'`;
  if (style === 'QUOTE_DOUBLE' || !/^[A-Za-z0-9][\w.-]*$/.test(text)) return JSON.stringify(text);
  return text;
}
