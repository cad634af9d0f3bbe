// Runs in a child Node process: imports a built Lambda bundle, invokes its handler with the API
// Gateway event in the file argv[3], and prints one JSON line: the result and the process's peak
// RSS. The test that spawns it chooses the heap limit (--max-old-space-size) and environment.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = { awsRequestId: event.requestContext.requestId, getRemainingTimeInMillis: () => 29_000 };
const started = performance.now();
const result = await handler(event, context);
const elapsedMs = performance.now() - started;
console.log(JSON.stringify({ result, elapsedMs, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
