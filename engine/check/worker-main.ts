// Entry of the judging worker thread (see worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { loadPolicy } from '../model/load-policy.ts';
import { publishedVersions } from '../model/in-force.ts';
import { discoverRecords } from '../records/discover.ts';
import { judgeTables } from './judge.ts';
import type { WorkerInput } from './worker.ts';

const input = workerData as WorkerInput;
const { policy } = await loadPolicy(input.policy);
const discovered = await discoverRecords(input.records);
const { indexes: _indexes, ...judged } = await judgeTables(
  { versions: publishedVersions(policy), reference: policy.reference, asOf: input.asOf, explain: input.explain },
  input.records,
  discovered,
  new Set(input.tables),
  false,
);
parentPort!.postMessage(judged);
