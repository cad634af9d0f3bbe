// One Lambda cold start: a fresh `node` imports the bundled handler and answers one API Gateway
// event. Started by bench.mjs, which times spawn → answer; prints one JSON line with the times
// from this process's own start (performance.now() counts from the process's time origin).
//
//   node scripts/bench/coldStart.mjs <bundle.mjs> <event.json>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const result = await handler(event, {
  awsRequestId: 'cold-start',
  functionName: 'RegressionFunction',
  getRemainingTimeInMillis: () => 30_000,
});
const answered = performance.now();
if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);
console.log(
  JSON.stringify({
    startMs: started,
    importMs: imported - started,
    firstAnswerMs: answered - imported,
    sinceStartMs: answered,
    maxRSS: process.resourceUsage().maxRSS * 1024,
  }),
);
