/** The messages between the local server's thread and its fit workers. */
import type { FitComputation, FitComputationRequest } from '../service/fitComputation.js';
import type { PublicError } from '../service/publicErrors.js';
import type { TableSnapshot } from './tableSnapshot.js';

/** A fit to compute. */
export interface FitJob {
  readonly id: number;
  readonly request: FitComputationRequest;
  readonly table: TableSnapshot;
}

/** A fit's outcome: the computation, or the error as the client will see it. */
export type FitReply =
  | { readonly id: number; readonly ok: true; readonly result: FitComputation }
  | { readonly id: number; readonly ok: false; readonly error: PublicError; readonly detail: string };
