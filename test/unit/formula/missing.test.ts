import { describe, expect, it } from 'vitest';
import { DataError, RecordsTable } from '../../../src/data/index.js';
import { buildTrainingDesign, FormulaDataError } from '../../../src/formula/index.js';
import { withMatrix } from './helpers/matrix.js';

const rows = [
  { y: 1, x: 1.5, g: 'a', unused: null },
  { y: 2, x: null, g: 'b', unused: 1 },
  { y: null, x: 2.5, g: 'c', unused: 2 },
  { y: 4, x: 3.5, g: null, unused: 3 },
  { y: 5, x: 4.5, g: 'a' },
  { y: 6, x: 5.5, g: 'b', unused: 5 },
];

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail('expected an error');
}

describe('missing data', () => {
  it('drops rows missing any variable the formula uses, and counts them', () => {
    const design = buildTrainingDesign('y ~ x + g', new RecordsTable(rows), { missing: 'drop' });
    expect(design.rowCount).toBe(3);
    expect(design.droppedRows).toBe(3);
    expect(Array.from(design.y)).toEqual([1, 5, 6]);
    // Columns it does not use do not matter.
    expect(buildTrainingDesign('y ~ g', new RecordsTable(rows), { missing: 'drop' }).rowCount).toBe(4);
  });

  it('keeps the levels seen in dropped rows, as patsy does (it sniffs levels before dropping)', () => {
    const design = withMatrix(buildTrainingDesign('y ~ x + g', new RecordsTable(rows), { missing: 'drop' }));
    expect(design.spec.columns).toEqual(['Intercept', 'g[T.b]', 'g[T.c]', 'x']);
    const n = design.rowCount;
    expect(Array.from(design.x.subarray(2 * n, 3 * n))).toEqual([0, 0, 0]);
  });

  it("with missing: 'raise', names the first incomplete row and its column", () => {
    const error = failure(() => buildTrainingDesign('y ~ x + g', new RecordsTable(rows), { missing: 'raise' }));
    expect(error).toBeInstanceOf(FormulaDataError);
    const e = error as FormulaDataError;
    expect(e.reason).toBe('MISSING_VALUE');
    expect(e.row).toBe(1);
    expect(e.column).toBe('x');
    expect(e.message).toContain('row 2: column "x" is missing');
    expect(e.position).toBe(4);
  });

  it('refuses a design with no complete row', () => {
    const error = failure(() =>
      buildTrainingDesign(
        'y ~ x',
        new RecordsTable([
          { y: 1, x: null },
          { y: null, x: 2 },
        ]),
        { missing: 'drop' },
      ),
    );
    expect((error as FormulaDataError).reason).toBe('NO_ROWS');
    expect((error as Error).message).toMatch(/no rows are left to fit: every row has a missing value in "y", "x"/);
  });

  it('treats an all-null column as missing everywhere', () => {
    const error = failure(() =>
      buildTrainingDesign(
        'y ~ x',
        new RecordsTable([
          { y: 1, x: null },
          { y: 2, x: null },
        ]),
        { missing: 'drop' },
      ),
    );
    expect((error as FormulaDataError).reason).toBe('NO_ROWS');
  });

  it('refuses a transform that is not finite on a used row, naming the term and the row', () => {
    const data = [
      { y: 1, x: 1 },
      { y: 2, x: 0 },
      { y: 3, x: 2 },
    ];
    const error = failure(() => buildTrainingDesign('y ~ np.log(x)', new RecordsTable(data), { missing: 'drop' }));
    expect(error).toBeInstanceOf(FormulaDataError);
    const e = error as FormulaDataError;
    expect(e.reason).toBe('NON_FINITE_VALUE');
    expect(e.row).toBe(1);
    expect(e.message).toContain('row 2: np.log(x) is -inf (where x = 0)');
    expect(e.position).toBe(4);
    expect(e.end).toBe(13);
    expect(() => buildTrainingDesign('y ~ np.log(x - 3)', new RecordsTable(data), { missing: 'drop' })).toThrow(
      /np.log\(x - 3\) is not a number \(nan\)/,
    );
    expect(() => buildTrainingDesign('y ~ I(1 / x)', new RecordsTable(data), { missing: 'drop' })).toThrow(
      /I\(1 \/ x\) is inf/,
    );
  });

  it('does not complain about a transform on a row that is dropped anyway', () => {
    const data = [
      { y: null, x: 0 },
      { y: 2, x: 1 },
      { y: 3, x: 2 },
    ];
    expect(buildTrainingDesign('y ~ np.log(x)', new RecordsTable(data), { missing: 'drop' }).rowCount).toBe(2);
  });

  it('lets the data module report cells it cannot type, naming column and row', () => {
    const data = [
      { y: 1, x: 1 },
      { y: 2, x: 'two' },
    ];
    const error = failure(() => buildTrainingDesign('y ~ x', new RecordsTable(data), { missing: 'drop' }));
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain('column "x" mixes types');
    expect((error as Error).message).toContain('row 2');
  });
});

describe('weights', () => {
  const data = [
    { y: 1, x: 1, wt: 1 },
    { y: 2, x: 2, wt: 0.5 },
    { y: 3, x: null, wt: null },
    { y: 4, x: 3, wt: 2 },
  ];

  it('returns the weights of the rows used', () => {
    const design = buildTrainingDesign('y ~ x', new RecordsTable(data), { missing: 'drop', weights: 'wt' });
    expect(Array.from(design.weights!)).toEqual([1, 0.5, 2]);
  });

  it.each([
    [
      [
        { y: 1, x: 1, wt: 1 },
        { y: 2, x: 2, wt: null },
      ],
      /row 2: the weight \(column "wt"\) is missing/,
      1,
    ],
    [
      [
        { y: 1, x: 1, wt: 1 },
        { y: 2, x: 2, wt: 0 },
      ],
      /row 2: the weight \(column "wt"\) is 0; weights must be positive/,
      1,
    ],
    [
      [
        { y: 1, x: 1, wt: -2.5 },
        { y: 2, x: 2, wt: 1 },
      ],
      /row 1: the weight \(column "wt"\) is -2.5/,
      0,
    ],
  ])('refuses a missing, zero or negative weight on a used row (%#)', (rows, message, row) => {
    const error = failure(() =>
      buildTrainingDesign('y ~ x', new RecordsTable(rows), { missing: 'drop', weights: 'wt' }),
    );
    expect(error).toBeInstanceOf(FormulaDataError);
    expect((error as FormulaDataError).reason).toBe('INVALID_WEIGHTS');
    expect((error as FormulaDataError).row).toBe(row);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a weights column that is absent or not numeric', () => {
    expect(() =>
      buildTrainingDesign('y ~ x', new RecordsTable([{ y: 1, x: 1 }]), { missing: 'drop', weights: 'wt' }),
    ).toThrow(/the weights column "wt" is not in the data/);
    expect(() =>
      buildTrainingDesign('y ~ x', new RecordsTable([{ y: 1, x: 1, wt: 'heavy' }]), { missing: 'drop', weights: 'wt' }),
    ).toThrow(/must hold numbers/);
  });
});
