/**
 * Judging a group of tables in a worker thread (the second core). The worker
 * reads the policy and its tables itself: only the results cross threads.
 */
import { Worker } from 'node:worker_threads';
import type { TableName } from '../records/tables.ts';
import type { Judged } from './judge.ts';

/** What the worker is asked to judge. */
export interface WorkerInput {
  policy: string;
  records: string;
  asOf: number;
  explain: boolean;
  tables: TableName[];
}

/**
 * Judge some tables in a worker thread.
 *
 * @param input the policy and records folders, as-of, and the tables.
 * @returns what the worker judged.
 */
export function judgeInWorker(input: WorkerInput): Promise<Judged> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-main.ts', import.meta.url), { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
    let result: Judged | undefined;
    worker.once('message', (message: Judged) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`the judging worker stopped (exit ${code})`))));
  });
}
