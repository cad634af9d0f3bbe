import { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from './config.js';
import { createApolloServer } from './graphql/createApolloServer.js';
import type { HttpApplication } from './http/router.js';
import {
  CachingModelRepository,
  FileSystemModelRepository,
  S3ModelRepository,
  type ModelRepository,
} from './models/index.js';
import { RegressionService } from './service/index.js';

/** What the composition root may be handed instead of building it (tests pass a repository). */
export interface CompositionOverrides {
  readonly repository?: ModelRepository;
  readonly logger?: Logger;
}

/**
 * The one composition root: configuration → repository → service → GraphQL and REST. The
 * local server and the Lambda handler both call this; they differ only in transport.
 */
export function composeApplication(config: Config, overrides: CompositionOverrides = {}): HttpApplication {
  const logger = overrides.logger ?? new Logger({ serviceName: 'serverless-regression', logLevel: config.logLevel });
  const repository = overrides.repository ?? createRepository(config);
  const service = new RegressionService({ repository, limits: config.limits });
  const apollo = createApolloServer({
    logger,
    landingPage: config.landingPage,
    introspection: config.introspection,
    limits: config.graphqlLimits,
  });
  return {
    service,
    apollo,
    cors: { allowedOrigins: config.corsAllowedOrigins },
    tenancy: { tenantClaim: config.tenantClaim, apiKeys: config.apiKeys },
    maxBodyBytes: config.maxBodyBytes,
    maxColumns: config.limits.maxColumns,
    logger,
  };
}

function createRepository(config: Config): ModelRepository {
  const store = config.store;
  switch (store.kind) {
    case 'file': {
      // Cached like S3: a prediction then reads a parsed model from memory (models never
      // change once stored, and a delete through this process evicts it).
      const repository = new FileSystemModelRepository(store.directory);
      return config.modelCacheBytes > 0 ? new CachingModelRepository(repository, config.modelCacheBytes) : repository;
    }
    case 's3': {
      const repository = new S3ModelRepository(
        { endpoint: store.endpoint, region: store.region, maxAttempts: store.maxAttempts, requestTimeoutMs: store.requestTimeoutMs },
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
