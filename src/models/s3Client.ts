import { S3Client } from '@aws-sdk/client-s3';

/** How to reach S3 (or an S3-compatible server). */
export interface S3ClientSettings {
  /** An S3-compatible endpoint such as `http://127.0.0.1:4569`; unset for AWS. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Attempts per request, the first included (the SDK retries transient failures with backoff). */
  readonly maxAttempts?: number | undefined;
  readonly connectionTimeoutMs?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
}

/**
 * An S3 client that works against AWS and S3-compatible servers unchanged: path-style
 * addressing only when an endpoint is given, and checksums only when S3 requires them
 * (servers such as s3rver would otherwise store the SDK's aws-chunked framing as the bytes).
 */
export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client({
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    region: settings.region ?? 'us-east-1',
    maxAttempts: settings.maxAttempts ?? 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Options of the SDK's own Node HTTP handler (passed as a plain object, so only the SDK is imported).
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs ?? 3_000,
      // A request that outlives this fails (and is retried) instead of only logging a warning.
      requestTimeout: settings.requestTimeoutMs ?? 10_000,
      throwOnRequestTimeout: true,
    },
  });
}
