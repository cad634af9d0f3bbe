import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import { buildTrainingDesign } from '../../../src/formula/index.js';
import { withMatrix } from './helpers/matrix.js';

const rows = [0.5, 1, 2, 3.5, 4].map((x, i) => ({ y: i, x, z: i - 2, flag: i % 2 === 0 }));
const table = new RecordsTable(rows);

function values(formula: string): number[] {
  const design = withMatrix(buildTrainingDesign(formula, table, { missing: 'drop' }));
  const n = design.rowCount;
  return Array.from(design.x.subarray(n, 2 * n));
}

describe('functions', () => {
  it.each([
    ['np.log', Math.log],
    ['np.log10', Math.log10],
    ['np.log2', Math.log2],
    ['np.log1p', Math.log1p],
    ['np.exp', Math.exp],
    ['np.sqrt', Math.sqrt],
    ['np.sin', Math.sin],
    ['np.cos', Math.cos],
    ['np.tan', Math.tan],
    ['np.arctan', Math.atan],
    ['np.tanh', Math.tanh],
  ] as const)('%s, numpy.… and the bare (R) name agree', (name, fn) => {
    const bare = name.slice(3);
    const expected = rows.map((r) => fn(r.x));
    expect(values(`y ~ ${name}(x)`)).toEqual(expected);
    expect(values(`y ~ numpy.${bare}(x)`)).toEqual(expected);
    expect(values(`y ~ ${bare}(x)`)).toEqual(expected);
  });

  it('has abs with and without the prefix, and R names for the inverse trigonometric functions', () => {
    expect(values('y ~ np.abs(z)')).toEqual([2, 1, 0, 1, 2]);
    expect(values('y ~ abs(z)')).toEqual([2, 1, 0, 1, 2]);
    expect(values('y ~ atan(x)')).toEqual(values('y ~ np.arctan(x)'));
  });

  it('evaluates arithmetic inside calls', () => {
    expect(values('y ~ np.log(x + 1)')).toEqual(rows.map((r) => Math.log(r.x + 1)));
    expect(values('y ~ np.exp(x / 5)')).toEqual(rows.map((r) => Math.exp(r.x / 5)));
    expect(values('y ~ I(np.pi * x)')).toEqual(rows.map((r) => Math.PI * r.x));
    expect(values('y ~ np.square(z)')).toEqual([4, 1, 0, 1, 4]);
    expect(values('y ~ np.power(z, 3)')).toEqual([-8, -1, 0, 1, 8]);
    expect(values('y ~ I(-z)')).toEqual([2, 1, -0, -1, -2]);
    expect(values('y ~ I(z // 2)')).toEqual([-1, -1, 0, 0, 1]);
    expect(values('y ~ I(z % 3)')).toEqual([1, 2, 0, 1, 2]);
    expect(values('y ~ I(x**-1)')).toEqual(rows.map((r) => 1 / r.x));
    expect(values('y ~ I(flag * x)')).toEqual([0.5, 0, 2, 0, 4]);
  });

  it('refuses arithmetic on strings and wrong arities, pointing at the argument', () => {
    const withG = new RecordsTable(rows.map((r) => ({ ...r, g: r.z > 0 ? 'a' : 'b' })));
    expect(() => buildTrainingDesign('y ~ np.log(g)', withG, { missing: 'drop' })).toThrow(
      /np.log\(\) needs numbers, but g is categorical/,
    );
    expect(() => buildTrainingDesign('y ~ I(g + 1)', withG, { missing: 'drop' })).toThrow(/\+ needs numbers/);
    expect(() => buildTrainingDesign('y ~ np.log(x, z)', table, { missing: 'drop' })).toThrow(
      /takes at most 1 argument/,
    );
    expect(() => buildTrainingDesign('y ~ center(x, ddof=1)', table, { missing: 'drop' })).toThrow(
      /center\(\) has no argument named ddof/,
    );
    expect(() => buildTrainingDesign('y ~ I()', table, { missing: 'drop' })).toThrow(/I\(\) needs its x argument/);
    expect(() => buildTrainingDesign('y ~ Q(x)', table, { missing: 'drop' })).toThrow(
      /Q\(\) takes a column name as a string literal/,
    );
    expect(() => buildTrainingDesign('y ~ I(x > "a")', table, { missing: 'drop' })).toThrow(
      /cannot order numeric values against string values/,
    );
    expect(() => buildTrainingDesign('y ~ np.foo', table, { missing: 'drop' })).toThrow(/np.foo is not supported/);
  });
});
