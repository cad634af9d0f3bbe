/**
 * Where fits are computed. The Lambda function serves one request at a time, so it computes in
 * its own thread; the local server serves many at once from one event loop, which a fit of
 * seconds must not hold: there fits run on worker threads (src/workers/), and health checks,
 * predictions and small fits keep being answered meanwhile.
 */
import type { DataTable } from '../data/index.js';
import { computeFit, type FitComputation, type FitComputationRequest } from './fitComputation.js';

/** Computes fits, here or elsewhere. */
export interface FitRunner {
  /**
   * Fits `table`, which is handed over: a runner on another thread moves the memory of the
   * columns it reads there, so the table must not be read again (a request's table never is).
   */
  run(request: FitComputationRequest, table: DataTable): Promise<FitComputation>;
  /** Stops accepting work and releases threads; pending fits are refused. */
  close(): Promise<void>;
}

/** Computes each fit in the calling thread. */
export const inThreadFitRunner: FitRunner = {
  run: async (request, table) => computeFit(request, table),
  close: async () => undefined,
};
