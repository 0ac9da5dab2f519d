/**
 * Temporary folders codicil makes: DuckDB's spill files (which hold record
 * values), a site being built, a policy test's records. Each is removed when
 * its work ends; the executable removes those still there when it is
 * stopped (SIGINT, SIGTERM, SIGHUP), where no `finally` runs.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';

/** The folders made and not yet removed. */
const live = new Set<string>();

/**
 * Make a temporary folder.
 *
 * @param parent where (the system's temporary folder, or an output folder).
 * @param prefix its name's start (`codicil-duckdb-`).
 * @returns its path.
 */
export async function makeTemporaryFolder(parent: string, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(parent, prefix));
  live.add(dir);
  return dir;
}

/** {@link makeTemporaryFolder}, synchronously. */
export function makeTemporaryFolderSync(parent: string, prefix: string): string {
  const dir = mkdtempSync(join(parent, prefix));
  live.add(dir);
  return dir;
}

/**
 * Remove a temporary folder and what it holds (links are removed, never followed).
 *
 * @param dir a folder made by {@link makeTemporaryFolder}.
 */
export async function removeTemporaryFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** {@link removeTemporaryFolder}, synchronously. */
export function removeTemporaryFolderSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/**
 * Remove every temporary folder still there (the process is being stopped).
 *
 * @returns the folders removed.
 */
export function removeTemporaryFolders(): string[] {
  const removed = [...live];
  for (const dir of removed) removeTemporaryFolderSync(dir);
  return removed;
}
