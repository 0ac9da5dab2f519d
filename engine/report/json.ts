import type { CheckReport } from '../check/report-types.ts';

/**
 * The JSON report of cli.md. With exit 2 it has `errors` and no `findings`.
 *
 * @param report the check report.
 * @returns pretty-printed JSON, ending in a newline.
 */
export function formatJson(report: CheckReport): string {
  const { exitCode: _exit, ...rest } = report;
  return `${JSON.stringify(rest, null, 2)}\n`;
}
