import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { nearest } from '../errors/nearest.ts';
import { report } from '../errors/report.ts';
import { amendedVersion } from './amends.ts';
import { effectiveInstant, versionInForce } from './in-force.ts';
import { diffVersions } from '../amendment/amendment.ts';
import { describeDuration } from '../parse/words.ts';
import type { PolicyVersion } from './types.ts';
import type { KindCatalog } from '../schemas/params.ts';
import { fileVersion, nameAgrees } from './version-name.ts';

const DAY = 86_400_000;
const top = { line: 1, column: 1 };
/** Where a front matter field of a version is written (the file's start when unknown). */
const at = (v: PolicyVersion, field: string) => ({ line: v.fieldLines[field] ?? 1, column: 1 });

/** The notice a version owes its amendments: the bound of the clause whose kind judges the policy's own versions. */
function versionNotice(version: PolicyVersion, kinds: KindCatalog) {
  for (const clause of version.clauses) {
    const param = kinds.get(clause.rule)?.versionNotice;
    if (param) return clause.params[param]?.value;
  }
  return undefined;
}

/**
 * Checks across the versions of a document: effective dates increase with
 * the version number, nothing is published after it takes effect, material
 * changes give the notice the version in force promised, and no clause
 * disappears without being withdrawn.
 *
 * @param versions the parsed versions, in semver order.
 * @param files each version's file, by the version its file name gives, for messages.
 */
export function checkVersionSequence(versions: PolicyVersion[], files: Map<string, VFile>, kinds: KindCatalog): void {
  // Two files declaring one version: the version belongs to the file of its name
  // (else to the first), and every other file declaring it names that file.
  const holders = new Map<string, PolicyVersion>();
  for (const v of versions) {
    const held = holders.get(v.version);
    if (!held || (!nameAgrees(held) && nameAgrees(v))) holders.set(v.version, v);
  }
  for (const v of versions) {
    const file = files.get(fileVersion(v));
    if (!file) continue;
    const holder = holders.get(v.version)!;
    if (holder !== v) report(file, errors.duplicateVersion, [v.version, holder.file], top);
    if (v.published > v.effective) report(file, errors.publishedAfterEffective, [v.version, v.published, v.effective], at(v, 'published'));
  }
  // The order is known only when every file's name and front matter agree: a file
  // that disagrees (CODICIL-P104, which fails the policy) has no certain place in
  // it, and a copy would be compared with its original, a version with itself.
  if (!versions.every(nameAgrees)) return;
  checkDraftsAhead(versions, files);
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i]!;
    const file = files.get(v.version)!;
    const before = versions[i - 1];
    if (before && v.effective <= before.effective) report(file, errors.effectiveOrder, [v.version, v.effective, before.version, before.effective], at(v, 'effective'));
    const previous = amendedVersion(versions, v.version);
    if (!previous) continue;

    // Notice is owed under the version in force when the change is published,
    // and `check` judges it under the new version itself (clauses.md's
    // temporal rule): lint holds the version to the longer of the two.
    if (v.material) {
      const promising = versionInForce({ versions }, Date.parse(`${v.published}T00:00:00Z`)) ?? previous;
      const owed = [promising, v]
        .map((by) => ({ by, notice: versionNotice(by, kinds) }))
        .filter((x): x is { by: PolicyVersion; notice: { type: 'duration'; iso: string; seconds: number } } => x.notice?.type === 'duration')
        .sort((a, b) => b.notice.seconds - a.notice.seconds)[0];
      const given = effectiveInstant(v) - Date.parse(`${v.published}T00:00:00Z`);
      if (owed && given >= 0 && given < owed.notice.seconds * 1000) report(file, errors.shortNotice, [v.version, Math.round(given / DAY), describeDuration(owed.notice.seconds), owed.by.version], at(v, 'published'));
    }

    // Computed only when needed: two long versions take seconds to compare.
    const amendment = !v.material || v.withdrawn.length > 0 ? diffVersions(previous, v, kinds) : undefined;
    if (!v.material && amendment?.materiality.material) report(file, errors.materialityMismatch, [v.version, previous.version, amendment.materiality.reasons], at(v, 'material'));
    // A clause withdrawn by removing only its mark: the promise is still made, and no longer checked.
    for (const c of amendment?.clauses ?? []) {
      if (c.change !== 'withdrawn' || !c.textKept) continue;
      const words = (c.text ?? '').replace(/\s+/g, ' ').trim();
      report(file, errors.withdrawnWordsKept, [c.id, v.version, words.length > 80 ? `${words.slice(0, 80)}…` : words], at(v, 'withdrawn'), 'warning');
    }

    checkAnchorsKept(previous, v, file);

    const ids = new Set(v.clauses.map((c) => c.id));
    const had = new Set(previous.clauses.map((c) => c.id));
    const withdrawn = new Map(v.withdrawn.map((w) => [w.clause, w]));
    // A clause new in this version whose id is a letter or two from a missing one: most likely its id mistyped (a user).
    const added = v.clauses.filter((c) => !had.has(c.id));
    for (const id of had) {
      if (ids.has(id) || withdrawn.has(id)) continue;
      const near = nearest(id, added.map((c) => c.id));
      const clause = added.find((c) => c.id === near);
      report(file, errors.clauseDisappeared, [id, v.version, previous.version, near], clause ? { line: clause.position.line, column: clause.position.column } : v.fieldLines.withdrawn ? at(v, 'withdrawn') : at(v, 'version'));
    }
    const listed = new Set<string>();
    for (const w of v.withdrawn) {
      // Review: two entries with different movedTo made diff pick one of them silently.
      if (listed.has(w.clause)) report(file, errors.withdrawnTwice, [w.clause], at(v, 'withdrawn'));
      listed.add(w.clause);
      if (ids.has(w.clause)) report(file, errors.withdrawnPresent, [w.clause], v.clauses.find((c) => c.id === w.clause)!.position);
      else if (!had.has(w.clause)) report(file, errors.withdrawnUnknown, [w.clause, previous.version], at(v, 'withdrawn'));
      if (w.movedTo !== undefined && !ids.has(w.movedTo)) report(file, errors.movedToUnknown, [w.clause, w.movedTo], at(v, 'withdrawn'));
    }
  }
}

