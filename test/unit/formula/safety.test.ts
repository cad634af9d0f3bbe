import { describe, expect, it } from 'vitest';
import { RecordsTable } from '../../../src/data/index.js';
import {
  buildPredictionDesign,
  buildTrainingDesign,
  FormulaError,
  UnknownFunctionError,
  UnknownVariableError,
} from '../../../src/formula/index.js';
import { withMatrix } from './helpers/matrix.js';

const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
];

describe('user-supplied names are only data', () => {
  it.each(PROTOTYPE_NAMES)('reads a column named %s like any other', (name) => {
    const rows = [1, 2, 3, 4].map(
      (i) =>
        JSON.parse(`{"y": ${i}, ${JSON.stringify(name)}: ${i * i}, "g": "${i % 2 ? 'a' : 'b'}"}`) as Record<
          string,
          unknown
        >,
    );
    const formula = /^[A-Za-z_]\w*$/.test(name) ? `y ~ ${name} + g` : `y ~ Q(${JSON.stringify(name)}) + g`;
    const design = withMatrix(buildTrainingDesign(formula, new RecordsTable(rows), { missing: 'drop' }));
    const n = design.rowCount;
    expect(Array.from(design.x.subarray(2 * n, 3 * n))).toEqual([1, 4, 9, 16]);
    const encoded = withMatrix(buildPredictionDesign(JSON.parse(JSON.stringify(design.spec)), new RecordsTable(rows)));
    expect(Array.from(encoded.x)).toEqual(Array.from(design.x));
  });

  it.each(PROTOTYPE_NAMES.filter((n) => n !== 'prototype'))(
    'treats a column named %s absent from the data as unknown',
    (name) => {
      const formula = `y ~ Q(${JSON.stringify(name)})`;
      expect(() => buildTrainingDesign(formula, new RecordsTable([{ y: 1 }]), { missing: 'drop' })).toThrow(
        UnknownVariableError,
      );
    },
  );

  it.each([
    ...PROTOTYPE_NAMES,
    'eval',
    'Function',
    'require',
    'import',
    'np.__proto__',
    'np.constructor',
    'globalThis.process',
  ])('treats %s(x) as an unknown function', (name) => {
    try {
      buildTrainingDesign(`y ~ ${name}(x)`, new RecordsTable([{ y: 1, x: 1 }]), { missing: 'drop' });
      expect.fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(FormulaError);
      if (name !== 'import') {
        expect(error).toBeInstanceOf(UnknownFunctionError);
        expect((error as Error).message).toContain('supported functions are I, Q, C, center, standardize');
      }
    }
  });

  it('treats a contrast named after a prototype property as invalid', () => {
    expect(() =>
      buildTrainingDesign('y ~ C(g, constructor)', new RecordsTable([{ y: 1, g: 'a' }]), { missing: 'drop' }),
    ).toThrow(/the contrast must be Treatment, Sum, Helmert, Diff or Poly/);
  });

  it('suggests near names for an unknown variable', () => {
    try {
      buildTrainingDesign('y ~ wieght', new RecordsTable([{ y: 1, weight: 2, height: 3 }]), { missing: 'drop' });
      expect.fail('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownVariableError);
      expect((error as UnknownVariableError).suggestions).toEqual(['weight']);
      expect((error as Error).message).toContain('did you mean "weight"?');
    }
  });

  it('suggests supported functions for an unknown one, and says why some are absent', () => {
    expect(() => buildTrainingDesign('y ~ np.lg(x)', new RecordsTable([{ y: 1, x: 1 }]), { missing: 'drop' })).toThrow(
      /did you mean np.log/,
    );
    expect(() =>
      buildTrainingDesign('y ~ bs(x, df=3)', new RecordsTable([{ y: 1, x: 1 }]), { missing: 'drop' }),
    ).toThrow(/B-splines \(bs\) are not supported/);
    expect(() => buildTrainingDesign('y ~ factor(x)', new RecordsTable([{ y: 1, x: 1 }]), { missing: 'drop' })).toThrow(
      /written C\(x\) here/,
    );
  });

  it('refuses a formula with no response', () => {
    try {
      buildTrainingDesign('~ x', new RecordsTable([{ y: 1, x: 1 }]), { missing: 'drop' });
      expect.fail('expected an error');
    } catch (error) {
      expect((error as FormulaError).reason).toBe('MISSING_RESPONSE');
      expect((error as Error).message).toContain('write it as response ~ terms');
    }
    expect(() => buildTrainingDesign('x + z', new RecordsTable([{ x: 1, z: 1 }]), { missing: 'drop' })).toThrow(
      /no response/,
    );
  });

  it('refuses responses that are not one numeric factor', () => {
    const table = new RecordsTable([{ y: 1, z: 2, g: 'a', flag: true }]);
    expect(() => buildTrainingDesign('y + z ~ 1', table, { missing: 'drop' })).toThrow(/single numeric variable/);
    expect(() => buildTrainingDesign('g ~ z', table, { missing: 'drop' })).toThrow(/the response g must be numeric/);
    expect(() => buildTrainingDesign('flag ~ z', table, { missing: 'drop' })).toThrow(/I\(flag \* 1\)/);
  });

  it('refuses designs larger than the limits before allocating them', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ y: i, x: i + 0.5 }));
    expect(() => buildTrainingDesign('y ~ C(x)', new RecordsTable(rows), { missing: 'drop' })).toThrow(
      /more than 10000 distinct levels/,
    );
    const wide = Array.from({ length: 12 }, (_, i) => ({
      y: i,
      a: `a${i % 2}`,
      b: `b${i % 3}`,
      c: `c${i % 2}`,
      d: `d${i % 3}`,
      e: `e${i % 2}`,
      f: `f${i % 3}`,
      g: `g${i % 2}`,
      h: `h${i % 3}`,
      i: `i${i % 2}`,
      j: `j${i % 3}`,
      k: `k${i % 2}`,
    }));
    expect(() => buildTrainingDesign('y ~ a:b:c:d:e:f:g:h:i:j:k', new RecordsTable(wide), { missing: 'drop' })).toThrow(
      /at most 10 are supported/,
    );
  });
});
