/**
 * Reading waivers for `check` and `lint`: `waivers.yaml` in the policy folder
 * (optional), a file named with `--waivers` (which must exist), or a list
 * given as data (a policy test's `waivers:`). The file is read as every
 * policy file is — a regular file only, bounded in size, strict UTF-8, no
 * control characters, YAML without aliases or duplicate keys — and every
 * problem is a message with its line and a catalogue code.
 */
import { realpath } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report, type Place } from '../errors/report.ts';
import { capMessages, MESSAGES_PER_FILE } from '../model/file-guard.ts';
import { readPolicyFile } from '../model/policy-file.ts';
import { decodePolicyText } from '../parse/source.ts';
import { readYaml } from '../parse/yaml-data.ts';
import { yamlPlace } from '../parse/yaml-place.ts';
import { checkWaiverList } from './validate.ts';
import type { Waiver, WaiverContext } from './types.ts';

/** The waiver file's name in a policy folder. */
export const WAIVER_FILE = 'waivers.yaml';

/** Largest waiver file read, in bytes (a waiver is about 300 bytes). */
export const WAIVER_FILE_LIMIT = 512 * 1024;

/** Waivers given as data rather than a file (a policy test's `waivers:`). */
export interface InlineWaivers {
  /** The file they are written in, as messages and reports name it. */
  file: string;
  /** The waivers, as in the waiver file. */
  entries: readonly unknown[];
  /** The line each waiver starts on, when known. */
  lines?: readonly (number | null)[];
}

/** Which waivers to apply: a file's path, waivers given as data, or none (`false`); undefined: the policy folder's `waivers.yaml`, if any. */
export type WaiversOption = string | InlineWaivers | false | undefined;

/** Waivers read for a check or lint. */
export interface WaiversRead {
  /** The waivers; null when any problem was found (each is a message on `file`). */
  waivers: Waiver[] | null;
  /** The waiver file (or the file holding inline waivers) as messages show it; null when there is none. */
  path: string | null;
  /** Its messages. */
  file: VFile;
  /** Where a field of the list (`[0].expires`) is written. */
  place: (field: string) => Place;
}

/** Paths in messages are relative to the working directory, as editors and CI annotations expect. */
const shown = (path: string): string => relative(process.cwd(), path) || path;

/**
 * Read the waivers a check applies.
 *
 * @param option the waiver file, waivers as data, none, or undefined for the policy folder's `waivers.yaml`.
 * @param policyDir the policy folder.
 * @param context the policy's clauses and the key fields of their findings.
 * @returns the waivers, or every problem.
 */
export async function readWaivers(option: WaiversOption, policyDir: string, context: WaiverContext | undefined): Promise<WaiversRead> {
  if (option === false) return { waivers: [], path: null, file: new VFile(), place: () => undefined };
  if (typeof option === 'object') {
    const file = new VFile({ path: option.file });
    const place = (field: string): Place => {
      const line = option.lines?.[Number(/^\[(\d+)\]/.exec(field)?.[1] ?? Number.NaN)];
      return typeof line === 'number' ? { line, column: 1 } : undefined;
    };
    const waivers = checkWaiverList(option.entries, { file, source: option.file, place, context, schema: true });
    capMessages(file);
    return { waivers, path: option.file, file, place };
  }
  if (typeof option === 'string') return readWaiverFile(option, { required: true, context });
  let within: string | undefined;
  try {
    within = await realpath(policyDir);
  } catch {
    // The policy folder itself is unreadable: that is reported where the policy is read.
    return { waivers: [], path: null, file: new VFile(), place: () => undefined };
  }
  return readWaiverFile(join(policyDir, WAIVER_FILE), { required: false, within, context });
}

/**
 * Read and check a waiver file.
 *
 * @param path the file.
 * @param options whether it must exist, the folder it must stay in (after links), and the policy.
 * @returns the waivers (an absent optional file has none), or every problem.
 */
export async function readWaiverFile(path: string, options: { required: boolean; within?: string; context?: WaiverContext | undefined }): Promise<WaiversRead> {
  const file = new VFile({ path: shown(path) });
  const none = { file, place: (): Place => undefined };
  const read = await readPolicyFile(file, path, { limit: WAIVER_FILE_LIMIT, ...(options.within === undefined ? {} : { within: options.within }) });
  if (read.status === 'missing') {
    if (!options.required) return { ...none, waivers: [], path: null };
    report(file, errors.waiverFileMissing, [file.path]);
  }
  if (read.status !== 'ok') return { ...none, waivers: null, path: file.path };
  const text = decodePolicyText(file, read.bytes);
  if (text === null) return { ...none, waivers: null, path: file.path };
  const yaml = readYaml(text);
  if (!yaml.ok) {
    // At most MESSAGES_PER_FILE of them, and a count of the rest, as for every problem of the file (review:
    // 80 000 aliases in a 240 KB file were 80 000 messages, half a gigabyte); the rest are never made.
    const room = Math.max(0, MESSAGES_PER_FILE - file.messages.length);
    for (const { reason, offset } of yaml.problems.slice(0, room)) {
      const pos = yaml.lines.linePos(offset);
      report(file, errors.waiverSyntax, [reason], { line: pos.line, column: pos.col });
    }
    if (yaml.problems.length > room) {
      const last = file.messages[file.messages.length - 1];
      report(file, errors.moreProblems, [yaml.problems.length - room, MESSAGES_PER_FILE], { line: last?.line ?? 1, column: last?.column ?? 1 });
    }
    return { ...none, waivers: null, path: file.path };
  }
  const { doc, lines } = yaml;
  const place = (field: string): Place => yamlPlace(doc, lines, field);
  // A file with nothing in it (or only comments) holds no waivers.
  const data = yaml.data === null || yaml.data === undefined ? [] : yaml.data;
  const waivers = checkWaiverList(data, { file, source: file.path, place, context: options.context, schema: true });
  // A file of thousands of broken items is refused with its first problems and a count of the rest.
  capMessages(file);
  return { waivers, path: file.path, file, place };
}
