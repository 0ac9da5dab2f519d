import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Log } from 'sarif';
import type { CheckReport } from '../check/report-types.ts';
import { ruleKind } from '../rules/registry.ts';
import { errors } from '../errors/catalogue.ts';
import { clauseName, expiredWaiverText, judgedBy, keyText, reportDocuments } from './group.ts';

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
          // Only record errors (CODICIL-D…) name a file of the records folder; policy and waiver files are named from the working directory.
          fileUri: e.code.startsWith('CODICIL-D') ? uri(e.file) : e.file,
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
      const result = new SarifResultBuilder().initSimple({
        ruleId: clauseName(f),
        level: f.status === 'violation' ? 'error' : 'note',
        messageText: `${f.status}: ${keyText(f.key)}: ${f.message} (judged by ${f.document === undefined ? 'version ' : ''}${judgedBy(f)})${f.expiredWaiver ? `; ${expiredWaiverText(f.expiredWaiver)}` : ''}`,
        ...(f.source ? { fileUri: uri(f.source.file), ...(f.source.line !== null ? { startLine: f.source.line } : {}) } : {}),
      });
      // A waived finding stays a result, suppressed as accepted: code-scanning dashboards show it as such.
      if (f.waiver) {
        const w = f.waiver;
        result.result.suppressions = [{ kind: 'external', status: 'accepted', justification: `${w.reason} (waiver ${w.id}, approved by ${w.approved_by}${w.ticket === undefined ? '' : `, ticket ${w.ticket}`}, until ${w.expires})` }];
        result.result.properties = { waiver: { ...w } };
      } else if (f.expiredWaiver) result.result.properties = { expiredWaiver: { ...f.expiredWaiver } };
      run.addResult(result);
    }
    // Several documents: the run says which, each with its versions (as the JSON report's policy.documents).
    if (report.policy.documents) run.run.properties = { documents: reportDocuments(report) };
    // Unused waivers are warnings about the run itself (failures with --strict).
    const unused = report.unusedWaivers ?? [];
    if (unused.length > 0) {
      run.run.invocations = [
        {
          executionSuccessful: true,
          toolExecutionNotifications: unused.map((u) => ({
            level: report.strict ? 'error' : 'warning',
            descriptor: { id: errors.waiverUnused.code },
            message: { text: `${errors.waiverUnused.message(u.id, u.clause)} (${keyText(u.match)}, until ${u.expires})` },
            locations: [{ physicalLocation: { artifactLocation: { uri: u.source.file }, ...(u.source.line === null ? {} : { region: { startLine: u.source.line } }) } }],
          })),
        },
      ];
    }
  }
  const builder = new SarifBuilder();
  builder.addRun(run);
  return builder.buildSarifOutput() as Log;
}
