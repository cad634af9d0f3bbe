/**
 * AWS X-Ray tracing through Powertools' Tracer. The Tracer (with aws-xray-sdk-core) is imported
 * only by `loadXRayTracing`, which the Lambda entry point calls only when tracing is on (config
 * `tracing`): off Lambda, under `sam local` or with POWERTOOLS_TRACE_ENABLED=false its modules
 * are never evaluated, and http/https are never patched (docs/performance.md).
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { toPublicError } from '../service/index.js';
import type { Tracing } from './tracing.js';

type Segment = NonNullable<ReturnType<Tracer['getSegment']>>;

/** The X-Ray tracing of a Lambda function: Powertools' Tracer, loaded now. */
export async function loadXRayTracing(serviceName: string): Promise<Tracing> {
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new XRayTracing(new Tracer({ serviceName }));
}

class XRayTracing implements Tracing {
  constructor(private readonly tracer: Tracer) {}

  async invocation<T extends { readonly statusCode?: number | undefined }>(
    annotations: Readonly<Record<string, string>>,
    work: () => Promise<T>,
  ): Promise<T> {
    // The name Powertools' captureLambdaHandler gives the handler's subsegment.
    return this.within(`## ${process.env._HANDLER ?? 'handler'}`, async (subsegment) => {
      this.tracer.annotateColdStart();
      this.tracer.addServiceNameAnnotation();
      for (const [key, value] of Object.entries(annotations)) subsegment?.addAnnotation(key, value);
      const result = await work();
      if (subsegment) flag(subsegment, result.statusCode ?? 200);
      return result;
    });
  }

  trace<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.within(name, () => work());
  }

  /** Runs `work` in a new subsegment of the current segment (or alone, when there is none). */
  private async within<T>(name: string, work: (subsegment: Segment | undefined) => Promise<T>): Promise<T> {
    const parent = this.tracer.getSegment();
    if (parent === undefined) return work(undefined);
    const subsegment = parent.addNewSubsegment(name);
    this.tracer.setSegment(subsegment);
    try {
      return await work(subsegment);
    } catch (error) {
      const status = toPublicError(error).status;
      flag(subsegment, status);
      // A fault's error (with its stack) goes in the trace; a client's mistake is only flagged.
      if (status >= 500) subsegment.addError(error instanceof Error ? error : String(error));
      throw error;
    } finally {
      subsegment.close();
      this.tracer.setSegment(parent);
    }
  }
}

/** X-Ray's convention: 4xx is an error, 5xx a fault. */
function flag(subsegment: Segment, status: number): void {
  if (status >= 500) subsegment.addFaultFlag();
  else if (status >= 400) subsegment.addErrorFlag();
}
