import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The error loadConfig throws for `env`, which must be a ConfigError naming `variable`. */
function configError(env: Record<string, string>, variable: string): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('maps API keys to tenants, and refuses a tenant that is not well-formed Unicode without echoing its key', () => {
    const keys = loadConfig({ API_KEYS: 'k1=team\ufffd, k2=team😀' }).apiKeys;
    expect([...keys]).toEqual([
      ['k1', 'team\ufffd'],
      ['k2', 'team😀'],
    ]);
    for (const [value, pair, at] of [
      ['k1=alice,secret-k2=team\ud800', 2, 4],
      ['secret=\udfffteam', 1, 0],
    ] as const) {
      const error = configError({ API_KEYS: value }, 'API_KEYS');
      const problem = `not well-formed Unicode (a lone surrogate at index ${at})`;
      expect(error.message).toBe(`API_KEYS: the tenant of pair ${pair} is ${problem}`);
      expect(error.message).not.toContain('secret');
    }
  });

  it('bounds the time to receive a request: 30 s whole, 10 s for its headers, never more than the whole', () => {
    expect(loadConfig({})).toMatchObject({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    const short = loadConfig({ REQUEST_TIMEOUT_MS: '5000' });
    expect(short).toMatchObject({ requestTimeoutMs: 5_000, headersTimeoutMs: 5_000 });
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '60000', HEADERS_TIMEOUT_MS: '2000' })).toMatchObject({
      requestTimeoutMs: 60_000,
      headersTimeoutMs: 2_000,
    });
    expect(configError({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' }, 'HEADERS_TIMEOUT_MS').message).toBe(
      'HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS (5000), got 6000',
    );
    configError({ REQUEST_TIMEOUT_MS: '10' }, 'REQUEST_TIMEOUT_MS');
    configError({ HEADERS_TIMEOUT_MS: 'soon' }, 'HEADERS_TIMEOUT_MS');
  });

  it('allows loopback pages on any port by CORS unless CORS_ALLOWED_ORIGINS says otherwise', () => {
    expect(loadConfig({}).corsAllowedOrigins).toEqual([
      'http://localhost:*',
      'http://127.0.0.1:*',
      'http://[::1]:*',
      'https://localhost:*',
      'https://127.0.0.1:*',
      'https://[::1]:*',
    ]);
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: '*' }).corsAllowedOrigins).toEqual(['*']);
    const env = { CORS_ALLOWED_ORIGINS: 'https://app.example.com,app.example.com' };
    const error = configError(env, 'CORS_ALLOWED_ORIGINS');
    expect(error.message).toContain('got "app.example.com"');
  });
});
