/**
 * Fits on worker threads, so that the local server's event loop keeps answering (health
 * checks, predictions, small fits) while a big fit computes: at most `size` fits at once, one
 * per worker, the next `queueLength` waiting in order, and beyond that a clear 503. Only the
 * columns a fit reads go to its worker, and their memory is moved there, not copied (the table
 * is the request's, read by nothing after its fit). A worker that dies fails its fit with an
 * internal error and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { DataTable } from '../data/index.js';
import { formulaColumns } from '../formula/index.js';
import type { FitComputation, FitComputationRequest } from '../service/fitComputation.js';
import type { FitRunner } from '../service/fitRunner.js';
import { FitsBusyError, RemoteFitError } from '../service/errors.js';
import { ErrorCode, publicError } from '../service/publicErrors.js';
import type { FitJob, FitReply } from './protocol.js';
import { snapshotTable, transferables } from './tableSnapshot.js';

/** How the pool is set up. */
export interface FitWorkerPoolOptions {
  /** The worker's bundled entry point (dist/fitWorker.mjs). */
  readonly script: URL;
  readonly size: number;
  readonly queueLength: number;
}

interface Pending {
  readonly job: FitJob;
  resolve(result: FitComputation): void;
  reject(error: unknown): void;
}

interface Slot {
  readonly worker: Worker;
  current: Pending | undefined;
}

export class FitWorkerPool implements FitRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: FitWorkerPoolOptions) {
    if (!(options.size >= 1)) throw new RangeError(`a fit worker pool needs at least one worker, got ${options.size}`);
  }

  async run(request: FitComputationRequest, table: DataTable): Promise<FitComputation> {
    if (this.closed) throw new RemoteFitError(unavailable(), 'the fit worker pool is closed');
    const busy = this.slots.length >= this.options.size && this.slots.every((slot) => slot.current !== undefined);
    if (busy && this.queue.length >= this.options.queueLength) throw new FitsBusyError(this.queue.length);
    const columns = formulaColumns(request.formula, table, request.formulaLimits);
    if (request.weights !== null) columns.push(request.weights);
    const job: FitJob = { id: this.nextId++, request, table: snapshotTable(table, columns) };
    return await new Promise<FitComputation>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const shuttingDown = () => new RemoteFitError(unavailable(), 'the server is shutting down');
    for (const pending of this.queue.splice(0)) pending.reject(shuttingDown());
    // Fits in flight end with their workers: their callers are told so, never left waiting.
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.current?.reject(shuttingDown());
      slot.current = undefined;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Hands waiting fits to idle workers, starting workers up to the pool's size. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.current === undefined) ?? this.spawn();
      if (slot === undefined) return;
      const pending = this.queue.shift()!;
      try {
        slot.worker.postMessage(pending.job, transferables(pending.job.table));
      } catch (error) {
        // A job that cannot be sent (a column that cannot be cloned) fails alone.
        pending.reject(new RemoteFitError(internal(), `the fit could not be sent to its worker: ${String(error)}`));
        continue;
      }
      slot.current = pending;
      slot.worker.ref();
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.options.size || this.closed) return undefined;
    const worker = new Worker(this.options.script);
    const slot: Slot = { worker, current: undefined };
    worker.on('message', (reply: FitReply) => {
      const pending = slot.current;
      if (pending === undefined || pending.job.id !== reply.id) return;
      slot.current = undefined;
      // An idle worker does not keep the process alive.
      worker.unref();
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new RemoteFitError(reply.error, reply.detail));
      this.dispatch();
    });
    const fail = (detail: string): void => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      slot.current?.reject(new RemoteFitError(internal(), detail));
      slot.current = undefined;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (error: Error) => fail(`the fit worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => fail(`the fit worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }
}

function internal() {
  return publicError(ErrorCode.INTERNAL_SERVER_ERROR, 'INTERNAL', 'internal server error');
}

function unavailable() {
  return publicError(ErrorCode.SERVICE_UNAVAILABLE, 'SHUTTING_DOWN', 'the server is shutting down; try again');
}
