/**
 * What the Lambda function adds to the application for operating it: per invocation, the Lambda
 * context (request id, cold start) in every log line, the cold-start metric, the handler's X-Ray
 * subsegment, and the invocation's metrics published at its end. Powertools' decorators and Middy
 * middlewares do the same for class or Middy handlers; this is that, for a plain function.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Config } from '../config.js';
import type { ServiceMetrics } from '../service/index.js';
import { CloudWatchServiceMetrics, METRICS_NAMESPACE } from './cloudWatchMetrics.js';
import type { Tracing } from './tracing.js';
import { loadXRayTracing } from './xrayTracing.js';

const SERVICE_NAME = 'serverless-regression';

/** The Lambda function's logger, metrics and (when on) tracing, built once per container. */
export interface LambdaObservability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracing?: Tracing | undefined;
  /** What the composition root is handed: the same logger, the service's metrics and tracing. */
  readonly composition: {
    readonly logger: Logger;
    readonly metrics: ServiceMetrics;
    readonly tracing?: Tracing | undefined;
  };
}

export async function lambdaObservability(config: Config): Promise<LambdaObservability> {
  const logger = new Logger({ serviceName: SERVICE_NAME, logLevel: config.logLevel });
  // Powertools' own warnings (an invalid dimension, …) go to the same JSON log.
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });
  const tracing = config.tracing ? await loadXRayTracing(SERVICE_NAME) : undefined;
  const composition = { logger, metrics: new CloudWatchServiceMetrics(metrics, logger), tracing };
  return { logger, metrics, tracing, composition };
}

type Result = APIGatewayProxyStructuredResultV2;
/** A handler as the Apollo integration returns it (always a promise; no callback). */
type AsyncHandler = (event: APIGatewayProxyEventV2, context: Context, callback: () => void) => void | Promise<Result>;

/** The handler, observed per invocation (see the file's header). */
export function observeInvocations(
  handler: AsyncHandler,
  { logger, metrics, tracing }: Pick<LambdaObservability, 'logger' | 'metrics' | 'tracing'>,
): (event: APIGatewayProxyEventV2, context: Context) => Promise<Result> {
  const answer = async (event: APIGatewayProxyEventV2, context: Context): Promise<Result> => {
    const result = await handler(event, context, () => undefined);
    if (result === undefined) throw new Error('the handler answered through its callback, which is not supported');
    return result;
  };
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    try {
      if (tracing === undefined) return await answer(event, context);
      return await tracing.invocation({ route: event.routeKey }, () => answer(event, context));
    } finally {
      // Only when there is something: Powertools warns about an empty publish.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
