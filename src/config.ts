/** Environment variables, read once into a frozen, typed configuration. */

/** Where models are stored. */
export type StoreConfig =
  | { readonly kind: 'file'; readonly directory: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly endpoint?: string;
      readonly region?: string;
      readonly maxAttempts: number;
      readonly requestTimeoutMs: number;
    };

/** The service's configuration. */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly store: StoreConfig;
  /** Apollo Sandbox on GET /graphql. */
  readonly landingPage: boolean;
  readonly introspection: boolean;
  readonly corsAllowedOrigins: readonly string[];
  readonly logLevel: LogLevel;
  /** Bytes of model documents kept in memory between requests. */
  readonly modelCacheBytes: number;
  /** The interface the local server listens on. */
  readonly host: string;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

/** A variable that is set but cannot be used; the message names it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Environment = Readonly<Record<string, string | undefined>>;

/** Reads the configuration from environment variables (see the README's table). */
export function loadConfig(env: Environment): Config {
  const production = env.NODE_ENV === 'production';
  const bucket = text(env, 'MODEL_BUCKET');
  const endpoint = text(env, 'S3_ENDPOINT');
  const region = text(env, 'AWS_REGION');
  const store: StoreConfig = bucket
    ? {
        kind: 's3',
        bucket,
        ...(endpoint ? { endpoint } : {}),
        ...(region ? { region } : {}),
        maxAttempts: integer(env, 'S3_MAX_ATTEMPTS', 3, 1, 10),
        requestTimeoutMs: integer(env, 'S3_REQUEST_TIMEOUT_MS', 5_000, 100, 900_000),
      }
    : { kind: 'file', directory: text(env, 'MODEL_DIR') ?? './.models' };
  return Object.freeze({
    production,
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: text(env, 'HOST') ?? '127.0.0.1',
    store: Object.freeze(store),
    landingPage: flag(env, 'LANDING_PAGE', !production),
    introspection: flag(env, 'INTROSPECTION', !production),
    corsAllowedOrigins: Object.freeze(list(env, 'CORS_ALLOWED_ORIGINS', ['*'])),
    logLevel: logLevel(env, 'LOG_LEVEL', 'INFO'),
    modelCacheBytes: integer(env, 'MODEL_CACHE_BYTES', 32 * 1024 * 1024, 0, 2 ** 40),
  });
}

function text(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function flag(env: Environment, name: string, fallback: boolean): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `expected true or false, got ${JSON.stringify(env[name])}`);
}

function list(env: Environment, name: string, fallback: string[]): string[] {
  const value = text(env, name);
  if (value === undefined) return fallback;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'];

function logLevel(env: Environment, name: string, fallback: LogLevel): LogLevel {
  const value = text(env, name)?.toUpperCase();
  if (value === undefined) return fallback;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(name, `expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env[name])}`);
  }
  return value as LogLevel;
}
