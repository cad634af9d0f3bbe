/**
 * Python printf conversions used by the summary, against CPython 3.11's own output for the
 * same values (python3 -c "print('%#8.4g' % v)" etc.).
 */
import { describe, expect, it } from 'vitest';
import { dOrF, forg, formatFixed, formatGeneral } from '../../../src/stats/pyFormat.js';

// [value, '%#8.4g', '%#6.3g', '%#8.5g', '%9.3g', '%10.4g', '%#8.3g'] from CPython 3.11.
const PYTHON: readonly [number, string, string, string, string, string, string][] = [
  [46.719380165314874, '   46.72', '  46.7', '  46.719', '     46.7', '     46.72', '    46.7'],
  [336.8859373446189, '   336.9', '  337.', '  336.89', '      337', '     336.9', '    337.'],
  [1.200984563407969e-19, '1.201e-19', '1.20e-19', '1.2010e-19', '  1.2e-19', ' 1.201e-19', '1.20e-19'],
  [-163.44296867230946, '  -163.4', ' -163.', ' -163.44', '     -163', '    -163.4', '   -163.'],
  [9.349080566067506, '   9.349', '  9.35', '  9.3491', '     9.35', '     9.349', '    9.35'],
  [-12.698161132135013, '  -12.70', ' -12.7', ' -12.698', '    -12.7', '     -12.7', '   -12.7'],
  [0, '   0.000', '  0.00', '  0.0000', '        0', '         0', '    0.00'],
  [5.19e16, '5.190e+16', '5.19e+16', '5.1900e+16', ' 5.19e+16', '  5.19e+16', '5.19e+16'],
  [10.98, '   10.98', '  11.0', '  10.980', '       11', '     10.98', '    11.0'],
  [1e-5, '1.000e-05', '1.00e-05', '1.0000e-05', '    1e-05', '     1e-05', '1.00e-05'],
  [123456.7, '1.235e+05', '1.23e+05', '1.2346e+05', ' 1.23e+05', ' 1.235e+05', '1.23e+05'],
  [0.5, '  0.5000', ' 0.500', ' 0.50000', '      0.5', '       0.5', '   0.500'],
  [-0.0001, '-0.0001000', '-0.000100', '-0.00010000', '  -0.0001', '   -0.0001', '-0.000100'],
  [1e4, '1.000e+04', '1.00e+04', '  10000.', '    1e+04', '     1e+04', '1.00e+04'],
  [99999.5, '1.000e+05', '1.00e+05', '1.0000e+05', '    1e+05', '     1e+05', '1.00e+05'],
  [0.00012345, '0.0001234', '0.000123', '0.00012345', ' 0.000123', ' 0.0001234', '0.000123'],
];

describe('Python-style number formatting', () => {
  it('matches CPython for %g with and without the alternate flag', () => {
    for (const [v, g84, g63, g85, g93, g104, g83] of PYTHON) {
      expect(formatGeneral(v, 8, 4, true)).toBe(g84);
      expect(formatGeneral(v, 6, 3, true)).toBe(g63);
      expect(formatGeneral(v, 8, 5, true)).toBe(g85);
      expect(formatGeneral(v, 9, 3, false)).toBe(g93);
      expect(formatGeneral(v, 10, 4, false)).toBe(g104);
      expect(formatGeneral(v, 8, 3, true)).toBe(g83);
    }
  });

  it("spells NaN as Python does and formats statsmodels' forg and d_or_f", () => {
    expect(formatGeneral(NaN, 8, 4, true)).toBe('     nan');
    expect(formatFixed(0.0005387, 6, 3)).toBe(' 0.001');
    expect(forg(3.950621617762554, 4)).toBe('    3.9506');
    expect(forg(3.542661609863008e-6, 3)).toBe(' 3.54e-06');
    expect(forg(0.00010132987179725561, 4)).toBe('    0.0001');
    expect(dOrF(80)).toBe('    80');
    expect(dOrF(4)).toBe('     4');
  });
});
