/**
 * Running one case on every engine and comparing the reports (engines.md:
 * the same report on every engine, apart from the `engine` field).
 */
import { check, type CheckOptions } from '../../engine/check/check.ts';
import { FOLDER_ENGINES, type EngineName } from '../../engine/engines/index.ts';
import { formatJson } from '../../engine/report/json.ts';

/** The engines that read the parity corpus as folders (postgres reads it once loaded: engines-postgres.test.ts). */
export const PARITY_ENGINES: EngineName[] = FOLDER_ENGINES;

/** A report as compared: the JSON report of cli.md without `engine`, and the exit code. */
export function comparable(report: Awaited<ReturnType<typeof check>>): string {
  const { engine: _engine, ...rest } = report;
  return `exit ${report.exitCode}\n${formatJson(rest as typeof report)}`;
}

/**
 * Check the same input on every engine.
 *
 * @param options the check, without an engine.
 * @returns each engine's comparable report.
 */
export async function onEveryEngine(options: Omit<CheckOptions, 'engine'>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const engine of PARITY_ENGINES) out[engine] = comparable(await check({ ...options, engine }));
  return out;
}
