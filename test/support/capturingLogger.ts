import { Logger } from '@aws-lambda-powertools/logger';
import type { LogItem } from '@aws-lambda-powertools/logger';

/**
 * A Powertools Logger that keeps its JSON lines instead of printing them: the same records,
 * built and serialised by Powertools' own code (`printLog` is its documented extension point),
 * so a test can read exactly what would have gone to CloudWatch.
 */
export class CapturingLogger extends Logger {
  readonly lines: Record<string, any>[] = [];

  constructor() {
    super({ serviceName: 'serverless-regression', logLevel: 'DEBUG' });
  }

  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    this.lines.push(JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())) as Record<string, any>);
  }

  /** The lines that carry this request id. */
  linesOf(requestId: string): Record<string, any>[] {
    return this.lines.filter((line) => line.requestId === requestId);
  }
}
