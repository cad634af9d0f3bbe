/**
 * The largest fits the default work budget accepts, run the way the deployed function runs
 * them: the Lambda bundle (scripts/build.mjs's options) in a child Node process with its heap
 * capped as for the template's 1,769 MB (test/support/invokeLambdaBundle.mjs), invoked with an
 * API Gateway v2 event. For each shape, the most rows whose estimate is inside the budget and
 * whose body is within 6 MB; prints the estimate, the time the handler took and the child's
 * peak RSS. Run:
 *   node scripts/run-ts.mjs scripts/bench/largestFit.ts
 * docs/reliability.md ("Bounding a fit's work") shows its output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BUDGET } from '../../src/service/fitBudget.js';
import { estimateFitCost } from '../../src/service/fitCost.js';
import { httpApiEvent } from '../../test/support/apiGatewayEvents.js';

interface Shape {
  readonly label: string;
  readonly formula: (rows: number) => { formula: string; columns: Record<string, number[]> };
  readonly designColumns: number;
  readonly covType: 'nonrobust' | 'HC3';
}

const factor = (levels: number) => (rows: number) => ({
  formula: 'y ~ C(g)',
  columns: {
    y: Array.from({ length: rows }, (_, i) => (i * 7919) % 13),
    g: Array.from({ length: rows }, (_, i) => i % levels),
  },
});
const numeric = (count: number) => (rows: number) => {
  const columns: Record<string, number[]> = { y: Array.from({ length: rows }, (_, i) => ((i * 7919) % 101) / 10) };
  for (let k = 0; k < count; k++)
    columns[`x${k}`] = Array.from({ length: rows }, (_, i) => ((i * (k + 3) * 104_729) % 997) / 100);
  return { formula: `y ~ ${Object.keys(columns).slice(1).join(' + ')}`, columns };
};

const SHAPES: Shape[] = [
  { label: 'y ~ C(g), 499 levels', formula: factor(499), designColumns: 499, covType: 'nonrobust' },
  { label: 'y ~ C(g), 200 levels, HC3', formula: factor(200), designColumns: 200, covType: 'HC3' },
  { label: 'y ~ x0 + … + x12, HC3', formula: numeric(13), designColumns: 14, covType: 'HC3' },
];

const directory = mkdtempSync(join(tmpdir(), 'largest-fit-'));
const bundle = join(directory, 'lambda.mjs');
// Built by a child process: esbuild cannot be bundled into this script (scripts/run-ts.mjs).
const built = spawnSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { build } = await import('esbuild'); const { lambdaOptions } = await import('./scripts/build.mjs');
   await build({ ...lambdaOptions, outfile: ${JSON.stringify(bundle)}, logLevel: 'error' });`,
  ],
  { stdio: 'inherit' },
);
if (built.status !== 0) throw new Error('could not build the Lambda bundle');
const heapMb = Math.floor(1769 * 0.85);
console.log(
  `budget ${DEFAULT_BUDGET.seconds.toFixed(1)} s, ${Math.round(DEFAULT_BUDGET.bytes / 1024 / 1024)} MB; ` +
    `child heap --max-old-space-size=${heapMb}`,
);
for (const shape of SHAPES) {
  // The most rows (up to MAX_ROWS and the 6 MB body) whose estimate is inside the budget.
  let rows = 1_000_000;
  const estimate = (n: number) =>
    estimateFitCost({ rows: n, columns: shape.designColumns, covType: shape.covType, weighted: false }).seconds;
  while (estimate(rows) > DEFAULT_BUDGET.seconds * 0.99) rows = Math.floor(rows * 0.98);
  let body = JSON.stringify(shape.formula(rows));
  while (body.length > 5_900_000) {
    rows = Math.floor(rows * 0.95);
    body = JSON.stringify(shape.formula(rows));
  }
  const request =
    shape.covType === 'HC3' ? { path: '/graphql', body: graphqlBody(shape.formula(rows)) } : { path: '/fit', body };
  const eventFile = join(directory, 'event.json');
  writeFileSync(eventFile, JSON.stringify(httpApiEvent({ method: 'POST', ...request })));
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, 'test/support/invokeLambdaBundle.mjs', bundle, eventFile],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'SILENT',
        MODEL_DIR: join(directory, 'models'),
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1769',
        FUNCTION_TIMEOUT_SECONDS: '29',
      },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const { result, elapsedMs, maxRssBytes } = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
  const status =
    result.statusCode === 200 && !String(result.body).includes('"errors"')
      ? 'fitted'
      : `refused: ${String(result.body).slice(0, 200)}`;
  console.log(
    `${shape.label.padEnd(30)} ${rows.toLocaleString('en-US').padStart(9)} rows × ` +
      `${String(shape.designColumns).padStart(3)} columns ` +
      `(${(request.body.length / 1e6).toFixed(1)} MB): estimate ${estimate(rows).toFixed(1)} s, ` +
      `took ${(elapsedMs / 1000).toFixed(1)} s, ` +
      `peak RSS ${Math.round(maxRssBytes / 1024 / 1024)} MB, ${status}`,
  );
}

function graphqlBody(input: { formula: string; columns: Record<string, number[]> }): string {
  return JSON.stringify({
    query: 'mutation($input: FitModelInput!) { fitModel(input: $input) { id nobs } }',
    variables: { input: { ...input, covType: 'HC3' } },
  });
}
