import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { yamlParse } from 'yaml-cfn';
import { loadConfig } from '../../src/config.js';
import { PREFLIGHT_HEADERS } from '../../src/http/csrf.js';
// @ts-expect-error: a plain ES module without types; its options are checked below.
import { lambdaOptions } from '../../scripts/build.mjs';
import { deploy } from '../support/cloudFormation.js';

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
  const apiIds = new Set(
    Object.values(fn.Properties.Events as Record<string, Json>).map((event) => event.Properties.ApiId.Ref),
  );
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

  it.each(functions)(
    'runs %s on Node.js 22 and arm64, built by esbuild with the options of scripts/build.mjs',
    (_name, fn) => {
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
    },
  );

  it.each(functions)(
    'routes POST and GET /graphql, POST /fit, POST /predict and the web page of %s through its HttpApi',
    (_name, fn) => {
      const routes = Object.values(fn.Properties.Events as Record<string, Json>).map((event) => {
        expect(event.Type).toBe('HttpApi');
        expect(template.Resources[event.Properties.ApiId.Ref].Type).toBe('AWS::Serverless::HttpApi');
        return `${event.Properties.Method} ${event.Properties.Path}`;
      });
      expect(routes.sort()).toEqual([
        'GET /',
        'GET /assets/{file}',
        'GET /graphql',
        'POST /fit',
        'POST /graphql',
        'POST /predict',
      ]);
    },
  );

  it.each(functions)('allows the configured browser origins by CORS on the API of %s', (_name, fn) => {
    const cors = template.Resources[apiOf(fn)].Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toEqual({ Ref: 'AllowedOrigins' });
    expect(template.Parameters.AllowedOrigins.Type).toBe('CommaDelimitedList');
    expect(cors.AllowMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'OPTIONS']));
    expect(cors.AllowHeaders).toEqual({ Ref: 'AllowedHeaders' });
    expect(template.Globals.Function.Environment.Variables.CORS_ALLOWED_ORIGINS).toEqual({
      'Fn::Join': [',', { Ref: 'AllowedOrigins' }],
    });
    expect(template.Globals.Function.Environment.Variables.CORS_ALLOWED_HEADERS).toEqual({
      'Fn::Join': [',', { Ref: 'AllowedHeaders' }],
    });
    // API Gateway and the function allow the same headers by default: the body's type, credentials,
    // the headers that let a browser app through CSRF prevention, and Apollo Client's own.
    const headers = String(template.Parameters.AllowedHeaders.Default).split(',');
    expect(headers).toEqual(expect.arrayContaining(['content-type', 'authorization', ...PREFLIGHT_HEADERS]));
    expect(headers).toEqual(expect.arrayContaining(['apollographql-client-name', 'apollographql-client-version']));
    expect(loadConfig({}).corsAllowedHeaders).toEqual(headers);
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
    const encryption =
      bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
    expect(['AES256', 'aws:kms']).toContain(encryption.SSEAlgorithm);
    const [, policy] = byType('AWS::S3::BucketPolicy').find(
      ([, resource]) => resource.Properties.Bucket.Ref === bucketName,
    )!;
    const denyInsecure = policy.Properties.PolicyDocument.Statement.find(
      (statement: Json) =>
        statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
    );
    expect(denyInsecure).toBeDefined();
    expect(denyInsecure.Action).toBe('s3:*');
  });

  it.each(functions)("runs %s with its own role: the bucket's objects, its log group, X-Ray writes", (_name, fn) => {
    expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': ['FunctionRole', 'Arn'] });
    // With a role of its own SAM adds no policies (and would ignore these).
    expect(fn.Properties.Policies).toBeUndefined();
    const role = template.Resources.FunctionRole;
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    // No managed policies: AWSLambdaBasicExecutionRole would allow logs on every log group.
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const statements: Json[] = role.Properties.Policies.flatMap((policy: Json) => policy.PolicyDocument.Statement);
    const granted = new Map<string, Json>();
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Condition).toBeUndefined();
      for (const action of [statement.Action].flat()) {
        expect(action).not.toContain('*');
        granted.set(action, statement.Resource);
      }
    }
    const objects = { 'Fn::Sub': `\${${bucketName}.Arn}/*` };
    expect(Object.fromEntries(granted)).toEqual({
      's3:GetObject': objects,
      's3:PutObject': objects,
      's3:DeleteObject': objects,
      's3:ListBucket': { 'Fn::GetAtt': [bucketName, 'Arn'] },
      // A log group's Arn attribute ends in :*, which covers its streams, and no other group's.
      'logs:CreateLogStream': { 'Fn::GetAtt': ['FunctionLogGroup', 'Arn'] },
      'logs:PutLogEvents': { 'Fn::GetAtt': ['FunctionLogGroup', 'Arn'] },
      // X-Ray's write actions take no resource: '*' is the only resource they accept.
      'xray:PutTraceSegments': '*',
      'xray:PutTelemetryRecords': '*',
    });
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

  it("declares S3_ENDPOINT empty (for sam local --env-vars), which the function reads as AWS's own endpoint", () => {
    const variables = template.Globals.Function.Environment.Variables;
    expect(variables.S3_ENDPOINT).toBe('');
    const store = loadConfig({ MODEL_BUCKET: 'models', S3_ENDPOINT: variables.S3_ENDPOINT }).store;
    expect(store).toMatchObject({ kind: 's3', bucket: 'models' });
    expect(store).not.toHaveProperty('endpoint');
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

/** The values CloudWatch Logs accepts for RetentionInDays (AWS::Logs::LogGroup). */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
/** CodeDeploy's predefined Lambda deployment configurations (CodeDeployDefault.Lambda…), as SAM names them. */
const DEPLOYMENT_TYPES = [
  'AllAtOnce',
  'Canary10Percent5Minutes',
  'Canary10Percent10Minutes',
  'Canary10Percent15Minutes',
  'Canary10Percent30Minutes',
  'Linear10PercentEvery1Minute',
  'Linear10PercentEvery2Minutes',
  'Linear10PercentEvery3Minutes',
  'Linear10PercentEvery10Minutes',
];
/** $context variables of HTTP API access logs (API Gateway developer guide, "Customizing HTTP API access logs"). */
const HTTP_API_CONTEXT = new Set([
  'requestId',
  'extendedRequestId',
  'routeKey',
  'status',
  'responseLatency',
  'responseLength',
  'requestTime',
  'requestTimeEpoch',
  'httpMethod',
  'path',
  'protocol',
  'stage',
  'apiId',
  'domainName',
  'identity.sourceIp',
  'identity.userAgent',
  'integration.error',
  'integration.integrationStatus',
  'integration.latency',
  'integration.requestId',
  'integration.status',
  'integrationErrorMessage',
  'integrationLatency',
  'integrationStatus',
  'error.message',
  'error.messageString',
  'error.responseType',
  'authorizer.error',
  'authorizer.principalId',
]);
const ALARMS = ['ErrorsAlarm', 'ThrottlesAlarm', 'DurationAlarm'];
const apis = byType('AWS::Serverless::HttpApi');

/** The alarm's metric dimensions (the Duration alarm's are in its metric math). */
function dimensionsOf(alarm: Json): Json[] {
  return alarm.Properties.Dimensions ?? metricOf(alarm).Dimensions;
}

/** The alarm's metric: its own, or the one its metric math reads. */
function metricOf(alarm: Json): Json {
  return alarm.Properties.Metrics?.find((entry: Json) => entry.MetricStat).MetricStat.Metric ?? alarm.Properties;
}

/** Every combination of the parameters that choose resources: the two variants, and the alarm destinations. */
const VARIANTS: Record<string, string>[] = [
  { JwtIssuer: '', JwtAudience: '' },
  { JwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example', JwtAudience: 'client-a,client-b' },
];
const ALARM_DESTINATIONS: Record<string, string>[] = [
  {},
  { AlarmEmail: 'ops@example.com' },
  { AlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' },
];
const SCENARIOS = VARIANTS.flatMap((variant) => ALARM_DESTINATIONS.map((alarms) => ({ ...variant, ...alarms })));

describe('template.yaml for production', () => {
  it("writes the function's logs to a log group of its own, kept LogRetentionDays (30 by default)", () => {
    expect(template.Globals.Function.LoggingConfig).toEqual({ LogGroup: { Ref: 'FunctionLogGroup' } });
    const group = template.Resources.FunctionLogGroup;
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    const retention = template.Parameters.LogRetentionDays;
    expect(retention).toMatchObject({ Type: 'Number', Default: 30 });
    expect(retention.AllowedValues).toEqual(RETENTION_DAYS);
    // Named after the stack, not the function: the role can then name it without a cycle.
    expect(JSON.stringify(group.Properties.LogGroupName)).not.toMatch(/RegressionFunction/);
  });

  it('traces the function with X-Ray; the HTTP API has no tracing of its own to turn on', () => {
    expect(template.Globals.Function.Tracing).toBe('Active');
    const httpApi = samSchema.definitions.samtranslator__internal__schema_source__aws_serverless_httpapi__Properties;
    const httpApiProperties = httpApi.properties;
    expect(Object.keys(httpApiProperties).filter((name) => /trac/i.test(name))).toEqual([]);
  });

  it('publishes each version as the live alias, shifted as DeploymentType says and rolled back by the alarms', () => {
    const globals = template.Globals.Function;
    expect(globals.AutoPublishAlias).toBe('live');
    expect(globals.DeploymentPreference).toEqual({
      Type: { Ref: 'DeploymentType' },
      Alarms: ALARMS.map((name) => ({ Ref: name })),
    });
    const type = template.Parameters.DeploymentType;
    expect(DEPLOYMENT_TYPES).toEqual(expect.arrayContaining(type.AllowedValues));
    expect(type.AllowedValues).toEqual(expect.arrayContaining(['AllAtOnce', 'Canary10Percent5Minutes']));
    expect(type.AllowedValues).toContain(type.Default);
    for (const [, fn] of functions) {
      for (const key of ['AutoPublishAlias', 'DeploymentPreference', 'Tracing', 'LoggingConfig']) {
        expect(fn.Properties[key]).toBeUndefined();
      }
    }
  });

  it.each([
    ['ErrorsAlarm', 'Errors'],
    ['ThrottlesAlarm', 'Throttles'],
    ['DurationAlarm', 'Duration'],
  ])("%s watches the live alias's %s", (name, metricName) => {
    const alarm = template.Resources[name];
    expect(alarm.Type).toBe('AWS::CloudWatch::Alarm');
    const metric = metricOf(alarm);
    expect(metric.Namespace).toBe('AWS/Lambda');
    expect(metric.MetricName).toBe(metricName);
    for (const [, fn] of functions) {
      const variant = deploy(template, fn.Condition === 'UseJwt' ? VARIANTS[1]! : VARIANTS[0]!);
      const functionName = functions.find(([, candidate]) => candidate === fn)![0];
      const dimensions = variant.resolve(dimensionsOf(alarm)).value;
      expect(dimensions).toEqual([
        { Name: 'FunctionName', Value: { Ref: functionName } },
        { Name: 'Resource', Value: `\${${functionName}}:live` },
      ]);
    }
    expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
  });

  it('fires on any error or throttle within a minute', () => {
    for (const name of ['ErrorsAlarm', 'ThrottlesAlarm']) {
      const within = { Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1 };
      expect(template.Resources[name].Properties).toMatchObject(within);
    }
  });

  it('fires when the p99 duration passes DurationAlarmPercent of FunctionTimeout, whatever the timeout', () => {
    const alarm = template.Resources.DurationAlarm.Properties;
    const [stat, expression] = alarm.Metrics;
    expect(stat).toMatchObject({ Id: 'duration', ReturnData: false, MetricStat: { Stat: 'p99', Period: 60 } });
    expect(expression.ReturnData).toBe(true);
    expect(alarm.Threshold).toEqual({ Ref: 'DurationAlarmPercent' });
    expect(template.Parameters.DurationAlarmPercent).toMatchObject({ Type: 'Number', Default: 80, MaxValue: 100 });
    // The expression CloudWatch evaluates, for several timeouts: a p99 of that share of the timeout
    // (Duration is in milliseconds) is exactly the threshold.
    for (const timeout of [1, 10, 29]) {
      const text: string = deploy(template, { FunctionTimeout: timeout }).resolve(expression.Expression).value;
      expect(text).toMatch(/^[\w\s.()*/+-]+$/);
      const percentOfTimeout = new Function('duration', `return ${text};`) as (duration: number) => number;
      expect(percentOfTimeout(0.8 * timeout * 1000)).toBeCloseTo(80, 10);
      expect(percentOfTimeout(timeout * 1000)).toBeCloseTo(100, 10);
    }
  });

  it.each(SCENARIOS)('notifies the right topic, if any, and deploys a whole stack: %o', (scenario) => {
    const deployment = deploy(template, scenario);
    expect(deployment.failedRules).toEqual([]);
    const topic = 'AlarmTopicArn' in scenario ? [scenario.AlarmTopicArn] : undefined;
    const expected = 'AlarmEmail' in scenario ? [{ Ref: 'AlarmTopic' }] : topic;
    for (const name of ALARMS) {
      expect(deployment.resources[name].Properties.AlarmActions).toEqual(expected);
      expect(deployment.resources[name].Properties.OKActions).toEqual(expected);
    }
    expect('AlarmTopic' in deployment.resources).toBe('AlarmEmail' in scenario);
    if ('AlarmEmail' in scenario) {
      const subscription = { Protocol: 'email', Endpoint: scenario.AlarmEmail };
      expect(deployment.resources.AlarmTopic.Properties.Subscription).toEqual([subscription]);
      expect(deployment.outputs.AlarmTopicArn).toEqual({ Ref: 'AlarmTopic' });
    }
    // One function and one API, of the variant JwtIssuer chooses.
    const deployedFunctions = functions.filter(([name]) => name in deployment.resources);
    const deployedApis = apis.filter(([name]) => name in deployment.resources);
    expect(deployedFunctions).toHaveLength(1);
    expect(deployedApis).toHaveLength(1);
    expect(deployedFunctions[0]![1].Condition).toBe(scenario.JwtIssuer === '' ? 'NoJwt' : 'UseJwt');
    // Everything that exists refers only to what exists, Globals included.
    const globals = deployment.resolve(template.Globals);
    for (const [owner, referenced] of [...deployment.references, ['Globals', globals.references] as const]) {
      for (const name of referenced) expect(name in deployment.resources, `${owner} refers to ${name}`).toBe(true);
    }
  });

  it.each(apis)('logs every request of %s as JSON to its own log group, and throttles every route', (_name, api) => {
    const settings = api.Properties.AccessLogSettings;
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': ['ApiAccessLogGroup', 'Arn'] });
    expect(template.Resources.ApiAccessLogGroup.Properties.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    const fields = JSON.parse(settings.Format) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      integrationError: '$context.integration.error',
      integrationErrorMessage: '$context.integrationErrorMessage',
      lambdaRequestId: '$context.integration.requestId',
    });
    for (const [field, value] of Object.entries(fields)) {
      expect(HTTP_API_CONTEXT, `${field}: ${value}`).toContain(value.replace(/^\$context\./, ''));
    }
    expect(api.Properties.DefaultRouteSettings).toEqual({
      ThrottlingBurstLimit: { Ref: 'ThrottlingBurstLimit' },
      ThrottlingRateLimit: { Ref: 'ThrottlingRateLimit' },
    });
    for (const parameter of ['ThrottlingBurstLimit', 'ThrottlingRateLimit']) {
      expect(template.Parameters[parameter]).toMatchObject({ Type: 'Number', MinValue: 1 });
      expect(template.Parameters[parameter].Default).toBeGreaterThan(0);
    }
  });

  it('keeps the model bucket when the stack is deleted or the bucket replaced', () => {
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
  });

  it.each([
    [{ JwtIssuer: 'https://issuer.example.com', JwtAudience: '' }, /JwtAudience/],
    [{ AlarmEmail: 'ops@example.com', AlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' }, /not both/],
  ])('refuses %o before creating anything (Rules)', (values, message) => {
    const failed = deploy(template, values).failedRules;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(message);
    // The same values, made consistent, pass.
    expect(deploy(template, { ...values, JwtAudience: 'client-a', AlarmTopicArn: '' }).failedRules).toEqual([]);
  });

  it('offers exactly the LOG_LEVEL values src/config.ts accepts', () => {
    const levels = template.Parameters.LogLevel.AllowedValues as string[];
    for (const level of levels) expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    // The configuration's own list, from its error message for a value it refuses.
    const accepted = (() => {
      try {
        loadConfig({ LOG_LEVEL: 'VERBOSE' });
      } catch (error) {
        return /expected one of ([A-Z, ]+), got/.exec((error as Error).message)?.[1]?.split(', ');
      }
      return undefined;
    })();
    expect(levels.slice().sort()).toEqual(accepted?.slice().sort());
    expect(levels).toContain(template.Parameters.LogLevel.Default);
    expect(template.Globals.Function.Environment.Variables.LOG_LEVEL).toEqual({ Ref: 'LogLevel' });
  });
});
