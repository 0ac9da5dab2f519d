/**
 * What the fuzz suites share: mutations of valid files (so that most samples
 * still get past the first check and exercise what follows), whole policy
 * folders with files replaced by arbitrary bytes or by file-system entries
 * that are not regular files, the real executable, and a snapshot of a folder
 * to prove a command wrote nothing it was not asked to.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { LintMessage } from '../engine/index.ts';
import { root } from './helpers.ts';

/** The example amendment history: four versions, notices, a lock, reference data, organization facts. */
export const POLICY_SOURCE = join(root, 'examples', 'amendments', 'policy');

/** Files of {@link POLICY_SOURCE} a change may touch (the last two do not exist: new entries named like versions). */
export const POLICY_FILES = ['dpa/1.0.0.md', 'dpa/1.0.1.md', 'dpa/1.1.0.md', 'dpa/1.2.0.md', 'dpa/1.1.0.notice.md', 'dpa/1.2.0.notice.md', 'dpa/versions.lock', 'reference/eea.yaml', 'reference/adequacy.yaml', 'reference/vocabulary.yaml', 'organization.yaml', 'dpa/9.9.9.md', 'dpa/2.0.0.notice.md'];

/** Text that has broken codicil's readers before, or could: inserted whole. */
export const SNIPPETS = ['\u0000', '\xff', '\r\n', ':constructor', '*a *b **', '>>>>>>>>', ':param[0 hours]{name=within}', '&x\n*x', '---\n', '\uFFFE', '\u001b[31m', '\u202e', '__proto__: 1\n', '[[[[[[[[', '{a: 1, a: 2}', '9999-12-31T23:59:59Z'];

/** One change to a file of a folder: arbitrary bytes, an edit of its bytes, or another kind of entry in its place. */
export type Change =
  | { kind: 'bytes'; file: number; bytes: Uint8Array }
  | { kind: 'mutate'; file: number; at: number; bytes: Uint8Array; cut: number }
  | { kind: 'entry'; file: number; entry: Entry };

/** Entries that are not regular files (or not where they seem to be). */
export type Entry = 'fifo' | 'directory' | 'loop' | 'outside' | 'dev-zero' | 'dangling' | 'empty';
const ENTRIES: Entry[] = ['fifo', 'directory', 'loop', 'outside', 'dev-zero', 'dangling', 'empty'];

const snippetBytes = SNIPPETS.map((s) => Uint8Array.from(Buffer.from(s, 'utf8')));

/**
 * Changes to the files of a list.
 *
 * @param count how many files the list has.
 * @returns an arbitrary change to one of them.
 */
export function changeOf(count: number): fc.Arbitrary<Change> {
  return fc.oneof(
    fc.record({ kind: fc.constant('bytes' as const), file: fc.nat({ max: count - 1 }), bytes: fc.uint8Array({ maxLength: 600 }) }),
    fc.record({ kind: fc.constant('mutate' as const), file: fc.nat({ max: count - 1 }), at: fc.nat(), bytes: fc.oneof(fc.uint8Array({ maxLength: 8 }), fc.constantFrom(...snippetBytes)), cut: fc.nat({ max: 40 }) }),
    fc.record({ kind: fc.constant('entry' as const), file: fc.nat({ max: count - 1 }), entry: fc.constantFrom(...ENTRIES) }),
  );
}

/** One to four changes to the files of {@link POLICY_FILES}. */
export const policyChanges = fc.array(changeOf(POLICY_FILES.length), { minLength: 1, maxLength: 4 });

/**
 * Put another kind of entry at a path (whatever was there is removed).
 *
 * @param path the path.
 * @param entry what to put there.
 */
export function makeEntry(path: string, entry: Entry): void {
  rmSync(path, { recursive: true, force: true });
  if (entry === 'fifo') execFileSync('mkfifo', [path]);
  else if (entry === 'directory') mkdirSync(path);
  else if (entry === 'loop') symlinkSync(path, path);
  else if (entry === 'outside') symlinkSync(join(root, 'package.json'), path);
  else if (entry === 'dev-zero') symlinkSync('/dev/zero', path);
  else if (entry === 'dangling') symlinkSync(`${path}.nowhere`, path);
  else writeFileSync(path, '');
}

/**
 * Apply changes to the files of a folder.
 *
 * @param dir the folder (a copy).
 * @param source where the original files are.
 * @param files the files the changes index.
 * @param changes the changes.
 */
