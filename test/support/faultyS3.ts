import { FaultProxy } from './faultProxy.js';
import { startLocalS3, type LocalS3 } from './s3rver.js';

/** A local S3 with a new bucket, reached through a fault-injecting proxy. */
export interface FaultyS3 {
  readonly s3: LocalS3;
  readonly proxy: FaultProxy;
  /** The proxy's endpoint: what the code under test is given. */
  readonly endpoint: string;
  readonly bucket: string;
}

/** Starts s3rver, a bucket on it and a FaultProxy in front of it. */
export async function startFaultyS3(): Promise<FaultyS3> {
  const s3 = await startLocalS3();
  const proxy = new FaultProxy(new URL(s3.endpoint));
  const endpoint = await proxy.start();
  const bucket = await s3.createBucket();
  return { s3, proxy, endpoint, bucket };
}
