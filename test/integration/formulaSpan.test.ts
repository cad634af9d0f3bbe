/**
 * A formula error names its place twice: the caret excerpt in the message, for people, and
 * `extensions.formulaSpan` ({start, end}: UTF-16 offsets into the formula sent), for an editor
 * that underlines it (the web page). Over real HTTP to the local server.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { HttpClient } from '../support/httpClient.js';

let server: LocalServer;
let client: HttpClient;

const FIT = 'mutation($input: FitModelInput!) { fitModel(input: $input) { id } }';
const CSV = 'x,g,y\n1,a,2.9\n2,b,5.2\n3,a,7.1\n4,b,8.8\n5,a,11.3\n';

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'formula-span-'));
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
  client = new HttpClient(server.url);
});

afterAll(async () => {
  await server.close();
});

describe('extensions.formulaSpan', () => {
  it.each([
    ['an unknown column', 'y ~ x + zeta', 'UNKNOWN_VARIABLE', 'zeta'],
    ['an unknown function', 'y ~ x + eval(x)', 'UNKNOWN_FUNCTION', 'eval'],
    ['a non-ASCII name before the problem', 'y ~ x + café + zz', 'UNKNOWN_VARIABLE', 'café'],
  ])('points at %s', async (_name, formula, reason, offending) => {
    const reply = await client.graphql(FIT, { input: { formula, csv: CSV } });
    const [error] = reply.json.errors;
    expect(error.extensions.reason).toBe(reason);
    const { start, end } = error.extensions.formulaSpan;
    expect(formula.slice(start, end)).toBe(offending);
    expect(error.message).toContain('^');
  });

  it('points into the formula for a syntax error', async () => {
    const formula = 'y ~ (x + g';
    const reply = await client.graphql(FIT, { input: { formula, csv: CSV } });
    const [error] = reply.json.errors;
    expect(error.extensions.reason).toBe('FORMULA_SYNTAX');
    const { start, end } = error.extensions.formulaSpan;
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThanOrEqual(start);
    expect(end).toBeLessThanOrEqual(formula.length);
    expect(formula.slice(start, Math.max(end, start + 1))).toBe('(');
  });

  it('is absent when the error has no place in the formula', async () => {
    const reply = await client.graphql(FIT, { input: { formula: 'y ~ x', csv: 'x,y\n1,2\n' } });
    const [error] = reply.json.errors;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions).not.toHaveProperty('formulaSpan');
  });
});
