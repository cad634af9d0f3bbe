/**
 * events/ for `sam local invoke`: each file is an API Gateway HTTP API payload 2.0 event of a
 * route the template defines, exactly as scripts/events.mjs makes it, and the fit → predict chain
 * of scripts/sam-fit-then-predict.mjs works. SAM needs Docker, which the tests do not have: they
 * run the same chain with the bundle SAM deploys, two invocations in two processes (two
 * containers) sharing the file store, reading each result from the process's stdout with the
 * script's own code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { yamlParse } from 'yaml-cfn';
// @ts-expect-error: plain ES modules without types.
import { lambdaOptions } from '../../scripts/build.mjs';
import {
  jsonBodyOf,
  modelIdOf,
  PLACEHOLDER_MODEL_ID,
  PREDICT_AFTER,
  resultOfInvokeOutput,
  sampleEvents,
  withModelId,
  // @ts-expect-error: plain ES modules without types.
} from '../../scripts/events.mjs';
import { expectClose } from '../support/assertions.js';
import { SEED_EXPECTED } from '../support/seed.js';

type Json = any;

const files = readdirSync('events').filter((file) => file.endsWith('.json'));
const events: [string, Json][] = files.map((file) => [
  file.slice(0, -'.json'.length),
  JSON.parse(readFileSync(join('events', file), 'utf8')),
]);
const template: Json = yamlParse(readFileSync('template.yaml', 'utf8'));
/** Every route of every function of the template, as API Gateway writes routeKey. */
const routes = new Set(
  Object.values(template.Resources as Record<string, Json>)
    .filter((resource) => resource.Type === 'AWS::Serverless::Function')
    .flatMap((fn) => Object.values(fn.Properties.Events as Record<string, Json>))
    .map((event) => `${event.Properties.Method} ${event.Properties.Path}`),
);

describe('events/', () => {
  it('holds exactly the events scripts/events.mjs makes (node scripts/make-events.mjs)', () => {
    const made = sampleEvents() as Record<string, Json>;
    expect(Object.fromEntries(events)).toEqual(made);
    expect(files.length).toBe(Object.keys(made).length);
  });

  it.each(events)('%s is an API Gateway HTTP API (payload 2.0) event of a route of template.yaml', (_name, event) => {
    expect(event.version).toBe('2.0');
    const { http } = event.requestContext;
    expect(event.routeKey).toBe(`${http.method} ${event.rawPath}`);
    expect(event.requestContext.routeKey).toBe(event.routeKey);
    expect(http.path).toBe(event.rawPath);
    expect(routes).toContain(event.routeKey);
    expect(typeof event.rawQueryString).toBe('string');
    expect(event.requestContext.stage).toBe('$default');
    expect(event.requestContext.requestId).toMatch(/^[\w-]+$/);
    expect(Number.isInteger(event.requestContext.timeEpoch)).toBe(true);
    // API Gateway sends header names in lower case.
    for (const name of Object.keys(event.headers)) expect(name).toBe(name.toLowerCase());
    expect(typeof event.isBase64Encoded).toBe('boolean');
    if (event.body === undefined) {
      expect(event.headers['content-length']).toBeUndefined();
    } else {
      const bytes = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
      expect(event.headers['content-length']).toBe(String(bytes.length));
      expect(event.headers['content-type']).toBe('application/json');
      expect(() => jsonBodyOf(event)).not.toThrow();
    }
  });

  it('has no CORS preflight: API Gateway answers those itself and never invokes the function', () => {
    expect(events.filter(([, event]) => event.requestContext.http.method === 'OPTIONS')).toEqual([]);
    const apis = Object.values(template.Resources as Record<string, Json>).filter(
      (resource) => resource.Type === 'AWS::Serverless::HttpApi',
    );
    for (const api of apis) expect(api.Properties.CorsConfiguration).toBeDefined();
    expect([...routes].filter((route) => route.startsWith('OPTIONS'))).toEqual([]);
  });

  it('gives each fit event a predict event whose placeholder id the chain replaces', () => {
    for (const [fit, predict] of Object.entries(PREDICT_AFTER as Record<string, string>)) {
      expect(files).toContain(`${fit}.json`);
      const event = events.find(([name]) => name === predict)![1];
      expect(JSON.stringify(jsonBodyOf(event))).toContain(PLACEHOLDER_MODEL_ID);
    }
  });
});

