/**
 * codicil's library API. The CLI and the site call these same functions.
 */
export { loadPolicy, parseVersion, diffVersions, assessMateriality } from './policy.ts';
export { compareSemver } from './model/load-policy.ts';
export { versionInForce, publishedVersions, effectiveInstant, inForceUntil } from './model/in-force.ts';
export { onList } from './model/reference.ts';
export { updateLock, LOCK_FILE } from './model/lock.ts';
export { contentHash } from './parse/version.ts';
export { plainText } from './parse/plain-text.ts';
export { readDuration, readDate, describeDuration } from './parse/words.ts';
export { renderVersionHtml } from './render/html.ts';
export { lint, formatLintText, type LintResult, type LintMessage, type LintOptions } from './lint/lint.ts';
export { ruleKind, ruleKindNames } from './rules/registry.ts';
export type { RuleKind } from './rules/define.ts';
export { errors, type ErrorDefinition } from './errors/catalogue.ts';
export type * from './model/types.ts';
export { check, type CheckOptions } from './check/check.ts';
export type { CheckReport, Finding, CoverageEntry } from './check/report-types.ts';
export { renderCheck, renderCheckPieces, FORMATS, type CheckFormat, type RenderOptions } from './report/index.ts';
export { readWaivers, applyWaivers, lintWaivers, waiverContext, type Waiver, type WaiversOption, type InlineWaivers, type UnusedWaiver, type WaiverMark, type ExpiredWaiverMark, type WaiverSummary } from './waivers/index.ts';
export { readRecords, READ_ORDER } from './records/read.ts';
export { discoverRecords } from './records/discover.ts';
export { TABLE_NAMES, table, type TableName } from './records/tables.ts';
export type { RecordError } from './records/errors.ts';
export { diff, type DiffOptions, type DiffResult } from './diff/diff.ts';
export { MINOR_CLAUSE_WORDS, MINOR_OUTSIDE_WORDS } from './amendment/materiality.ts';
export { redline, rebuild, changedWords, mirror, type Segment } from './amendment/redline.ts';
export type * from './amendment/types.ts';
export { renderAmendment, DIFF_FORMATS, type DiffFormat, formatChangeNotice, formatAmendmentHtml } from './report/amendment/index.ts';
export { buildSite, type BuildOptions, type BuildResult } from './cli/build.ts';
export { initRepository, type InitOptions, type InitResult } from './cli/init.ts';
export { buildSiteModel, type SiteModel, type SiteOptions } from './site/model.ts';
export { runPolicyTests, readCaseFiles, formatTestText, formatTestJson, formatTestJunit, TEST_FORMATS, type PolicyTestOptions, type PolicyTestResult, type CaseResult } from './policy-tests/index.ts';
export { draftVersion, type DraftOptions, type DraftResult } from './draft/draft.ts';