/**
 * A draft is a future version: one numbered below a published version
 * would be a version once in force, un-published, its period silently
 * judged by the version before it (review: rev-versions 06, a deleted lock
 * line was all it took).
 *
 * @param versions the versions, in semver order, every name agreeing.
 */
function checkDraftsAhead(versions: PolicyVersion[], files: Map<string, VFile>): void {
  const latest = versions.findLast((v) => v.status === 'published');
  if (!latest) return;
  for (const v of versions) {
    if (v === latest) return;
    if (v.status !== 'published') report(files.get(v.version)!, errors.draftBeforePublished, [v.version, latest.version], at(v, 'status'));
  }
}

/**
 * Links to a section keep working only while its anchor does: a section
 * still there (the same title) under another anchor — an explicit anchor
 * dropped or changed — is a warning at its heading, with the heading that
 * keeps the old anchor.
 */
function checkAnchorsKept(previous: PolicyVersion, v: PolicyVersion, file: VFile): void {
  const now = new Set(v.sections.map((s) => s.anchor));
  const before = new Set(previous.sections.map((s) => s.anchor));
  for (const old of previous.sections) {
    if (now.has(old.anchor)) continue;
    // By title only: a section renumbered or restructured under the same number is another section.
    const same = v.sections.find((s) => !before.has(s.anchor) && s.title === old.title);
    if (same) report(file, errors.anchorChanged, [same.title, old.anchor, previous.version, same.anchor, same.number], { line: same.position.line, column: same.position.column }, 'warning');
  }
}
