/**
 * Powertools in the built Lambda bundle, read from what it writes: its stdout in a child process
 * (as CloudWatch Logs receives it: JSON log lines and Embedded Metric Format lines) and, with
 * tracing on, the X-Ray segments the SDK sends to the daemon's UDP address (here a loopback
 * socket of the test). Each child process is one Lambda container (test/support/invokeLambdaEvents.mjs).
 */
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ES modules without types.
import { lambdaOptions } from '../../scripts/build.mjs';
// @ts-expect-error: plain ES modules without types.
import { modelIdOf, PLACEHOLDER_MODEL_ID, withModelId } from '../../scripts/events.mjs';
import { httpApiEvent } from '../support/apiGatewayEvents.js';
import { startLocalS3, type LocalS3 } from '../support/s3rver.js';
import { SEED_FIT_BODY } from '../support/seed.js';

type Json = Record<string, any>;

/** What one invocation wrote before its result, and the result. */
interface Invocation {
  /** Its log and metric lines, in the order written. */
  readonly lines: Json[];
  readonly logs: Json[];
  readonly metrics: Json[];
  readonly result: Json;
}

let directory: string;
let bundle: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lambda-observability-'));
  bundle = join(directory, 'lambda.mjs');
  await build({ ...lambdaOptions, outfile: bundle });
});

/** Writes an event to a file of its own. */
async function eventFile(name: string, event: unknown): Promise<string> {
  const file = join(directory, `${name}.json`);
  await writeFile(file, JSON.stringify(event));
  return file;
}

