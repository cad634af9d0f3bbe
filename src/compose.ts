import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from './config.js';
import { createApolloServer } from './graphql/createApolloServer.js';
import type { HttpApplication } from './application/application.js';
import { ExplorerFiles } from './http/explorer.js';
import {
  CachingModelRepository,
  FileSystemModelRepository,
  S3ModelRepository,
  type ModelRepository,
} from './models/index.js';
import { tracedFitRunner, tracedRepository, type Tracing } from './observability/tracing.js';
import { inThreadFitRunner, RegressionService, type FitRunner, type ServiceMetrics } from './service/index.js';
import { FitWorkerPool } from './workers/fitWorkerPool.js';

/** What the composition root may be handed instead of building it (tests pass a repository). */
export interface CompositionOverrides {
  readonly repository?: ModelRepository;
  readonly logger?: Logger;
  /**
   * The bundled fit worker (dist/fitWorker.mjs): the local server passes it to compute fits on
   * worker threads (FIT_WORKERS); without it, fits are computed in the calling thread, as the
   * Lambda function (one request at a time) and in-process tests do.
   */
  readonly fitWorkerScript?: URL;
  /** Where the service counts fits, predictions and failures (the Lambda's CloudWatch metrics); default: nowhere. */
  readonly metrics?: ServiceMetrics | undefined;
  /** Traces store calls and fit computations (the Lambda's X-Ray tracing, when on). */
  readonly tracing?: Tracing | undefined;
  /**
   * The directory of GraphiQL's bundled files (dist/web/graphiql, scripts/build-web.mjs): the local
   * server passes it; without it (the Lambda bundle), or when it holds no build, the landing page
   * is Apollo Sandbox.
   */
  readonly explorerDirectory?: URL;
}

/**
 * The one composition root: configuration → repository → service → GraphQL and REST. The
 * local server and the Lambda handler both call this; they differ only in transport.
 */
export function composeApplication(config: Config, overrides: CompositionOverrides = {}): HttpApplication {
  const logger = overrides.logger ?? new Logger({ serviceName: 'serverless-regression', logLevel: config.logLevel });
  const { metrics, tracing } = overrides;
  const store = overrides.repository ?? createRepository(config, logger);
  const repository = tracing ? tracedRepository(store, tracing) : store;
  const computation = createFitRunner(config, overrides.fitWorkerScript);
  const runner = tracing ? tracedFitRunner(computation, tracing) : computation;
  const service = new RegressionService({ repository, limits: config.limits, budget: config.budget, runner, metrics });
  const explorer = graphiqlFiles(config, overrides.explorerDirectory);
  const apollo = createApolloServer({
    logger,
    // Sandbox only where GraphiQL does not answer browsers.
    landingPage: config.landingPage && explorer === undefined,
    introspection: config.introspection,
    limits: config.graphqlLimits,
  });
  return {
    service,
    apollo,
    cors: { allowedOrigins: config.corsAllowedOrigins, allowedHeaders: config.corsAllowedHeaders },
    tenancy: { tenantClaim: config.tenantClaim, apiKeys: config.apiKeys },
    maxBodyBytes: config.maxBodyBytes,
    maxColumns: config.limits.maxColumns,
    logger,
    page: { maxBodyBytes: config.maxBodyBytes, apiKeyRequired: config.apiKeys.size > 0 },
    landingPage: config.landingPage,
    explorer,
  };
}

function graphiqlFiles(config: Config, directory: URL | undefined): ExplorerFiles | undefined {
  if (!config.landingPage || config.explorer !== 'graphiql' || directory === undefined) return undefined;
  return existsSync(new URL(ExplorerFiles.NAMES[0] as string, directory)) ? new ExplorerFiles(directory) : undefined;
}

function createFitRunner(config: Config, script: URL | undefined): FitRunner {
  const size = config.fitWorkers === 'auto' ? availableParallelism() : config.fitWorkers;
  if (script === undefined || size === 0) return inThreadFitRunner;
  return new FitWorkerPool({ script, size, queueLength: config.fitQueueLength });
}

function createRepository(config: Config, logger: Logger): ModelRepository {
  const store = config.store;
  switch (store.kind) {
    case 'file': {
      // Cached like S3: a prediction then reads a parsed model from memory (models never
      // change once stored, and a delete through this process evicts it).
      const repository = new FileSystemModelRepository(store.directory);
      void removeCrashDebris(repository, store.directory, logger);
      return config.modelCacheBytes > 0 ? new CachingModelRepository(repository, config.modelCacheBytes) : repository;
    }
    case 's3': {
      const repository = new S3ModelRepository(
        {
          endpoint: store.endpoint,
          region: store.region,
          maxAttempts: store.maxAttempts,
          requestTimeoutMs: store.requestTimeoutMs,
        },
        store.bucket,
      );
      return config.modelCacheBytes > 0 ? new CachingModelRepository(repository, config.modelCacheBytes) : repository;
    }
    default: {
      const unreachable: never = store;
      return unreachable;
    }
  }
}

/**
 * At start-up, in the background: the temporary files of writes a crash cut short are removed
 * (only stale ones, see FileSystemModelRepository.removeStaleTemporaries), and logged.
 */
async function removeCrashDebris(
  repository: FileSystemModelRepository,
  directory: string,
  logger: Logger,
): Promise<void> {
  const { removed, failed } = await repository.removeStaleTemporaries();
  // The first 100 names: enough to see what happened, however much a crash left.
  if (removed.length > 0) {
    logger.info('removed stale temporary files', { directory, count: removed.length, files: removed.slice(0, 100) });
  }
  if (failed.length > 0) {
    const first = failed.slice(0, 100);
    logger.warn('could not remove stale temporary files', { directory, count: failed.length, failed: first });
  }
}
