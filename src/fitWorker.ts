/** The fit worker thread's entry point (bundled as dist/fitWorker.mjs beside the local server). */
import { parentPort } from 'node:worker_threads';
import { serveFits } from './workers/fitWorkerLoop.js';

if (parentPort === null) throw new Error('fitWorker.mjs runs as a worker thread of the local server');
serveFits(parentPort);
