// Each folder of test/fixtures/check holds records (and optionally a policy),
// case.json (as-of, strict) and the expected JSON report. UPDATE_FIXTURES=1 rewrites them;
// a missing expected report fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { check } from '../engine/index.ts';
import { formatJson } from '../engine/report/json.ts';
import { expectGoldenJson, root, stagePolicy } from './helpers.ts';

const dir = join(root, 'test', 'fixtures', 'check');

describe('check fixtures', () => {
  it.each(readdirSync(dir).sort())('%s', async (name) => {
    const meta = JSON.parse(readFileSync(join(dir, name, 'case.json'), 'utf8')) as { asOf: string; strict: boolean };
    const policy = existsSync(join(dir, name, 'policy')) ? stagePolicy(join(dir, name, 'policy'), join('check', name)) : join(root, 'policy');
    const report = await check({ records: join(dir, name, 'records'), policy, asOf: new Date(meta.asOf), strict: meta.strict, explain: true });
    const actual = { exitCode: report.exitCode, report: JSON.parse(formatJson(report)) };
    expectGoldenJson(join(dir, name, 'expected.json'), actual);
  });
});
