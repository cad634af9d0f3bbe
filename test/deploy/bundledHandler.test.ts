import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types.
import { lambdaOptions, NEVER_LOADED } from '../../scripts/build.mjs';
import { lambdaContext } from '../support/apiGatewayEvents.js';
import { expectClose } from '../support/assertions.js';
import { expectSeedCoefficients, SEED_EXPECTED } from '../support/seed.js';
import type { FaultProxy } from '../support/faultProxy.js';
import { startFaultyS3 } from '../support/faultyS3.js';
import type { LocalS3 } from '../support/s3rver.js';

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

let s3: LocalS3;
// A pass-through proxy in front of s3rver that records every S3 request the handler makes.
let proxy: FaultProxy;
let handler: Handler;
let bundlePath: string;
let externalImports: string[];

/** A sample event from events/, as `sam local invoke -e` would send it. */
async function sampleEvent(name: string): Promise<APIGatewayProxyEventV2> {
  return JSON.parse(await readFile(join('events', `${name}.json`), 'utf8')) as APIGatewayProxyEventV2;
}

/** The same event with a new JSON body (kept base64 if the sample was). */
function withBody(event: APIGatewayProxyEventV2, body: unknown): APIGatewayProxyEventV2 {
  const text = JSON.stringify(body);
  return { ...event, body: event.isBase64Encoded ? Buffer.from(text).toString('base64') : text };
}

function bodyOf(event: APIGatewayProxyEventV2): any {
  return JSON.parse(event.isBase64Encoded ? Buffer.from(event.body!, 'base64').toString('utf8') : event.body!);
}

async function invoke(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2 & { json: any }> {
  const result = await handler(event, lambdaContext());
  const json =
    result.body && String(result.headers?.['content-type'] ?? '').includes('json')
      ? JSON.parse(result.body)
      : undefined;
  return { ...result, json };
}

beforeAll(async () => {
  // The bundle SAM deploys: the same esbuild options, built fresh into a temporary directory.
  const outdir = await mkdtemp(join(tmpdir(), 'lambda-bundle-'));
  bundlePath = join(outdir, 'lambda.mjs');
  const result = await build({ ...lambdaOptions, outfile: bundlePath, metafile: true });
  const output = Object.values(result.metafile!.outputs).find((candidate) => candidate.entryPoint !== undefined)!;
  externalImports = output.imports.filter((entry) => entry.external).map((entry) => entry.path);
  const started = await startFaultyS3();
  ({ s3, proxy } = started);
  Object.assign(process.env, {
    MODEL_BUCKET: started.bucket,
    S3_ENDPOINT: started.endpoint,
    AWS_REGION: 'us-east-1',
    NODE_ENV: 'production',
    LANDING_PAGE: 'true',
    CORS_ALLOWED_ORIGINS: 'https://app.example.com',
    LOG_LEVEL: 'SILENT',
    // Its metric lines would print in the test run's output (they are read in lambdaObservability.test.ts).
    POWERTOOLS_METRICS_DISABLED: 'true',
    // With a graph key Apollo would import its reporting plugins, which the bundle leaves out:
    // the explicitly disabled plugins must keep it from trying.
    APOLLO_KEY: 'service:bench-graph:not-a-real-key',
    APOLLO_GRAPH_REF: 'bench-graph@current',
  });
  ({ handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: Handler });
});

afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});

describe('the bundled Lambda handler (esbuild output) against S3 on s3rver', () => {
  it('is one self-contained, minified ES module exporting the handler', async () => {
    // Self-contained: it imports nothing but Node's own modules, so SAM deploys the one file;
    // the only other imports are Apollo's reporting plugins, disabled and so never loaded.
    const { builtinModules } = await import('node:module');
    const neverLoaded = (NEVER_LOADED as string[]).map((pattern) => pattern.replace('*/', './'));
    for (const specifier of externalImports) {
      if (neverLoaded.includes(specifier)) continue;
      expect(builtinModules).toContain(specifier.replace(/^node:/, ''));
    }
    // No source map beside it: SAM would turn --enable-source-maps on for one (scripts/build.mjs).
    await expect(stat(`${bundlePath}.map`)).rejects.toThrow(/ENOENT/);
    expect(await readFile(bundlePath, 'utf8')).not.toContain('sourceMappingURL');
    expect(typeof handler).toBe('function');
  });

  it('fits through GraphQL from the base64 sample event and stores the model in S3', async () => {
    const event = await sampleEvent('graphql-fit');
    expect(event.isBase64Encoded).toBe(true);
    const fitted = await invoke(event);
    expect(fitted.statusCode).toBe(200);
    expect(fitted.json.errors).toBeUndefined();
    const model = fitted.json.data.fitModel;
    expectSeedCoefficients(model.coefficients);
    const predictEvent = await sampleEvent('graphql-predict');
    const request = bodyOf(predictEvent);
    request.variables.input.modelId = model.id;
    const predicted = await invoke(withBody(predictEvent, request));
    expect(predicted.json.errors).toBeUndefined();
    expectClose(predicted.json.data.predict.predictions[0], 100);
    expectClose(predicted.json.data.predict.predictions[1], 90);
    const listed = await invoke(await sampleEvent('graphql-models'));
    expect(listed.json.data.models.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(model.id);
  });

  it('serves the seed REST routes from the sample events', async () => {
    const fitted = await invoke(await sampleEvent('rest-fit'));
    expect(fitted.statusCode).toBe(200);
    expect(Object.keys(fitted.json).sort()).toEqual(['modelId', 'modelInfo']);
    expectClose(fitted.json.modelInfo.Intercept.se, SEED_EXPECTED.Intercept.se);
    const predictEvent = await sampleEvent('rest-predict');
    const predicted = await invoke(withBody(predictEvent, { ...bodyOf(predictEvent), modelId: fitted.json.modelId }));
    expect(predicted.statusCode).toBe(200);
    expectClose(predicted.json.prediction, 100);
    const unknown = await invoke(await sampleEvent('rest-predict'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json.error.code).toBe('NOT_FOUND');
  });

  it('reads a model from S3 at most once per container, and never serves one it deleted', async () => {
    const fitted = await invoke(await sampleEvent('rest-fit'));
    const modelId: string = fitted.json.modelId;
    const predictEvent = await sampleEvent('rest-predict');
    const reads = () =>
      proxy.log.filter((entry) => entry.request.startsWith('GET') && entry.request.includes(modelId)).length;
    for (let i = 0; i < 5; i++) {
      const predicted = await invoke(withBody(predictEvent, { modelId, data: { Treatment: 'B' } }));
      expectClose(predicted.json.prediction, 90);
    }
    expect(reads()).toBeLessThanOrEqual(1);
    const deleted = await invoke(
      withBody(await sampleEvent('graphql-models'), {
        query: 'mutation($id: ID!) { deleteModel(id: $id) { id deleted } }',
        variables: { id: modelId },
      }),
    );
    expect(deleted.json.data.deleteModel).toEqual({ id: modelId, deleted: true });
    const afterDelete = await invoke(withBody(predictEvent, { modelId, data: { Treatment: 'B' } }));
    expect(afterDelete.statusCode).toBe(404);
  });

  it('serves the landing page on GET when enabled', async () => {
    const landing = await invoke(await sampleEvent('graphql-landing-page'));
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain('<!DOCTYPE html>');
  });
});
