import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run bench` at small sizes, so the benchmark cannot rot. Speed and memory are what the
// bench reports, never what a test asserts: this checks only that every figure is there and sane.
const work = mkdtempSync(join(tmpdir(), 'bench-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;

describe('npm run bench (scripts/bench/bench.mjs)', () => {
  it('measures every route, input shape and size, and writes the report as JSON', () => {
    const out = join(work, 'performance.json');
    const run = spawnSync(
      process.execPath,
      [
        'scripts/bench/bench.mjs',
        '--sizes',
        '100,1000',
        '--quick',
        '--dataset-rows',
        '3000',
        '--out',
        out,
        '--data',
        join(work, 'data'),
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
    expect(run.stdout).toContain('Fit end to end');
    const report = JSON.parse(readFileSync(out, 'utf8'));

    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.node).toMatch(/^v\d+/);
    expect(positive(report.bundle.bytes)).toBe(true);
    for (const name of ['rest-s3', 'graphql-s3', 'rest-file', 'graphql-file']) {
      const cold = report.coldStart[name];
      for (const key of ['wallMs', 'startMs', 'importMs', 'firstAnswerMs', 'maxRSS'])
        expect(positive(cold[key]), `coldStart.${name}.${key}`).toBe(true);
    }
    expect(typeof report.statsmodels.installed).toBe('boolean');

    expect(report.sizes.map((size: { n: number }) => size.n)).toEqual([100, 1000]);
    for (const size of report.sizes) {
      for (const body of [
        'rest-records',
        'rest-columns',
        'rest-csv',
        'graphql-records',
        'graphql-columns',
        'graphql-csv',
      ]) {
        const fit = size.fit[body];
        for (const key of ['bodyBytes', 'fitMs', 'jsonParseMs', 'documentBytes', 'responseBytes', 'maxRSS']) {
          expect(positive(fit[key]), `n=${size.n} ${body}.${key}`).toBe(true);
        }
        // The model document does not grow with the data beyond its diagnostic points (at most
        // 5,000 rows of a few numbers each, ~80 bytes): a few kilobytes besides.
        expect(fit.documentBytes).toBeLessThan(64_000 + 100 * Math.min(size.n, 5_000));
      }
      expect(size.design.designColumns).toBe(14);
      expect(positive(size.design.designMs) && positive(size.design.statsMs)).toBe(true);
      for (const key of ['serviceOneRow', 'restOneRow', 'graphqlOneRow', 'restBatch10k', 'graphqlColumnsBatch10k']) {
        const quantiles = size.predict[key];
        expect(positive(quantiles.p50) && quantiles.p99 >= quantiles.p50, `predict.${key}`).toBe(true);
      }
      for (const body of ['rest-records', 'rest-columns', 'rest-csv']) {
        expect(size.server[body].status).toBe(200);
        expect(positive(size.server[body].maxRSS)).toBe(true);
      }
      if (report.statsmodels.installed) {
        expect(size.statsmodels.error).toBeUndefined();
        expect(positive(size.statsmodels.fitEndToEndSeconds)).toBe(true);
      }
    }

    // The dataset fit: every row read, the same x1 as statsmodels and R where they ran.
    const { dataset } = report;
    expect(dataset.rows).toBe(3000);
    const csv = dataset.CSV;
    for (const format of ['CSV', 'PARQUET']) {
      const figures = dataset[format];
      expect(figures.error, figures.error).toBeUndefined();
      expect(figures.rows).toBe(3000);
      for (const key of ['seconds', 'readSeconds', 'rowsPerSecond', 'spillBytes', 'peakRssMB'])
        expect(positive(figures[key]), `dataset.${format}.${key}`).toBe(true);
      expect(figures.x1).toBe(csv.x1);
    }
    for (const reference of [dataset.statsmodels, dataset.r].filter(Boolean)) {
      expect(reference.rows).toBe(3000);
      expect(Math.abs(reference.x1 - csv.x1)).toBeLessThan(1e-9 * Math.abs(csv.x1));
    }

    // The part readers alone read every row of the dataset files back, in each format.
    expect(report.readers.rows).toBe(3000);
    expect(run.stdout).toContain('Dataset part readers');
    for (const format of ['CSV', 'PARQUET']) {
      for (const key of ['bytes', 'chunks', 'rowsPerSecond', 'maxRSS']) {
        expect(positive(report.readers[format][key]), `readers.${format}.${key}`).toBe(true);
      }
    }
  }, 300_000);
});
