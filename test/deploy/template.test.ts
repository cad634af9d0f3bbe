import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { yamlParse } from 'yaml-cfn';
import { loadConfig } from '../../src/config.js';
import { PREFLIGHT_HEADERS } from '../../src/http/csrf.js';
// @ts-expect-error: a plain ES module without types; its options are checked below.
import { lambdaOptions } from '../../scripts/build.mjs';

type Json = any;

const template: Json = yamlParse(readFileSync('template.yaml', 'utf8'));
const samSchema: Json = JSON.parse(readFileSync('test/fixtures/sam/sam.schema.json', 'utf8'));
const DEFINITION_OF: Record<string, string> = {
  'AWS::Serverless::Function': 'samtranslator__internal__schema_source__aws_serverless_function__Resource',
  'AWS::Serverless::HttpApi': 'samtranslator__internal__schema_source__aws_serverless_httpapi__Resource',
};

const resources = Object.entries(template.Resources as Record<string, Json>);
const byType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
const functions = byType('AWS::Serverless::Function');
const [bucketName, bucket] = byType('AWS::S3::Bucket')[0]!;

/** The API a function's events attach to (each variant has its own). */
function apiOf(fn: Json): string {
  const apiIds = new Set(Object.values(fn.Properties.Events as Record<string, Json>).map((event) => event.Properties.ApiId.Ref));
  expect(apiIds.size).toBe(1);
  return [...apiIds][0] as string;
}

