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

import { canonicalAllowedOrigin, DEFAULT_ALLOWED_HEADERS, LOOPBACK_ORIGINS } from './http/cors.js';
import { tenantProblem } from './models/tenant.js';
import { budgetFor, type FitBudget } from './service/fitBudget.js';
import { DEFAULT_LIMITS, type Limits } from './service/limits.js';

/** The service's configuration. */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  readonly store: StoreConfig;
  /** An explorer for browsers on GET /graphql (else a short page saying what the endpoint is). */
  readonly landingPage: boolean;
  /** Which explorer: GraphiQL, bundled and served locally, or Apollo Sandbox from Apollo's CDN. */
  readonly explorer: Explorer;
  readonly introspection: boolean;
  readonly corsAllowedOrigins: readonly string[];
  /** Request headers browsers may send cross-origin (CORS_ALLOWED_HEADERS). */
  readonly corsAllowedHeaders: readonly string[];
  readonly logLevel: LogLevel;
  /** Bytes of model documents kept in memory between requests. */
  readonly modelCacheBytes: number;
  /** The interface the local server listens on. */
  readonly host: string;
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** The local server's time to receive a request whole, from its first byte (then 408). */
  readonly requestTimeoutMs: number;
  /** The local server's time to receive a request's headers (then 408); at most requestTimeoutMs. */
  readonly headersTimeoutMs: number;
  readonly limits: Limits;
  /** The most computation and memory one fit or prediction may take. */
  readonly budget: FitBudget;
  /**
   * Worker threads for fits in the local server: 'auto' (one per core) or a number (0 computes
   * in the server's own thread). The Lambda function always computes in its own thread.
   */
  readonly fitWorkers: number | 'auto';
  /** Fits waiting for a worker beyond which the local server answers 503. */
  readonly fitQueueLength: number;
  /** The JWT claim that names the tenant (API Gateway JWT authorizer). */
  readonly tenantClaim: string;
  /** API keys mapped to tenants for the local server (`x-api-key`); empty: single-tenant. */
  readonly apiKeys: ReadonlyMap<string, string>;
  /** GraphQL depth, alias and cost limits (graphql-armor). */
  readonly graphqlLimits: GraphQLLimits;
  /**
   * AWS X-Ray tracing of the Lambda function, as Powertools' Tracer decides it: on in Lambda
   * (AWS_EXECUTION_ENV), off under `sam local` (AWS_SAM_LOCAL) or with POWERTOOLS_TRACE_ENABLED=false.
   */
  readonly tracing: boolean;
}

/** Bounds on the shape of GraphQL documents. */
export interface GraphQLLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  readonly maxTokens: number;
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
  // Slow clients hold a connection and its buffers; 30 s sends 6 MB at 200 kB/s.
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  const headersTimeoutMs = integer(env, 'HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 100, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    const message = `must not exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs}), got ${headersTimeoutMs}`;
    throw new ConfigError('HEADERS_TIMEOUT_MS', message);
  }
  return Object.freeze({
    production,
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: text(env, 'HOST') ?? '127.0.0.1',
    store: Object.freeze(store),
    landingPage: flag(env, 'LANDING_PAGE', !production),
    explorer: explorer(env, 'EXPLORER'),
    introspection: flag(env, 'INTROSPECTION', !production),
    corsAllowedOrigins: Object.freeze(allowedOrigins(env, 'CORS_ALLOWED_ORIGINS')),
    corsAllowedHeaders: Object.freeze(headerNames(env, 'CORS_ALLOWED_HEADERS')),
    logLevel: logLevel(env, 'LOG_LEVEL', 'INFO'),
    modelCacheBytes: integer(env, 'MODEL_CACHE_BYTES', 32 * 1024 * 1024, 0, 2 ** 40),
    // API Gateway accepts 10 MB and Lambda 6 MB of synchronous payload; stay below both.
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 6_000_000, 1_024, 2 ** 32),
    requestTimeoutMs,
    headersTimeoutMs,
    limits: Object.freeze({
      maxRows: integer(env, 'MAX_ROWS', DEFAULT_LIMITS.maxRows, 1, 100_000_000),
      maxColumns: integer(env, 'MAX_COLUMNS', DEFAULT_LIMITS.maxColumns, 1, 1_000_000),
      maxFormulaLength: integer(env, 'MAX_FORMULA_LENGTH', DEFAULT_LIMITS.maxFormulaLength, 1, 1_000_000),
      maxDesignColumns: integer(env, 'MAX_DESIGN_COLUMNS', DEFAULT_LIMITS.maxDesignColumns, 1, 100_000),
      maxPredictionRows: integer(env, 'MAX_PREDICTION_ROWS', DEFAULT_LIMITS.maxPredictionRows, 1, 100_000_000),
    }),
    budget: Object.freeze(budget(env)),
    fitWorkers:
      text(env, 'FIT_WORKERS')?.toLowerCase() === 'auto' || text(env, 'FIT_WORKERS') === undefined
        ? 'auto'
        : integer(env, 'FIT_WORKERS', 0, 0, 256),
    fitQueueLength: integer(env, 'FIT_QUEUE_LENGTH', 64, 0, 100_000),
    tenantClaim: text(env, 'TENANT_CLAIM') ?? 'sub',
    apiKeys: apiKeys(env, 'API_KEYS'),
    graphqlLimits: Object.freeze({
      maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 8, 1, 100),
      maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1_000),
      maxCost: integer(env, 'GRAPHQL_MAX_COST', 5_000, 1, 1_000_000),
      maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 1_000, 10, 1_000_000),
    }),
    tracing: tracing(env),
  });
}

