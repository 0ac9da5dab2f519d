/**
 * codicil's library API. The CLI and the site call these same functions.
 */
export { loadPolicy, compareSemver } from './model/load-policy.ts';
export { versionInForce, publishedVersions, effectiveInstant, inForceUntil } from './model/in-force.ts';
export { onList } from './model/reference.ts';
export { updateLock, LOCK_FILE } from './model/lock.ts';
export { parseVersion, contentHash } from './parse/version.ts';
export { plainText } from './parse/plain-text.ts';
export { readDuration, readDate, describeDuration } from './parse/words.ts';
export { renderVersionHtml } from './render/html.ts';
export { lint, formatLintText, type LintResult, type LintMessage, type LintOptions } from './lint/lint.ts';
export { ruleKind, ruleKindNames } from './rules/registry.ts';
export type { RuleKind } from './rules/define.ts';
export { errors, type ErrorDefinition } from './errors/catalogue.ts';
export type * from './model/types.ts';
