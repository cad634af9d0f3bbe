/**
 * A client typed by codegen.client.yml: the generated operation types carry the service's scalars
 * (an id is a string, a timestamp a string, an estimate a number or null — never `unknown`), and
 * the typed documents run as they are against the local server. tsc checks the types below.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { SEED_FIT_BODY } from '../support/seed.js';
import {
  DeleteDocument,
  FitDocument,
  ModelsDocument,
  PredictionDocument,
  type FitMutation,
  type ModelsQuery,
  type PredictionQuery,
} from './__generated__/operations.js';

let server: LocalServer;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'client-types-'));
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
});

afterAll(async () => {
  await server.close();
});

/** Sends a typed document; its answer's type is the document's. */
async function send<R, V>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const { data, errors } = (await response.json()) as { data: R; errors?: unknown };
  expect(errors).toBeUndefined();
  return data;
}

describe('codegen.client.yml types', () => {
  it('type the answers with the service’s scalars, and the documents run', async () => {
    expectTypeOf<FitMutation['fitModel']['id']>().toEqualTypeOf<string>();
    expectTypeOf<FitMutation['fitModel']['createdAt']>().toEqualTypeOf<string>();
    expectTypeOf<FitMutation['fitModel']['coefficients'][number]['estimate']>().toEqualTypeOf<number | null>();
    expectTypeOf<PredictionQuery['prediction']['rows'][number]['stdErrorReason']>().toEqualTypeOf<
      'OVERFLOW' | 'UNBOUNDED_COVARIANCE' | null
    >();
    expectTypeOf<ModelsQuery['models']['totalCount']>().toEqualTypeOf<number>();

    const fitted = await send(FitDocument, {
      input: { formula: SEED_FIT_BODY.formula, data: SEED_FIT_BODY.data, name: 'typed' },
    });
    expect(typeof fitted.fitModel.id).toBe('string');
    expect(Number.isNaN(Date.parse(fitted.fitModel.createdAt))).toBe(false);
    expect(fitted.fitModel.coefficients.map((c) => c.name)).toEqual(['Intercept', 'Treatment[T.B]']);
    const predicted = await send(PredictionDocument, {
      input: { modelId: fitted.fitModel.id, data: [{ Treatment: 'B' }], interval: 'PREDICTION' },
    });
    expect(predicted.prediction.predictions).toHaveLength(1);
    const listed = await send(ModelsDocument, { first: 5, orderBy: 'NEWEST_FIRST', name: 'typed' });
    expect(listed.models.totalCount).toBe(1);
    const deleted = await send(DeleteDocument, { id: fitted.fitModel.id });
    expect(deleted.deleteModel).toEqual({ id: fitted.fitModel.id, deleted: true });
  });
});