export function applyChanges(dir: string, source: string, files: readonly string[], changes: Change[]): void {
  for (const c of changes) {
    const path = join(dir, files[c.file]!);
    mkdirSync(join(path, '..'), { recursive: true });
    if (c.kind === 'entry') {
      makeEntry(path, c.entry);
      continue;
    }
    rmSync(path, { recursive: true, force: true });
    if (c.kind === 'bytes') writeFileSync(path, c.bytes);
    else {
      let original: Buffer;
      try {
        original = readFileSync(join(source, files[c.file]!));
      } catch {
        original = Buffer.alloc(0);
      }
      const at = original.length === 0 ? 0 : c.at % original.length;
      writeFileSync(path, Buffer.concat([original.subarray(0, at), c.bytes, original.subarray(Math.min(original.length, at + c.cut))]));
    }
  }
}

const samples = new Map<string, number>();
/**
 * A fresh copy of a folder under test/output/<area>/ (eight copies in turn),
 * with the changes applied. Each suite has its own area: vitest runs files in parallel.
 *
 * @param area the suite's folder under test/output/.
 * @param changes the changes.
 * @param source the folder copied (default {@link POLICY_SOURCE}).
 * @param files the files the changes index (default {@link POLICY_FILES}).
 * @returns the copy's path, relative to the repository root.
 */
export function fuzzedFolder(area: string, changes: Change[], source = POLICY_SOURCE, files: readonly string[] = POLICY_FILES): string {
  const n = samples.get(area) ?? 0;
  samples.set(area, n + 1);
  const dir = join('test', 'output', area, String(n % 8));
  const abs = join(root, dir);
  rmSync(abs, { recursive: true, force: true });
  mkdirSync(abs, { recursive: true });
  cpSync(source, abs, { recursive: true });
  applyChanges(abs, source, files, changes);
  return dir;
}

/** Codes about a file (or a records folder or column) as a whole (no line to point at); every other message must have one. */
export const WHOLE_FILE = new Set(['CODICIL-P001', 'CODICIL-P002', 'CODICIL-P004', 'CODICIL-P005', 'CODICIL-P006', 'CODICIL-P007', 'CODICIL-P008', 'CODICIL-P009', 'CODICIL-P011', 'CODICIL-R001', 'CODICIL-R003', 'CODICIL-V101', 'CODICIL-V102', 'CODICIL-V105', 'CODICIL-U001', 'CODICIL-T005', 'CODICIL-T008', 'CODICIL-W003', 'CODICIL-D001', 'CODICIL-D002', 'CODICIL-D005', 'CODICIL-D006', 'CODICIL-D007', 'CODICIL-D008', 'CODICIL-D009', 'CODICIL-D111']);

/**
 * Every message is a catalogue error (never the internal-error code) on a
 * file of `dir`, with a line unless it is about the file as a whole.
 *
 * @param messages lint or test messages.
 * @param dir the folder the files are in.
 */
export function wellFormed(messages: LintMessage[], dir: string): void {
  for (const m of messages) {
    expect(m.code, JSON.stringify(m)).toMatch(/^CODICIL-[A-Z]\d{3}$/);
    expect(m.code, JSON.stringify(m)).not.toBe('CODICIL-P110');
    expect(m.file.startsWith(dir) || m.file.startsWith('/'), JSON.stringify(m)).toBe(true);
    if (!WHOLE_FILE.has(m.code)) expect(m.line, JSON.stringify(m)).toBeGreaterThanOrEqual(1);
    expect(m.message).not.toMatch(/\n\s+at /);
  }
}

/** One edit of a YAML text, by line: most keep it valid YAML, so that what reads the data is exercised too. */
export type YamlEdit =
  | { op: 'value'; line: number; value: string }
  | { op: 'delete' | 'duplicate'; line: number }
  | { op: 'swap'; line: number; with: number }
  | { op: 'indent'; line: number; by: number }
  | { op: 'insert'; at: number; text: string };

/** Values that a field may be given instead of its own. */
const VALUES = ['', 'null', '~', '2025-13-01', '2025-02-29', '2025-06-01T00:00:00', '2025-06-01T00:00:00+25:00', '0000-01-01', '9999-12-31T23:59:59Z', '"x"', "'a: b'", '[1, 2]', '{a: 1}', '*a', '&a x', '.inf', '.nan', '-1', '0', '1e400', 'true', 'no', 'INC-1', 'C-1', 'DEL-1002', 'deletion.on-termination', 'incident.notify-within', '__proto__', 'constructor', '"\\u001b[31m"', '"\\u202e"', '"\\ud800"', 'x'.repeat(300), '|\n  a\n  b', '!!binary aGVsbG8='];

