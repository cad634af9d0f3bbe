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
    expect([...loadConfig({ API_KEYS: 'k1=team\ufffd, k2=team😀' }).apiKeys]).toEqual([['k1', 'team\ufffd'], ['k2', 'team😀']]);
    for (const [value, pair, at] of [['k1=alice,secret-k2=team\ud800', 2, 4], ['secret=\udfffteam', 1, 0]] as const) {
      const error = configError({ API_KEYS: value }, 'API_KEYS');
      expect(error.message).toBe(`API_KEYS: the tenant of pair ${pair} is not well-formed Unicode (a lone surrogate at index ${at})`);
      expect(error.message).not.toContain('secret');
    }
  });
});
