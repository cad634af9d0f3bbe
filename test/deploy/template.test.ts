import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { yamlParse } from 'yaml-cfn';
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
const [functionName, fn] = byType('AWS::Serverless::Function')[0]!;
const [apiName] = byType('AWS::Serverless::HttpApi')[0]!;
const [bucketName, bucket] = byType('AWS::S3::Bucket')[0]!;

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

  it('runs one Node.js 22 function on arm64, built by esbuild with the options of scripts/build.mjs', () => {
    expect(byType('AWS::Serverless::Function')).toHaveLength(1);
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
    expect(build.Loader).toEqual(Object.entries(lambdaOptions.loader).map(([ext, loader]) => `${ext}=${loader}`));
    expect(build.Banner).toEqual([`js=${lambdaOptions.banner.js}`]);
    expect(build.External ?? []).toEqual(lambdaOptions.external ?? []);
    // SAM writes <entry basename><OutExtension>; the handler must name that file.
    expect(build.OutExtension).toEqual(['.js=.mjs']);
    expect(lambdaOptions.outfile).toMatch(/\/lambda\.mjs$/);
    expect(properties.Handler).toBe('lambda.handler');
    expect(properties.MemorySize).toBeGreaterThanOrEqual(512);
    expect(properties.Timeout).toBeLessThanOrEqual(30);
  });

  it('routes POST and GET /graphql, POST /fit and POST /predict through the HttpApi', () => {
    const routes = Object.values(fn.Properties.Events as Record<string, Json>).map((event) => {
      expect(event.Type).toBe('HttpApi');
      expect(event.Properties.ApiId).toEqual({ Ref: apiName });
      return `${event.Properties.Method} ${event.Properties.Path}`;
    });
    expect(routes.sort()).toEqual(['GET /graphql', 'POST /fit', 'POST /graphql', 'POST /predict']);
  });

  it('allows the configured browser origins by CORS', () => {
    const cors = template.Resources[apiName].Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual({ Ref: 'AllowedOrigins' });
    expect(template.Parameters.AllowedOrigins.Type).toBe('CommaDelimitedList');
    expect(cors.AllowMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'OPTIONS']));
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['content-type', 'authorization']));
    expect(fn.Properties.Environment.Variables.CORS_ALLOWED_ORIGINS).toEqual({ 'Fn::Join': [',', { Ref: 'AllowedOrigins' }] });
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

  it('grants the function only object CRUD and listing on that bucket', () => {
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
    expect(fn.Properties.Environment.Variables.MODEL_BUCKET).toEqual({ Ref: bucketName });
  });

  it('turns the landing page off in production by default, and outputs the API URL and bucket name', () => {
    expect(template.Parameters.EnableLandingPage.Default).toBe('false');
    expect(fn.Properties.Environment.Variables.NODE_ENV).toBe('production');
    expect(fn.Properties.Environment.Variables.LANDING_PAGE).toEqual({ Ref: 'EnableLandingPage' });
    expect(JSON.stringify(template.Outputs.ApiUrl.Value)).toContain(apiName);
    expect(template.Outputs.ModelBucketName.Value).toEqual({ Ref: bucketName });
  });
});