describe('the chain of scripts/sam-fit-then-predict.mjs', () => {
  it('replaces the id in a base64 body or a plain one, and its content-length', () => {
    const id = '01a23efa-997e-715a-b05d-f44b7798b500';
    for (const [name, event] of events.filter(([name]) => name.endsWith('-predict'))) {
      for (const base64 of [false, true]) {
        const encoded = { ...event, isBase64Encoded: true, body: Buffer.from(event.body).toString('base64') };
        const original = base64 ? encoded : event;
        const replaced = withModelId(original, id);
        expect(replaced.isBase64Encoded, name).toBe(base64);
        const text = JSON.stringify(jsonBodyOf(replaced));
        expect(text).toContain(id);
        expect(text).not.toContain(PLACEHOLDER_MODEL_ID);
        expect(replaced.headers['content-length']).toBe(String(Buffer.byteLength(text)));
        // Nothing but the id changed.
        expect(text.replace(id, PLACEHOLDER_MODEL_ID)).toBe(JSON.stringify(jsonBodyOf(original)));
      }
    }
    const fit = events.find(([name]) => name === 'rest-fit')![1];
    expect(() => withModelId(fit, id)).toThrow(/no modelId/);
  });

  it('finds the result in what sam prints around it, and says why there is no id', () => {
    const result = { statusCode: 200, headers: {}, body: JSON.stringify({ modelId: 'm-1', modelInfo: {} }) };
    const log = '{"level":"INFO","message":"request"}';
    const lines = ['Invoking lambda.handler (nodejs22.x)', log, JSON.stringify(result)];
    const output = lines.join('\n');
    expect(modelIdOf(resultOfInvokeOutput(output))).toBe('m-1');
    const graphql = { statusCode: 200, body: JSON.stringify({ data: { fitModel: { id: 'm-2' } } }) };
    expect(modelIdOf(graphql)).toBe('m-2');
    const refused = {
      statusCode: 400,
      body: JSON.stringify({ error: { code: 'BAD_USER_INPUT', reason: 'FORMULA_SYNTAX' } }),
    };
    expect(() => modelIdOf(refused)).toThrow(/status 400.*FORMULA_SYNTAX/);
    const noDocker = 'Error: Running AWS SAM projects locally requires Docker.';
    expect(() => resultOfInvokeOutput(noDocker)).toThrow(/no Lambda result/);
  });

  describe('run with the bundled handler, each invocation in its own process, on the file store', () => {
    let directory: string;
    let bundle: string;

    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'sam-chain-'));
      bundle = join(directory, 'lambda.mjs');
      await build({ ...lambdaOptions, outfile: bundle });
    });

    /** One `sam local invoke`: a fresh process on the event file; its stdout (logs included). */
    async function invoke(eventFile: string): Promise<string> {
      const child = spawn(process.execPath, ['test/support/invokeLambdaEvents.mjs', bundle, eventFile], {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          LOG_LEVEL: 'INFO',
          MODEL_DIR: join(directory, 'models'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, stderr.slice(-2000)).toBe(0);
      return stdout;
    }

    const chains = Object.entries(PREDICT_AFTER as Record<string, string>);
    it.each(chains)(
      '%s, then %s with the id it answered',
      async (fit, predict) => {
        const fitted = resultOfInvokeOutput(await invoke(join('events', `${fit}.json`)));
        const modelId: string = modelIdOf(fitted);
        // Stored where the file store keeps models.
        expect(existsSync(join(directory, 'models', 'models', `${modelId}.json`))).toBe(true);
        const body = jsonBodyOf(fitted);
        const graphqlCoefficients = (): Json =>
          Object.fromEntries(body.data.fitModel.coefficients.map((c: Json) => [c.name, { se: c.stdError }]));
        const coefficients = body.modelInfo ?? graphqlCoefficients();
        expectClose(coefficients.Intercept.se, SEED_EXPECTED.Intercept.se);
        const predictFile = join(directory, `${predict}.json`);
        const predictEvent = JSON.parse(readFileSync(join('events', `${predict}.json`), 'utf8'));
        await writeFile(predictFile, JSON.stringify(withModelId(predictEvent, modelId)));
        const predicted = resultOfInvokeOutput(await invoke(predictFile));
        expect(predicted.statusCode, predicted.body).toBe(200);
        const answer = jsonBodyOf(predicted);
        if (predict === 'rest-predict') {
          expectClose(answer.prediction, 100);
        } else {
          expect(answer.errors).toBeUndefined();
          const { predict: outcome } = answer.data;
          expect(outcome.modelId).toBe(modelId);
          expectClose(outcome.predictions[0], 100);
          expectClose(outcome.predictions[1], 90);
          for (const [index, row] of outcome.rows.entries()) {
            expect(row.lower).toBeLessThan(outcome.predictions[index]);
            expect(row.upper).toBeGreaterThan(outcome.predictions[index]);
          }
        }
      },
      60_000,
    );

    it('predicts nothing from the placeholder id as written: a 404 that names it', async () => {
      const result = resultOfInvokeOutput(await invoke(join('events', 'rest-predict.json')));
      expect(result.statusCode).toBe(404);
      expect(jsonBodyOf(result).error.message).toContain(PLACEHOLDER_MODEL_ID);
    });
  });
});
