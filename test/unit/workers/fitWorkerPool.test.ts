/**
 * The fit worker pool with real worker threads running the bundled worker (dist/fitWorker.mjs as
 * scripts/build.mjs builds it): the same computations and the same public errors as computing in
 * this thread, a full queue answered at once, a worker that dies failing its fit (never hanging
 * it), and shutdown refusing what waits.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types.
import { localOptions } from '../../../scripts/build.mjs';
import { ColumnsTable, RecordsTable, type DataTable } from '../../../src/data/index.js';
import { DEFAULT_FORMULA_LIMITS } from '../../../src/formula/index.js';
import {
  computeFit,
  DEFAULT_BUDGET,
  FitsBusyError,
  RemoteFitError,
  toPublicError,
  type FitComputationRequest,
} from '../../../src/service/index.js';
import { FitWorkerPool } from '../../../src/workers/fitWorkerPool.js';

let script: URL;
const pools: FitWorkerPool[] = [];

beforeAll(async () => {
  const outdir = await mkdtemp(join(tmpdir(), 'fit-worker-'));
  await build({ ...localOptions, outdir });
  script = pathToFileURL(join(outdir, 'fitWorker.mjs'));
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

function pool(size: number, queueLength: number, worker: URL = script): FitWorkerPool {
  const created = new FitWorkerPool({ script: worker, size, queueLength });
  pools.push(created);
  return created;
}

function request(formula: string, options: Partial<FitComputationRequest> = {}): FitComputationRequest {
  return {
    formula,
    missing: 'drop',
    weights: null,
    covType: 'nonrobust',
    useT: true,
    formulaLimits: DEFAULT_FORMULA_LIMITS,
    budget: DEFAULT_BUDGET,
    ...options,
  };
}

const rows = Array.from({ length: 40 }, (_, i) => ({
  x: i * 0.25,
  z: Math.sin(i),
  g: ['a', 'b', 'c'][i % 3],
  w: 1 + (i % 4),
  y: 1 + 0.5 * i + Math.cos(i),
}));
/** A fresh table each time: a runner is handed its table, whose columns' memory moves to the worker. */
const records = (): DataTable => new RecordsTable(rows);
const bigTable = (): DataTable =>
  new ColumnsTable(
    {
      y: Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 13),
      g: Array.from({ length: 40_000 }, (_, i) => i % 200),
    },
    10,
  );

/** What computing in this thread gives: the computation, or the error as a client sees it. */
function inThread(fitRequest: FitComputationRequest, table: DataTable): unknown {
  try {
    return { ok: computeFit(fitRequest, table) };
  } catch (error) {
    return { error: toPublicError(error) };
  }
}

async function onWorker(workers: FitWorkerPool, fitRequest: FitComputationRequest, table: DataTable): Promise<unknown> {
  try {
    return { ok: await workers.run(fitRequest, table) };
  } catch (error) {
    expect(error).toBeInstanceOf(RemoteFitError);
    return { error: toPublicError(error) };
  }
}

describe('fits on worker threads', () => {
  const cases: [string, FitComputationRequest, () => DataTable][] = [
    ['an OLS fit', request('y ~ x * C(g) + np.log(w)'), records],
    ['a weighted HC3 fit', request('y ~ x + z', { weights: 'w', covType: 'HC3', useT: false }), records],
    ['a perfect fit', request('x ~ x'), records],
    ['a formula syntax error (caret excerpt)', request('y ~ (x + z'), records],
    ['an unknown column (with suggestions)', request('y ~ xx + z'), records],
    ['a weights column that does not exist', request('y ~ x', { weights: 'ww' }), records],
    [
      'a column whose cells disagree',
      request('y ~ x'),
      () => new RecordsTable([...rows.slice(0, 5), { x: 'two', y: 3 }]),
    ],
    ['too few rows', request('y ~ x + z + C(g)'), () => new RecordsTable(rows.slice(0, 4))],
    [
      'a fit beyond the budget',
      request('y ~ C(g)', { budget: { seconds: 1e-9, bytes: DEFAULT_BUDGET.bytes } }),
      records,
    ],
    [
      'columns of a columns table',
      request('y ~ a + C(b)'),
      () => new ColumnsTable({ a: [1, 2, 3, 4, 5], b: ['u', 'v', 'u', 'v', 'u'], y: [2, 4, 5, 8, 9] }, 100),
    ],
  ];

  it.each(cases)('%s: the same outcome as in this thread', async (_name, fitRequest, table) => {
    const workers = pool(1, 10);
    expect(await onWorker(workers, fitRequest, table())).toEqual(inThread(fitRequest, table()));
  });

  it('moves the columns a fit reads to its worker, and refuses a table handed over twice', async () => {
    const workers = pool(1, 10);
    const table = records();
    const x = table.column('x');
    expect((await workers.run(request('y ~ x'), table)).fit.rank).toBe(2);
    expect(x.kind === 'numeric' && x.values.length).toBe(0); // moved, not copied
    await expect(workers.run(request('y ~ x'), table)).rejects.toThrow(/handed over twice/);
  });

  it('answers a full queue at once with FITS_BUSY, and serves what it accepted', async () => {
    const workers = pool(1, 1);
    const running = workers.run(request('y ~ C(g)'), bigTable());
    const waiting = workers.run(request('y ~ x'), records());
    await expect(workers.run(request('y ~ x'), records())).rejects.toBeInstanceOf(FitsBusyError);
    expect(toPublicError(new FitsBusyError(1))).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'FITS_BUSY',
      status: 503,
    });
    expect((await running).fit.rank).toBe(200);
    expect((await waiting).fit.rank).toBe(2);
  });

  it('fails the fit of a worker that dies with an internal error, and replaces the worker', async () => {
    const workers = pool(1, 10, pathToFileURL('test/support/exitingWorker.mjs'));
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await workers.run(request('y ~ x'), records()).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(RemoteFitError);
      expect(toPublicError(outcome)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', status: 500 });
      expect((outcome as RemoteFitError).detail).toContain('exited with code 3');
    }
  });

  it('ends what runs and what waits when it closes, and refuses what comes after', async () => {
    const workers = new FitWorkerPool({ script, size: 1, queueLength: 10 });
    const outcome = (fit: Promise<unknown>) =>
      fit.then(
        () => 'fitted',
        (error: unknown) => toPublicError(error).code,
      );
    const running = outcome(workers.run(request('y ~ C(g)'), bigTable()));
    const queued = outcome(workers.run(request('y ~ z'), records()));
    await workers.close();
    expect(await running).toBe('SERVICE_UNAVAILABLE');
    expect(await queued).toBe('SERVICE_UNAVAILABLE');
    expect(await outcome(workers.run(request('y ~ x'), records()))).toBe('SERVICE_UNAVAILABLE');
  });
});
