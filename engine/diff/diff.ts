/**
 * `codicil diff`: resolve two versions (ids such as `dpa@1.0.0`, or paths to
 * version files, e.g. a draft in a pull request) and compare them, forward
 * only: an amendment read backwards tells every change the wrong way round.
 */
import { realpath } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { VFile } from 'vfile';
import { ruleKinds } from '../rules/registry.ts';
import { documentPolicy, loadPolicy, versionFilePath } from '../model/load-policy.ts';
import { capMessages, guarded } from '../model/file-guard.ts';
import { FILE_LIMITS, isInside, readPolicyFile } from '../model/policy-file.ts';
import { parseVersion } from '../parse/version.ts';
import { toMessages, type LintMessage } from '../errors/messages.ts';
import type { Policy, PolicyVersion } from '../model/types.ts';
import { diffVersions } from '../amendment/amendment.ts';
import { noAmendment, stepsOf, type NoAmendment } from '../amendment/order.ts';
import { amendedVersion } from '../model/amends.ts';
import type { Amendment } from '../amendment/types.ts';
import { errors as catalogue } from '../errors/catalogue.ts';

/** Options of {@link diff}. */
export interface DiffOptions {
  /** `dpa@1.0.0` or a path to a version file. */
  from: string;
  to: string;
  /** The policy folder (default `policy`). */
  policy?: string;
  /**
   * What the amendment is for (default `diff`): a `notice` announces TO to
   * customers, so TO must also be a later version with other words.
   */
  purpose?: 'diff' | 'notice';
}

/** The result of {@link diff}: the amendment, or why there is none. */
export type DiffResult =
  | {
      ok: true;
      amendment: Amendment;
      policy: Policy;
      from: PolicyVersion;
      to: PolicyVersion;
      /** The version TO amends in its document's history (the last published one before it), for a notice; undefined for the first. */
      amends: string | undefined;
      /** The published versions the comparison passes through after FROM and before TO, whose declarations count with TO's (declaredMaterial). */
      steps: PolicyVersion[];
    }
  | { ok: false; errors: LintMessage[] };

const ID = /^([a-z][a-z0-9-]*)@((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))$/;

async function resolve(ref: string, policy: Policy, files: VFile[]): Promise<{ version: PolicyVersion } | { errors: LintMessage[] }> {
  const problem = (message: string): { errors: LintMessage[] } => ({ errors: [{ file: ref, line: null, column: null, severity: 'error', code: 'CODICIL-U001', message, hint: 'Name a version as document@version (e.g. dpa@1.0.0) or give the path of a version file.' }] });
  const m = ID.exec(ref);
  const names = policy.documents.map((d) => d.document);
  if (m) {
    const document = policy.documents.find((d) => d.document === m[1]);
    if (policy.documents.length === 0) return problem(`the policy folder ${policy.dir} holds no document (a folder such as dpa/ of version files such as 1.0.0.md)`);
    if (!document) return problem(policy.documents.length > 1 ? `the policy has no document ${m[1]} (documents: ${names.join(', ')})` : `the policy's document is ${policy.document || '(none)'}, not ${m[1]}`);
    // By its file's name, the version's permanent id: a file of that name that was
    // refused (a FIFO…) or did not parse says why, rather than "does not exist".
    const path = versionFilePath(policy.dir, document.document, m[2]!);
    const named = document.versions.find((v) => v.file === path);
    if (named) return { version: named };
    const there = files.find((f) => f.path === path);
    const refused = there ? toMessages(there).filter((msg) => msg.severity === 'error') : [];
    if (refused.length > 0) return { errors: refused };
    // Declared by a file of another name: diff() adds that file's CODICIL-P104.
    const declared = document.versions.find((v) => v.version === m[2]);
    return declared ? { version: declared } : problem(`${ref} does not exist (versions of ${document.document}: ${[...new Set(document.versions.map((v) => v.version))].join(', ') || 'none'})`);
  }
  // A file named on the command line may be anywhere (a draft in a pull request), but it is
  // read as a policy file: a regular file of a version file's size, UTF-8, never a pipe or a device.
  const file = new VFile({ path: ref });
  const read = await readPolicyFile(file, ref, { limit: FILE_LIMITS.version, ...(await linkRule(ref, policy.dir)) });
  if (read.status === 'missing') return problem(`${ref} is neither a version id nor a readable file`);
  if (read.status === 'refused') return { errors: toMessages(file) };
  file.value = read.bytes;
  // With one document a file must be a version of it; with several, of one of them.
  const version = guarded(file, () => parseVersion(file, { document: policy.documents.length === 1 ? policy.document : undefined, reference: policy.reference, kinds: ruleKinds }));
  capMessages(file);
  const all = toMessages(file).filter((msg) => msg.severity === 'error');
  // A text without front matter is no version file: its other problems would only quote it (a secret file, named by mistake).
  const notAVersion = all.find((msg) => msg.code === catalogue.frontMatterMissing.code);
  const errors = notAVersion ? [notAVersion] : all;
  if (version && errors.length === 0 && policy.documents.length > 1 && !names.includes(version.document)) return problem(`${ref} is a version of ${version.document}, which this policy does not hold (documents: ${names.join(', ')})`);
  return version && errors.length === 0 ? { version } : { errors };
}

