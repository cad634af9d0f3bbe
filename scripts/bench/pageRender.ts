// The web page's time to first render of a model with 5,000 diagnostic points, in Debian's
// chromium (headless, through puppeteer-core) against the local server on loopback: a fresh page
// opens /#/models/{id} and the page marks `model-drawn` once the tables, the forest plot and the
// four uPlot panels are drawn. Reported per round: navigation start → drawn (everything, the
// model's fetch included) and the model's answer → drawn (the page's own work: parsing, the four
// panels' lowess, drawing). Also the sizes of the page's assets, raw and gzipped.
//
//   node scripts/run-ts.mjs scripts/bench/pageRender.ts [--rounds=7] [--rows=5000]
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../../src/config.js';
import { PAGE_ASSETS } from '../../src/http/__generated__/pageAssets.js';
import { startLocalServer } from '../../src/local.js';
import { isolatedPage, launchBrowser } from '../../test/support/browser.js';

const option = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const rounds = option('rounds', 7);
const rows = option('rows', 5000);

for (const asset of PAGE_ASSETS) {
  const raw = Buffer.byteLength(asset.body);
  const gzip = gzipSync(asset.body, { level: 9 }).length;
  console.log(`${asset.name}: ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzipped`);
}

const server = await startLocalServer(
  loadConfig({ PORT: '0', MODEL_DIR: await mkdtemp(join(tmpdir(), 'page-render-')), LOG_LEVEL: 'SILENT' }),
);
// y = 1 + 2x − z + a group effect + noise, deterministic.
let seed = 12345;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const lines = ['x,z,g,y'];
for (let i = 0; i < rows; i++) {
  const [x, z, g] = [next() * 10, next() * 5, ['a', 'b', 'c'][i % 3]];
  lines.push(`${x},${z},${g},${1 + 2 * x - z + (g === 'b' ? 1 : 0) + (next() - 0.5) * 2}`);
}
const fit = await fetch(`${server.url}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: 'mutation($input: FitModelInput!) { fitModel(input: $input) { id diagnosticPoints { row } } }',
    variables: { input: { formula: 'y ~ x + z + C(g)', csv: lines.join('\n') } },
  }),
}).then((response) => response.json() as Promise<{ data: { fitModel: { id: string; diagnosticPoints: unknown[] } } }>);
const { id, diagnosticPoints } = fit.data.fitModel;
console.log(`model of ${rows} rows, ${diagnosticPoints.length} diagnostic points`);

const browser = await launchBrowser();
const total: number[] = [];
const own: number[] = [];
try {
  for (let round = 0; round < rounds; round++) {
    const { page } = await isolatedPage(browser, server.url);
    await page.goto(`${server.url}/#/models/${id}`);
    await page.waitForFunction("performance.getEntriesByName('model-drawn').length > 0", { timeout: 60_000 });
    const timing = (await page.evaluate(`(() => {
      const drawn = performance.getEntriesByName('model-drawn')[0].startTime;
      const answers = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/graphql'));
      return { drawn, answered: Math.max(...answers.map((r) => r.responseEnd)) };
    })()`)) as { drawn: number; answered: number };
    total.push(timing.drawn);
    own.push(timing.drawn - timing.answered);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const show = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
console.log(`navigation → drawn: median ${median(total).toFixed(0)} ms (${show(total)})`);
console.log(`model answered → drawn: median ${median(own).toFixed(0)} ms (${show(own)})`);
