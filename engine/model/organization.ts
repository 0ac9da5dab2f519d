/**
 * policy/organization.yaml: the public facts about the organization that
 * the site prints (its name, legal entity, contact address, website, other
 * legal documents). The policy's text was captured from a web page, so its
 * own words for these facts may be debris ("[email protected]"); the site
 * takes them from here. An unknown fact is null: lint warns, the site
 * leaves it out.
 */
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { decodePolicyText } from '../parse/source.ts';
import { checkBidiText, checkBidiYaml } from '../parse/bidi.ts';
import { readYaml } from '../parse/yaml-data.ts';
import { yamlPlace } from '../parse/yaml-place.ts';
import { FILE_LIMITS, readPolicyFile } from './policy-file.ts';
import { capMessages, MESSAGES_PER_FILE } from './file-guard.ts';
import { validate } from '../schemas/validator.ts';
import type { Organization } from '../generated/organization.ts';
import type { Policy } from './types.ts';

/** The organization file's name in a policy folder. */
export const ORGANIZATION_FILE = 'organization.yaml';

/** Which organization field each `:fact{name=…}` states. */
export const FACT_FIELDS = { email: 'email', website: 'website', 'legal-name': 'legalName' } as const;

/** The result of {@link loadOrganization}. */
export interface OrganizationLoad {
  /** The facts; null when the file is absent or invalid. */
  organization: Organization | null;
  /** Files with messages (the organization file; version files whose facts are unknown). */
  files: VFile[];
}

/**
 * Read and check policy/organization.yaml against its schema, and warn about
 * every fact that is unknown, in the file (null) or for the text (a
 * `:fact` the file cannot supply).
 *
 * @param policy the loaded policy (its folder, and its versions' trees for `:fact`).
 * @param shown how paths are shown in messages.
 * @returns the facts and the files with their messages.
 */
export async function loadOrganization(policy: Policy, shown: (path: string) => string = (p) => p): Promise<OrganizationLoad> {
  const path = join(policy.dir, ORGANIZATION_FILE);
  const file = new VFile({ path: shown(path) });
  let organization: Organization | null = null;
  // Read as every policy file is: a regular file inside the policy folder, bounded, strict UTF-8.
  const within = await realpath(policy.dir).catch(() => undefined);
  const read = within === undefined ? ({ status: 'missing' } as const) : await readPolicyFile(file, path, { within, limit: FILE_LIMITS.organization });
  // No file: the site prints no organization facts. Only words that need one are worth a warning (below).
  const text = read.status === 'ok' ? decodePolicyText(file, read.bytes) : undefined;
  if (text !== undefined && text !== null) {
    // The site prints these facts (the name in every title and feed): no overrides or isolates.
    checkBidiText(text, file);
    // No aliases, no repeated keys (checked in linear time), bounded nesting: as front matter and reference data.
    const yaml = readYaml(text);
    if (!yaml.ok) {
      // At most MESSAGES_PER_FILE of them, then a count of the rest, never made (review: 20 000 messages from 64 KiB of aliases).
      capMessages(file);
      const room = Math.max(0, MESSAGES_PER_FILE - file.messages.length);
      for (const { reason, offset } of yaml.problems.slice(0, room)) {
        const pos = yaml.lines.linePos(offset);
        report(file, errors.organizationSyntax, [reason], { line: pos.line, column: pos.col });
      }
      if (yaml.problems.length > room) {
        const last = file.messages[file.messages.length - 1];
        report(file, errors.moreProblems, [yaml.problems.length - room, MESSAGES_PER_FILE], { line: last?.line ?? 1, column: last?.column ?? 1 });
      }
    } else {
      const { doc, lines } = yaml;
      checkBidiYaml(text, doc, lines, file);
      const value: unknown = yaml.data;
      const problems = validate('organization.schema.json', value);
      for (const { field, problem } of problems) report(file, errors.organizationInvalid, [field, problem], yamlPlace(doc, lines, field));
      const data = value as Organization;
      // Checked even when other fields are wrong: every problem is reported at once.
      (Array.isArray(data?.documents) ? data.documents : []).forEach((d, i) => {
        if (d === null || typeof d !== 'object') return;
        if ((d.document === undefined) === (d.url === undefined)) report(file, errors.organizationInvalid, [`documents[${i}]`, 'needs either document (published on this site) or url (published elsewhere), not both'], yamlPlace(doc, lines, `documents[${i}]`));
        else if (d.document !== undefined && !policy.documents.some((x) => x.document === d.document)) report(file, errors.organizationInvalid, [`documents[${i}].document`, `names ${d.document}, but this policy publishes ${policy.documents.map((x) => x.document).join(', ') || 'no document'}`], yamlPlace(doc, lines, `documents[${i}].document`));
      });
      if (!file.messages.some((m) => m.fatal)) {
        organization = data;
        for (const field of ['legalName', 'email', 'website'] as const) {
          if (data[field] === null) report(file, errors.organizationFactUnknown, [field], yamlPlace(doc, lines, field), 'warning');
        }
        data.documents.forEach((d, i) => {
          if (d.url === null) report(file, errors.organizationFactUnknown, [`documents[${i}].url (${d.title})`], yamlPlace(doc, lines, `documents[${i}].url`), 'warning');
        });
      }
      // A file of thousands of broken fields is refused with its first problems and a count of the rest.
      capMessages(file);
    }
  }
  const files = [file];
  // Words that state a fact the site cannot print: the text would lose them silently (a refused file has its own error).
  if (read.status === 'missing') {
    for (const version of policy.documents.flatMap((d) => d.versions)) {
      const versionFile = new VFile({ path: version.file });
      for (const fact of factsIn(version.tree)) report(versionFile, errors.organizationFactUnknown, [`${fact.name} (no ${ORGANIZATION_FILE})`], fact.place, 'warning');
      files.push(versionFile);
    }
  }
  return { organization, files };
}

/**
 * The `:fact` directives of a version's text.
 *
 * @param tree the version's syntax tree.
 * @returns each fact's name and place.
 */
export function factsIn(tree: Root): { name: string; place: { line: number; column: number } }[] {
  const out: { name: string; place: { line: number; column: number } }[] = [];
  visit(tree, 'textDirective', (node) => {
    if (node.name !== 'fact') return;
    out.push({ name: node.attributes?.name ?? '', place: { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 } });
  });
  return out;
}

/**
 * The value of the organization fact a `:fact{name=…}` states.
 *
 * @param organization the facts (null when there is no file).
 * @param name the fact's name (`email`, `website`, `legal-name`).
 * @returns the value, or null when unknown.
 */
export function factValue(organization: Organization | null, name: string): string | null {
  const field = FACT_FIELDS[name as keyof typeof FACT_FIELDS];
  return field === undefined ? null : (organization?.[field] ?? null);
}
