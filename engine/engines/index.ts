/**
 * The engines that judge records (engines.md), one registry line each. They
 * run the same plans and give the same report.
 */
import type { DiscoveredRecords } from '../records/discover.ts';
import { judgeWithJs } from './js/engine.ts';
import { duckdbStatements, judgeWithDuckdb } from './duckdb/engine.ts';
import { judgeWithPostgres, postgresStatements } from './postgres/engine.ts';
import type { Judged, JudgeInput, SqlLayout } from './types.ts';

/** Options some engines take. */
export interface EngineOptions {
  /** DuckDB: threads (default: all cores). */
  threads?: number;
  /** DuckDB: memory limit, e.g. `1GB` (beyond it, DuckDB spills to a temp directory; default three fifths of the records' size on disk, at least 512 MiB, at most DuckDB's own 80% of RAM). */
  memoryLimit?: string;
  /** PostgreSQL: the database URL. */
  database?: string;
  /** PostgreSQL: the schema of the record tables (default `public`). */
  schema?: string;
  /** PostgreSQL: seconds to wait for a record table another session holds locked before giving up (default 10). */
  lockTimeout?: number;
}

/** An engine. */
export interface Engine {
  name: string;
  /** What it reads, for help texts. */
  reads: string;
  /** False for an engine that reads a database instead of a records folder. */
  reads_folder?: boolean;
  /**
   * Judge the records once for several documents: one result per input, in order (the records are read and
   * validated once; what they need, such as the clause ids, is the same in every input).
   */
  judge(records: string | undefined, discovered: DiscoveredRecords | undefined, inputs: JudgeInput[], options: EngineOptions): Promise<Judged[]>;
  /** SQL engines: the statements a check runs, for review (`codicil sql`). */
  statements?: (input: JudgeInput, layout?: SqlLayout) => { title: string; sql: string; clause?: string }[];
}

const ENGINES = {
  duckdb: { name: 'duckdb', reads: 'a records folder (JSONL, CSV, JSON, YAML, Parquet), in an embedded DuckDB: out of core, every core', judge: judgeWithDuckdb, statements: duckdbStatements },
  postgres: {
    name: 'postgres',
    reads: 'record tables in a PostgreSQL database (--database URL, --schema NAME), in place and read-only',
    reads_folder: false,
    judge: (_records, _discovered, inputs, options) => judgeWithPostgres(inputs, { database: options.database ?? '', ...(options.schema !== undefined ? { schema: options.schema } : {}), ...(options.lockTimeout !== undefined ? { lockTimeout: options.lockTimeout } : {}) }),
    statements: postgresStatements,
  },
  js: {
    name: 'js',
    reads: 'a records folder, in this process (the reference)',
    // The reference reads the folder again for each document: it stays the simplest reading of the rules.
    judge: async (records, discovered, inputs) => {
      const judged: Judged[] = [];
      for (const input of inputs) judged.push(await judgeWithJs(records, input, discovered));
      return judged;
    },
  },
} satisfies Record<string, Engine>;

/** The name of an engine. */
export type EngineName = keyof typeof ENGINES;

/** The engine `check` uses when none is named. */
export const DEFAULT_ENGINE: EngineName = 'duckdb';

/** Every engine's name. */
export const ENGINE_NAMES = Object.keys(ENGINES) as EngineName[];

/** The engines that read a records folder (the others read a database). */
export const FOLDER_ENGINES = ENGINE_NAMES.filter((n) => (ENGINES[n] as Engine).reads_folder !== false);

/**
 * An engine by name.
 *
 * @param name the engine's name.
 * @returns the engine.
 */
export function engine(name: EngineName): Engine {
  return ENGINES[name];
}
