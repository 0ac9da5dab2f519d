/**
 * The library's entry points for reading a policy. Parsing and the model never
 * import the rule kinds (layers point one way); this module, above rules,
 * hands them the built-in catalogue unless the caller brings its own.
 */
import type { VFile } from 'vfile';
import { loadPolicy as loadPolicyWith } from './model/load-policy.ts';
import { parseVersion as parseVersionWith, type VersionContext } from './parse/version.ts';
import { ruleKinds } from './rules/registry.ts';
import type { KindCatalog } from './schemas/params.ts';
import type { PolicyVersion } from './model/types.ts';
import { diffVersions as diffVersionsWith } from './amendment/amendment.ts';
import { assessMateriality as assessWith, type MaterialityInput } from './amendment/materiality.ts';
import type { Amendment } from './amendment/types.ts';

/** Load and validate a policy repository (`dir` holds `policy/`), with the built-in rule kinds unless `kinds` is given. */
export function loadPolicy(dir: string, kinds: KindCatalog = ruleKinds): ReturnType<typeof loadPolicyWith> {
  return loadPolicyWith(dir, kinds);
}

/** Parse one version file; `context.kinds` defaults to the built-in rule kinds. */
export function parseVersion(file: VFile, context: Omit<VersionContext, 'kinds'> & { kinds?: KindCatalog }): PolicyVersion | null {
  return parseVersionWith(file, { ...context, kinds: context.kinds ?? ruleKinds });
}

/** The amendment from one version to another; `kinds` defaults to the built-in rule kinds. */
export function diffVersions(from: PolicyVersion, to: PolicyVersion, kinds: KindCatalog = ruleKinds): Amendment {
  return diffVersionsWith(from, to, kinds);
}

/** Assess an amendment's materiality from its changes; `changes.kinds` defaults to the built-in rule kinds. */
export function assessMateriality(changes: Omit<MaterialityInput, 'kinds'> & { kinds?: KindCatalog }): Amendment['materiality'] {
  return assessWith({ ...changes, kinds: changes.kinds ?? ruleKinds });
}