describe('template.yaml', () => {
  it('validates against the official AWS SAM schema, each serverless resource on its own too', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(samSchema, 'sam');
    const validateTemplate = ajv.getSchema('sam')!;
    expect(validateTemplate(template), JSON.stringify(validateTemplate.errors?.slice(0, 5))).toBe(true);
    const serverless = resources.filter(([, resource]) => String(resource.Type).startsWith('AWS::Serverless::'));
    expect(serverless.length).toBeGreaterThanOrEqual(2);
    for (const [name, resource] of serverless) {
      const definition = DEFINITION_OF[resource.Type];
      expect(definition, `no schema definition known for ${resource.Type}`).toBeDefined();
      const validate = ajv.getSchema(`sam#/definitions/${definition}`)!;
      expect(validate(resource), `${name}: ${JSON.stringify(validate.errors?.slice(0, 5))}`).toBe(true);
    }
  });

  it('deploys exactly one of two variants: open, or behind a JWT authorizer when JwtIssuer is set', () => {
    expect(template.Conditions.UseJwt).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'JwtIssuer' }, ''] }] });
    expect(template.Conditions.NoJwt).toEqual({ 'Fn::Equals': [{ Ref: 'JwtIssuer' }, ''] });
    expect(functions.map(([, fn]) => fn.Condition).sort()).toEqual(['NoJwt', 'UseJwt']);
    for (const [, fn] of functions) expect(template.Resources[apiOf(fn)].Condition).toBe(fn.Condition);
    const [, tenantFunction] = functions.find(([, fn]) => fn.Condition === 'UseJwt')!;
    const auth = template.Resources[apiOf(tenantFunction)].Properties.Auth;
    const authorizer = auth.Authorizers[auth.DefaultAuthorizer];
    expect(authorizer.JwtConfiguration).toEqual({ issuer: { Ref: 'JwtIssuer' }, audience: { Ref: 'JwtAudience' } });
    expect(authorizer.IdentitySource).toBe('$request.header.Authorization');
    const [, openFunction] = functions.find(([, fn]) => fn.Condition === 'NoJwt')!;
    expect(template.Resources[apiOf(openFunction)].Properties.Auth).toBeUndefined();
    expect(template.Globals.Function.Environment.Variables.TENANT_CLAIM).toEqual({ Ref: 'TenantClaim' });
  });

  it.each(functions)('runs %s on Node.js 22 and arm64, built by esbuild with the options of scripts/build.mjs', (_name, fn) => {
    const properties = { ...template.Globals.Function, ...fn.Properties };
    expect(properties.Runtime).toBe('nodejs22.x');
    expect(properties.Architectures).toEqual(['arm64']);
    const build = fn.Metadata.BuildProperties;
    expect(fn.Metadata.BuildMethod).toBe('esbuild');
    expect(build.EntryPoints).toEqual(lambdaOptions.entryPoints);
    expect(build.Format).toBe(lambdaOptions.format);
    expect(build.Target).toBe(lambdaOptions.target);
    expect(build.Minify).toBe(lambdaOptions.minify);
    expect(build.Sourcemap).toBe(lambdaOptions.sourcemap);
    // SAM adds --enable-source-maps to NODE_OPTIONS when it writes a map: a slower cold start.
    expect(build.Sourcemap).toBe(false);
    for (const environment of [template.Globals.Function.Environment, fn.Properties.Environment]) {
      expect(String(environment?.Variables?.NODE_OPTIONS ?? '')).not.toContain('--enable-source-maps');
    }
    expect(build.MainFields).toBe(lambdaOptions.mainFields.join(','));
    expect(build.Loader).toEqual(Object.entries(lambdaOptions.loader).map(([ext, loader]) => `${ext}=${loader}`));
    expect(build.Banner).toEqual([`js=${lambdaOptions.banner.js}`]);
    expect(build.External ?? []).toEqual(lambdaOptions.external ?? []);
    // SAM writes <entry basename><OutExtension>; the handler must name that file.
    expect(build.OutExtension).toEqual(['.js=.mjs']);
    expect(lambdaOptions.outfile).toMatch(/\/lambda\.mjs$/);
    expect(properties.Handler).toBe('lambda.handler');
    expect(properties.MemorySize).toBeGreaterThanOrEqual(512);
    expect(properties.Timeout).toEqual({ Ref: 'FunctionTimeout' });
    expect(template.Parameters.FunctionTimeout.MaxValue).toBeLessThanOrEqual(30);
  });

  it.each(functions)('routes POST and GET /graphql, POST /fit and POST /predict of %s through its HttpApi', (_name, fn) => {
    const routes = Object.values(fn.Properties.Events as Record<string, Json>).map((event) => {
      expect(event.Type).toBe('HttpApi');
      expect(template.Resources[event.Properties.ApiId.Ref].Type).toBe('AWS::Serverless::HttpApi');
      return `${event.Properties.Method} ${event.Properties.Path}`;
    });
    expect(routes.sort()).toEqual(['GET /graphql', 'POST /fit', 'POST /graphql', 'POST /predict']);
  });

  it.each(functions)('allows the configured browser origins by CORS on the API of %s', (_name, fn) => {
    const cors = template.Resources[apiOf(fn)].Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual({ Ref: 'AllowedOrigins' });
    expect(template.Parameters.AllowedOrigins.Type).toBe('CommaDelimitedList');
    expect(cors.AllowMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'OPTIONS']));
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['content-type', 'authorization']));
    expect(template.Globals.Function.Environment.Variables.CORS_ALLOWED_ORIGINS).toEqual({
      'Fn::Join': [',', { Ref: 'AllowedOrigins' }],
    });
    // The headers that let a browser app through CSRF prevention must survive the preflight.
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining([...PREFLIGHT_HEADERS]));
  });

  it('allows any origin by default, explicitly, and the function reads that default as API Gateway does', () => {
    const fallback = template.Parameters.AllowedOrigins.Default;
    expect(fallback).toBe('*');
    expect(loadConfig({ CORS_ALLOWED_ORIGINS: fallback }).corsAllowedOrigins).toEqual(['*']);
  });

  it('keeps the model bucket private, encrypted and TLS-only', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const encryption = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(['AES256', 'aws:kms']).toContain(encryption.SSEAlgorithm);
    const [, policy] = byType('AWS::S3::BucketPolicy').find(([, resource]) => resource.Properties.Bucket.Ref === bucketName)!;
    const denyInsecure = policy.Properties.PolicyDocument.Statement.find(
      (statement: Json) => statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
    );
    expect(denyInsecure).toBeDefined();
    expect(denyInsecure.Action).toBe('s3:*');
  });

  it.each(functions)('grants %s only object CRUD and listing on that bucket', (_name, fn) => {
    const statements = fn.Properties.Policies.flatMap((policy: Json) => policy.Statement ?? []);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of [statement.Action].flat()) {
        expect(['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket']).toContain(action);
      }
      const resourcesText = JSON.stringify(statement.Resource);
      expect(resourcesText).toContain(bucketName);
      expect(resourcesText).not.toContain('"*"');
    }
    expect(template.Globals.Function.Environment.Variables.MODEL_BUCKET).toEqual({ Ref: bucketName });
  });

  it('turns the landing page off in production by default, and outputs the API URL and bucket name', () => {
    const variables = template.Globals.Function.Environment.Variables;
    expect(template.Parameters.EnableLandingPage.Default).toBe('false');
    expect(variables.NODE_ENV).toBe('production');
    expect(variables.LANDING_PAGE).toEqual({ Ref: 'EnableLandingPage' });
    for (const [, fn] of functions) expect(JSON.stringify(template.Outputs.ApiUrl.Value)).toContain(apiOf(fn));
    expect(template.Outputs.ModelBucketName.Value).toEqual({ Ref: bucketName });
  });

  it('gives the function the work budget its timeout and memory imply', () => {
    const fn = template.Globals.Function;
    expect(fn.Timeout).toEqual({ Ref: 'FunctionTimeout' });
    expect(fn.Environment.Variables.FUNCTION_TIMEOUT_SECONDS).toEqual({ Ref: 'FunctionTimeout' });
    expect(template.Parameters.FunctionTimeout).toMatchObject({ Type: 'Number', Default: 29, MaxValue: 29 });
    // What the deployed function reads: the parameter's default, and the memory Lambda sets.
    const config = loadConfig({
      FUNCTION_TIMEOUT_SECONDS: String(template.Parameters.FunctionTimeout.Default),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.MemorySize),
    });
    expect(config.budget.seconds).toBeCloseTo(0.4 * 29, 12);
    expect(config.budget.bytes).toBe(0.5 * 1769 * 1024 * 1024);
    expect(config.budget).toEqual(loadConfig({}).budget);
  });
});
