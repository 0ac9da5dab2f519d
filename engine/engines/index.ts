/**
 * The engines that judge records (engines.md), one registry line each. They
 * run the same plans and give the same report.
 */
import type { DiscoveredRecords } from '../records/discover.ts';
import { judgeWithJs } from './js/engine.ts';
import { judgeWithDuckdb } from './duckdb/engine.ts';
import type { Judged, JudgeInput } from './types.ts';

/** Options some engines take. */
export interface EngineOptions {
  /** DuckDB: threads (default: all cores). */
  threads?: number;
  /** DuckDB: memory limit, e.g. `1GB` (beyond it, DuckDB spills to a temp directory). */
  memoryLimit?: string;
}

/** An engine. */
export interface Engine {
  name: string;
  /** What it reads, for help texts. */
  reads: string;
  judge(records: string | undefined, discovered: DiscoveredRecords | undefined, input: JudgeInput, options: EngineOptions): Promise<Judged>;
}

const ENGINES = {
  duckdb: { name: 'duckdb', reads: 'a records folder (JSONL, CSV, JSON, YAML, Parquet), in an embedded DuckDB: out of core, every core', judge: judgeWithDuckdb },
  js: { name: 'js', reads: 'a records folder, in this process (the reference)', judge: (records, discovered, input) => judgeWithJs(records, input, discovered) },
} satisfies Record<string, Engine>;

/** The name of an engine. */
export type EngineName = keyof typeof ENGINES;

/** The engine `check` uses when none is named. */
export const DEFAULT_ENGINE: EngineName = 'js';

/** Every engine's name. */
export const ENGINE_NAMES = Object.keys(ENGINES) as EngineName[];

/**
 * An engine by name.
 *
 * @param name the engine's name.
 * @returns the engine.
 */
export function engine(name: EngineName): Engine {
  return ENGINES[name];
}
