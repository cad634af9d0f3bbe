// Runs in a child Node process, as one Lambda container: imports a built Lambda bundle and invokes
// its handler with each API Gateway event file of argv[3…] in turn, printing each Lambda result
// as one JSON line on stdout, as `sam local invoke` does. The function's own log and metric (EMF)
// lines go to the same stdout, before the result of the invocation that wrote them. Invocation i
// has the Lambda request id `lambda-request-i`.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, ...eventFiles] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
for (const [index, file] of eventFiles.entries()) {
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'RegressionFunction',
    functionVersion: '1',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:RegressionFunction:live',
    memoryLimitInMB: '1769',
    awsRequestId: `lambda-request-${index}`,
    logGroupName: '/aws/lambda/serverless-regression-regression',
    logStreamName: '2026/11/25/[1]0123456789abcdef',
    getRemainingTimeInMillis: () => 29_000,
  };
  const result = await handler(JSON.parse(readFileSync(file, 'utf8')), context);
  console.log(JSON.stringify(result));
}
