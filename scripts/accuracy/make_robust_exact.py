#!/usr/bin/env python3
"""An ill-conditioned weighted regression with exact (mpmath, 50 digits) HC0–HC3 results.

Writes test/fixtures/stats/robust-exact.json: the design (columns with scales 1e-3..1e3 and
offsets up to 100, so κ of the design ~1e8), weights, response, and per covariance type the
exact standard errors and Wald F (all coefficients but the intercept), next to what
statsmodels 0.13.5 reports. statsmodels' robust standard errors are off by ~1e-6 here and its
Wald F by ~1e-4; the test holds ours to 1e-9 of the exact values.

Run from the repository root:  python3 scripts/accuracy/make_robust_exact.py
"""
import json
import warnings

import mpmath as mp
import numpy as np
import statsmodels.api as sm

mp.mp.dps = 50


def main():
    warnings.simplefilter('ignore')
    rng = np.random.default_rng(20240611)
    n, k = 40, 5
    scales = np.array([1e-3, 1.0, 1e3, 1e-3, 1.0])
    offsets = np.array([100.0, 5.0, 0.0, 100.0, 100.0])
    X = np.column_stack([np.ones(n), rng.normal(size=(n, k)) * scales + offsets])
    y = X @ rng.normal(size=k + 1) + rng.normal(size=n) * (1 + rng.random(n))
    w = rng.uniform(0.2, 5, size=n)
    p = X.shape[1]
    Xm = mp.matrix([[mp.mpf(v) * mp.sqrt(mp.mpf(wi)) for v in row] for row, wi in zip(X, w)])
    ym = mp.matrix([mp.mpf(v) * mp.sqrt(mp.mpf(wi)) for v, wi in zip(y, w)])
    ginv = mp.inverse(Xm.T * Xm)
    beta = ginv * (Xm.T * ym)
    e = [ym[i] - sum(Xm[i, j] * beta[j] for j in range(p)) for i in range(n)]
    h = [sum(Xm[i, a] * ginv[a, b] * Xm[i, b] for a in range(p) for b in range(p)) for i in range(n)]
    out = {'generator': 'scripts/accuracy/make_robust_exact.py', 'n': n, 'p': p,
           'x': X.T.ravel().tolist(), 'y': y.tolist(), 'weights': w.tolist(), 'types': {}}
    for cov in ['HC0', 'HC1', 'HC2', 'HC3']:
        omega = [e[i] ** 2 * {'HC0': 1, 'HC1': 1, 'HC2': 1 / (1 - h[i]), 'HC3': 1 / (1 - h[i]) ** 2}[cov] for i in range(n)]
        meat = mp.matrix(p, p)
        for i in range(n):
            for a in range(p):
                for b in range(p):
                    meat[a, b] += omega[i] * Xm[i, a] * Xm[i, b]
        v = ginv * meat * ginv
        if cov == 'HC1':
            v = v * n / (n - p)
        vs = mp.matrix([[v[a, b] for b in range(1, p)] for a in range(1, p)])
        bs = mp.matrix([beta[a] for a in range(1, p)])
        f = (bs.T * mp.inverse(vs) * bs)[0] / (p - 1)
        res = sm.WLS(y, X, weights=w).fit(cov_type=cov)
        out['types'][cov] = {
            'bse': [float(mp.sqrt(v[j, j])) for j in range(p)],
            'fvalue': float(f),
            'statsmodels_bse': res.bse.tolist(),
            'statsmodels_fvalue': float(res.fvalue),
        }
    out['params'] = [float(b) for b in beta]
    out['condition_number'] = float(np.linalg.cond(X * np.sqrt(w)[:, None]))
    with open('test/fixtures/stats/robust-exact.json', 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()
