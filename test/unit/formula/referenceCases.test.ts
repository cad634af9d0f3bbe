import { describe, expect, it } from 'vitest';
import { DataError, RecordsTable } from '../../../src/data/index.js';
import {
  buildPredictionDesign,
  buildTrainingDesign,
  FormulaError,
  UnseenLevelError,
} from '../../../src/formula/index.js';
import { loadCases, type ReferenceCase } from './helpers/cases.js';
import { leastSquares, multiply, pinvSolve } from './helpers/leastSquares.js';
import { withMatrix } from './helpers/matrix.js';

// Golden results: statsmodels 0.13.5 / patsy 0.5.3 (test/fixtures/PROVENANCE.md).
const cases = loadCases();
const fitting = cases.filter((c) => c.expected);
const failing = cases.filter((c) => c.expected_error);

function tolerances(c: ReferenceCase, values: readonly number[]): { rel: number; abs: number } {
  const rel = c.ill_conditioned ? (c.tolerance ?? 1e-4) : 1e-9;
  const largest = Math.max(...values.map(Math.abs));
  return { rel, abs: 1e-12 * largest };
}

function expectClose(actual: number, expected: number, tol: { rel: number; abs: number }, label: string): void {
  const error = Math.abs(actual - expected);
  if (error > Math.max(tol.rel * Math.abs(expected), tol.abs)) {
    expect.fail(`${label}: got ${actual}, expected ${expected} (error ${error})`);
  }
}

describe('reference cases (statsmodels 0.13.5 / patsy 0.5.3)', () => {
  it('has cases of both kinds', () => {
    expect(fitting.length).toBeGreaterThan(30);
    expect(failing.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(fitting.map((c) => [c.file, c] as const))('%s', (_file, c) => {
    const expected = c.expected!;
    const table = new RecordsTable(c.data);
    const design = withMatrix(
      buildTrainingDesign(c.formula, table, { missing: 'drop', weights: c.options.weights ?? undefined }),
    );

    it("builds patsy's columns, in order, with patsy's names", () => {
      expect(design.spec.columns).toEqual(expected.columns);
      expect(design.columnCount).toBe(expected.columns.length);
    });

    it('uses the rows statsmodels uses', () => {
      expect(design.rowCount).toBe(expected.nobs);
      expect(design.droppedRows).toBe(c.data.length - expected.nobs);
      expect(design.x.length).toBe(design.rowCount * design.columnCount);
      if (c.options.weights) expect(design.weights?.length).toBe(design.rowCount);
      else expect(design.weights).toBeNull();
    });

    if (c.rank_deficient) {
      it("gives R's answer where a column is aliased", () => {
        const beta = leastSquares(design.x, design.rowCount, design.columnCount, design.y);
        const r = c.r_lm!.coefficients;
        const tol = tolerances(
          c,
          Object.values(r).filter((v): v is number => v !== null),
        );
        expected.columns.forEach((name, j) => {
          const want = r[name];
          if (want === null || want === undefined) expect(beta[j]).toBeNull();
          else expectClose(beta[j]!, want, tol, name);
        });
      });
      return;
    }

    it("reproduces statsmodels' coefficients", () => {
      // statsmodels solves with pinv; on the ill-conditioned case (condition number 5e16) that
      // truncates a singular value, so only the same truncation reproduces its numbers.
      const beta = c.ill_conditioned
        ? pinvSolve(design.x, design.rowCount, design.columnCount, design.y)
        : leastSquares(design.x, design.rowCount, design.columnCount, design.y, design.weights, 0);
      const params = expected.params!;
      const tol = tolerances(c, Object.values(params));
      expected.columns.forEach((name, j) => expectClose(beta[j]!, params[name]!, tol, name));
    });

    it('predicts new rows as statsmodels does', () => {
      const predict = expected.predict!;
      const newRows = new RecordsTable(
        predict.data.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'y'))),
      );
      const encoded = withMatrix(buildPredictionDesign(design.spec, newRows));
      expect(encoded.columnCount).toBe(design.columnCount);
      const params = expected.columns.map((name) => expected.params![name]!);
      const mean = multiply(encoded.x, encoded.rowCount, encoded.columnCount, params);
      const tol = tolerances(c, predict.mean);
      predict.mean.forEach((want, i) => expectClose(mean[i]!, want, tol, `row ${i}`));
    });

    it('survives a JSON round trip of its spec', () => {
      const spec = JSON.parse(JSON.stringify(design.spec));
      const rows = new RecordsTable(expected.predict!.data);
      expect(withMatrix(buildPredictionDesign(spec, rows)).x).toEqual(
        withMatrix(buildPredictionDesign(design.spec, rows)).x,
      );
    });
  });

  describe('cases statsmodels rejects', () => {
    const byName = new Map(failing.map((c) => [c.name, c]));

    it('rejects an unmatched parenthesis at the parenthesis', () => {
      const c = byName.get('syntax_error')!;
      const error = catchError(() => buildTrainingDesign(c.formula, new RecordsTable(c.data), { missing: 'drop' }));
      expect(error).toBeInstanceOf(FormulaError);
      const e = error as FormulaError;
      expect(e.reason).toBe('FORMULA_SYNTAX');
      expect(e.position).toBe(c.formula.indexOf('('));
      expect(e.message).toContain(`    ${c.formula}\n    ${' '.repeat(c.formula.indexOf('('))}^`);
    });

    it('rejects an unknown variable, pointing at its name', () => {
      const c = byName.get('unknown_variable')!;
      const error = catchError(() => buildTrainingDesign(c.formula, new RecordsTable(c.data), { missing: 'drop' }));
      expect(error).toBeInstanceOf(FormulaError);
      const e = error as FormulaError;
      expect(e.reason).toBe('UNKNOWN_VARIABLE');
      expect(c.formula.slice(e.position, e.end)).toBe('nosuchcol');
      expect(e.message).toContain('column "nosuchcol" is not in the data; the data has');
      expect(e.message).toContain('^^^^^^^^^');
    });

    it('rejects an unseen level at prediction, naming column, level and row', () => {
      const c = byName.get('unseen_level')!;
      const design = buildTrainingDesign(c.formula, new RecordsTable(c.data), { missing: 'drop' });
      const error = catchError(() => buildPredictionDesign(design.spec, new RecordsTable(c.predict_data!)));
      expect(error).toBeInstanceOf(UnseenLevelError);
      const e = error as UnseenLevelError;
      expect(e.reason).toBe('UNSEEN_LEVEL');
      expect(e.column).toBe('g');
      expect(e.level).toBe('zzz_new');
      expect(e.row).toBe(0);
      expect(e.message).toContain('row 1, column "g": level "zzz_new" was not seen in training');
    });

    it.each(failing.map((c) => [c.file, c] as const))('%s fails with a formula or data error', (_file, c) => {
      const run = () => {
        const design = buildTrainingDesign(c.formula, new RecordsTable(c.data), { missing: 'drop' });
        if (c.expected_error!.stage === 'predict')
          buildPredictionDesign(design.spec, new RecordsTable(c.predict_data!));
      };
      const error = catchError(run);
      expect(error instanceof FormulaError || error instanceof DataError).toBe(true);
    });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail('expected an error');
}
