/**
 * Policy tests (docs/spec/tests.md): worked examples in `<policy>/tests/`
 * that pin what the words mean, run by `codicil test`.
 */
export { runPolicyTests, type PolicyTestOptions, type PolicyTestResult, type CaseResult, type EngineRun, type Disagreement } from './run.ts';
export { readCaseFiles, TESTS_FOLDER } from './discover.ts';
export { readCaseFile, type CaseFile, type Expectation, type ExpectedFinding, type ExpectedError } from './case-file.ts';
export { formatTestText, formatCaseText } from './format-text.ts';
export { formatTestJson, formatTestJunit } from './format-data.ts';

/** The output formats of `codicil test`. */
export const TEST_FORMATS = ['text', 'json', 'junit'] as const;
