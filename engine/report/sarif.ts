import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Log } from 'sarif';
import type { CheckReport } from '../check/report-types.ts';
import { ruleKind } from '../rules/registry.ts';
import { keyText, clauseName } from './group.ts';

/**
 * SARIF 2.1.0: one rule per clause, one result per finding located at the
 * record's file and line (violations `error`, pendings `note`), and input
 * errors as results of the rule `codicil/invalid-input`.
 *
 * @param report the check report.
 * @param recordsDir prefix for record paths, so results point into the repository.
 * @returns the SARIF log (valid against the SARIF 2.1.0 schema).
 */
export function formatSarif(report: CheckReport, recordsDir = ''): Log {
  const prefix = recordsDir ? `${recordsDir.replace(/\/$/, '')}/` : '';
  const uri = (file: string) => (file.startsWith('policy/') || !prefix ? file : prefix + file);
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'codicil', toolDriverVersion: '0.1.0' });
  if (report.errors) {
    run.addRule(new SarifRuleBuilder().initSimple({ ruleId: 'codicil/invalid-input', shortDescriptionText: 'Records or policy that cannot be judged' }));
    for (const e of report.errors) {
      run.addResult(
        new SarifResultBuilder().initSimple({
          ruleId: 'codicil/invalid-input',
          level: 'error',
          messageText: `${e.field ? `${e.field}: ` : ''}${e.message}`,
          fileUri: uri(e.file),
          ...(e.line ? { startLine: e.line } : {}),
        }),
      );
    }
  } else {
    for (const entry of report.coverage) {
      const kind = ruleKind(entry.rule.split(', ')[0]!);
      run.addRule(new SarifRuleBuilder().initSimple({ ruleId: clauseName(entry), shortDescriptionText: kind ? `${kind.title} (${entry.rule})` : entry.rule }));
    }
    for (const f of report.findings ?? []) {
      run.addResult(
        new SarifResultBuilder().initSimple({
          ruleId: clauseName(f),
          level: f.status === 'violation' ? 'error' : 'note',
          messageText: `${f.status}: ${keyText(f.key)}: ${f.message} (judged by version ${f.version})`,
          ...(f.source ? { fileUri: uri(f.source.file), ...(f.source.line !== null ? { startLine: f.source.line } : {}) } : {}),
        }),
      );
    }
  }
  const builder = new SarifBuilder();
  builder.addRun(run);
  return builder.buildSarifOutput() as Log;
}
