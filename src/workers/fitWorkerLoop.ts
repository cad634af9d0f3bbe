/**
 * A fit worker's side: computes each job it is sent, and answers its result or its error,
 * mapped here to what the client will see (the error classes do not cross threads).
 */
import type { MessagePort } from 'node:worker_threads';
import { computeFit } from '../service/fitComputation.js';
import { toPublicError } from '../service/publicErrors.js';
import type { FitJob, FitReply } from './protocol.js';
import { SnapshotTable } from './tableSnapshot.js';

/** Serves jobs on `port` until the thread ends. */
export function serveFits(port: MessagePort): void {
  port.on('message', (job: FitJob) => port.postMessage(answer(job)));
}

function answer(job: FitJob): FitReply {
  try {
    return { id: job.id, ok: true, result: computeFit(job.request, new SnapshotTable(job.table)) };
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    return { id: job.id, ok: false, error: toPublicError(error), detail };
  }
}
