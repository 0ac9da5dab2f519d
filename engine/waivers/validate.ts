/**
 * Checking a list of waivers — a waiver file, or a policy test's `waivers:`
 * — against its schema, then for what a schema cannot say: dates that can be
 * read, `expires` after `created` and at most 366 days later, a clause of the
 * policy, match fields that the clause's findings have, unique ids. Every
 * problem is a positional message; a list with any problem is applied to
 * nothing (check fails closed).
 */
import type { VFile } from 'vfile';
import { errors, type ErrorDefinition } from '../errors/catalogue.ts';
import { withField } from '../errors/messages.ts';
import { report, type Place } from '../errors/report.ts';
import type { Waiver as WaiverEntry } from '../generated/waiver-file.ts';
import { parseTimestamp } from '../schemas/timestamp.ts';
import { iso } from '../rules/words.ts';
import { validate } from '../schemas/validator.ts';
import { ATTESTATION_KEY } from './keys.ts';
import type { Waiver, WaiverContext } from './types.ts';
import { nearest } from '../errors/nearest.ts';

/** The longest a waiver may run, from created to expires, in days. */
export const MAX_WAIVER_DAYS = 366;

const DAY_MS = 86_400_000;

/** The waiver file's schema (schemas/). */
export const WAIVER_SCHEMA = 'waiver-file.schema.json';

/**
 * Read `created` or `expires`: a date (meaning 00:00 UTC) or an RFC 3339
 * instant with an offset; a time without an offset is never guessed.
 *
 * @param text the value.
 * @returns milliseconds since the epoch, or NaN.
 */
