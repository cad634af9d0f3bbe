import type { Caller, RegressionService } from '../service/index.js';

/** What every resolver receives: the service, who is calling, and the request's id. */
export interface GraphQLContext {
  readonly service: RegressionService;
  readonly caller: Caller;
  readonly requestId: string;
}
