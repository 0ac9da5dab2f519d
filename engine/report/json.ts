import type { CheckReport } from '../check/report-types.ts';
import { jsonText } from '../errors/visible.ts';

/**
 * The JSON report of cli.md. With exit 2 it has `errors` and no `findings`.
 *
 * @param report the check report.
 * @returns pretty-printed JSON, ending in a newline (invisible characters as \\u escapes).
 */
export function formatJson(report: CheckReport): string {
  const { exitCode: _exit, ...rest } = report;
  return jsonText(rest);
}
