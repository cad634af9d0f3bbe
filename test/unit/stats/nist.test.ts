/**
 * NIST StRD linear least squares (test/fixtures/nist-strd): the design is built here from
 * the data (intercept column, raw x's, and powers of x formed in double-double so the low
 * parts go in as xLo), fitted, and every certified value — coefficients, standard errors,
 * R² (uncentered for NoInt1/NoInt2), residual SD — must be right to at least 10 digits
 * (LRE = −log10 of the relative error; of the absolute error where the certified value is
 * 0). Prints the LRE table recorded in docs/accuracy.md:
 *   npx vitest run test/unit/stats/nist.test.ts
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitLinearModel, type LeastSquaresProblem, type LinearModel } from '../../../src/stats/index.js';
import { ddPower, withDesign } from './caseDesign.js';
import { readFixture } from './referenceData.js';

interface NistDataset {
  readonly name: string;
  readonly formula: string;
  readonly data: readonly Readonly<Record<string, number>>[];
  readonly certified: {
    readonly params: readonly number[];
    readonly se: readonly number[];
    readonly residual_sd: number;
    readonly r_squared: number;
  };
}

/** The certified model's design: `y ~ a + b + I(x**k) …`, with `- 1` for no intercept. */
export function nistProblem(d: NistDataset): LeastSquaresProblem {
  const [lhs, rhs] = d.formula.split('~').map((s) => s.trim()) as [string, string];
  const intercept = !/-\s*1\s*$/.test(rhs);
  const terms = rhs
    .replace(/-\s*1\s*$/, '')
    .split('+')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const n = d.data.length;
  const columns = (intercept ? ['Intercept'] : []).concat(terms);
  const x = new Float64Array(n * columns.length);
  const xLo = new Float64Array(n * columns.length);
  columns.forEach((term, j) => {
    const power = /^I\((\w+)\*\*(\d+)\)$/.exec(term.replace(/\s/g, ''));
    d.data.forEach((row, i) => {
      const [hi, lo] =
        term === 'Intercept'
          ? [1, 0]
          : power !== null
            ? ddPower(row[power[1] as string] as number, Number(power[2]))
            : [row[term] as number, 0];
      x[j * n + i] = hi;
      xLo[j * n + i] = lo;
    });
  });
  return withDesign({
    rowCount: n,
    columnCount: columns.length,
    x,
    xLo,
    y: Float64Array.from(d.data, (row) => row[lhs] as number),
    yLo: null,
    weights: null,
    columnNames: columns,
  });
}

/** Digits correct, capped at 15 (beyond that the certified values' own 15 digits end). */
function lre(estimate: number | null, certified: number): number {
  if (estimate === null) {
    return 0;
  }
  const error = certified === 0 ? Math.abs(estimate) : Math.abs(estimate - certified) / Math.abs(certified);
  return error === 0 ? 15 : Math.min(15, -Math.log10(error));
}

interface Row {
  readonly name: string;
  readonly params: number;
  readonly se: number;
  readonly rSquared: number;
  readonly residualSd: number;
  readonly model: LinearModel;
}

const directory = fileURLToPath(new URL('../../fixtures/nist-strd/', import.meta.url));
const names = readdirSync(directory)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

function measure(name: string): Row {
  const d = readFixture<NistDataset>(`nist-strd/${name}.json`);
  const model = fitLinearModel(nistProblem(d), { covType: 'nonrobust', useT: true });
  return {
    name,
    params: Math.min(...model.coefficients.map((c, j) => lre(c.estimate, d.certified.params[j] as number))),
    se: Math.min(...model.coefficients.map((c, j) => lre(c.stdError, d.certified.se[j] as number))),
    rSquared: lre(model.rSquared, d.certified.r_squared),
    residualSd: lre(model.residualStdError, d.certified.residual_sd),
    model,
  };
}

describe('NIST StRD linear regression', () => {
  const rows = names.map(measure);

  it('prints the LRE table (minimum over coefficients)', () => {
    const lines = rows.map((r) =>
      [
        r.name.padEnd(9),
        r.params.toFixed(1),
        r.se.toFixed(1),
        r.rSquared.toFixed(1),
        r.residualSd.toFixed(1),
        r.model.numerics.scaledConditionNumber.toExponential(1),
        String(r.model.numerics.refinementIterations),
        r.model.numerics.covarianceRefined ? 'yes' : 'no',
      ].join(' | '),
    );
    console.log(
      ['dataset   | coef | s.e. | R² | res. SD | κ (scaled) | refinement steps | cov. refined', ...lines].join('\n'),
    );
    expect(rows).toHaveLength(11);
  });

  for (const name of names) {
    it(`gets at least 10 digits of every certified value on ${name}`, () => {
      const row = rows.find((r) => r.name === name) as Row;
      expect(row.model.coefficients.every((c) => !c.aliased)).toBe(true);
      expect(row.params).toBeGreaterThanOrEqual(10);
      expect(row.se).toBeGreaterThanOrEqual(10);
      expect(row.rSquared).toBeGreaterThanOrEqual(10);
      expect(row.residualSd).toBeGreaterThanOrEqual(10);
    });
  }
});
