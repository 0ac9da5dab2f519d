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

/** A value's pretty-printed JSON (undefined when JSON leaves it out), its lines after the first indented (JSON text holds no raw line break but its own). */
const nested = (value: unknown, indent: string): string | undefined => JSON.stringify(value, null, 2)?.replaceAll('\n', `\n${indent}`);

/**
 * The JSON report a piece at a time: their concatenation is
 * {@link formatJson}'s text, `JSON.stringify(report, null, 2)` with
 * invisible characters escaped (the report being data: no `toJSON` of its
 * own or of its findings list). The findings come a few thousand at a time,
 * so that a report of many findings is never held as one text (683 000
 * findings are a text of 274 M characters, which took 0.7 GB to write whole).
 *
 * @param report the check report.
 * @yields pieces of the text, in order.
 */
export function* jsonPieces(report: CheckReport): Generator<string> {
  const { exitCode: _exit, ...rest } = report;
  // Each property as JSON.stringify writes it (left out when it has no JSON), the findings kept as they are.
  const members: { name: string; json?: string; findings?: readonly unknown[] }[] = [];
  for (const [key, value] of Object.entries(rest)) {
    const name = `  ${JSON.stringify(key)}: `;
    if (key === 'findings' && Array.isArray(value) && value.length > 0) members.push({ name, findings: value });
    else {
      const json = nested(value, '  ');
      if (json !== undefined) members.push({ name, json });
    }
  }
  if (members.length === 0) {
    yield '{}\n';
    return;
  }
  let text = '{\n';
  for (const [i, { name, json, findings }] of members.entries()) {
    const comma = i < members.length - 1 ? ',' : '';
    if (findings === undefined) {
      text += `${name}${json!}${comma}\n`;
      continue;
    }
    yield visibleInJson(`${text}${name}[\n`);
    for (let at = 0; at < findings.length; at += FINDINGS_PER_PIECE) {
      const piece: string[] = [];
      // By index, as JSON.stringify: a hole, or an item without JSON, is null.
      for (let k = at; k < Math.min(at + FINDINGS_PER_PIECE, findings.length); k++) piece.push(`    ${nested(findings[k], '    ') ?? 'null'}`);
      yield visibleInJson(`${piece.join(',\n')}${at + FINDINGS_PER_PIECE >= findings.length ? '\n' : ',\n'}`);
    }
    text = `  ]${comma}\n`;
  }
  yield visibleInJson(`${text}}\n`);
}