/**
 * Where a version file named by path must lead, as lint would have it: one
 * in the policy folder stays inside it through any link (CODICIL-P006), as
 * lint reads it; one elsewhere may be anywhere, but if it is itself a
 * symbolic link, it must lead into the policy folder. (Review: a draft
 * `policy/dpa/9.9.9.md` linked to /etc/passwd was read, and its lines came
 * back in the errors, where a pull request's CI shows them.)
 */
async function linkRule(ref: string, dir: string): Promise<{ within: string } | { linksWithin: string }> {
  // A policy folder that cannot be resolved holds nothing a link may lead to.
  const folder = await realpath(dir).catch(() => resolvePath(dir));
  return isInside(resolvePath(ref), resolvePath(dir)) ? { within: folder } : { linksWithin: folder };
}

/**
 * Compare two versions of the policy.
 *
 * @param options the two versions and the policy folder.
 * @returns the amendment, or the errors that stop the comparison.
 */
export async function diff(options: DiffOptions): Promise<DiffResult> {
  const { policy, files } = await loadPolicy(options.policy ?? 'policy', ruleKinds);
  // A policy folder that cannot be read (or holds no document) is that mistake, not a version id's.
  if (policy.documents.length === 0) {
    const folder = files.flatMap((f) => toMessages(f)).filter((m) => m.severity === 'error' && m.code === catalogue.policyFolderUnreadable.code);
    if (folder.length > 0) return { ok: false, errors: folder };
  }
  const from = await resolve(options.from, policy, files);
  const to = await resolve(options.to, policy, files);
  const found = [...('errors' in from ? from.errors : []), ...('errors' in to ? to.errors : [])];
  // A version named by id must have parsed cleanly in the policy itself.
  for (const side of [from, to]) {
    if ('version' in side && policy.documents.some((d) => d.versions.includes(side.version))) {
      const file = files.find((f) => f.path === side.version.file);
      if (file) found.push(...toMessages(file).filter((m) => m.severity === 'error' && !m.code.startsWith('CODICIL-V')));
    }
  }
  // Both sides may name one file (dpa@1.0.0 and dpa@1.0.1 when 1.0.0.md declares 1.0.1): its errors once.
  const errors = [...new Map(found.map((e) => [JSON.stringify(e), e])).values()];
  if (errors.length > 0 || !('version' in from) || !('version' in to)) return { ok: false, errors };
  if (from.version.document !== to.version.document) {
    const message = `${options.from} is a version of ${from.version.document} and ${options.to} of ${to.version.document}: an amendment compares two versions of one document`;
    return { ok: false, errors: [{ file: options.to, line: null, column: null, severity: 'error', code: 'CODICIL-U001', message, hint: `Compare versions of the same document, e.g. ${from.version.document}@${from.version.version} and ${from.version.document}@<version>.` }] };
  }
  // The policy as the amended document sees it (its versions, for the version in force and the notice).
  const document = policy.documents.find((d) => d.document === to.version.document);
  const amendment = diffVersions(from.version, to.version, ruleKinds);
  const amends = document ? amendedVersion(document.versions, to.version.version)?.version : undefined;
  const why = noAmendment(amendment, options.purpose ?? 'diff', amends);
  if (why) return { ok: false, errors: [notAnAmendment(why, options, to.version, amendment, amends ?? '')] };
  const steps = document ? stepsOf(document.versions, from.version.version, to.version.version) : [];
  return { ok: true, amendment, policy: document ? documentPolicy(policy, document) : policy, from: from.version, to: to.version, amends, steps };
}

/** The refusal of two versions that are no amendment to show, at TO's `version:` (what puts it in the history). */
function notAnAmendment(why: NoAmendment, options: DiffOptions, to: PolicyVersion, amendment: Amendment, amends: string): LintMessage {
  const args = [why, amendment.from.version, amendment.to.version, options.from, options.to, amends, `${to.document}@${amends}`] as const;
  return { file: to.file, line: to.fieldLines.version ?? 1, column: 1, severity: 'error', code: catalogue.notAnAmendment.code, message: catalogue.notAnAmendment.message(...args), hint: catalogue.notAnAmendment.hint(...args) };
}
