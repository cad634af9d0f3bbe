/**
 * The web page in a real browser (chromium, headless) against the local server over loopback:
 * choose a CSV file, see its preview, a formula error with its caret, fit, read the coefficient
 * table against the API's numbers, find the five figures by caption with marks drawn in each,
 * predict from the form, open the model by URL, list and delete it. No request leaves the server
 * (test/support/browser.ts refuses and records any). Screenshots of each state go to docs/images/.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';
import { isolatedPage, launchBrowser } from '../support/browser.js';
import { HttpClient } from '../support/httpClient.js';

const IMAGES = join(import.meta.dirname, '../../docs/images');

/** 40 rows: y = 2 + 0.5x + a group effect + deterministic noise, row 17 far off the line. */
const ROWS = Array.from({ length: 40 }, (_, i) => {
  const x = i + 1;
  const g = ['a', 'b', 'c'][i % 3] as string;
  const noise = Math.sin(x * 12.9898) * 0.8 + (x === 17 ? 9 : 0);
  return { x, g, y: 2 + 0.5 * x + (g === 'b' ? 1.5 : g === 'c' ? -1 : 0) + noise };
});
const CSV = ['x,g,y', ...ROWS.map((r) => `${r.x},${r.g},${r.y.toFixed(6)}`)].join('\n') + '\n';