export function readWaiverInstant(text: string): number {
  return parseTimestamp(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

// The schema's patterns, in words.
const PATTERN_WORDS: Record<string, string> = {
  id: 'must be 1 to 80 letters, digits and . _ : / - starting with a letter or a digit (e.g. W-2025-001)',
  clause: 'must be a clause id such as deletion.on-termination',
  reason: 'must not be blank: say why the finding is accepted',
  approved_by: 'must not be blank: say who decided',
  ticket: 'must not be blank (leave it out when there is none)',
  document: 'must be a document id of the policy: its folder’s name, such as dpa',
};

/**
 * A schema problem of a waiver in plain words.
 *
 * @param field the field, e.g. `[0].reason` or `waivers[0].match.store`.
 * @param problem the schema's words.
 * @returns the problem as a reader should see it.
 */
export function waiverProblemWords(field: string, problem: string): string {
  if ((field === '(root)' || field === 'waivers') && problem === 'must be array') return 'must be a list of waivers (- id: …)';
  const last = field.slice(field.lastIndexOf('.') + 1);
  if (problem.startsWith('does not match the pattern') && PATTERN_WORDS[last]) return PATTERN_WORDS[last];
  if ((last === 'created' || last === 'expires') && problem === 'must be string') return 'must be a date (2025-06-01) or an RFC 3339 instant with an offset (2025-06-01T09:00:00Z)';
  if (/\.match\.[^.]+$/.test(field)) {
    if (problem === 'must be string') return 'must be a string: quote a value that YAML would read as a number or a date (request_id: "1002")';
    if (problem.startsWith('must NOT have fewer than')) return 'must not be empty';
  }
  return problem;
}

/** Where and how to report the problems of a waiver list. */
export interface WaiverListCheck {
  /** The file the problems are reported on. */
  file: VFile;
  /** The file as waiver sources name it. */
  source: string;
  /** Where a field of the list (`[0].clause`) is written. */
  place: (field: string) => Place;
  /** The policy: clauses and the key fields of their findings (omit to check the list alone). */
  context?: WaiverContext;
  /** Check the schema too (a policy test's own schema already covers its waivers). */
  schema: boolean;
  /** Fields of the list a schema already refused (`[0].clause`), when `schema` is false: what follows from them is not said again. */
  refused?: readonly string[];
}

/** A field of the list as a reader finds it: `waiver W-1, match.store` rather than `[3].match.store`. */
function fieldOfWaiver(data: unknown, field: string): string {
  const m = /^\[(\d+)\](?:\.(.*))?$/.exec(field);
  if (!m || !Array.isArray(data)) return field;
  const item: unknown = data[Number(m[1])];
  const id = isObject(item) && typeof item.id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,79}$/.test(item.id) ? item.id : `#${Number(m[1]) + 1}`;
  return `waiver ${id}${m[2] === undefined ? '' : `, ${m[2]}`}`;
}

/** The line of a place, if it has one. */
const lineOf = (place: Place): number | null => (place === undefined ? null : 'line' in place ? place.line : place.start.line);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reports a problem at a field of one waiver (`clause`, `document`). */
type ReportAt = <Args extends unknown[]>(definition: ErrorDefinition<Args>, args: Args, field: string) => void;

/**
 * The key fields of the findings a waiver's clause has, in the document it
 * names — or, naming none, in the one document that has the clause. Fail
 * closed: a clause several documents have needs `document`, or the waiver
 * would cover more than it says.
 *
 * @param context the policy.
 * @param waiver its id (as messages name it), clause and document as written.
 * @param fail reports a problem at a field of the waiver (`clause`, `document`).
 * @returns the key fields, or undefined after reporting why there are none.
 */
function clauseKeyFields(context: WaiverContext, waiver: { id: string; clause: string; document: unknown }, fail: ReportAt): readonly string[] | undefined {
  const { id, clause, document } = waiver;
  if (typeof document === 'string') {
    const clauses = context.documents.get(document);
    if (clauses === undefined) fail(errors.waiverUnknownDocument, [id, document, [...context.documents.keys()]], 'document');
    else if (!clauses.has(clause)) fail(errors.waiverUnknownClause, [id, clause, document, nearest(clause, clauses.keys())], 'clause');
    return clauses?.get(clause);
  }
  const having = [...context.documents].filter(([, clauses]) => clauses.has(clause)).map(([name]) => name);
  if (having.length > 1) {
    fail(errors.waiverClauseOfSeveralDocuments, [id, clause, having], 'clause');
    return undefined;
  }
  const known = context.keyFields.get(clause);
  // With several documents, none of them is "the" policy's: say so rather than name the first.
  if (known === undefined) fail(errors.waiverUnknownClause, [id, clause, context.documents.size > 1 ? '' : context.document, nearest(clause, context.keyFields.keys())], 'clause');
  return known;
}

/**
 * Check a list of waivers and read its instants.
 *
 * @param data the list as parsed from YAML (or given as data).
 * @param check where to report, the policy, and whether to check the schema.
 * @returns the waivers, or null when the list has any problem (each reported on `check.file`).
 */
export function checkWaiverList(data: unknown, check: WaiverListCheck): Waiver[] | null {
  const before = check.file.messages.filter((m) => m.fatal).length;
  const at = (field: string) => check.place(field);
  // A problem at a path of the list (`[3].match.request_id`), which names the waiver's field (`match.request_id`) in reports.
  const fail = <Args extends unknown[]>(definition: ErrorDefinition<Args>, args: Args, path: string): void => {
    const message = report(check.file, definition, args, at(path));
    const field = path.replace(/^\[\d+\]\.?/, '');
    if (field !== '' && field !== '(root)') withField(message, field);
  };
  // A field the schema refused (a clause that is no clause id, an id that is no id) is checked no further: one problem, said once.
  const refused = new Set(check.refused ?? []);
  if (check.schema) {
    for (const { field, problem } of validate(WAIVER_SCHEMA, data)) {
      refused.add(field);
      if (/^\[\d+\]\.match$/.test(field) && problem.startsWith('must NOT have fewer than 1')) continue; // reported below, in words
      fail(errors.waiverInvalid, [fieldOfWaiver(data, field), waiverProblemWords(field, problem)], field);
    }
  }
  if (!Array.isArray(data)) {
    if (!check.schema) fail(errors.waiverInvalid, ['(root)', 'must be a list of waivers'], '(root)');
    return null;
  }
  const items: unknown[] = data;
  const waivers: Waiver[] = [];
  const firstLine = new Map<string, number | null>();
  items.forEach((item, i) => {
    if (!isObject(item)) return;
    const field = (name: string) => `[${i}].${name}`;
    const sound = (name: string) => !refused.has(field(name));
    const id = fieldOfWaiver(items, `[${i}]`).slice('waiver '.length);
    const itemLine = lineOf(at(`[${i}]`));
    if (typeof item.id === 'string' && item.id !== '' && sound('id')) {
      if (firstLine.has(item.id)) fail(errors.waiverDuplicateId, [item.id, firstLine.get(item.id)!], field('id'));
      else firstLine.set(item.id, itemLine);
    }
    const instant = (name: 'created' | 'expires'): number => {
      const value = item[name];
      if (typeof value !== 'string' || value === '' || !sound(name)) return Number.NaN; // the schema says what is wrong
      const t = readWaiverInstant(value);
      if (Number.isNaN(t)) fail(errors.waiverInvalid, [`waiver ${id}, ${name}`, `${JSON.stringify(value)} is not a date (2025-06-01, meaning 00:00 UTC) or an RFC 3339 instant with an offset (2025-06-01T09:00:00Z)`], field(name));
      return t;
    };
    const createdAt = instant('created');
    const expiresAt = instant('expires');
    if (!Number.isNaN(createdAt) && !Number.isNaN(expiresAt)) {
      if (expiresAt <= createdAt) fail(errors.waiverExpiresBeforeCreated, [id, iso(expiresAt), iso(createdAt)], field('expires'));
      else if (expiresAt - createdAt > MAX_WAIVER_DAYS * DAY_MS) {
        const days = (expiresAt - createdAt) / DAY_MS;
        fail(errors.waiverTooLong, [id, Number.isInteger(days) ? `${days} days` : `more than ${MAX_WAIVER_DAYS} days`, iso(createdAt), iso(expiresAt)], field('expires'));
      }
    }
    const match = isObject(item.match) ? item.match : undefined;
    if (match && Object.keys(match).length === 0) fail(errors.waiverEmptyMatch, [id], field('match'));
    if (check.context && typeof item.clause === 'string' && item.clause !== '' && sound('clause') && sound('document')) {
      const known = clauseKeyFields(check.context, { id, clause: item.clause, document: item.document }, (definition, args, name) => fail(definition, args, field(name)));
      if (known !== undefined && match) {
        for (const [name, value] of Object.entries(match)) {
          if (!known.includes(name)) fail(errors.waiverUnknownKeyField, [id, name, item.clause, [...known]], field(`match.${name}`));
          else if (name === ATTESTATION_KEY && typeof value === 'string' && value !== item.clause) fail(errors.waiverOtherAttestation, [id, value, item.clause], field(`match.${name}`));
        }
      }
    }
    waivers.push({ ...(item as unknown as WaiverEntry), createdAt, expiresAt, source: { file: check.source, line: itemLine }, index: i });
  });
  return check.file.messages.filter((m) => m.fatal).length > before ? null : waivers;
}
