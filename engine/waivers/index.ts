/**
 * Waivers (docs/spec/waivers.md): read and checked once, applied once after
 * judging (`check`), linted with their expiry (`lint`).
 */
export { readWaivers, readWaiverFile, WAIVER_FILE, WAIVER_FILE_LIMIT, type InlineWaivers, type WaiversOption, type WaiversRead } from './read.ts';
export { checkWaiverList, readWaiverInstant, waiverProblemWords, MAX_WAIVER_DAYS, type WaiverListCheck } from './validate.ts';
export { applyWaivers, inEffect, type AppliedWaivers, type Waived, type Waivable } from './apply.ts';
export { waiverContext, ATTESTATION_KEY } from './keys.ts';
export { lintWaivers, EXPIRY_WARNING_DAYS } from './lint.ts';
export type * from './types.ts';
