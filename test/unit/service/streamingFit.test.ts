import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/data/index.js';
import { csvPartReader } from '../../../src/data/stream/csvPartReader.js';
import { fileByteSource } from '../../../src/data/stream/fileByteSource.js';
import { DEFAULT_FORMULA_LIMITS } from '../../../src/formula/index.js';
import type { FitComputationRequest } from '../../../src/service/fitComputation.js';
import { budgetFor, computeFit } from '../../../src/service/index.js';
import { fitParts, type StreamingProgress } from '../../../src/service/streamingFit.js';

/**
 * A dataset in CSV parts, streamed from files in small chunks and spilled to disk, fits to the
 * last bit as `fitModel` fits the same rows sent whole; bad rows are named by part and row.
 */

const directory = mkdtempSync(join(tmpdir(), 'streaming-fit-'));
const spillDirectory = mkdtempSync(join(tmpdir(), 'streaming-spill-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  rmSync(spillDirectory, { recursive: true, force: true });
});

const HEADER = 'y,x,z,g,w';

/** Rows of a mixed workload from a fixed linear congruential sequence (deterministic). */
function rows(count: number, seed: number, at: (i: number) => string | null = () => null): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => {
    const x = (next() * 20 - 10).toFixed(6);
    const z = Math.floor(next() * 50);
    const g = ['north', 'south', 'east', 'west'][Math.floor(next() * 4)]!;
    const missing = next() < 0.02;
    const y = (3 + 2 * Number(x) - 0.5 * z + next()).toFixed(9);
    return at(i) ?? `${y},${missing ? '' : x},${z},${g},${(0.5 + next()).toFixed(4)}`;
  });
}

function request(formula: string, weights: string | null = null): FitComputationRequest {
  return {
    formula,
    missing: 'drop',
    weights,
    covType: 'HC3',
    useT: false,
    formulaLimits: DEFAULT_FORMULA_LIMITS,
    budget: budgetFor(900, 3008),
  };
}

async function parts(contents: readonly string[][]) {
  return Promise.all(
    contents.map(async (lines, i) => {
      const path = join(directory, `part-${i}.csv`);
      writeFileSync(path, `${HEADER}\n${lines.join('\n')}\n`);
      return csvPartReader(await fileByteSource(path, `part-${i}.csv`));
    }),
  );
}

const hooks = (seen: StreamingProgress[] = []) => ({
  progress: (p: StreamingProgress) => seen.push(p),
  signal: new AbortController().signal,
});

describe('fitParts', () => {
  it('fits CSV parts read in chunks as fitModel fits the rows whole', async () => {
    const contents = [rows(2_000, 1), rows(1_500, 2), rows(2_500, 3)];
    const whole = parseCsv(`${HEADER}\n${contents.flat().join('\n')}\n`);
    for (const [formula, weights] of [
      ['y ~ x + C(z) + g', null],
      ['np.log(y + 100) ~ standardize(x) + center(z) + g:x', 'w'],
    ] as const) {
      const seen: StreamingProgress[] = [];
      const streamed = await fitParts(
        request(formula, weights),
        await parts(contents),
        { format: 'CSV', directory: spillDirectory, chunkRows: 700 },
        hooks(seen),
      );
      expect(streamed.computation).toEqual(computeFit(request(formula, weights), whole));
      expect(streamed.spilled).toMatchObject({ rows: 6_000, sourcePasses: 1 });
      expect(seen.at(-1)).toEqual({ phase: 'FITTING', rowsRead: 6_000, sourcePasses: 1 });
      expect(seen.filter((p) => p.phase === 'READING').map((p) => p.rowsRead)).toContain(6_000);
    }
    expect(readdirSync(spillDirectory)).toEqual([]);
  });

  it('names the part and row of a bad value found by the fit', async () => {
    const bad = rows(1_000, 5, (i) => (i === 321 ? '1,-15,2,north,1' : null));
    const error = await fitParts(
      request('y ~ np.sqrt(x + 10) + g'),
      await parts([rows(1_000, 4), bad]),
      { format: 'CSV', directory: spillDirectory, chunkRows: 256 },
      hooks(),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'NON_FINITE_VALUE' });
    expect((error as Error).message).toMatch(
      /^row 1322: np\.sqrt\(x \+ 10\) is not a number.*\(part "part-1\.csv", row 322\)/,
    );
    expect(readdirSync(spillDirectory)).toEqual([]);
  });

  it('refuses an unknown column or absent weights before reading any row', async () => {
    const seen: StreamingProgress[] = [];
    await expect(
      fitParts(
        request('y ~ x + missing_column'),
        await parts([rows(10, 1)]),
        { format: 'CSV', directory },
        hooks(seen),
      ),
    ).rejects.toMatchObject({ reason: 'UNKNOWN_VARIABLE' });
    await expect(
      fitParts(request('y ~ x', 'weight'), await parts([rows(10, 1)]), { format: 'CSV', directory }, hooks(seen)),
    ).rejects.toMatchObject({ reason: 'INVALID_WEIGHTS' });
    expect(seen).toEqual([]);
  });
});