/** An arbitrary edit of a YAML text. */
export const yamlEdit: fc.Arbitrary<YamlEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('value' as const), line: fc.nat(), value: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), line: fc.nat(), with: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: 'binary', maxLength: 6 })) }) },
);

/**
 * Apply edits to a YAML text.
 *
 * @param text a valid YAML file.
 * @param edits the edits.
 * @returns the edited text.
 */
export function mutateYaml(text: string, edits: YamlEdit[]): string {
  let lines = text.split('\n');
  for (const e of edits) {
    if (e.op === 'insert') {
      const joined = lines.join('\n');
      const at = e.at % (joined.length + 1);
      lines = (joined.slice(0, at) + e.text + joined.slice(at)).split('\n');
      continue;
    }
    const i = e.line % lines.length;
    if (e.op === 'value') {
      const colon = lines[i]!.indexOf(': ');
      lines[i] = colon === -1 ? `${lines[i]!.replace(/^(\s*-\s*).*$/, '$1')}${e.value}` : `${lines[i]!.slice(0, colon + 2)}${e.value}`;
    } else if (e.op === 'delete') lines.splice(i, 1);
    else if (e.op === 'duplicate') lines.splice(i, 0, lines[i]!);
    else if (e.op === 'swap') [lines[i], lines[e.with % lines.length]] = [lines[e.with % lines.length]!, lines[i]!];
    else if (e.op === 'indent') lines[i] = e.by >= 0 ? ' '.repeat(e.by) + lines[i]! : lines[i]!.replace(new RegExp(`^ {0,${-e.by}}`), '');
    if (lines.length === 0) lines = [''];
  }
  return lines.join('\n');
}

const node = join(root, 'node_modules', 'node', 'bin', 'node');

/** What the real executable did. */
export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time, in milliseconds. */
  ms: number;
}

/**
 * Run bin/codicil.js with the project's Node, as a user or CI would.
 *
 * @param args the arguments.
 * @param options the working directory and extra environment (a TMPDIR of its own, to see what is left in it).
 * @returns what it did.
 */
export function codicil(args: string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): CliRun {
  const started = performance.now();
  const run = spawnSync(node, [join(root, 'bin', 'codicil.js'), ...args], { cwd: options.cwd ?? root, encoding: 'utf8', timeout: options.timeout ?? 60_000, env: { ...process.env, NO_COLOR: '1', ...options.env } });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr, ms: performance.now() - started };
}

/**
 * A run ended by itself, with an exit code of `allowed`, in time, and without an internal error or a stack trace.
 *
 * @param run the run.
 * @param allowed the exit codes the command documents.
 * @param label what was run, for messages.
 * @param ms the time bound.
 */
export function endedWell(run: CliRun, allowed: number[], label: string, ms = 30_000): void {
  expect(run.signal, `${label}: killed (hung?)`).toBeNull();
  expect(allowed, `${label}: exit ${run.status}\n${run.stderr}`).toContain(run.status);
  expect(run.stderr, label).not.toMatch(/internal error|\n\s+at |^\s+at /m);
  expect(run.stdout, label).not.toMatch(/\n\s+at [\w.<>]+ \(|internal error/);
  expect(run.ms, `${label}: took ${Math.round(run.ms)} ms`).toBeLessThan(ms);
}

/**
 * What a folder holds, entry by entry, without following links or opening
 * anything but regular files: a file's hash, a link's target, a FIFO as such.
 *
 * @param dir the folder.
 * @returns relative path → what is there (empty when the folder does not exist).
 */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string) => {
    let info;
    try {
      info = lstatSync(path);
    } catch {
      return;
    }
    const rel = relative(dir, path) || '.';
    if (info.isSymbolicLink()) out.set(rel, `link ${readlinkSync(path)}`);
    else if (info.isDirectory()) {
      out.set(rel, 'folder');
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else if (info.isFile()) out.set(rel, `file ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    else out.set(rel, info.isFIFO() ? 'fifo' : 'special');
  };
  walk(dir);
  return out;
}

/**
 * How a folder changed between two snapshots.
 *
 * @returns the paths added, removed or changed, sorted.
 */
export function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}
