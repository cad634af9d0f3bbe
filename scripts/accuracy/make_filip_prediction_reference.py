#!/usr/bin/env python3
"""Exact (mpmath, 80 digits) standard errors of the mean prediction for NIST Filip's rows.

Writes test/fixtures/stats/filip-prediction-se.json: for each of Filip's 82 rows, the standard
error of the fitted mean at that row, sqrt(s² · xᵀ(XᵀX)⁻¹x), with X the design
[1, x, x², …, x¹⁰] of the data as IEEE doubles, computed exactly (to 80 digits) and rounded
once. Filip's design has κ ~ 1e15, so a prediction that evaluates the quadratic form with the
design row rounded to doubles loses ~8 digits; the test holds the service to 1e-12.

Run from the repository root:  python3 scripts/accuracy/make_filip_prediction_reference.py
"""
import json

import mpmath as mp

mp.mp.dps = 80


def main():
    case = json.load(open('test/fixtures/nist-strd/Filip.json'))
    xs = [mp.mpf(float(r['x'])) for r in case['data']]
    ys = [mp.mpf(float(r['y'])) for r in case['data']]
    n, p = len(xs), 11
    X = mp.matrix(n, p)
    for i in range(n):
        for j in range(p):
            X[i, j] = xs[i] ** j
    inverse = mp.inverse(X.T * X)
    beta = inverse * (X.T * mp.matrix(ys))
    residuals = mp.matrix(ys) - X * beta
    s2 = sum(r ** 2 for r in residuals) / (n - p)
    se = [float(mp.sqrt(s2 * (X[i, :] * inverse * X[i, :].T)[0])) for i in range(n)]
    out = {
        'description': "Standard error of the mean prediction at each of NIST Filip's rows, exact to 80 digits "
        '(mpmath 1.3.0), rounded once; written by scripts/accuracy/make_filip_prediction_reference.py',
        'formula': case['formula'],
        'mean_se': se,
    }
    with open('test/fixtures/stats/filip-prediction-se.json', 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
