/**
 * Turns annotations into clauses: groups passages by id, reads each bound
 * parameter from its words into a typed value, and validates the result
 * against the rule kind's parameter schema.
 */
import type { VFile } from 'vfile';
import { errors } from '../errors/catalogue.ts';
import { report } from '../errors/report.ts';
import { validate } from '../schemas/validator.ts';
import { paramsSchema, type KindCatalog, type ParamSchema } from '../schemas/params.ts';
import type { Clause, Interpretation, Parameter, ParameterBinding, ParameterValue, ReferenceData, SourcePosition } from '../model/types.ts';
import type { Annotations, ClauseOccurrence, ParamOccurrence } from './annotations.ts';
import { readDuration, readDurationWords, describeDuration, durationOutOfRange, type Duration } from './words.ts';
import { sectionAt, type SectionEntry } from './sections.ts';

const place = (p: SourcePosition) => ({ line: p.line, column: p.column });
const fold = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

const NUMBER_WORDS = /\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b/i;

/**
 * Do the words state a number ("72 hours", "seventy-two (72) hours",
 * "14 calendar days")? Such words are the value; `means=` may only interpret
 * words that state none ("promptly", "a few days").
 *
 * @param words the words of the DPA.
 * @returns true when a digit or a number word appears.
 */
export function statesAQuantity(words: string): boolean {
  return /\d/.test(words) || NUMBER_WORDS.test(words);
}

/** Result of assembling a version's clauses. */
export interface ClauseAssembly {
  clauses: Clause[];
  interpretations: Interpretation[];
}

/**
 * Build the clauses of one version.
 *
 * @param annotations the directives of the file.
 * @param sections the file's sections (for each passage's section and heading path).
 * @param reference vocabularies for word-list parameters.
 * @param file for messages.
 * @returns clauses in document order of their declaration, and the interpretations of vague words.
 */
export function assembleClauses(annotations: Annotations, sections: SectionEntry[], reference: ReferenceData | null, file: VFile, kinds: KindCatalog): ClauseAssembly {
  const groups = new Map<string, ClauseOccurrence[]>();
  for (const occurrence of annotations.clauses) {
    const list = groups.get(occurrence.id) ?? [];
    list.push(occurrence);
    groups.set(occurrence.id, list);
  }
  for (const param of annotations.params) {
    if (!param.clause && !param.clauses) report(file, errors.paramOutsideClause, [param.name], place(param.position));
    // Words that name the clauses they bind must name declared clauses of this version.
    for (const id of param.clauses ?? []) if (!groups.get(id)?.some((o) => o.rule !== undefined)) report(file, errors.unknownBoundClause, [param.words, id], place(param.position));
  }

  const clauses: Clause[] = [];
  const interpretations: Interpretation[] = [];
  for (const [id, occurrences] of groups) {
    const declarations = occurrences.filter((o) => o.rule !== undefined);
    for (const passage of occurrences) {
      const attrs = Object.keys(passage.attributes);
      if (passage.rule === undefined && attrs.length > 0) report(file, errors.attributeOnPassage, [id, attrs], place(passage.position));
    }
    if (declarations.length === 0) {
      report(file, errors.undeclaredClause, [id], place(occurrences[0]!.position));
      continue;
    }
    for (const extra of declarations.slice(1)) report(file, errors.duplicateClause, [id, declarations[0]!.position.line], place(extra.position));
    const declaration = declarations[0]!;
    const section = sectionAt(sections, declaration.position.line);
    const passages = occurrences.map((o) => {
      const s = sectionAt(sections, o.position.line);
      return { section: s?.number ?? null, sectionAnchor: s?.anchor ?? null, headingPath: s?.path ?? [], text: o.text, position: o.position };
    });
    // The words in the clause's passages, and words elsewhere that name it (clauses=).
    const bindings = annotations.params.filter((p) => (p.clauses ? p.clauses.includes(id) : p.clause?.id === id));
    const params = readParams(id, declaration, bindings, reference, file, kinds);
    for (const param of Object.values(params)) {
      for (const binding of param.bindings) {
        if (binding.means !== undefined) {
          interpretations.push({ clause: id, param: param.name, words: binding.words, means: binding.means, note: binding.note!, position: binding.position });
        }
      }
    }
    clauses.push({
      id,
      rule: declaration.rule!,
      attestation: kinds.get(declaration.rule!)?.attested ?? false,
      section: section?.number ?? null,
      sectionAnchor: section?.anchor ?? null,
      headingPath: section?.path ?? [],
      text: passages.map((p) => p.text).join('\n\n'),
      passages,
      params,
      position: declaration.position,
    });
  }
  clauses.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  // Parameters that name another clause (e.g. whose deadline applies) must name one of this version.
  const ids = new Set(clauses.map((c) => c.id));
  for (const clause of clauses) {
    const kind = kinds.get(clause.rule);
    for (const param of Object.values(clause.params)) {
      if (kind?.params[param.name]?.['x-read'] === 'clause' && param.value.type === 'text' && !ids.has(param.value.text)) {
        report(file, errors.unknownClauseReference, [param.name, clause.id, param.value.text], place(clause.position));
      }
    }
  }
  return { clauses, interpretations };
}

