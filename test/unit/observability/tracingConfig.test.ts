/**
 * When the Lambda loads the X-Ray tracer (config `tracing`): exactly when Powertools' Tracer would
 * trace, so that leaving it unloaded never loses a trace, and loading it is never for nothing.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

const VARIABLES = ['AWS_EXECUTION_ENV', 'AWS_SAM_LOCAL', 'POWERTOOLS_TRACE_ENABLED'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** Whether Powertools' Tracer, constructed in this environment, traces. */
function powertoolsTraces(env: Record<string, string>): boolean {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  // Without patching this process's http and https.
  return new Tracer({ serviceName: 'test', captureHTTPsRequests: false }).isTracingEnabled();
}

describe('tracing', () => {
  it.each([
    [{}, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' }, true],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_SAM_LOCAL: 'true' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'FALSE' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'true' }, true],
    [{ POWERTOOLS_TRACE_ENABLED: 'true' }, false],
  ] as [Record<string, string>, boolean][])('with %o is %s, as Powertools decides', (env, expected) => {
    expect(loadConfig(env).tracing).toBe(expected);
    expect(powertoolsTraces(env)).toBe(expected);
  });

  it('refuses a POWERTOOLS_TRACE_ENABLED that is neither true nor false, naming it', () => {
    expect(() => loadConfig({ POWERTOOLS_TRACE_ENABLED: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ POWERTOOLS_TRACE_ENABLED: 'sometimes' })).toThrow(/POWERTOOLS_TRACE_ENABLED/);
  });
});
