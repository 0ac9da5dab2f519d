// Values from data are printed with invisible characters escaped (visible()),
// and JSON text the same way less what JSON.stringify escapes itself
// (visibleInJson(), a faster expression without the u flag): checked on every
// code point, and on reports written a piece at a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../engine/check/report-types.ts';
import { jsonText, visible, visibleInJson } from '../engine/errors/visible.ts';
import { formatJson, jsonPieces } from '../engine/report/json.ts';
import { formatSarif, renderCheck, renderCheckPieces, FORMATS } from '../engine/report/index.ts';
import { strictXml } from './helpers.ts';
import { parseXml } from './xml.ts';
import { assertProperty } from './property.ts';

describe('visibleInJson', () => {
  it('escapes every code point visible() escapes, but C0 controls and lone surrogates (JSON.stringify escapes those), as JSON escapes: the same data once parsed', () => {
    const differ: string[] = [];
    const unit = (u: number) => `\\u${u.toString(16).padStart(4, '0')}`;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const c = String.fromCodePoint(cp);
      const escaped = !(cp < 0x20 || (cp >= 0xd800 && cp <= 0xdfff)) && visible(c) !== c;
      // Beyond U+FFFF, JSON writes the two surrogates (found by the report property below, seed 830225816: `\\u{10fffe}` is no JSON).
      const expected = escaped ? Array.from({ length: c.length }, (_, i) => unit(c.charCodeAt(i))).join('') : c;
      const json = visibleInJson(JSON.stringify(c));
      if (visibleInJson(c) !== expected || JSON.parse(json) !== c) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it('escapes the same in any text, whatever stands next to a character (seeded)', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), fc.constantFrom('\u{1fffe}', '\u{10ffff}', '\ufdd0', '\u2028', '\u007f', '\ud83f', '\udffe', 'a', '"'));
    assertProperty(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const text = units.join('');
        // JSON.stringify leaves the text's other characters as they are (it escapes C0, lone surrogates, \ and ").
        const json = visibleInJson(JSON.stringify(text));
        expect(json).toBe(JSON.stringify(text).replace(/[^]/gu, (c) => (visibleInJson(c))));
        expect(JSON.parse(json)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the JSON report, a piece at a time', () => {
  const report = (findings: unknown[] | undefined, extra: Record<string, unknown> = {}) => ({ exitCode: 1, asOf: '2025-06-30T12:00:00.000Z', policy: { document: 'dpa' }, summary: { violations: findings?.length ?? 0 }, ...(findings ? { findings } : {}), waivers: [], ...extra }) as unknown as CheckReport;
  const whole = (r: CheckReport) => {
    const { exitCode: _exit, ...rest } = r;
    return jsonText(rest);
  };

  it('is JSON.stringify of the whole report, with invisible characters escaped (seeded)', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const finding = fc.record({ clause: fc.string(), status: fc.constantFrom('violation', 'pending'), key: fc.dictionary(fc.string(), fc.string()), message: fc.string({ unit: 'binary' }), facts: value, gone: fc.constant(undefined) });
    assertProperty(
      fc.property(fc.option(fc.array(finding, { maxLength: 5000 }), { nil: undefined }), fc.dictionary(fc.string(), fc.option(value, { nil: undefined }), { maxKeys: 3 }), (findings, extra) => {
        const r = report(findings, extra);
        expect(formatJson(r)).toBe(whole(r));
        JSON.parse(formatJson(r));
      }),
      { numRuns: 60 },
    );
  });

  it('writes many findings in pieces of a few thousand, an empty report as {}', () => {
    const findings = Array.from({ length: 4500 }, (_, i) => ({ clause: 'c', status: 'violation', key: { id: `R-${i}` }, message: `late “${i}”\u2028` }));
    const pieces = [...jsonPieces(report(findings))];
    expect(pieces.length).toBe(5);
    expect(pieces.join('')).toBe(whole(report(findings)));
    expect(pieces.join('')).toContain('\\u2028');
    expect(formatJson({ exitCode: 0 } as CheckReport)).toBe('{}\n');
    expect(formatJson(report([]))).toBe(whole(report([])));
  });

  it('leaves out what JSON leaves out, and writes null for a finding without JSON, as JSON.stringify does (review)', () => {
    const odd = report([{ a: 1 }, undefined, () => 1, { toJSON: () => 'as text' }], { fn: () => 1, gone: { toJSON: () => undefined } });
    expect(formatJson(odd)).toBe(whole(odd));
    // eslint-disable-next-line no-sparse-arrays
    const holes = report([, { a: 1 }, ,]);
    expect(formatJson(holes)).toBe(whole(holes));
  });

  it('stays JSON with a non-character beyond U+FFFF in a finding (seed 830225816)', () => {
    const r = report([{ clause: '', status: 'violation', key: {}, message: '\u{10fffe}', facts: {}, gone: undefined }]);
    expect(formatJson(r)).toContain('"message": "\\udbff\\udffe"');
    expect(JSON.parse(formatJson(r)).findings[0].message).toBe('\u{10fffe}');
  });
});

describe('every format, a piece at a time', () => {
  // Two clauses, findings in two files (the second first met in the third thousand), some without a source, one waived, one with a line separator.
  const manyFindings = (n: number) => {
    const findings = Array.from({ length: n }, (_, i) => ({
      clause: i % 5 ? 'dsr.notify-customer' : 'incident.notify-within',
      status: i % 3 ? 'violation' : 'pending',
      key: { request_id: `R-${i}` },
      version: '1.0.0',
      message: i === 4321 ? 'late \u2028 “split”' : `late “${i}”`,
      ...(i % 7 === 0 ? {} : { source: { file: i > 2500 && i % 2 ? 'shard-2/dsr_requests.jsonl' : 'dsr_requests.jsonl', line: i + 1 } }),
      ...(i === 10 ? { waiver: { id: 'W-1', reason: 'accepted', approved_by: 'legal', expires: '2026-01-01' } } : {}),
    }));
    const coverage = ['dsr.notify-customer', 'incident.notify-within'].map((clause) => ({ clause, rule: 'dsr-deadline', status: 'checked', subjects: 2 * n, violations: n / 3, pending: n / 6, passed: n }));
    return { exitCode: 1, asOf: '2025-06-30T12:00:00.000Z', policy: { document: 'dpa', versions: ['1.0.0'] }, strict: false, summary: { violations: 3000, pending: 1500, waived: 1, checked: 9000, passed: 4500, unchecked: 0, attestations: { attested: 0, missing: 0, expired: 0 }, rows: 9000 }, coverage, findings } as unknown as CheckReport;
  };

  it("is the format's text, in pieces of a few thousand findings (JUnit: a test case each)", () => {
    const report = manyFindings(4500);
    const expected = { json: 5, text: 3, sarif: 5, github: 3, markdown: 3, junit: 4 };
    for (const format of FORMATS) {
      const pieces = [...renderCheckPieces(report, format, { recordsDir: 'records' })];
      expect(pieces.length, format).toBe(expected[format]);
      // Never the whole text at once (a SARIF log of 709 000 findings was too long for a string).
      if (format !== 'junit') expect(Math.max(...pieces.map((p) => p.length)), format).toBeLessThan(0.5 * pieces.join('').length);
    }
    const text = renderCheck(report, 'text');
    expect(text.split('\n').filter((l) => l.includes('dsr_requests.jsonl:')).length).toBe(3857);
    expect(text.endsWith('\n')).toBe(true);
    for (const format of ['github', 'markdown', 'text'] as const) for (const piece of renderCheckPieces(report, format)) expect(piece.endsWith('\n'), format).toBe(true);
  });

  it('SARIF: the log node-sarif-builder completes whole (rule and artifact indexes across pieces), results and artifacts empty or not', () => {
    const report = manyFindings(4500);
    const whole = (r: CheckReport) => jsonText(formatSarif(r, 'records'));
    const pieces = [...renderCheckPieces(report, 'sarif', { recordsDir: 'records' })].join('');
    expect(pieces).toBe(whole(report));
    const log = JSON.parse(pieces);
    expect(log.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual(['records/dsr_requests.jsonl', 'records/shard-2/dsr_requests.jsonl']);
    expect(log.runs[0].results[4001].locations[0].physicalLocation.artifactLocation.index).toBe(1);
    expect(log.runs[0].results[4001].ruleIndex).toBe(0);
    expect(log.runs[0].results[4321].message.text).toContain('late \u2028');
    expect(pieces).toContain('late \\u2028');
    const none = { ...report, findings: [] } as CheckReport;
    const sourceless = { ...report, findings: report.findings!.map(({ source: _s, ...f }) => f) } as CheckReport;
    for (const r of [none, sourceless, { ...report, findings: report.findings!.slice(0, 2000) } as CheckReport]) {
      expect([...renderCheckPieces(r, 'sarif', { recordsDir: 'records' })].join('')).toBe(whole(r));
    }
    expect(JSON.parse(whole(none)).runs[0].results).toEqual([]);
    expect(JSON.parse(whole(sourceless)).runs[0].artifacts).toEqual([]);
  });

  it("JUnit: a document a strict XML reader takes, each clause's violations a line of its failure", () => {
    const report = manyFindings(4500);
    const xml = [...renderCheckPieces(report, 'junit')].join('');
    expect(strictXml(xml)).toEqual([]);
    const cases = parseXml(xml).children[0]!.children;
    expect(cases.map((c) => c.attributes.name)).toEqual(['dsr.notify-customer', 'incident.notify-within']);
    const violations = report.findings!.filter((f) => f.status === 'violation' && f.waiver === undefined);
    for (const c of cases) expect(c.children.find((e) => e.name === 'failure')!.text.split('\n').length).toBe(violations.filter((f) => f.clause === c.attributes.name).length);
  });
});
