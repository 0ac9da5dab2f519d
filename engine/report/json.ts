import type { CheckReport } from '../check/report-types.ts';
import { visibleInJson } from '../errors/visible.ts';

/**
 * The JSON report of cli.md. With exit 2 it has `errors` and no `findings`.
 *
 * @param report the check report.
 * @returns pretty-printed JSON, ending in a newline (invisible characters as \\u escapes).
 */
export function formatJson(report: CheckReport): string {
  return [...jsonPieces(report)].join('');
}

/** Findings in one piece of {@link jsonPieces} (about a megabyte of text). */
const FINDINGS_PER_PIECE = 2000;

/** A value's pretty-printed JSON, its lines after the first indented (JSON text holds no raw line break but its own). */
const nested = (value: unknown, indent: string): string => JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);

/**
 * The JSON report a piece at a time: their concatenation is
 * {@link formatJson}'s text, `JSON.stringify(report, null, 2)` with
 * invisible characters escaped. The findings come a few thousand at a time,
 * so that a report of many findings is never held as one text (683 000
 * findings are a text of 274 M characters, which took 0.7 GB to write whole).
 *
 * @param report the check report.
 * @yields pieces of the text, in order.
 */
export function* jsonPieces(report: CheckReport): Generator<string> {
  const { exitCode: _exit, ...rest } = report;
  // As JSON.stringify: a property whose value is undefined is left out.
  const entries = Object.entries(rest).filter(([, value]) => value !== undefined);
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  let text = '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const name = `  ${JSON.stringify(key)}: `;
    const comma = i < entries.length - 1 ? ',' : '';
    if (key !== 'findings' || !Array.isArray(value) || value.length === 0) {
      text += `${name}${nested(value, '  ')}${comma}\n`;
      continue;
    }
    yield visibleInJson(`${text}${name}[\n`);
    for (let at = 0; at < value.length; at += FINDINGS_PER_PIECE) {
      const last = at + FINDINGS_PER_PIECE >= value.length;
      yield visibleInJson(`${value.slice(at, at + FINDINGS_PER_PIECE).map((finding: unknown) => `    ${nested(finding, '    ')}`).join(',\n')}${last ? '\n' : ',\n'}`);
    }
    text = `  ]${comma}\n`;
  }
  yield visibleInJson(`${text}}\n`);
}
