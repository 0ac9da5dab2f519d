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

/** The folders made and not yet removed, each with what stops its writers first. */
const live = new Map<string, (() => void) | undefined>();

/** The signals a stop is asked by. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What the executable does on a signal while folders are there (see {@link stopOnSignals}); none in a library. */
let onSignal: ((signal: NodeJS.Signals) => void) | undefined;

/** Whether {@link onSignal} listens now: only while folders are there, so a stop outside them stays immediate. */
let listening = false;

function track(dir: string): void {
  live.set(dir, undefined);
  if (onSignal && !listening) {
    for (const signal of SIGNALS) process.on(signal, onSignal);
    listening = true;
  }
}

function untrack(dir: string): void {
  live.delete(dir);
  if (listening && live.size === 0 && !stopping()) {
    for (const signal of SIGNALS) process.off(signal, onSignal!);
    listening = false;
  }
}

/**
 * What to do on SIGINT, SIGTERM or SIGHUP while a temporary folder is there
 * (the executable's choice: a library never decides how its host stops).
 * Outside them the signal's own action stands, so a long `diff` stops at
 * once (review: a handler for every command kept one running 13 s).
 *
 * @param handler called with the signal.
 */
export function stopOnSignals(handler: (signal: NodeJS.Signals) => void): void {
  onSignal = handler;
}

/**
 * Make a temporary folder.
 *
 * @param parent where (the system's temporary folder, or an output folder).
 * @param prefix its name's start (`codicil-duckdb-`).
 * @returns its path.
 */
export async function makeTemporaryFolder(parent: string, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(parent, prefix));
  track(dir);
  return dir;
}

/** {@link makeTemporaryFolder}, synchronously. */
export function makeTemporaryFolderSync(parent: string, prefix: string): string {
  const dir = mkdtempSync(join(parent, prefix));
  track(dir);
  return dir;
}

/**
 * Remove a temporary folder and what it holds (links are removed, never followed).
 *
 * @param dir a folder made by {@link makeTemporaryFolder}.
 */
export async function removeTemporaryFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  untrack(dir);
}

/** {@link removeTemporaryFolder}, synchronously. */
export function removeTemporaryFolderSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  untrack(dir);
}

/**
 * What stops the writers of a temporary folder on a signal: a folder
 * removed while DuckDB's threads still spill into it is written again
 * (review: 2 interrupted checks in 5 left spill files), and closing DuckDB
 * from the signal while a query runs never returns. So its query is
 * interrupted, and the folder left to the work's own `finally` (which
 * closes DuckDB, then removes it) for a moment.
 *
 * @param dir a folder made by {@link makeTemporaryFolder}.
 * @param stop asks its writers to stop, synchronously and at once (it may throw); asked again until they have.
 */
export function whenStopped(dir: string, stop: () => void): void {
  if (live.has(dir)) live.set(dir, stop);
}

/** How long the work's own `finally` is given to remove a folder whose writers were asked to stop. */
const STOP_WAIT_MS = 5000;

/** Ask a folder's writers to stop; whether it has a way to. */
function askToStop(dir: string): boolean {
  const stop = live.get(dir);
  if (!stop) return false;
  try {
    stop();
    return true;
  } catch {
    // Stopping is best effort: the folder goes in any case.
    return false;
  }
}

/**
 * Remove every temporary folder still there (the process is being stopped):
 * those whose writers can be stopped once their work has unwound (or after
 * {@link STOP_WAIT_MS}), the others at once. The writers are asked again and
 * again: an interrupt between two queries stops nothing, the next one must
 * be interrupted too (review: a signal between queries was lost).
 *
 * @returns the folders that were there.
 */
export async function removeTemporaryFolders(): Promise<string[]> {
  const there = [...live.keys()];
  const stopped = there.filter(askToStop);
  for (const dir of there) if (!stopped.includes(dir)) removeTemporaryFolderSync(dir);
  const deadline = Date.now() + STOP_WAIT_MS;
  while (stopped.some((dir) => live.has(dir)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const dir of stopped) if (live.has(dir)) askToStop(dir);
  }
  for (const dir of stopped) removeTemporaryFolderSync(dir);
  return there;
}

/** The signal stopping the process, once the executable's handler has begun. */
let stopSignal: string | undefined;

/** Whether the process is being stopped (the executable's signal handler has begun): what fails then is not an error to report. */
export function stopping(): boolean {
  return stopSignal !== undefined;
}

/**
 * Record that the process is being stopped by a signal.
 *
 * @param signal its name.
 */
export function markStopping(signal: string): void {
  stopSignal = signal;
}

/** Remove every temporary folder still there, without asking anyone to stop (a second signal). */
export function removeTemporaryFoldersNow(): void {
  for (const dir of [...live.keys()]) removeTemporaryFolderSync(dir);
}
