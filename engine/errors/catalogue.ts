/**
 * The one catalogue of user-facing errors. Every message codicil reports is
 * built from an entry here, so wording, codes and hints stay consistent and
 * the list doubles as documentation (see README, "Lint messages").
 */

/** One kind of error: a stable code, a short title, the message and a hint. */
export interface ErrorDefinition<Args extends unknown[] = never[]> {
  /** Stable code, printed with every message (e.g. `CODICIL-P101`). */
  code: string;
  /** Short title, for documentation. */
  title: string;
  /** The message, with the figures of this occurrence. */
  message: (...args: Args) => string;
  /** What to do about it. */
  hint: (...args: Args) => string;
  /** An error of the engine or database that read the input (it ran out of memory, could not connect), not of the input. */
  ofTheRun?: true;
  /**
   * A rule of a published text's wording that versions may have been
   * locked before (codicil 0.1 had none of these): in a version locked
   * unedited it is a warning, for a locked version cannot be corrected
   * (an edit is CODICIL-V103); the next version must keep it.
   */
  warningWhenLocked?: true;
}

import { recordErrors } from './records.ts';
import { meant } from './nearest.ts';

/** Why two versions are no amendment to show (engine/amendment/order.ts). */
export type NoAmendmentReason = 'backward' | 'same-version' | 'same-text' | 'not-amended';

function define<Args extends unknown[]>(entry: ErrorDefinition<Args>): ErrorDefinition<Args> {
  return entry;
}

const q = (s: string): string => `“${s}”`;

/** Every error codicil reports, by name. */
/** Where a user finds the clause ids (review: a hint sent them to `codicil lint`, which lists none). */
const CLAUSE_IDS = 'Name a clause id as the version files mark it: the id= of each :clause (e.g. {id=deletion.on-termination}).';

