/**
 * What the service reports about its work, for dashboards and alarms. The service depends on
 * this interface only: the Lambda function gives it CloudWatch metrics (src/observability/),
 * the local server and the tests the no-op. Implementations must not throw: a metric that cannot
 * be recorded must never fail the request it describes.
 */
export interface ServiceMetrics {
  /** A model was fitted from `rows` rows (those the fit used) and stored, `seconds` after the service was asked. */
  fitted(rows: number, seconds: number): void;
  /** `rows` rows were predicted from a stored model. */
  predicted(rows: number): void;
  /** A fit or a prediction failed; `reason` is the public reason its client was told (FORMULA_SYNTAX, INTERNAL…). */
  failed(operation: ServiceOperation, reason: string): void;
}

/** The operations whose failures are counted. */
export type ServiceOperation = 'fit' | 'predict';

/** Reports nothing. */
export const NO_METRICS: ServiceMetrics = {
  fitted: () => undefined,
  predicted: () => undefined,
  failed: () => undefined,
};
