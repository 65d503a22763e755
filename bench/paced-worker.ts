// The worker thread of bench/paced.ts: runs one paced load and posts its result.
import { parentPort, workerData } from 'node:worker_threads';
import { pacedLoop, type PacedSpec } from './paced.ts';

parentPort!.postMessage(await pacedLoop(workerData as PacedSpec));
