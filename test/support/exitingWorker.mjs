// A worker thread that dies on the first job it is sent, as a crash (out of memory, a bug in a
// native path) would: for the fit worker pool's tests of a worker that never answers.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));
