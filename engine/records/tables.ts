/**
 * The record tables of records.md, described by their JSON Schemas in
 * schemas/records/: fields and their kinds, the table's key and references.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemaDir } from '../schemas/validator.ts';

/** How a field's value is read. */
export type FieldKind = 'id' | 'timestamp' | 'boolean' | 'string' | 'enum' | 'country';

/** One field of a table. */
export interface FieldDefinition {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** Strings: the least length (1 for ids and required words). */
  minLength: number;
  /** Enums: the allowed words; countries: the ISO 3166-1 codes. */
  allowed?: string[];
}

/** One record table. */
export interface TableDefinition {
  name: TableName;
  /** The schema's key in the validator (`records/<name>.schema.json`). */
  schema: string;
  fields: FieldDefinition[];
  fieldNames: Set<string>;
  /** Fields whose combination is unique, if any. */
  key: string[];
  /** field -> referenced table (its key), or `policy:clause`. */
  references: Record<string, string>;
}

/** The names of the record tables. */
export const TABLE_NAMES = [
  'incidents',
  'incident_impacts',
  'incident_notices',
  'deletion_requests',
  'data_stores',
  'deletions',
  'subprocessors',
  'subprocessor_locations',
  'dsr_requests',
  'access_grants',
  'confidentiality_agreements',
  'information_requests',
  'inability_notices',
  'attestations',
] as const;

/** A record table's name. */
export type TableName = (typeof TABLE_NAMES)[number];

interface RecordSchema {
  required: string[];
  properties: Record<string, { type?: string; enum?: string[]; minLength?: number; $ref?: string; 'x-kind'?: string }>;
  'x-key'?: string[];
  'x-references'?: Record<string, string>;
}

function load(name: TableName): TableDefinition {
  const schema = JSON.parse(readFileSync(join(schemaDir, 'records', `${name}.schema.json`), 'utf8')) as RecordSchema;
  const fields = Object.entries(schema.properties).map(([field, p]): FieldDefinition => {
    const kind = (p['x-kind'] ?? (p.type === 'boolean' ? 'boolean' : p.enum ? 'enum' : 'string')) as FieldKind;
    const allowed = p.enum ?? (kind === 'country' ? countryCodes() : undefined);
    return { name: field, kind, required: schema.required.includes(field), minLength: p.minLength ?? 0, ...(allowed ? { allowed } : {}) };
  });
  return {
    name,
    schema: `records/${name}.schema.json`,
    fields,
    fieldNames: new Set(fields.map((f) => f.name)),
    key: schema['x-key'] ?? [],
    references: schema['x-references'] ?? {},
  };
}

let countries: string[] | undefined;
/** The ISO 3166-1 alpha-2 codes of schemas/country.schema.json. */
function countryCodes(): string[] {
  countries ??= (JSON.parse(readFileSync(join(schemaDir, 'country.schema.json'), 'utf8')) as { enum: string[] }).enum;
  return countries;
}

const definitions = new Map<TableName, TableDefinition>(TABLE_NAMES.map((n) => [n, load(n)]));

// Every schema in schemas/records/ must be a known table, and the reverse.
const onDisk = readdirSync(join(schemaDir, 'records')).filter((f) => f.endsWith('.schema.json')).map((f) => f.slice(0, -'.schema.json'.length)).sort();
if (onDisk.join() !== [...TABLE_NAMES].sort().join()) throw new Error(`schemas/records/ (${onDisk.join(', ')}) and TABLE_NAMES disagree`);

/**
 * The definition of a record table.
 *
 * @param name the table's name.
 * @returns its fields, key and references.
 */
export function table(name: TableName): TableDefinition {
  return definitions.get(name)!;
}

/**
 * Whether a name is a record table.
 *
 * @param name a file or folder name without extension.
 * @returns true for the names of records.md.
 */
export function isTableName(name: string): name is TableName {
  return definitions.has(name as TableName);
}
