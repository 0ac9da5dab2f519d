/**
 * What the policy-test and draft suites share: the CLI run in-process, and
 * golden files (UPDATE_FIXTURES=1 writes them; a missing one fails).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';
import { main } from '../engine/cli/main.ts';

/**
 * Run the command line in this process.
 *
 * @param args the arguments after `codicil`.
 * @returns exit code, stdout and stderr.
 */
export async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false, progress: false });
  return { code, stdout, stderr };
}

/**
 * Compare with a golden file; UPDATE_FIXTURES=1 writes it first. A missing golden fails.
 *
 * @param path the golden file.
 * @param actual what the test produced.
 */
export function golden(path: string, actual: string): void {
  if (process.env.UPDATE_FIXTURES) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `${path} is missing: run with UPDATE_FIXTURES=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