/**
 * The interpretation note shown when legal wrote none.
 *
 * @param words the vague words ("immediately").
 * @param means what they are held to ("24 hours").
 * @param sense whether the duration is a deadline or a notice period.
 * @returns the note.
 */
export function defaultNote(words: string, means: string, sense: 'deadline' | 'notice' = 'deadline'): string {
  return sense === 'notice' ? `Interpretation: “${words}” means at least ${means}.` : `Interpretation: “${words}” means within ${means}.`;
}

function readParams(id: string, declaration: ClauseOccurrence, bindings: ParamOccurrence[], reference: ReferenceData | null, file: VFile, kinds: KindCatalog): Record<string, Parameter> {
  const kind = kinds.get(declaration.rule!);
  if (!kind) {
    report(file, errors.unknownRuleKind, [declaration.rule!, id, kinds.names()], place(declaration.position));
    return Object.create(null) as Record<string, Parameter>;
  }
  const known = Object.keys(kind.params);
  // A null prototype: `params.toString` is a parameter only when the text binds one.
  const params: Record<string, Parameter> = Object.create(null);
  const values: Record<string, unknown> = {};
  let failed = false;

  for (const [name, value] of Object.entries(declaration.attributes)) {
    // Own properties only: a parameter named "constructor" is unknown, not Object's.
    const schema = Object.hasOwn(kind.params, name) ? kind.params[name] : undefined;
    if (!schema) {
      report(file, errors.unknownParam, [name, id, kind.kind, known], place(declaration.position));
      failed = true;
    } else if (schema['x-read'] !== 'attribute' && schema['x-read'] !== 'clause') {
      report(file, errors.proseOnlyParam, [name, id], place(declaration.position));
      failed = true;
    } else {
      values[name] = value;
      params[name] = { name, value: { type: 'text', text: value }, bindings: [], fromAttribute: true };
    }
  }

  const byName = new Map<string, ParamOccurrence[]>();
  for (const binding of bindings) {
    const list = byName.get(binding.name);
    if (list) list.push(binding);
    else byName.set(binding.name, [binding]);
  }
  for (const [name, occurrences] of byName) {
    const schema = Object.hasOwn(kind.params, name) ? kind.params[name] : undefined;
    if (!schema || schema['x-read'] === 'attribute' || schema['x-read'] === 'clause') {
      for (const o of occurrences) report(file, errors.unknownParam, [name, id, kind.kind, known.filter((k) => ['duration', 'vocabulary', 'names'].includes(kind.params[k]!['x-read']))], place(o.position));
      failed = true;
      continue;
    }
    const read = readBound(name, id, schema, occurrences, reference, file);
    if (!read) {
      failed = true;
      continue;
    }
    params[name] = read.param;
    values[name] = read.json;
  }

  // Only a clean reading is checked against the schema: a word that failed
  // to read was already reported, and would show up again as "missing".
  if (!failed) {
    for (const { field, problem } of validate(paramsSchema(kind), values)) {
      const name = field.split(/[.[]/)[0]!;
      if (problem === 'is required') report(file, errors.missingParam, [name, id], place(declaration.position));
      else report(file, errors.invalidParam, [name, id, problem], place(params[name]?.bindings[0]?.position ?? declaration.position));
    }
  }
  return params;
}

function readBound(name: string, id: string, schema: ParamSchema, occurrences: ParamOccurrence[], reference: ReferenceData | null, file: VFile): { param: Parameter; json: unknown } | null {
  const bindings: ParameterBinding[] = occurrences.map((o) => ({
    words: o.words,
    ...(o.means !== undefined ? { means: o.means, note: o.note ?? defaultNote(o.words, o.means, schema['x-sense']) } : {}),
    position: o.position,
  }));
  if (schema['x-read'] === 'duration') {
    let value: { iso: string; seconds: number } | null = null;
    let ok = true;
    for (const o of occurrences) {
      const reading = readDurationWords(o.words);
      let duration: Duration;
      if (!reading.ok && reading.problem === 'calendar') {
        // A calendar period binds the elapsed time legal states for it, within its span.
        const { min, max } = reading.days;
        if (o.means === undefined) {
          report(file, errors.calendarDuration, [o.words, min, max], place(o.position));
          ok = false;
          continue;
        }
        const meant = readDuration(o.means);
        if (!meant) {
          report(file, errors.unparseableDuration, [o.means, 'an interpretation is an elapsed time (hours, days, weeks)'], place(o.position));
          ok = false;
          continue;
        }
        if (meant.seconds < min * 86_400 || meant.seconds > max * 86_400) {
          report(file, errors.calendarInterpretation, [o.words, o.means, min, max], place(o.position));
          ok = false;
          continue;
        }
        duration = meant;
      } else if (o.means !== undefined && statesAQuantity(o.words)) {
        // Measurable words are the value; means= is only for vague words, so
        // "48 hours" can never be enforced as 72.
        report(file, errors.proseMismatch, [o.words, o.means], place(o.position));
        ok = false;
        continue;
      } else if (!reading.ok && reading.problem === 'figure') {
        report(file, errors.figureMismatch, [o.words, reading.stated, reading.figure], place(o.position));
        ok = false;
        continue;
      } else {
        const stated = o.means ?? o.words;
        const read = o.means === undefined ? reading : readDurationWords(stated);
        if (!read.ok) {
          ok = false;
          if (o.means === undefined && !statesAQuantity(o.words) && !/\b(seconds?|minutes?|hours?|days?|weeks?)\b/i.test(o.words)) report(file, errors.vagueWithoutInterpretation, [o.words], place(o.position));
          else if (read.problem === 'business') report(file, errors.unparseableDuration, [stated, 'business days depend on a calendar of working days and holidays, which codicil does not know; state calendar days or hours'], place(o.position));
          else report(file, errors.unparseableDuration, [stated], place(o.position));
          continue;
        }
        duration = { iso: read.iso, seconds: read.seconds };
      }
      // Checked here, at the words: a duration no record can be judged against never lints clean.
      const range = durationOutOfRange(duration);
      if (range) {
        report(file, errors.durationRange, [o.means ?? o.words, range], place(o.position));
        ok = false;
        continue;
      }
      if (value && value.seconds !== duration.seconds) {
        report(file, errors.paramConflict, [name, id, describeDuration(duration.seconds), describeDuration(value.seconds)], place(o.position));
        ok = false;
        continue;
      }
      value ??= duration;
    }
    if (!ok || !value) return null;
    return { param: { name, value: { type: 'duration', ...value }, bindings, fromAttribute: false }, json: value.iso };
  }
  if (schema['x-read'] === 'names') {
    const names = occurrences.map((o) => o.words);
    return { param: { name, value: { type: 'codes', codes: names }, bindings, fromAttribute: false }, json: schema.type === 'array' ? names : names[0] };
  }
  // Vocabulary: each binding's words name one code.
  const vocabularyName = schema['x-vocabulary']!;
  const vocabulary = reference?.vocabularies[vocabularyName];
  if (!vocabulary) {
    if (reference) report(file, errors.unknownWords, [occurrences[0]!.words, vocabularyName, []], place(occurrences[0]!.position));
    return null;
  }
  const codes: string[] = [];
  let ok = true;
  for (const o of occurrences) {
    const code = Object.entries(vocabulary).find(([, phrases]) => phrases.some((p) => fold(p) === fold(o.words)))?.[0];
    if (!code) {
      report(file, errors.unknownWords, [o.words, vocabularyName, Object.values(vocabulary).map((p) => p[0]!)], place(o.position));
      ok = false;
    } else codes.push(code);
  }
  if (!ok) return null;
  const isList = schema.type === 'array';
  if (!isList && new Set(codes).size > 1) {
    report(file, errors.paramConflict, [name, id, codes[1]!, codes[0]!], place(occurrences[1]!.position));
    return null;
  }
  const value: ParameterValue = { type: 'codes', codes };
  return { param: { name, value, bindings, fromAttribute: false }, json: isList ? codes : codes[0] };
}
