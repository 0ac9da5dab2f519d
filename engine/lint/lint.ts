import { relative } from 'node:path';
import { ruleKinds } from '../rules/registry.ts';
import { loadPolicy } from '../model/load-policy.ts';
import type { Policy } from '../model/types.ts';
import { loadOrganization } from '../model/organization.ts';
import type { Organization } from '../generated/organization.ts';
import { lintPolicyTests } from '../policy-tests/lint.ts';
import { lintWaivers } from '../waivers/lint.ts';
import { echo } from '../errors/visible.ts';
import { toMessages, type LintMessage } from '../errors/messages.ts';

export { toMessages, type LintMessage };

/** Longest message, hint or path printed by {@link formatLintText}, in characters. */
export const MAX_LINT_MESSAGE = 1_000;

/** Options of {@link lint}. */
export interface LintOptions {
  /** The policy folder (default `policy`). */
  policy?: string;
  /** The waiver file (default: `waivers.yaml` in the policy folder, if any). */
  waivers?: string;
  /** The instant waivers' expiry is judged at (default now). */
  asOf?: Date | number;
}

/** The result of {@link lint}. */
export interface LintResult {
  ok: boolean;
  errors: number;
  warnings: number;
  messages: LintMessage[];
  policy: Policy;
  /** The organization's public facts (policy/organization.yaml); null when absent or invalid. */
  organization?: Organization | null;
}

/**
 * Lint a policy folder: parse every version and run every consistency check.
 * All problems are collected; nothing stops at the first.
 *
 * @param options the policy folder.
 * @returns every message, sorted by file and position; `ok` when there is no error.
 */
export async function lint(options: LintOptions = {}): Promise<LintResult> {
  const { policy, files, unreadVersions } = await loadPolicy(options.policy ?? 'policy', ruleKinds);
  const { organization, files: organizationFiles } = await loadOrganization(policy, (p) => relative(process.cwd(), p) || p);
  files.push(...(await lintPolicyTests(options.policy ?? 'policy', policy, unreadVersions)));
  const asOf = options.asOf === undefined ? Date.now() : typeof options.asOf === 'number' ? options.asOf : options.asOf.getTime();
  files.push(...(await lintWaivers(options.policy ?? 'policy', policy, { asOf, unreadVersions, ...(options.waivers === undefined ? {} : { waivers: options.waivers }) })));
  const messages = [...files, ...organizationFiles].flatMap(toMessages).sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const errors = messages.filter((m) => m.severity === 'error').length;
  return { ok: errors === 0, errors, warnings: messages.length - errors, messages, policy, organization };
}

/**
 * Render lint messages for a terminal or a log.
 *
 * @param result the lint result.
 * @returns text: one `file:line:column  severity  message  [code]` line per message, its hint below.
 */
export function formatLintText(result: LintResult): string {
  const lines: string[] = [];
  // File names and words from the policy reach the terminal with control characters shown, never raw.
  const said = (s: string): string => echo(s, MAX_LINT_MESSAGE);
  for (const m of result.messages) {
    const where = m.line === null ? said(m.file) : `${said(m.file)}:${m.line}:${m.column ?? 1}`;
    lines.push(`${where}  ${m.severity}  ${said(m.message)}  [${m.code}]`);
    if (m.hint) lines.push(`    hint: ${said(m.hint)}`);
  }
  const documents = result.policy.documents ?? [];
  const one = (d: { versions: Policy['versions'] }) => `${d.versions.length} version(s) [${d.versions.map((v) => `${v.version} (${v.status})`).join(', ')}], ${d.versions.reduce((n, v) => n + v.clauses.length, 0)} clauses`;
  lines.push(
    !result.ok
      ? `✗ ${result.errors} error(s), ${result.warnings} warning(s)`
      : documents.length > 1
        ? `✓ policy of ${documents.length} documents: ${documents.map((d) => `${said(d.document)} ${one(d)}`).join('; ')}; ${result.warnings} warning(s)`
        : `✓ policy ${said(result.policy.document) || '?'}: ${one(result.policy)}; ${result.warnings} warning(s)`,
  );
  return `${lines.join('\n')}\n`;
}