export const errors = {
  // --- policy files -------------------------------------------------------
  policyFolderUnreadable: define({
    code: 'CODICIL-P001',
    title: 'Policy folder unreadable',
    message: (dir: string, reason: string) => `cannot read the policy folder ${dir}: ${reason}`,
    hint: () => 'Pass the folder that holds <document>/<version>.md and reference/ with --policy.',
  }),
  noDocument: define({
    code: 'CODICIL-P002',
    title: 'No policy document',
    message: (dir: string) => `no policy document in ${dir}: expected a folder such as ${dir}/dpa/ with version files`,
    hint: () => 'Create policy/<document>/<version>.md, e.g. policy/dpa/1.0.0.md.',
  }),
  unexpectedFile: define({
    code: 'CODICIL-P004',
    title: 'Unexpected file in a document folder',
    message: (name: string) => `${name} is not a version file (<major>.<minor>.<patch>.md), a change notice or versions.lock`,
    hint: () => 'Rename it to its version, e.g. 1.1.0.md, or move it out of the document folder.',
  }),
  frontMatterMissing: define({
    code: 'CODICIL-P101',
    title: 'Front matter missing',
    message: () => 'the version file has no front matter',
    hint: () => 'Start the file with a --- block giving document, title, version, effective, published, material, summary and status.',
  }),
  frontMatterSyntax: define({
    code: 'CODICIL-P102',
    title: 'Front matter is not valid YAML',
    message: (reason: string) => `front matter is not valid YAML: ${reason}`,
    hint: () => 'Fix the YAML between the --- lines; quote values that contain a colon.',
  }),
  frontMatterInvalid: define({
    code: 'CODICIL-P103',
    title: 'Front matter invalid',
    message: (field: string, problem: string) => `front matter ${field}: ${problem}`,
    hint: () => 'See codicil/schemas/front-matter.schema.json for the fields and their types.',
  }),
  versionFileName: define({
    code: 'CODICIL-P104',
    title: 'File name and version differ',
    message: (file: string, version: string) => `file ${file} declares version ${version}`,
    hint: (_file: string, version: string) => `Name the file ${version}.md: the file name is the version's permanent id.`,
  }),
  documentMismatch: define({
    code: 'CODICIL-P105',
    title: 'Document id differs from its folder',
    message: (declared: string, folder: string) => `front matter says document ${q(declared)} but the file is in folder ${q(folder)}`,
    hint: () => 'The folder name is the document id; make them equal.',
  }),
  effectiveProse: define({
    code: 'CODICIL-P106',
    title: 'Effective date in the text differs from the front matter',
    message: (words: string, effective: string) => `the text says effective ${q(words)} but the front matter says ${effective}`,
    hint: () => 'The date the reader sees must be the date that is enforced: make them the same.',
  }),
  unknownDirective: define({
    code: 'CODICIL-P201',
    title: 'Unknown directive',
    message: (name: string) => `unknown directive ${q(':' + name)}`,
    hint: () => 'Known directives: :clause, :::clause, :param, :effective, :::callout. A colon directly followed by a letter or digit starts a directive (also in times such as 9:00); write "\\:" for a literal colon.',
  }),
  clauseAnnotation: define({
    code: 'CODICIL-P202',
    title: 'Clause annotation invalid',
    message: (field: string, problem: string) => `clause ${field}: ${problem}`,
    hint: () => 'Write clauses as :clause[words]{id=area.name rule=kind}; ids are lower case, dotted, e.g. incident.notify-within.',
  }),
  unknownRuleKind: define({
    code: 'CODICIL-P203',
    title: 'Unknown rule kind',
    message: (kind: string, clause: string, _known: string[]) => `clause ${clause} names rule kind ${q(kind)}, which codicil does not know`,
    hint: (_kind: string, _clause: string, known: string[]) => `Known kinds: ${known.join(', ')}.`,
  }),
  duplicateClause: define({
    code: 'CODICIL-P204',
    title: 'Duplicate clause id',
    message: (id: string, line: number) => `clause ${id} is declared twice (first at line ${line})`,
    hint: () => 'Give each clause its own id. To mark another passage of the same clause, repeat the id without rule=.',
  }),
  undeclaredClause: define({
    code: 'CODICIL-P205',
    title: 'Clause passage without a declaration',
    message: (id: string) => `clause ${id} has passages but no declaration (no passage says rule=...)`,
    hint: () => 'Add rule=<kind> (or rule=attestation) to one passage of the clause.',
  }),
  paramOutsideClause: define({
    code: 'CODICIL-P206',
    title: 'Parameter outside a clause',
    message: (name: string) => `parameter ${name} is not inside a clause`,
    hint: () => 'Put :param[...] inside the words of a :clause[...] or a :::clause block.',
  }),
  paramAnnotation: define({
    code: 'CODICIL-P207',
    title: 'Parameter annotation invalid',
    message: (field: string, problem: string) => `parameter ${field}: ${problem}`,
    hint: () => 'Write parameters as :param[72 hours]{name=within}, or :param[immediately]{name=within means="24 hours"} for vague words.',
  }),
  unknownParam: define({
    code: 'CODICIL-P208',
    title: 'Unknown parameter',
    message: (name: string, clause: string, kind: string, _known: string[]) => `clause ${clause} (rule ${kind}) takes no parameter ${q(name)}`,
    hint: (_name: string, _clause: string, _kind: string, known: string[]) =>
      known.length > 0 ? `This rule kind takes: ${known.join(', ')}.` : 'This rule kind takes no parameters.',
  }),
  missingParam: define({
    code: 'CODICIL-P209',
    title: 'Missing parameter',
    message: (name: string, clause: string) => `clause ${clause} does not bind its parameter ${q(name)}`,
    hint: (name: string) => `Mark the words that state it: :param[...]{name=${name}}.`,
  }),
  invalidParam: define({
    code: 'CODICIL-P210',
    title: 'Parameter has the wrong type',
    message: (name: string, clause: string, problem: string) => `parameter ${name} of clause ${clause} ${problem}`,
    hint: () => 'See the rule kind’s parameters in README, "Rule kinds".',
  }),
  unparseableDuration: define({
    code: 'CODICIL-P211',
    title: 'Duration cannot be read',
    message: (words: string, reason?: string) => `${q(words)} is not a duration codicil can measure${reason ? `: ${reason}` : ''}`,
    hint: () => 'Write a number and a unit of elapsed time ("72 hours", "14 days", "thirty (30) days", "2 weeks"). For vague words add means="…": :param[promptly]{name=within means="48 hours"}.',
  }),
  vagueWithoutInterpretation: define({
    code: 'CODICIL-P212',
    title: 'Vague words without an interpretation',
    message: (words: string) => `${q(words)} cannot be measured and has no interpretation`,
    hint: (words: string) => `State the number legal holds the company to: :param[${words}]{name=… means="…"}, e.g. means="30 days".`,
  }),
  unknownWords: define({
    code: 'CODICIL-P213',
    title: 'Words not in the vocabulary',
    message: (words: string, vocabulary: string, known: string[]) => `${q(words)} is not a term of vocabulary ${vocabulary} (known: ${known.join('; ')})`,
    hint: (_w: string, vocabulary: string) => `Add the words to ${vocabulary} in policy/reference/vocabulary.yaml, or use known words.`,
  }),
  paramConflict: define({
    code: 'CODICIL-P214',
    title: 'Parameter bound twice with different values',
    message: (name: string, clause: string, a: string, b: string) => `parameter ${name} of clause ${clause} is ${a} here but ${b} elsewhere`,
    hint: () => 'Every passage that states the parameter must state the same value.',
  }),
  proseOnlyParam: define({
    code: 'CODICIL-P215',
    title: 'Parameter must be bound in the text',
    message: (name: string, clause: string) => `parameter ${name} of clause ${clause} must be bound in the words the reader sees, not as an attribute`,
    hint: (name: string) => `Mark the words: :param[...]{name=${name}}.`,
  }),
  proseMismatch: define({
    code: 'CODICIL-P219',
    title: 'Words and value disagree',
    message: (words: string, means: string) => `the words ${q(words)} state a number, so they are the value; means="${means}" may not replace it`,
    hint: (words: string) => `The value is read from the words the reader sees: drop means=, or change the words (:param[${words}]{…}).`,
  }),
  unknownClauseReference: define({
    code: 'CODICIL-P220',
    title: 'Parameter names an unknown clause',
    message: (name: string, clause: string, target: string) => `parameter ${name} of clause ${clause} names clause ${target}, which this version does not have`,
    hint: () => 'Name a clause declared in the same version.',
  }),
  attributeOnPassage: define({
    code: 'CODICIL-P216',
    title: 'Attributes on a passage',
    message: (id: string, attrs: string[]) => `passage of clause ${id} sets ${attrs.join(', ')} but has no rule=`,
    hint: () => 'Set rule and its attributes on the declaring passage only.',
  }),
  duplicateAnchor: define({
    code: 'CODICIL-P217',
    title: 'Two sections share an anchor',
    message: (anchor: string, line: number) => `section anchor #${anchor} is already used at line ${line}`,
    hint: () => 'Anchors come from section titles: give this section its own anchor at the end of its heading, e.g. ## 3.4 Data Processing {#customer-data-processing}, and keep it in every later version.',
  }),
  rawHtml: define({
    code: 'CODICIL-P218',
    title: 'HTML that codicil does not publish',
    message: (tag: string, reason: string) => `<${tag}> cannot be published: ${reason}`,
    hint: (tag: string) =>
      /^h[1-6]$/.test(tag)
        ? 'Write the heading in Markdown (## 3. Title, ### 3.1 Title) so it becomes a section.'
        : 'Write the words in the document itself. Tables, lists (<ol type="a">), <br>, <u>, <em>, <strong>, <sup>, links and anchors are published; other elements that only format words (<font>, <center>) are published as their words.',
  }),
  noticeInvalid: define({
    code: 'CODICIL-P301',
    title: 'Change notice front matter invalid',
    message: (field: string, problem: string) => `change notice ${field}: ${problem}`,
    hint: () => 'A notice starts with version, effective, published and status (see codicil/schemas/change-notice.schema.json); `codicil diff FROM TO --format notice` drafts one.',
  }),
  noticeVersion: define({
    code: 'CODICIL-P302',
    title: 'Change notice for an unknown version',
    message: (file: string, version: string) => `${file} announces version ${version}, which has no version file`,
    hint: () => 'Name the notice <version>.notice.md after the version it announces, next to that version.',
  }),
  noticeDates: define({
    code: 'CODICIL-P303',
    title: 'Change notice dates differ from the version',
    message: (field: string, notice: string, version: string) => `the notice says ${field} ${notice} but the version says ${version}`,
    hint: () => 'The notice must announce the dates customers are bound by: copy them from the version file.',
  }),
  noticeOfDraft: define({
    code: 'CODICIL-P304',
    title: 'Published change notice of a draft version',
    message: (version: string) => `the notice is published, but version ${version} is a draft: customers would be told of terms that are not in force`,
    hint: () => 'Publish the version with its notice, or set the notice back to status: draft.',
  }),
  // --- reference data ----------------------------------------------------
  referenceMissing: define({
    code: 'CODICIL-R001',
    title: 'Reference data missing',
    message: (file: string) => `reference data ${file} is missing`,
    hint: () => 'policy/reference/ must hold eea.yaml, adequacy.yaml and vocabulary.yaml.',
  }),
  referenceSyntax: define({
    code: 'CODICIL-R002',
    title: 'Reference data is not valid YAML',
    message: (reason: string) => `not valid YAML: ${reason}`,
    hint: () => 'Fix the YAML syntax.',
  }),
  referenceInvalid: define({
    code: 'CODICIL-R003',
    title: 'Reference data invalid',
    message: (field: string, problem: string, _schema: string) => `${field}: ${problem}`,
    hint: (_f: string, _p: string, schema: string) => `See ${schema} for the format.`,
  }),
  referenceDates: define({
    code: 'CODICIL-R004',
    title: 'Reference entry ends before it starts',
    message: (code: string, from: string, until: string) => `${code} is listed from ${from} until ${until}`,
    hint: () => '`until` is exclusive and must be after `from`.',
  }),
  // --- across versions ---------------------------------------------------
  duplicateVersion: define({
    code: 'CODICIL-V001',
    title: 'Version declared twice',
    message: (version: string, other: string) => `version ${version} is also declared by ${other}`,
    hint: () => 'Each version has one file.',
  }),
  effectiveOrder: define({
    code: 'CODICIL-V002',
    title: 'Effective dates do not increase with versions',
    message: (version: string, effective: string, previous: string, previousEffective: string) =>
      `version ${version} takes effect ${effective}, not after version ${previous} (${previousEffective})`,
    hint: () => 'A later version must take effect strictly after the one before it.',
  }),
  publishedAfterEffective: define({
    code: 'CODICIL-V003',
    title: 'Published after taking effect',
    message: (version: string, published: string, effective: string) => `version ${version} is published ${published}, after it takes effect ${effective}`,
    hint: () => 'A version cannot bind customers before they can read it.',
  }),
  shortNotice: define({
    code: 'CODICIL-V004',
    title: 'Material change without the promised notice',
    message: (version: string, days: number, notice: string, previous: string) =>
      `material version ${version} is published ${days} day(s) before it takes effect; version ${previous} promises ${notice} of notice (amendment.advance-notice)`,
    hint: () => 'Move the effective date later, or publish earlier.',
  }),
  clauseDisappeared: define({
    code: 'CODICIL-V005',
    title: 'Clause disappeared',
    message: (id: string, version: string, previous: string, near?: string) => `clause ${id} of version ${previous} is missing from version ${version}${near === undefined ? '' : `, which has a new clause ${near} here: is its id mistyped?`}`,
    hint: (id: string) => `Keep the clause, or list it under withdrawn: in the front matter (- clause: ${id}, with movedTo: when another clause replaces it).`,
  }),
  withdrawnPresent: define({
    code: 'CODICIL-V006',
    title: 'Withdrawn clause still present',
    message: (id: string) => `clause ${id} is listed as withdrawn but is still in the text`,
    hint: () => 'Remove the clause from the text or from withdrawn:.',
  }),
  withdrawnUnknown: define({
    code: 'CODICIL-V007',
    title: 'Withdrawn clause unknown',
    message: (id: string, previous: string) => `clause ${id} is listed as withdrawn but version ${previous} has no such clause`,
    hint: () => 'Withdraw only clauses of the version before.',
  }),
  withdrawnTwice: define({
    code: 'CODICIL-V011',
    title: 'Clause withdrawn twice',
    message: (id: string) => `clause ${id} is listed as withdrawn more than once (where an obligation went is never guessed)`,
    hint: () => 'List each withdrawn clause once, with one movedTo at most.',
  }),
  movedToUnknown: define({
    code: 'CODICIL-V008',
    title: 'Moved to an unknown clause',
    message: (id: string, target: string) => `clause ${id} is moved to ${target}, which this version does not have`,
    hint: () => 'movedTo must name a clause of this version.',
  }),
  materialityMismatch: define({
    code: 'CODICIL-V009',
    title: 'Material change declared not material',
    message: (version: string, previous: string, reasons: string[]) => `version ${version} declares material: false, but the change from ${previous} is material: ${reasons.join('; ')}`,
    hint: (version: string, previous: string) => `Set material: true (and give the notice it needs), or narrow the change. See \`npx codicil diff dpa@${previous} dpa@${version}\`.`,
  }),
  lockMissing: define({
    code: 'CODICIL-V101',
    title: 'Lock file missing',
    message: (file: string) => `${file} is missing: published versions cannot be protected from edits`,
    hint: () => 'Run `npx codicil lock` and commit the lock file.',
  }),
  lockInvalid: define({
    code: 'CODICIL-V102',
    title: 'Lock file invalid',
    message: (problem: string) => `versions.lock is invalid: ${problem}`,
    hint: () => 'Restore it from git, or recreate it with `npx codicil lock` from the published texts.',
  }),
  publishedEdited: define({
    code: 'CODICIL-V103',
    title: 'Published version edited',
    message: (version: string) => `published version ${version} has been edited since publication (its hash differs from versions.lock)`,
    hint: () => 'Published versions never change: revert the edit and make the change in a new version file.',
  }),
  publishedUnlocked: define({
    code: 'CODICIL-V104',
    title: 'Published version not locked',
    message: (version: string) => `published version ${version} is not in versions.lock`,
    hint: () => 'Run `npx codicil lock` to record it, and commit versions.lock.',
  }),
  lockedVersionGone: define({
    code: 'CODICIL-V105',
    title: 'Published version removed',
    message: (version: string, file: string) => `published version ${version} (${file}) is locked but its file is gone or no longer published`,
    hint: () => 'Restore the file: published versions stay at their permanent URL forever.',
  }),
  publishedBehindLock: define({
    code: 'CODICIL-V015',
    title: 'Published version inserted into the locked history',
    message: (version: string, locked: string) => `published version ${version} is not locked and comes before locked version ${locked}: a new version cannot be published into the past`,
    hint: () => 'Publish the change as a version after the latest locked one (`npx codicil draft`), with an effective date after it.',
  }),
  draftBeforePublished: define({
    code: 'CODICIL-V016',
    title: 'Draft before a published version',
    message: (version: string, published: string) => `version ${version} is a draft, but published version ${published} comes after it: a draft is a future version, and a version once in force cannot be un-published`,
    hint: () => 'Restore status: published (and its versions.lock entry), or number the draft after the latest published version.',
  }),
  loneCarriageReturn: define({
    code: 'CODICIL-V017',
    title: 'Lone carriage return in a version file',
    message: (line: number) => `a carriage return (CR) not followed by a line feed ends line ${line}: versions.lock counts it as a line end, the header reader does not, so the hash could not tell what the header says`,
    hint: () => 'End lines with LF or CR LF only (convert the file\'s line endings in your editor).',
  }),
  // --- command line ------------------------------------------------------
  usage: define({
    code: 'CODICIL-U001',
    title: 'Bad usage',
    message: (problem: string, _command?: string) => problem,
    hint: (_problem: string, command?: string) => (command ? `Run \`npx codicil ${command} --help\` for its usage and options.` : 'Run `npx codicil --help` for the commands and options.'),
  }),
  // --- command line: build output and init (package area) ----------------
  outputRefused: define({
    code: 'CODICIL-U002',
    title: 'Output folder refused',
    message: (problem: string) => problem,
    hint: () => 'Give --out a new or empty folder outside the policy and records folders, or an earlier output of `codicil build` (it holds a .codicil-build file). codicil never deletes files it did not write.',
  }),
  // --- command line: diff (amendment area) ------------------------------
  notAnAmendment: define({
    code: 'CODICIL-U003',
    title: 'Not an amendment',
    // from, to: version numbers; fromRef, toRef: the versions as the command named them; amends: the version TO amends.
    message: (why: NoAmendmentReason, from: string, to: string, _fromRef: string, _toRef: string, amends: string, _amendsRef: string) =>
      why === 'backward'
        ? `version ${to} comes before version ${from}: an amendment reads from the earlier version to the later (backwards, every change would be told the wrong way round)`
        : why === 'same-version'
          ? `both sides are version ${to}: a change notice announces a later version than the one it amends`
          : why === 'same-text'
            ? `version ${to} reads word for word as version ${from} (dates aside): a change notice would announce no change`
            : `version ${to} amends version ${amends}, not ${from}: its change notice would tell customers it replaces a version it does not replace`,
    hint: (why: NoAmendmentReason, from: string, _to: string, fromRef: string, toRef: string, _amends: string, amendsRef: string) =>
      why === 'backward'
        ? `Swap them: codicil diff ${toRef} ${fromRef} shows what ${from} changed.`
        : why === 'same-version'
          ? `Compare the version it amends with the new one: codicil diff ${fromRef} <the new version's file> --format notice.`
          : why === 'same-text'
            ? `Make the change in ${toRef} first, then draft its notice.`
            : `Draft the notice against the version it amends (the last published one before it): codicil diff ${amendsRef} ${toRef} --format notice. A plain diff may compare any two versions.`,
  }),
  // --- policy tests (legal area: engine/policy-tests, docs/spec/tests.md) ----
  testSyntax: define({
    code: 'CODICIL-T001',
    title: 'Policy test is not valid YAML',
    message: (reason: string) => `the policy test is not valid YAML: ${reason}`,
    hint: () => 'Fix the YAML; quote values that contain a colon followed by a space. See README, "Policy tests".',
  }),
  testInvalid: define({
    code: 'CODICIL-T002',
    title: 'Policy test invalid',
    message: (field: string, problem: string) => `${field}: ${problem}`,
    hint: () => 'A case has name, as_of, records (or records_dir) and expect: {exit, findings} — see codicil/schemas/policy-test.schema.json and README, "Policy tests".',
  }),
  testContradiction: define({
    code: 'CODICIL-T003',
    title: 'Expectation contradicts itself',
    message: (problem: string) => `expect: ${problem}`,
    hint: () => 'exit 0: no violation (pending allowed); exit 1: at least one violation; exit 2: the records are invalid, with the errors listed. `codicil test --update` writes what codicil finds, for you to review.',
  }),
  testUnknownClause: define({
    code: 'CODICIL-T004',
    title: 'Expected finding names an unknown clause',
    message: (clause: string, document: string, near?: string) => `expect.findings names clause ${clause}, which no version of ${document} has${meant(near)}`,
    hint: () => CLAUSE_IDS,
  }),
  noPolicyTests: define({
    code: 'CODICIL-T005',
    title: 'No policy test',
    message: (dir: string) => `no policy test in ${dir}: a case is a .yaml file in it (subfolders allowed)`,
    hint: () => 'Write a worked example as <policy>/tests/<name>.yaml; see README, "Policy tests".',
  }),
  testRecordsInvalid: define({
    code: 'CODICIL-T007',
    title: 'Records of a policy test are invalid',
    message: (count: number) => `the records of this case break records.md (${count} error(s)), so nothing was judged; a case shows invalid records only with expect.exit 2 and the errors listed`,
    hint: () => 'Fix what is named below (a row, a file, the folder), or, if the case is about invalid records, expect exit 2 and list its errors (file, line, field).',
  }),
  // --- hardening of policy tests (hardening2: engine/policy-tests/discover.ts) ---
  tooManyTestEntries: define({
    code: 'CODICIL-T008',
    title: 'Too many entries in the tests folder',
    message: (folder: string, limit: number) => `${folder} holds more than ${limit} files and folders (subfolders included); codicil looks at most ${limit}, so no case is run`,
    hint: () => 'A policy keeps a few dozen worked examples: move anything that is not a case or its records out of tests/.',
  }),
  testsNotFolder: define({
    code: 'CODICIL-T010',
    title: 'The tests entry is not a folder',
    message: (entry: string, kind: string) => `${entry} is ${kind}, not a folder: policy tests are .yaml files in the folder tests/ of the policy, so no case is run`,
    hint: () => 'Make tests/ a folder and put each worked example in it as <name>.yaml (subfolders allowed); see README, "Policy tests".',
  }),
  // --- writing a case file (rev-hostile F2: engine/io/write.ts) ---------------
  testNotRewritten: define({
    code: 'CODICIL-T009',
    title: 'Case file could not be rewritten',
    message: (file: string, reason: string) => `--update could not rewrite ${file}: ${reason}; the file is unchanged, its expect is still the old one`,
    hint: () => 'Fix what is named (disk space, a quota or file size limit, permissions), then run `codicil test --update` again.',
  }),
  // --- records (engine/errors/records.ts) ------------------------------------
  ...recordErrors,
  // --- site: page furniture and organization facts (site engineer) -------
  furnitureAnnotation: define({
    code: 'CODICIL-F001',
    title: 'Page furniture annotation invalid',
    message: (field: string, problem: string) => `page furniture: ${field} ${problem}`,
    hint: () => 'Write :::furniture{kind=breadcrumb|navigation|contact} around blocks, or :furniture[words]{kind=contact} around words.',
  }),
  factAnnotation: define({
    code: 'CODICIL-F002',
    title: 'Organization fact annotation invalid',
    message: (field: string, problem: string) => `organization fact: ${field} ${problem}`,
    hint: () => 'Write :fact[words]{name=email|website|legal-name} around the words that state the fact.',
  }),
  clauseInFurniture: define({
    code: 'CODICIL-F003',
    title: 'Clause inside page furniture',
    message: (kind: 'clause' | 'param', id: string) => `${kind === 'param' ? 'parameter' : 'clause'} ${id} is inside page furniture, which is not part of the agreement`,
    hint: (kind: 'clause' | 'param') => `Page furniture holds only what the captured page carried around the agreement; move the ${kind === 'param' ? 'parameter' : 'clause'} out of it, or the furniture mark off it.`,
  }),
  organizationSyntax: define({
    code: 'CODICIL-O001',
    title: 'Organization file is not valid YAML',
    message: (problem: string) => `organization.yaml is not valid YAML: ${problem}`,
    hint: () => 'Fix the YAML syntax (codicil/schemas/organization.schema.json describes the fields).',
  }),
  organizationInvalid: define({
    code: 'CODICIL-O002',
    title: 'Organization file invalid',
    message: (field: string, problem: string) => `organization.yaml: ${field} ${problem}`,
    hint: () => 'See codicil/schemas/organization.schema.json.',
  }),
  organizationFactUnknown: define({
    code: 'CODICIL-O003',
    title: 'Organization fact unknown',
    message: (fact: string) => `organization fact ${fact} is unknown: the site leaves it out`,
    hint: () => 'State it in policy/organization.yaml when it is known; never copy it from captured text.',
  }),
  // --- hardening (policy) ---------------------------------------------------
  notRegularFile: define({
    code: 'CODICIL-P005',
    title: 'Policy file is not a regular file',
    message: (file: string, kind: string) => `${file} is ${kind}, not a regular file: codicil does not read it`,
    hint: () => 'Policy files (versions, notices, versions.lock, reference data, waivers.yaml, organization.yaml, policy tests) must be regular files; replace it with the file itself.',
  }),
  linkOutside: define({
    code: 'CODICIL-P006',
    title: 'Link out of the policy folder',
    message: (file: string, target: string, folder: string) => `${file} is a symbolic link to ${target}, outside the policy folder ${folder}`,
    hint: () => 'Everything codicil reads must be inside the policy folder given: copy the file in instead of linking to it.',
  }),
  brokenLink: define({
    code: 'CODICIL-P007',
    title: 'Link that cannot be resolved',
    message: (file: string, reason: string) => `${file} is a symbolic link that cannot be followed: ${reason}`,
    hint: () => 'Remove the link or point it at a file inside the policy folder.',
  }),
  fileTooLarge: define({
    code: 'CODICIL-P008',
    title: 'Policy file too large',
    message: (file: string, size: number, limit: number) => `${file} is ${size} bytes; codicil reads policy files of at most ${limit} bytes (${Math.round(limit / 1024)} KiB)`,
    hint: () => 'A version file is a legal text of a few dozen KiB: check that this is the file you meant (see README, "What codicil refuses").',
  }),
  fileUnreadable: define({
    code: 'CODICIL-P009',
    title: 'Policy file unreadable',
    message: (file: string, reason: string) => `cannot read ${file}: ${reason}`,
    hint: () => 'Check the file’s permissions and that the disk is readable.',
  }),
  tooManyFiles: define({
    code: 'CODICIL-P010',
    title: 'Too many files in a document folder',
    message: (folder: string, count: number, limit: number) => `${folder} holds ${count} version files and notices; codicil reads at most ${limit} (the rest are not read)`,
    hint: () => 'A document has one file per version and per change notice: move anything else out of the folder.',
  }),
  invalidUtf8: define({
    code: 'CODICIL-P107',
    title: 'Not valid UTF-8',
    message: (detail: string) => `the file is not valid UTF-8: ${detail}`,
    hint: () => 'Save the file as UTF-8 (codicil never guesses an encoding or replaces bytes).',
  }),
  controlCharacter: define({
    code: 'CODICIL-P108',
    title: 'Control character in a policy file',
    message: (character: string) => `the character ${character} is not allowed in a policy file (a control character or a non-character, not text)`,
    hint: () => 'Remove it: policy text holds printable characters, tabs and line breaks only.',
  }),
  markdownLimit: define({
    code: 'CODICIL-P109',
    title: 'Markdown beyond codicil’s limits',
    message: (what: string, limit: number) => `${what}; the limit is ${limit}`,
    hint: () => 'A legal text never needs this much nesting or markup: simplify the Markdown (see README, "What codicil refuses").',
  }),
  unreadableContent: define({
    code: 'CODICIL-P110',
    title: 'Internal error on a file',
    message: (reason: string) => `codicil failed on this file (${reason}); nothing in it was checked`,
    hint: () => 'This is a bug in codicil: please report it with the file. The policy fails until it is fixed.',
  }),
  moreProblems: define({
    code: 'CODICIL-P111',
    title: 'More problems not shown',
    message: (count: number, shown: number) => `${count} more problem(s) in this file are not shown (the first ${shown} are)`,
    hint: () => 'Fix the problems shown and run lint again.',
  }),
  durationRange: define({
    code: 'CODICIL-P221',
    title: 'Duration out of range',
    message: (words: string, problem: string) => `${q(words)} ${problem}`,
    hint: () => 'A duration in a clause is at least 1 second and at most 36 525 days (100 years).',
  }),
  // --- documents area (issue 14): raw HTML, several documents, drafting conventions ---
  markInRawHtml: define({
    code: 'CODICIL-P222',
    title: 'codicil mark inside raw HTML',
    message: (mark: string) => `the mark ${q(mark)} is inside raw HTML, where Markdown is not read: it would be published as literal text`,
    hint: () => 'Leave a blank line after the opening HTML tag (and before the closing one) so the Markdown between them is read, or write the passage in Markdown.',
  }),
  documentName: define({
    code: 'CODICIL-P011',
    title: 'Document folder name not allowed',
    message: (path: string, name: string, reserved: boolean) =>
      reserved ? `the document folder ${path} is named ${name}, a page of the public site (/${name}/): the document would hide it or be hidden` : `the document folder ${path}: ${q(name)} is not a document id (lower-case letters, digits and hyphens, starting with a letter)`,
    hint: () => 'Rename the folder, e.g. policy/terms/, policy/privacy/, policy/dpa-enterprise/; its versions say the same id in document:.',
  }),
  brokenReference: define({
    code: 'CODICIL-P223',
    title: 'Link to a place that does not exist',
    message: (url: string, problem: string) => `the link ${url} leads nowhere: ${problem}`,
    hint: () => 'Link to a section anchor (#data-processing), a clause id (#incident.notify-within) or an HTML anchor of the version, or to another document of the policy: /terms/#liability, /dpa/1.2.0/#annex-1.',
  }),
  calendarDuration: define({
    code: 'CODICIL-P224',
    title: 'Calendar period without an elapsed time',
    message: (words: string, min: number, max: number) => `${q(words)} is a calendar period (${min} to ${max} days), not a fixed elapsed time; codicil measures deadlines and notice periods in elapsed time`,
    hint: (words: string, min: number, max: number) =>
      `Bind it to the elapsed time the company holds itself to, within the period: :param[${words}]{name=… means="${min} days"} (the reader sees it as an interpretation note; for a deadline the shortest span, ${min} days, is always within the period, for a notice period the longest, ${max} days), or state the period in days, e.g. "thirty (30) days".`,
  }),
  calendarInterpretation: define({
    code: 'CODICIL-P225',
    title: 'Calendar period interpreted outside its span',
    message: (words: string, means: string, min: number, max: number) => `${q(words)} spans ${min} to ${max} days of elapsed time; means="${means}" is outside it`,
    hint: (_words: string, _means: string, min: number, max: number) => `Interpret the period with an elapsed time from ${min} to ${max} days, e.g. means="${min} days".`,
  }),
  figureMismatch: define({
    code: 'CODICIL-P226',
    title: 'Words and figure disagree',
    message: (words: string, stated: number, figure: number) => `in ${q(words)} the words say ${stated} and the figure in brackets ${figure}: the reader cannot tell which binds`,
    hint: () => 'Correct one of them, e.g. "thirty (30) days".',
  }),
  headingAnchor: define({
    code: 'CODICIL-P227',
    title: 'Heading anchor invalid',
    message: (anchor: string) => `{#${anchor}} is not an anchor a section can have`,
    hint: () => 'Write lower-case words joined by hyphens, e.g. {#customer-data-processing} (not main, note-1 or note-ref-1, which the page uses).',
  }),
  anchorChanged: define({
    code: 'CODICIL-V010',
    title: 'Section anchor changed',
    message: (title: string, old: string, version: string, now: string, _number: string | null) => `the section ${q(title)} had the anchor #${old} in version ${version} and has #${now} here: links and citations to #${old} no longer lead to it`,
    hint: (title: string, old: string, _version: string, _now: string, number: string | null) => `Keep the anchor with an explicit one: ## ${number ? `${number}${number.includes('.') ? '' : '.'} ` : ''}${title} {#${old}}.`,
  }),
  unknownBoundClause: define({
    code: 'CODICIL-P228',
    title: 'Parameter binds an unknown clause',
    message: (words: string, id: string) => `${q(words)} binds clause ${id} (clauses=), which this version does not declare`,
    hint: () => 'Name clauses declared in this version (with rule=), separated by spaces: clauses="dsr.notify-customer dsr.forward".',
  }),
  bidiControl: define({
    code: 'CODICIL-P229',
    warningWhenLocked: true,
    title: 'Bidirectional override or isolate in policy text',
    message: (character: string, spelled?: string) =>
      `the character ${character}${spelled ? `, written ${spelled},` : ''} is not allowed in policy text: it makes the words around it read in another order than they are written`,
    hint: () => 'Remove it. Arabic or Hebrew words are quoted as they are: a browser shows them right to left by itself (a right-to-left mark, U+200F, may stand on their line).',
  }),
  directionMark: define({
    code: 'CODICIL-P230',
    warningWhenLocked: true,
    title: 'Direction mark outside right-to-left text',
    message: (character: string, spelled?: string) =>
      `the character ${character}${spelled ? `, written ${spelled},` : ''} stands on a line without right-to-left words, where it can only move digits and punctuation out of their order`,
    hint: () => 'Remove it: a direction mark is allowed only on a line that quotes Arabic, Hebrew or other right-to-left words.',
  }),
  // --- what the site publishes from a version or a notice (security review) ---
  htmlAnchorTaken: define({
    code: 'CODICIL-P231',
    warningWhenLocked: true,
    title: 'HTML id repeats an anchor of the page',
    message: (attribute: string, value: string, what: string) => `${attribute}="${value}" in raw HTML repeats ${what}: a link or citation to #${value} could lead to this element instead`,
    hint: () => 'Remove the id or name, or choose one the page does not use; to link to a section or clause, link to its own anchor (#security-measures, #security.encryption-in-transit).',
  }),
  imageInText: define({
    code: 'CODICIL-P232',
    warningWhenLocked: true,
    title: 'Image in a version or change notice',
    message: (address: string) => `the image ${q(address)} cannot be published: it holds no words codicil can publish and check, and a reader's browser or feed reader would fetch it from wherever it points`,
    hint: () => 'Write what it says in words. A logo or a seal belongs to the site, not to the text of a version or notice.',
  }),
  linkNotUrl: define({
    code: 'CODICIL-P233',
    title: 'Link address that is not a URL',
    message: (link: string) => `the link ${q(link)} has an address no URL can be made of: the site and its feeds cannot publish it`,
    hint: () => 'Correct the address: an IPv6 host is written in brackets (http://[2001:db8::1]/), a space as %20; or link to a page of the site (/dpa/1.2.0/#annex-1).',
  }),
  noteContradictsMeans: define({
    code: 'CODICIL-P234',
    warningWhenLocked: true,
    title: 'Interpretation note disagrees with its value',
    message: (words: string, said: string, reading: string | null, means: string, meant: string) =>
      `the interpretation note of ${q(words)} promises ${q(said)}${reading ? ` (${reading})` : ''}, but means="${means}" enforces ${meant}`,
    hint: (_words: string, _said: string, _reading: string | null, _means: string, meant: string) =>
      `The reader sees the note and codicil enforces means=: state ${meant} in the note (and no other duration), or change means=.`,
  }),
  headingInClause: define({
    code: 'CODICIL-P239',
    title: 'Heading inside a clause passage',
    message: (id: string, line: number, heading: string) => `the heading ${q(heading)} is inside the passage of clause ${id} (:::clause at line ${line}): a clause passage stands within one section`,
    hint: () => 'Close the clause passage with ::: before the heading (its closing ::: is probably missing).',
  }),
  markInFact: define({
    code: 'CODICIL-P235',
    title: 'Parameter or clause inside an organization fact',
    message: (kind: 'clause' | 'param', id: string, fact: string) =>
      `${kind === 'param' ? 'parameter' : 'clause'} ${id} is inside :fact{name=${fact}}: the site prints the organization's ${fact} (or leaves the passage out when it is unknown) instead of these words, yet codicil would enforce them`,
    hint: () => 'A :fact marks only words that state a fact about the organization: move the parameter or clause out of the :fact[…], or the fact mark off it.',
  }),
  factInClause: define({
    code: 'CODICIL-P236',
    title: 'Organization fact inside a clause passage',
    message: (fact: string) =>
      `:fact{name=${fact}} stands in a clause passage: when the organization's ${fact} is unknown (null in organization.yaml) the site leaves out the whole paragraph or list item, clause words and parameters with it, while codicil still enforces them`,
    hint: () => 'State contact facts outside the agreement\'s clauses: move the :fact[…] to its own paragraph or list item (as in the Contact section), or write the words without the fact mark.',
  }),
  hiddenMark: define({
    code: 'CODICIL-P237',
    title: 'Parameter or clause in struck-through or hidden markup',
    message: (kind: 'clause' | 'param', id: string, why: string) =>
      `${kind === 'param' ? 'parameter' : 'clause'} ${id} is ${why}: a reader does not read those words as the current text, yet codicil would enforce them`,
    hint: () =>
      'A parameter or clause stands in plain text: not in ~~strikethrough~~ or <del>/<s>/<strike>, and not inside raw HTML other than attribute-free formatting and structure (b, strong, i, em, u, ins, mark, small, sub, sup, span, p, div, lists, tables, blockquote, q, cite, dfn, abbr; <a href>, <ol type/start>, <td colspan/rowspan>). Show a redline with the new version, not with markup.',
  }),
  plainDurationDisagrees: define({
    code: 'CODICIL-P238',
    title: 'Duration in plain words differs from the bound one',
    message: (words: string, clause: string, enforced: string, _name: string) =>
      `${q(words)} in a passage of clause ${clause} is not what codicil enforces (${enforced}): the passage binds none of the clause's durations, so its reader sees one number and another is checked`,
    hint: (words: string, _clause: string, _enforced: string, name: string) =>
      `Mark the words as the parameter (:param[${words}]{name=${name}}), so that they are bound and must agree with its other bindings, or state the enforced duration in this passage.`,
  }),
  templateLeftover: define({
    code: 'CODICIL-V013',
    warningWhenLocked: true,
    title: 'Template text in a published version',
    message: (version: string, what: string, text: string) => `version ${version} is published but still holds the init template's ${what} (${q(text)}): it would reach customers as written`,
    hint: () => 'Replace every [bracketed] placeholder, write your own summary and delete the template box before publishing (README, "Use codicil in your own repository").',
  }),
  withdrawnWordsKept: define({
    code: 'CODICIL-V014',
    title: 'Withdrawn clause whose words stay in the text',
    message: (id: string, version: string, words: string) => `clause ${id} is withdrawn in ${version}, but its words stay in the text unchanged (${q(words)}): customers still read the promise, and codicil no longer checks it`,
    hint: (id: string) => `Delete or reword those words if the promise is gone; if it is still made, keep the clause marked (remove ${id} from withdrawn:).`,
  }),
  // --- waivers (engine/waivers, docs/spec/waivers.md) -----------------------
  waiverSyntax: define({
    code: 'CODICIL-W001',
    title: 'Waiver file is not valid YAML',
    message: (reason: string) => `the waiver file is not valid YAML: ${reason}`,
    hint: () => 'The file is a YAML list of waivers (- id: …). Fix the YAML; quote values that contain a colon followed by a space. See README, "Waivers".',
  }),
  waiverInvalid: define({
    code: 'CODICIL-W002',
    title: 'Waiver invalid',
    message: (field: string, problem: string) => `${field}: ${problem}`,
    hint: () => 'A waiver has id, clause, match, reason, approved_by, created and expires (ticket is optional): see codicil/schemas/waiver-file.schema.json and README, "Waivers".',
  }),
  waiverFileMissing: define({
    code: 'CODICIL-W003',
    title: 'Waiver file missing',
    message: (file: string) => `the waiver file ${file} does not exist`,
    hint: () => 'Check the path given with --waivers (it is read from the working directory).',
  }),
  waiverUnknownClause: define({
    code: 'CODICIL-W004',
    title: 'Waiver names an unknown clause',
    message: (id: string, clause: string, document: string, near?: string) => `waiver ${id} names clause ${clause}, which no published version of ${document || 'the policy'} has${meant(near)}`,
    hint: () => `A waiver covers the findings of one clause of the policy. ${CLAUSE_IDS}`,
  }),
  waiverUnknownKeyField: define({
    code: 'CODICIL-W005',
    title: 'Waiver matches a field the clause’s findings do not have',
    message: (id: string, field: string, clause: string, known: string[]) => `waiver ${id} matches on ${q(field)}, which the findings of ${clause} do not have (their key: ${known.join(', ')})`,
    hint: (_id: string, _field: string, clause: string, known: string[]) => `Match on the key fields of ${clause}’s findings: ${known.join(', ')} (see docs/spec/clauses.md).`,
  }),
  waiverOtherAttestation: define({
    code: 'CODICIL-W006',
    title: 'Waiver matches another clause’s attestation',
    message: (id: string, value: string, clause: string) => `waiver ${id} matches attestation ${q(value)}, but the findings of ${clause} carry attestation ${q(clause)}`,
    hint: (_id: string, _value: string, clause: string) => `An attested obligation’s finding (with --strict) has the key { attestation: ${clause} }: write that, or name the other clause.`,
  }),
  waiverEmptyMatch: define({
    code: 'CODICIL-W007',
    title: 'Waiver matches no field',
    message: (id: string) => `waiver ${id} has a match with no field: it would cover every finding of its clause`,
    hint: () => 'Name at least one key field of the findings it covers (request_id, store, subprocessor, …), with its value.',
  }),
  waiverDuplicateId: define({
    code: 'CODICIL-W008',
    title: 'Waiver id used twice',
    message: (id: string, line: number | null) => `waiver id ${id} is used twice${line === null ? '' : ` (first at line ${line})`}`,
    hint: () => 'Give each waiver its own id and never reuse one: a renewal is a new waiver with a new id.',
  }),
  waiverExpiresBeforeCreated: define({
    code: 'CODICIL-W009',
    title: 'Waiver expires before it is created',
    message: (id: string, expires: string, created: string) => `waiver ${id} expires ${expires}, which is not after it is created (${created})`,
    hint: () => '`expires` is exclusive: the waiver is in effect while created ≤ as-of < expires, so expires must come after created.',
  }),
  waiverTooLong: define({
    code: 'CODICIL-W010',
    title: 'Waiver longer than 366 days',
    message: (id: string, length: string, created: string, expires: string) => `waiver ${id} runs ${length}, from ${created} to ${expires}; a waiver lasts at most 366 days`,
    hint: () => 'Waivers are temporary: set expires at most 366 days after created. To keep accepting the finding, review it again and record a new waiver before this one expires.',
  }),
  waiverExpiresSoon: define({
    code: 'CODICIL-W011',
    title: 'Waiver expires soon',
    message: (id: string, expires: string, days: number, asOf: string) => `waiver ${id} expires ${expires}, in ${days} day(s) (as of ${asOf})`,
    hint: () => 'Once it expires, the findings it covers count again: fix them, or review the decision and record a new waiver (a new id) before then.',
  }),
  waiverExpired: define({
    code: 'CODICIL-W012',
    title: 'Waiver expired',
    message: (id: string, expires: string) => `waiver ${id} expired ${expires}: it covers nothing any more`,
    hint: () => 'Its findings count again. Remove it (git keeps the record), or review the decision and record a new waiver with a new id.',
  }),
  waiverUnused: define({
    code: 'CODICIL-W013',
    title: 'Waiver covers no finding',
    message: (id: string, clause: string) => `waiver ${id} is in effect but covers no finding of ${clause}`,
    hint: () => 'The finding it was written for is gone, or its match does not say what was meant: remove it or correct the match. With --strict an unused waiver fails the check.',
  }),
  waiverClauseOfSeveralDocuments: define({
    code: 'CODICIL-W014',
    title: 'Waiver names a clause of several documents',
    message: (id: string, clause: string, documents: string[]) => `waiver ${id} names clause ${clause}, which ${documents.length} documents have (${documents.join(', ')}), but not which document's findings it covers`,
    hint: (_id: string, clause: string, documents: string[]) => `Add document: with the id of the document whose ${clause} it is about (${documents.join(' or ')}); a waiver never covers another document's findings by accident. For both, write a waiver for each.`,
  }),
  waiverUnknownDocument: define({
    code: 'CODICIL-W015',
    title: 'Waiver names an unknown document',
    message: (id: string, document: string, documents: string[]) => `waiver ${id} names document ${document}, which the policy does not have (its documents: ${documents.join(', ') || 'none'})`,
    hint: () => 'document: is the id of a document of the policy folder: its folder’s name (dpa, terms).',
  }),
} as const;

export type ErrorName = keyof typeof errors;
