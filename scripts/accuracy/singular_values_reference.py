"""Relative errors of the singular values written by singularValues.ts, against mpmath at 60 digits.

Run: python3 scripts/accuracy/singular_values_reference.py /tmp/svd.json
"""
import json
import sys

import mpmath

mpmath.mp.dps = 60
cases = json.load(open(sys.argv[1] if len(sys.argv) > 1 else '/tmp/svd.json'))
for name in ('filipR', 'graded'):
    case = cases[name]
    k = case['k']
    a = mpmath.matrix(k, k)
    for i in range(k):
        for j in range(k):
            a[i, j] = mpmath.mpf(case['entries'][i * k + j])
    exact = sorted((abs(v) for v in mpmath.svd_r(a, compute_uv=False)), reverse=True)

    def errors(values):
        return [float(abs(mpmath.mpf(v) - e) / e) for v, e in zip(values, exact)]

    ours, theirs = errors(case['ours']), errors(case['mlMatrix'])
    print(f'{name}: condition {float(exact[0] / exact[-1]):.2e}; relative error of sigma_min: '
          f'ours {ours[-1]:.1e}, ml-matrix {theirs[-1]:.1e}; largest over all: ours {max(ours):.1e}, '
          f'ml-matrix {max(theirs):.1e}')
