import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApplication } from '../../../src/compose.js';
import { loadConfig } from '../../../src/config.js';
import { mimeEssence, sendableWithoutPreflight } from '../../../src/http/csrf.js';
import { handleHttpRequest, type HttpApplication } from '../../../src/application/application.js';
import type { HttpRequest } from '../../../src/http/types.js';
import { InMemoryModelRepository } from '../../../src/models/index.js';
import { SEED_FIT_BODY } from '../../support/seed.js';

let app: HttpApplication;

beforeAll(async () => {
  app = composeApplication(loadConfig({ LOG_LEVEL: 'SILENT' }), { repository: new InMemoryModelRepository() });
  await app.apollo.start();
});

afterAll(async () => {
  await app?.apollo.stop();
});

/** A request as a transport hands it over: headers exactly as given, the body already parsed. */
function request(path: string, headers: Record<string, string>, value: unknown): HttpRequest {
  return { method: 'POST', path, query: '', headers, body: { kind: 'json', value }, bodyBytes: 100, requestId: 'csrf' };
}

/** Whether Apollo Server itself refuses these headers on /graphql as a possible CSRF. */
async function apolloRefuses(headers: Record<string, string>): Promise<boolean> {
  const response = await handleHttpRequest(request('/graphql', headers, { query: '{ __typename }' }), app);
  return response.status === 400 && response.body.includes('Cross-Site Request Forgery');
}

describe('CSRF prevention of the REST routes', () => {
  it('reads the essence of a content type as WHATWG MIME parsing does', () => {
    expect(mimeEssence('Text/Plain ; charset=utf-8')).toBe('text/plain');
    expect(mimeEssence(' \tmultipart/form-data;boundary=x')).toBe('multipart/form-data');
    expect(mimeEssence('application/x-www-form-urlencoded')).toBe('application/x-www-form-urlencoded');
    const invalid = ['', 'text', 'text/', '/plain', 'text /plain', 'text/plain x', 'text/plain/x', 'text/plain,a/b'];
    invalid.push('té/plain');
    for (const type of invalid) {
      expect(mimeEssence(type), JSON.stringify(type)).toBeUndefined();
    }
  });

  it('refuses exactly the headers Apollo Server refuses on /graphql, whatever the content type', async () => {
    const unit = fc.constantFrom(
      'text',
      'plain',
      'TEXT/PLAIN',
      'application',
      'x-www-form-urlencoded',
      'multipart',
      'form-data',
      'json',
      '/',
      ';',
      ' ',
      '\t',
      '\n',
      '\r',
      ',',
      '=',
      '"',
      'a',
      'é',
      '\u000b',
      'charset=utf-8',
    );
    // Simple types dressed up (case, whitespace, parameters), pieces of types, and any string.
    const simple = fc
      .tuple(
        fc.constantFrom('', ' ', '\t', 'x'),
        fc.constantFrom('text/plain', 'Multipart/Form-Data', 'application/x-www-form-urlencoded'),
        fc.array(unit, { maxLength: 3 }),
      )
      .map(([before, type, after]) => `${before}${type}${after.join('')}`);
    const contentType = fc.option(
      fc.oneof(
        simple,
        fc.array(unit, { maxLength: 7 }).map((units) => units.join('')),
        fc.string(),
      ),
      { nil: undefined },
    );
    const extra = fc.oneof(
      fc.constant({}),
      fc.dictionary(
        fc.constantFrom('apollo-require-preflight', 'x-apollo-operation-name', 'x-other'),
        fc.constantFrom('', '1', ' '),
      ),
    );
    const outcomes = { refused: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(contentType, extra, async (type, headers) => {
        const all = { ...headers, ...(type === undefined ? {} : { 'content-type': type }) };
        const refused = await apolloRefuses(all);
        expect(sendableWithoutPreflight(all)).toBe(refused);
        const fit = await handleHttpRequest(request('/fit', all, SEED_FIT_BODY), app);
        expect(fit.status === 415 && fit.body.includes('CSRF_PREVENTED')).toBe(refused);
        outcomes[refused ? 'refused' : 'accepted']++;
      }),
      // A fixed seed: the draw must give both outcomes (the counts below), every run the same.
      { numRuns: 1_000, seed: 20261204 },
    );
    expect(outcomes.refused).toBeGreaterThan(100);
    expect(outcomes.accepted).toBeGreaterThan(100);
  });
});