// The few DOM shapes the in-page functions read (the project's TypeScript has no DOM library).
interface Labelled {
  labels: { textContent: string | null }[];
}
interface Box {
  offsetLeft: number;
  offsetTop: number;
  offsetWidth: number;
  offsetHeight: number;
}
interface Canvas {
  width: number;
  getBoundingClientRect(): { width: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}

let server: LocalServer;
let client: HttpClient;
let browser: Browser;
let page: Page;
let refused: string[];
let modelId: string;

beforeAll(async () => {
  const directory = await mkdtemp(join(tmpdir(), 'web-page-'));
  server = await startLocalServer(loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT' }));
  client = new HttpClient(server.url);
  browser = await launchBrowser();
  ({ page, refused } = await isolatedPage(browser, server.url));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The text of each cell of the table captioned `caption`, row by row (header row first). */
async function tableCells(target: Page, caption: string): Promise<string[][]> {
  return target.$$eval(
    'table',
    (tables, wanted) => {
      const table = tables.find((t) => t.querySelector('caption')?.textContent?.trim() === wanted);
      if (!table) return [];
      return [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((cell) => cell.textContent ?? ''));
    },
    caption,
  );
}

/** The number a table shows, to the digits it shows: within half a unit of its last digit. */
function expectShown(text: string | undefined, value: number): void {
  const shown = Number(text);
  expect(Number.isFinite(shown), `${text} is a number`).toBe(true);
  const digits = text!.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
  const tolerance = Math.max(Math.abs(value), 1e-300) * 10 ** -(digits - 1);
  expect(Math.abs(shown - value)).toBeLessThanOrEqual(tolerance);
}

describe('the web page', () => {
  it('serves the page and its assets from the server itself', async () => {
    const reply = await client.send('GET', '/', undefined, { accept: 'text/html' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = /src="(assets\/app-[0-9a-f]+\.js)"/.exec(reply.text)?.[1];
    const style = /href="(assets\/app-[0-9a-f]+\.css)"/.exec(reply.text)?.[1];
    for (const asset of [script, style]) {
      const answer = await client.send('GET', `/${asset}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toContain('immutable');
      expect(answer.text.length).toBeGreaterThan(1000);
    }
    expect((await client.send('POST', '/', '{}')).status).toBe(405);
    expect((await client.send('GET', '/assets/app-000000000000.js')).status).toBe(404);
  });

  it('previews a chosen CSV file with each column’s kind', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'web-csv-')), 'trial.csv');
    await writeFile(file, CSV);
    await page.goto(`${server.url}/`, { waitUntil: 'networkidle0' });
    const input = await page.waitForSelector('input[type=file]');
    await input!.uploadFile(file);
    await page.waitForSelector('table.preview');
    const cells = await tableCells(page, 'Data preview: the first 8 of 40 rows');
    expect(cells[0]).toEqual(['x numeric', 'g categorical', 'y numeric']);
    expect(cells[1]).toEqual(['1', 'a', ROWS[0]!.y.toFixed(6)]);
    await page.screenshot({ path: join(IMAGES, 'page-data.png'), fullPage: true });
  });

  it('shows a formula error under the formula, with a caret at its offset', async () => {
    const formula = await page.waitForSelector('input[aria-label="Formula"], #formula');
    // The input's accessible name is its label's text.
    const name = await page.$eval('#formula', (element) => (element as unknown as Labelled).labels[0]?.textContent);
    expect(name?.trim()).toBe('Formula');
    await formula!.type('y ~ x + zeta');
    await page.click('button[type=submit]');
    const alert = await page.waitForSelector('#fit-error');
    const caret = await alert!.$eval('pre.caret', (pre) => pre.textContent ?? '');
    expect(caret.split('\n')).toEqual(['y ~ x + zeta', `${' '.repeat(8)}^^^^`]);
    const message = await alert!.$eval('.message', (p) => p.textContent ?? '');
    expect(message).toContain('At column 9');
    expect(message).toContain('"zeta"');
    expect(await page.$eval('#formula', (input) => input.getAttribute('aria-invalid'))).toBe('true');
    await page.screenshot({ path: join(IMAGES, 'page-formula-error.png') });
  });

  it('fits, and shows the coefficients the API answers', async () => {
    await page.click('#formula', { count: 3 });
    await page.type('#formula', 'y ~ x + C(g)');
    const button = await page.$('button[type=submit]');
    expect(await button!.evaluate((b) => b.textContent)).toBe('Fit');
    await button!.click();
    await page.waitForFunction("location.hash.startsWith('#/models/')");
    modelId = decodeURIComponent((await page.evaluate('location.hash')) as string).slice('#/models/'.length);
    await page.waitForSelector('figure.plot canvas');
    const reply = await client.graphql(
      `query($id: ID!) { model(id: $id) { nobs rSquared adjRSquared aic
        coefficients { name estimate stdError tValue pValue confInt { lower upper } } } }`,
      { id: modelId },
    );
    const model = reply.json.data.model;
    const rows = await tableCells(page, 'Coefficients');
    expect(rows[0]).toEqual(['Term', 'Estimate', 'Std. error', 't value', 'p value', '95% lower', '95% upper']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(model.coefficients.map((c: { name: string }) => c.name));
    model.coefficients.forEach((c: any, i: number) => {
      const [, estimate, stdError, t, p, lower, upper] = rows[i + 1]!;
      expectShown(estimate, c.estimate);
      expectShown(stdError, c.stdError);
      expectShown(t, c.tValue);
      if (c.pValue >= 2.2e-16) expectShown(p, c.pValue);
      expectShown(lower, c.confInt.lower);
      expectShown(upper, c.confInt.upper);
    });
    const statistics = Object.fromEntries((await tableCells(page, 'Model statistics')).map(([k, v]) => [k, v]));
    expect(statistics.Observations).toBe(String(model.nobs));
    expectShown(statistics['R²'], model.rSquared);
    expectShown(statistics['Adjusted R²'], model.adjRSquared);
    expectShown(statistics.AIC, model.aic);
  });

  it('draws the five figures, each found by its caption, with marks in each and R’s labels', async () => {
    const titles = ['Residuals vs fitted', 'Normal Q-Q', 'Scale-location', 'Residuals vs leverage'];
    const drawn = await page.$$eval(
      'figure',
      (figures, wanted) =>
        wanted.map((title) => {
          const figure = figures.find((f) => f.querySelector('figcaption')?.textContent === title);
          if (!figure) return null;
          const canvas = figure.querySelector('canvas') as unknown as Canvas;
          const over = figure.querySelector('.u-over') as unknown as Box;
          const scale = canvas.width / canvas.getBoundingClientRect().width;
          const [left, top] = [over.offsetLeft * scale, over.offsetTop * scale];
          const [width, height] = [over.offsetWidth * scale, over.offsetHeight * scale];
          const pixels = canvas.getContext('2d')!.getImageData(left, top, width, height).data;
          let points = 0;
          let smoother = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            const [r, g, b, a] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
            if (a > 60 && Math.abs(r - 51) < 25 && Math.abs(g - 51) < 25 && Math.abs(b - 51) < 25) points++;
            if (a > 60 && r > 180 && g < 90 && b < 90) smoother++;
          }
          const { dataset } = figure as unknown as { dataset: Record<string, string | undefined> };
          return { points, smoother, count: Number(dataset.points), labelled: dataset.labelled };
        }),
      titles,
    );
    await page.screenshot({ path: join(IMAGES, 'page-model.png'), fullPage: true });
    const reply = await client.graphql(
      `query($id: ID!) { model(id: $id) { diagnosticPoints { row residual standardizedResidual cooksDistance } } }`,
      { id: modelId },
    );
    const points: { row: number; residual: number; standardizedResidual: number; cooksDistance: number }[] =
      reply.json.data.model.diagnosticPoints;
    const top = (of: (p: (typeof points)[number]) => number) =>
      [...points]
        .sort((a, b) => of(b) - of(a))
        .slice(0, 3)
        .map((p) => p.row)
        .sort((a, b) => a - b);
    const labelled = (i: number) =>
      drawn[i]!.labelled!.split(' ')
        .map(Number)
        .sort((a: number, b: number) => a - b);
    drawn.forEach((panel, i) => {
      expect(panel, titles[i]).not.toBeNull();
      expect(panel!.count).toBe(40);
      expect(panel!.points, `${titles[i]}: point pixels`).toBeGreaterThan(100);
      // R's red lowess on three panels, Cook's contours (red too) on the fourth; none on the Q-Q plot.
      if (i !== 1) expect(panel!.smoother, `${titles[i]}: red pixels`).toBeGreaterThan(30);
    });
    expect(labelled(0)).toEqual(top((p) => Math.abs(p.residual)));
    expect(labelled(1)).toEqual(top((p) => Math.abs(p.standardizedResidual)));
    expect(labelled(3)).toEqual(top((p) => p.cooksDistance));
    expect(labelled(0)).toContain(17);
    // The forest plot: one mark (an interval and its estimate) per coefficient.
    const forest = await page.$$eval('figure', (figures) => {
      const figure = figures.find((f) => f.querySelector('figcaption')?.textContent === 'Coefficients');
      return figure
        ? { circles: figure.querySelectorAll('circle').length, lines: figure.querySelectorAll('line.interval').length }
        : null;
    });
    expect(forest).toEqual({ circles: 4, lines: 4 });
    await page.screenshot({ path: join(IMAGES, 'page-model.png'), fullPage: true });
  });

  it('predicts from the form what the API predicts', async () => {
    await page.type('form.predict input[type=number]', '12.5');
    await page.select('form.predict select', 'b');
    await page.click('form.predict button[type=submit]');
    await page.waitForSelector('output.prediction');
    const shown = await page.$eval('output.prediction', (output) => ({
      fit: output.querySelector('.fit')?.textContent,
      lower: output.querySelector('.lower')?.textContent,
      upper: output.querySelector('.upper')?.textContent,
    }));
    const reply = await client.graphql(
      `mutation($input: PredictInput!) { predict(input: $input) { rows { fit lower upper } } }`,
      { input: { modelId, data: [{ x: 12.5, g: 'b' }], interval: 'PREDICTION', level: 0.95 } },
    );
    const [row] = reply.json.data.predict.rows;
    expectShown(shown.fit ?? undefined, row.fit);
    expectShown(shown.lower ?? undefined, row.lower);
    expectShown(shown.upper ?? undefined, row.upper);
    const output = await page.$('output.prediction');
    await output!.scrollIntoView();
    await page.screenshot({ path: join(IMAGES, 'page-predict.png') });
  });

  it('opens a model by its URL, after a reload too', async () => {
    const { page: fresh } = await isolatedPage(browser, server.url);
    await fresh.goto(`${server.url}/#/models/${encodeURIComponent(modelId)}`, { waitUntil: 'networkidle0' });
    await fresh.waitForSelector('figure.plot canvas');
    const before = await tableCells(fresh, 'Coefficients');
    await fresh.reload({ waitUntil: 'networkidle0' });
    await fresh.waitForSelector('figure.plot canvas');
    expect(await tableCells(fresh, 'Coefficients')).toEqual(before);
    expect(before).toEqual(await tableCells(page, 'Coefficients'));
    await fresh.close();
  });

  it('lists the models, and deletes one after confirmation', async () => {
    await page.goto(`${server.url}/#/models`, { waitUntil: 'networkidle0' });
    const link = await page.waitForSelector(`a[href="#/models/${encodeURIComponent(modelId)}"]`);
    await page.screenshot({ path: join(IMAGES, 'page-models.png') });
    await link!.click();
    await page.waitForSelector('figure.plot canvas');
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.click('button ::-p-text(Delete)');
    expect(dialogs).toEqual([`Delete model ${modelId}?`]);
    // Dismissed: the model is still there.
    const still = await client.graphql('query($id: ID!) { model(id: $id) { id } }', { id: modelId });
    expect(still.json.data.model).toEqual({ id: modelId });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('button ::-p-text(Delete)');
    await page.waitForFunction("location.hash === '#/models'");
    const gone = await client.graphql('query($id: ID!) { model(id: $id) { id } }', { id: modelId });
    expect(gone.json.data.model).toBeNull();
    await page.waitForSelector('table.models');
    expect(await page.$(`a[href="#/models/${encodeURIComponent(modelId)}"]`)).toBeNull();
  });

  it('asked for nothing beyond the server', () => {
    expect(refused).toEqual([]);
  });
});
