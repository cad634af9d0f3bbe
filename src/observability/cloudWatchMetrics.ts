/**
 * The service's metrics as CloudWatch metrics, written by Powertools' Metrics in the Embedded
 * Metric Format: JSON lines on stdout that CloudWatch Logs turns into metrics, with no API call
 * in the request path. Each invocation's metrics go out in one line at its end (see
 * lambdaObservability.ts); a failure goes out at once, in a line of its own, because its
 * dimensions (operation, reason) are not those of the others.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { ServiceMetrics, ServiceOperation } from '../service/index.js';

/** The namespace of the service's metrics in CloudWatch. */
export const METRICS_NAMESPACE = 'ServerlessRegression';

/** The metrics' names, as dashboards and alarms know them. */
export const METRIC = {
  fits: 'Fits',
  rowsFitted: 'RowsFitted',
  fitDuration: 'FitDuration',
  predictions: 'Predictions',
  rowsPredicted: 'RowsPredicted',
  errors: 'Errors',
} as const;

export class CloudWatchServiceMetrics implements ServiceMetrics {
  constructor(
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  fitted(rows: number, seconds: number): void {
    this.record(() => {
      this.metrics.addMetric(METRIC.fits, MetricUnit.Count, 1);
      this.metrics.addMetric(METRIC.rowsFitted, MetricUnit.Count, rows);
      this.metrics.addMetric(METRIC.fitDuration, MetricUnit.Milliseconds, seconds * 1000);
    });
  }

  predicted(rows: number): void {
    this.record(() => {
      this.metrics.addMetric(METRIC.predictions, MetricUnit.Count, 1);
      this.metrics.addMetric(METRIC.rowsPredicted, MetricUnit.Count, rows);
    });
  }

  failed(operation: ServiceOperation, reason: string): void {
    this.record(() => {
      const metric = this.metrics.singleMetric();
      metric.addDimension('operation', operation);
      metric.addDimension('reason', reason);
      metric.addMetric(METRIC.errors, MetricUnit.Count, 1);
    });
  }

  /** A metric that cannot be recorded is logged: it never fails the request it describes. */
  private record(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.logger.warn('could not record a metric', { error });
    }
  }
}