/** Runs the events through one container (a child process); its stdout, split by invocation. */
async function runContainer(eventFiles: string[], env: Record<string, string> = {}): Promise<Invocation[]> {
  const child = spawn(process.execPath, ['test/support/invokeLambdaEvents.mjs', bundle, ...eventFiles], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'INFO',
      MODEL_DIR: join(directory, 'models'),
      // What Lambda sets in an on-demand container: Powertools' cold start is known only then.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, stderr.slice(-2000)).toBe(0);
  const invocations: Invocation[] = [];
  let lines: Json[] = [];
  for (const text of stdout.trim().split('\n')) {
    const value = JSON.parse(text) as Json;
    if ('_aws' in value || 'level' in value) lines.push(value);
    else {
      expect(value).toHaveProperty('statusCode');
      const logs = lines.filter((line) => 'level' in line);
      const metrics = lines.filter((line) => '_aws' in line);
      invocations.push({ lines, logs, metrics, result: value });
      lines = [];
    }
  }
  expect(invocations).toHaveLength(eventFiles.length);
  return invocations;
}

/**
 * An EMF line as CloudWatch reads it: one namespace, each metric's value at the root as a number
 * (or a list of numbers), each dimension's value at the root as a string. Answers metric → value.
 */
interface EmfMetrics {
  readonly namespace: string;
  readonly dimensions: string[][];
  readonly units: Record<string, string>;
  readonly values: Record<string, number>;
}

function emf(line: Json): EmfMetrics {
  const [directive, ...others] = line._aws.CloudWatchMetrics;
  expect(others).toEqual([]);
  expect(Number.isInteger(line._aws.Timestamp)).toBe(true);
  const units: Record<string, string> = {};
  const values: Record<string, number> = {};
  for (const { Name, Unit } of directive.Metrics) {
    units[Name] = Unit;
    const value = line[Name];
    const numbers = [value].flat();
    expect(
      numbers.every((number: unknown) => typeof number === 'number' && Number.isFinite(number)),
      Name,
    ).toBe(true);
    values[Name] = numbers.reduce((sum: number, number: number) => sum + number, 0);
  }
  for (const dimension of directive.Dimensions.flat()) expect(typeof line[dimension], dimension).toBe('string');
  return { namespace: directive.Namespace, dimensions: directive.Dimensions, units, values };
}

/** The invocation's metrics line that holds `name`. */
function metricLine(invocation: Invocation, name: string) {
  const lines = invocation.metrics.filter((line) => namesOf(line).includes(name));
  expect(lines, `one line with ${name}`).toHaveLength(1);
  return { ...emf(lines[0]!), line: lines[0]! };
}

function hasMetric(invocation: Invocation, name: string): boolean {
  return invocation.metrics.some((line) => namesOf(line).includes(name));
}

/** The metrics an EMF line defines. */
function namesOf(line: Json): string[] {
  return line._aws.CloudWatchMetrics[0].Metrics.map((metric: Json) => metric.Name);
}

describe('the built Lambda handler, observed by Powertools', () => {
  let fits: Invocation[];
  let predictions: Invocation[];

  beforeAll(async () => {
    const badFormula = httpApiEvent({
      method: 'POST',
      path: '/graphql',
      body: JSON.stringify({
        query: 'mutation Fit($input: FitModelInput!) { fitModel(input: $input) { id } }',
        variables: { input: { ...SEED_FIT_BODY, formula: 'Outcome ~ (Treatment' } },
      }),
    });
    const badFormulaFile = await eventFile('bad-formula', badFormula);
    fits = await runContainer(['events/rest-fit.json', badFormulaFile, 'events/graphql-fit.json']);
    // A second container predicts from the model the first stored (the file store is shared).
    const modelId: string = modelIdOf(fits[0]!.result);
    const sample = async (name: string) => JSON.parse(await readFile(`events/${name}.json`, 'utf8'));
    const restPredict = withModelId(await sample('rest-predict'), modelId);
    const graphqlPredict = withModelId(await sample('graphql-predict'), modelId);
    predictions = await runContainer([
      await eventFile('rest-predict', restPredict),
      await eventFile('graphql-predict', graphqlPredict),
      'events/rest-predict.json',
    ]);
  }, 60_000);

  it('answers as without them', () => {
    expect(fits.map((invocation) => invocation.result.statusCode)).toEqual([200, 200, 200]);
    expect(JSON.parse(fits[1]!.result.body).errors[0].extensions.reason).toBe('FORMULA_SYNTAX');
    expect(predictions.map((invocation) => invocation.result.statusCode)).toEqual([200, 200, 404]);
    expect(JSON.parse(predictions[0]!.result.body).prediction).toBeCloseTo(100, 9);
    expect(JSON.parse(predictions[2]!.result.body).error.message).toContain(PLACEHOLDER_MODEL_ID);
  });

  it('counts a cold start once per container, in the ColdStart metric', () => {
    for (const container of [fits, predictions]) {
      const coldStart = metricLine(container[0]!, 'ColdStart');
      expect(coldStart.namespace).toBe('ServerlessRegression');
      expect(coldStart.dimensions).toEqual([['service', 'function_name']]);
      expect(coldStart.line).toMatchObject({ service: 'serverless-regression', function_name: 'RegressionFunction' });
      expect(coldStart.values).toEqual({ ColdStart: 1 });
      for (const invocation of container.slice(1)) expect(hasMetric(invocation, 'ColdStart')).toBe(false);
    }
  });

  it('puts the Lambda request id and the cold start in every log line', () => {
    for (const container of [fits, predictions]) {
      for (const [index, invocation] of container.entries()) {
        expect(invocation.logs.length).toBeGreaterThan(0);
        for (const line of invocation.logs) {
          expect(line).toMatchObject({
            function_request_id: `lambda-request-${index}`,
            cold_start: index === 0,
            function_name: 'RegressionFunction',
            service: 'serverless-regression',
          });
        }
        // The request's own line, under the id API Gateway gave it (its access log's requestId).
        const request = invocation.logs.find((line) => line.message === 'request')!;
        expect(request.requestId).toBe(invocation.result.headers['x-request-id']);
      }
    }
  });

  it('counts each fit, the rows it used and its duration, published at the end of its invocation', () => {
    for (const invocation of [fits[0]!, fits[2]!]) {
      const fit = metricLine(invocation, 'Fits');
      expect(fit.namespace).toBe('ServerlessRegression');
      expect(fit.dimensions).toEqual([['service']]);
      expect(fit.units).toEqual({ Fits: 'Count', RowsFitted: 'Count', FitDuration: 'Milliseconds' });
      expect(fit.values.Fits).toBe(1);
      // The seed's 10 rows, none dropped.
      expect(fit.values.RowsFitted).toBe(10);
      expect(fit.values.FitDuration).toBeGreaterThan(0);
      expect(fit.values.FitDuration).toBeLessThan(30_000);
      // Written once the invocation's work is done: after its request log line.
      const request = invocation.lines.findIndex((line) => line.message === 'request');
      expect(invocation.lines.indexOf(fit.line)).toBeGreaterThan(request);
    }
    expect(hasMetric(fits[1]!, 'Fits')).toBe(false);
  });

  it('counts each prediction and the rows predicted', () => {
    expect(metricLine(predictions[0]!, 'Predictions').values).toEqual({ Predictions: 1, RowsPredicted: 1 });
    expect(metricLine(predictions[1]!, 'Predictions').values).toEqual({ Predictions: 1, RowsPredicted: 2 });
    expect(hasMetric(predictions[2]!, 'Predictions')).toBe(false);
  });

  it('counts failures by operation and reason', () => {
    const cases: [Invocation, string, string][] = [
      [fits[1]!, 'fit', 'FORMULA_SYNTAX'],
      [predictions[2]!, 'predict', 'MODEL_NOT_FOUND'],
    ];
    for (const [invocation, operation, reason] of cases) {
      const error = metricLine(invocation, 'Errors');
      expect(error.dimensions).toEqual([['service', 'operation', 'reason']]);
      expect(error.line).toMatchObject({ operation, reason });
      expect(error.values).toEqual({ Errors: 1 });
    }
    for (const invocation of [fits[0]!, fits[2]!, predictions[0]!, predictions[1]!]) {
      expect(hasMetric(invocation, 'Errors')).toBe(false);
    }
  });
});

describe('the built Lambda handler with X-Ray tracing on, storing in S3 (s3rver)', () => {
  let daemon: Socket;
  let s3: LocalS3;
  const datagrams: string[] = [];

  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (message) => datagrams.push(String(message)));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    s3 = await startLocalS3();
  });

  afterAll(async () => {
    daemon?.close();
    await s3?.stop();
  });

  /** The subsegments received, in the X-Ray daemon protocol: a JSON header line, then the document. */
  async function subsegments(count: number): Promise<Json[]> {
    for (let wait = 0; datagrams.length < count && wait < 100; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return datagrams.map((datagram) => {
      const [header, document] = datagram.split('\n');
      expect(JSON.parse(header!)).toEqual({ format: 'json', version: 1 });
      return JSON.parse(document!) as Json;
    });
  }

  it('traces the handler, the fit, the store calls and their S3 requests, each in its own subsegment', async () => {
    const { port } = daemon.address() as AddressInfo;
    const traceId = '1-67450a2b-0123456789abcdef01234567';
    const bucket = await s3.createBucket();
    const invocations = await runContainer(['events/rest-fit.json', 'events/rest-predict.json'], {
      MODEL_BUCKET: bucket,
      S3_ENDPOINT: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      // What Lambda sets with Tracing: Active (the facade segment's trace header).
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: directory,
      _HANDLER: 'lambda.handler',
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
    });
    expect(invocations.map((invocation) => invocation.result.statusCode)).toEqual([200, 404]);
    const received = await subsegments(7);
    const byName = (name: string) => received.filter((segment) => segment.name === name);
    const handlers = byName('## lambda.handler');
    expect(handlers).toHaveLength(2);
    expect(handlers.map((segment) => segment.annotations)).toEqual([
      { ColdStart: true, Service: 'serverless-regression', route: 'POST /fit' },
      { ColdStart: false, Service: 'serverless-regression', route: 'POST /predict' },
    ]);
    // The 404 is the client's error (X-Ray's error flag), not a fault.
    expect(handlers[1]).toMatchObject({ error: true });
    expect(handlers[1]!.fault).toBeUndefined();
    const [fit] = byName('fit');
    const [save] = byName('repository.save');
    const [get] = byName('repository.get');
    expect(fit!.parent_id).toBe(handlers[0]!.id);
    expect(save!.parent_id).toBe(handlers[0]!.id);
    expect(get!.parent_id).toBe(handlers[1]!.id);
    // The S3 requests beneath the store calls (the Tracer traces http and https): the model's PUT
    // under the save, and the GET of the unknown model under the get.
    const modelId = JSON.parse(invocations[0]!.result.body).modelId;
    const requests = received.filter((segment) => segment.namespace === 'remote');
    const calls = requests.map((segment) => [
      segment.parent_id,
      segment.http.request.method,
      segment.http.response.status,
    ]);
    expect(calls).toEqual([
      [save!.id, 'PUT', 200],
      [get!.id, 'GET', 404],
    ]);
    expect(new URL(requests[0]!.http.request.url).pathname).toBe(`/${bucket}/models/${modelId}.json`);
    for (const segment of received) {
      expect(segment.trace_id).toBe(traceId);
      expect(segment.end_time).toBeGreaterThanOrEqual(segment.start_time);
    }
    // The fit is computed before it is stored, within the handler's time.
    expect(fit!.end_time).toBeLessThanOrEqual(save!.start_time);
    expect(save!.end_time).toBeLessThanOrEqual(handlers[0]!.end_time);
  });
});
