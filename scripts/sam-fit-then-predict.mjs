// Fits a model with `sam local invoke`, then predicts from it: the predict event of events/ gets
// the id the fit answered (scripts/events.mjs, the code test/deploy/events.test.ts runs with the
// bundled handler). Needs the AWS SAM CLI, Docker, `sam build` first, and a store both
// invocations share (each runs in a container of its own): see docs/deploy.md.
//
//   node scripts/sam-fit-then-predict.mjs [--graphql] [--function TenantRegressionFunction] \
//     [-- <sam local invoke options>]
//
// e.g. with a deployed stack's bucket:   -- --env-vars env.json   (env.json: {"Parameters": {"MODEL_BUCKET": "…"}})
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { modelIdOf, PREDICT_AFTER, resultOfInvokeOutput, withModelId } from './events.mjs';

const { values, positionals } = parseArgs({
  options: {
    graphql: { type: 'boolean', default: false },
    function: { type: 'string', default: 'RegressionFunction' },
  },
  allowPositionals: true,
});
const fitEvent = values.graphql ? 'graphql-fit' : 'rest-fit';
const predictEvent = PREDICT_AFTER[fitEvent];

/** Runs `sam local invoke` on an event file; its stdout is the Lambda result (logs go to stderr). */
function invoke(eventFile) {
  process.stderr.write(`sam local invoke ${values.function} -e ${eventFile}\n`);
  const run = spawnSync('sam', ['local', 'invoke', values.function, '-e', eventFile, ...positionals], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`could not run sam (is the AWS SAM CLI installed?): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`sam local invoke exited with ${run.status}`);
  return resultOfInvokeOutput(run.stdout);
}

try {
  const modelId = modelIdOf(invoke(`events/${fitEvent}.json`));
  process.stderr.write(`fitted model ${modelId}\n`);
  const file = join(mkdtempSync(join(tmpdir(), 'sam-events-')), `${predictEvent}.json`);
  const event = withModelId(JSON.parse(readFileSync(`events/${predictEvent}.json`, 'utf8')), modelId);
  writeFileSync(file, `${JSON.stringify(event, null, 2)}\n`);
  const predicted = invoke(file);
  console.log(JSON.stringify(predicted));
  if (predicted.statusCode !== 200) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