function text(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The work budget: FIT_TIME_BUDGET_MS and FIT_MEMORY_BUDGET_MB, by default shares of the
 * function's timeout (FUNCTION_TIMEOUT_SECONDS, which the template sets from its Timeout) and
 * memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE, which Lambda sets); without them, the template's 29 s
 * and 1,769 MB, so that a laptop refuses what the deployed function would.
 */
function budget(env: Environment): FitBudget {
  const defaults = budgetFor(
    integer(env, 'FUNCTION_TIMEOUT_SECONDS', 29, 1, 900),
    integer(env, 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 1769, 128, 10_240),
  );
  const milliseconds = integer(env, 'FIT_TIME_BUDGET_MS', 0, 1, 3_600_000);
  const megabytes = integer(env, 'FIT_MEMORY_BUDGET_MB', 0, 1, 1_048_576);
  return {
    seconds: milliseconds === 0 ? defaults.seconds : milliseconds / 1000,
    bytes: megabytes === 0 ? defaults.bytes : megabytes * 1024 * 1024,
  };
}

/** Whether Powertools' Tracer would trace: in Lambda, not under `sam local`, unless turned off. */
function tracing(env: Environment): boolean {
  const inLambda = text(env, 'AWS_EXECUTION_ENV') !== undefined && text(env, 'AWS_SAM_LOCAL') === undefined;
  return flag(env, 'POWERTOOLS_TRACE_ENABLED', true) && inLambda;
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

/** Origins CORS allows, canonical; by default the loopback ones (see LOOPBACK_ORIGINS). */
/** HTTP header names, comma-separated, in lower case (the default: DEFAULT_ALLOWED_HEADERS). */
function headerNames(env: Environment, name: string): string[] {
  return list(env, name, [...DEFAULT_ALLOWED_HEADERS]).map((entry) => {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(entry)) {
      throw new ConfigError(name, `expected header names separated by commas, got ${JSON.stringify(entry)}`);
    }
    return entry.toLowerCase();
  });
}

function allowedOrigins(env: Environment, name: string): string[] {
  return list(env, name, [...LOOPBACK_ORIGINS]).map((entry) => {
    const origin = canonicalAllowedOrigin(entry);
    if (origin === undefined) {
      throw new ConfigError(
        name,
        `expected *, origins such as https://app.example.com, or origins on any port such as http://localhost:*, ` +
          `got ${JSON.stringify(entry)}`,
      );
    }
    return origin;
  });
}

/** `key=tenant` pairs, comma-separated. */
function apiKeys(env: Environment, name: string): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [index, pair] of list(env, name, []).entries()) {
    const separator = pair.indexOf('=');
    const key = pair.slice(0, separator).trim();
    const tenant = pair.slice(separator + 1).trim();
    if (separator <= 0 || key === '' || tenant === '') {
      throw new ConfigError(name, `expected key=tenant pairs separated by commas, got ${JSON.stringify(pair)}`);
    }
    // The key is a secret: the message names the pair by its position only.
    const problem = tenantProblem(tenant);
    if (problem !== undefined) throw new ConfigError(name, `the tenant of pair ${index + 1} is ${problem}`);
    map.set(key, tenant);
  }
  return map;
}

const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'];

/** The explorers a landing page may be. */
export type Explorer = 'graphiql' | 'sandbox';

function explorer(env: Environment, name: string): Explorer {
  const value = text(env, name)?.toLowerCase() ?? 'graphiql';
  if (value === 'graphiql' || value === 'sandbox') return value;
  throw new ConfigError(name, `expected graphiql or sandbox, got ${JSON.stringify(env[name])}`);
}

function logLevel(env: Environment, name: string, fallback: LogLevel): LogLevel {
  const value = text(env, name)?.toUpperCase();
  if (value === undefined) return fallback;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(name, `expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env[name])}`);
  }
  return value as LogLevel;
}
