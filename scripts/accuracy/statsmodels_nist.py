#!/usr/bin/env python3
"""LREs that statsmodels reaches on the NIST StRD files in test/fixtures/nist-strd.

Fits each certified model with statsmodels' formula API exactly as a user would
(`smf.ols(formula, data).fit()`, default method "pinv"; also method="qr") and prints the
minimum LRE (digits correct) over coefficients, standard errors, R² and residual SD.
Debian's python3-statsmodels 0.13.5 gives the figures in docs/accuracy.md.

Run from the repository root:  python3 scripts/accuracy/statsmodels_nist.py
"""
import glob
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.formula.api as smf


def lre(estimate, certified):
    if estimate is None or not np.isfinite(estimate):
        return 0.0
    error = abs(estimate) if certified == 0 else abs(estimate - certified) / abs(certified)
    return 15.0 if error == 0 else max(0.0, min(15.0, -math.log10(error)))


def main():
    warnings.simplefilter('ignore')
    print(f'statsmodels {statsmodels.__version__}')
    print('dataset   | method | coef | s.e. | R² | res. SD')
    for path in sorted(glob.glob('test/fixtures/nist-strd/*.json')):
        d = json.load(open(path))
        data = pd.DataFrame(d['data'])
        cert = d['certified']
        for method in ['pinv', 'qr']:
            res = smf.ols(d['formula'], data).fit(method=method)
            params = np.asarray(res.params)
            bse = np.asarray(res.bse)
            coef = min(lre(params[j], c) for j, c in enumerate(cert['params']))
            se = min(lre(bse[j], c) for j, c in enumerate(cert['se']))
            r2 = lre(res.rsquared, cert['r_squared'])
            sd = lre(math.sqrt(res.mse_resid), cert['residual_sd'])
            name = os.path.basename(path)[:-5]
            print(f'{name:9} | {method:6} | {coef:4.1f} | {se:4.1f} | {r2:4.1f} | {sd:4.1f}')


if __name__ == '__main__':
    main()
