/**
 * Tracing as the composition root wires it: the service's store calls and fit computations each
 * in a subsegment of the invocation's trace. The interface keeps the X-Ray SDK out of everything
 * but src/observability/xrayTracing.ts, which is loaded only when tracing is on.
 */
import type { ModelRepository } from '../models/index.js';
import type { FitRunner } from '../service/index.js';

/** Where spans of work are recorded. */
export interface Tracing {
  /**
   * Runs one Lambda invocation in the handler's subsegment, annotated with the cold start, the
   * service and `annotations`; the subsegment is flagged as its answer's status says.
   */
  invocation<T extends { readonly statusCode?: number | undefined }>(
    annotations: Readonly<Record<string, string>>,
    work: () => Promise<T>,
  ): Promise<T>;
  /** Runs `work` in a subsegment of the current one, flagged as its error's public status says. */
  trace<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** The repository with each call traced (`repository.get`, …): S3's calls, a cache's hits. */
export function tracedRepository(repository: ModelRepository, tracing: Tracing): ModelRepository {
  return {
    save: (document) => tracing.trace('repository.save', () => repository.save(document)),
    get: (tenant, id) => tracing.trace('repository.get', () => repository.get(tenant, id)),
    list: (tenant, page) => tracing.trace('repository.list', () => repository.list(tenant, page)),
    delete: (tenant, id) => tracing.trace('repository.delete', () => repository.delete(tenant, id)),
  };
}

/** The runner with each fit's computation traced (`fit`: design, least squares, inference). */
export function tracedFitRunner(runner: FitRunner, tracing: Tracing): FitRunner {
  return {
    run: (request, table) => tracing.trace('fit', () => runner.run(request, table)),
    close: () => runner.close(),
  };
}
