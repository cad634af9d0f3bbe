#!/usr/bin/env python3
"""Supplementary reference values for the stats tests, next to test/fixtures/cases/*.json.

Writes test/fixtures/stats/case-supplement.json with, per case:
- `robust_normal_pvalues`: statsmodels 0.13.5 `fit(cov_type=HCk)` p-values with its default
  use_t=False (normal distribution). The vendored cases' `pvalues_normal` repeat `pvalues_t`
  (a slip in the script that made them), so the normal ones are regenerated here.
- `quantiles`: the exact two-sided critical values (mpmath, 50 digits) for df_resid at 95% and
  90%, and the normal ones. scipy 1.10's t.ppf (cephes stdtrit), which statsmodels' conf_int
  and get_prediction use, is off by up to ~4e-9 relative (e.g. 4.1e-9 at df = 39), so interval
  endpoints are checked against statsmodels' estimates and standard errors combined with
  exact quantiles.
- for wls, `weighted_prediction`: get_prediction(new rows, weights=their wt) — the
  observation variance is scale/w there;
- for ill_conditioned_poly, `exact`: the least-squares solution and its statistics for the
  data as doubles with exactly computed powers, in mpmath at 60 digits. statsmodels' answer
  in the case file is a rank-3 pseudo-inverse truncation (its SSR is 2.57 against the true
  minimum 0.109), not a least-squares solution, so it cannot serve as the reference there.

Run from the repository root:  python3 scripts/accuracy/make_case_supplement.py
"""
import json
import pathlib
import warnings

import mpmath as mp
import numpy as np  # noqa: F401 (formulas such as np.log(x) are evaluated in this module)
import pandas as pd
import statsmodels.formula.api as smf

# Every case that statsmodels fits (those with `expected`), except the rank-deficient one,
# whose reference is R's lm (statsmodels' pinv answer there is deliberately not ours).
CASES = sorted(
    path.stem for path in pathlib.Path('test/fixtures/cases').glob('*.json')
    if 'expected' in json.loads(path.read_text()) and not json.loads(path.read_text()).get('rank_deficient')
)


def fit(case, **kw):
    data = pd.DataFrame(case['data'])
    if case['options']['weights']:
        return smf.wls(case['formula'], data, weights=data[case['options']['weights']]).fit(**kw)
    return smf.ols(case['formula'], data).fit(**kw)


def t_quantile(p, df):
    with mp.workdps(50):
        target = 1 - mp.mpf(p)
        f = lambda t: mp.betainc(mp.mpf(df) / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2 - target
        return float(mp.findroot(f, mp.mpf(2)))


def normal_quantile(p):
    with mp.workdps(50):
        return float(mp.sqrt(2) * mp.erfinv(2 * mp.mpf(p) - 1))


def exact_poly(case):
    """Everything the test compares for a cubic in x, computed in mpmath from the doubles."""
    mp.mp.dps = 60
    xs = [mp.mpf(r['x']) for r in case['data']]
    ys = [mp.mpf(r['y']) for r in case['data']]
    n, k = len(xs), 4
    X = mp.matrix([[x ** j for j in range(k)] for x in xs])
    Y = mp.matrix(ys)
    XtX = X.T * X
    inv = mp.inverse(XtX)
    beta = inv * (X.T * Y)
    resid = [ys[i] - sum(X[i, j] * beta[j] for j in range(k)) for i in range(n)]
    ssr = sum(r * r for r in resid)
    mean = sum(ys) / n
    ctss = sum((y - mean) ** 2 for y in ys)
    df_resid = n - k
    df_model = k - 1
    scale = ssr / df_resid
    ess = ctss - ssr
    llf = -n / mp.mpf(2) * mp.log(ssr) - (1 + mp.log(mp.pi / (n / mp.mpf(2)))) * n / 2
    rm = sum(resid) / n
    m2 = sum((r - rm) ** 2 for r in resid) / n
    m3 = sum((r - rm) ** 3 for r in resid) / n
    m4 = sum((r - rm) ** 4 for r in resid) / n
    skew = m3 / m2 ** mp.mpf(1.5)
    kurt = m4 / m2 ** 2
    jb = n / mp.mpf(6) * (skew ** 2 + (kurt - 3) ** 2 / 4)
    dw = sum((resid[i] - resid[i - 1]) ** 2 for i in range(1, n)) / ssr
    sv = mp.svd_r(X, compute_uv=False)
    pred_rows = [mp.mpf(r['x']) for r in case['expected']['predict']['data']]
    pred = []
    for x in pred_rows:
        row = mp.matrix([[x ** j for j in range(k)]])
        pred.append({'mean': float((row * beta)[0]), 'mean_se': float(mp.sqrt(scale * (row * inv * row.T)[0]))})
    f = (ess / df_model) / scale
    return {
        'params': [float(b) for b in beta],
        'bse': [float(mp.sqrt(scale * inv[j, j])) for j in range(k)],
        'ssr': float(ssr), 'ess': float(ess), 'centered_tss': float(ctss),
        'rsquared': float(1 - ssr / ctss), 'rsquared_adj': float(1 - (n - 1) / mp.mpf(df_resid) * ssr / ctss),
        'fvalue': float(f), 'llf': float(llf), 'aic': float(-2 * llf + 2 * k), 'bic': float(-2 * llf + mp.log(n) * k),
        'mse_resid': float(scale), 'df_resid': df_resid,
        'condition_number': float(max(sv) / min(sv)),
        'skew': float(skew), 'kurtosis': float(kurt), 'jarque_bera': float(jb), 'durbin_watson': float(dw),
        'predict': pred,
    }


def main():
    warnings.simplefilter('ignore')
    out = {'generator': 'scripts/accuracy/make_case_supplement.py', 'cases': {}}
    z95, z90 = normal_quantile(0.975), normal_quantile(0.95)
    for name in CASES:
        case = json.load(open(f'test/fixtures/cases/{name}.json'))
        entry = {}
        robust = {}
        for hc in ['HC0', 'HC1', 'HC2', 'HC3']:
            res = fit(case, cov_type=hc)
            assert not res.use_t
            robust[hc] = {col: float(v) for col, v in res.pvalues.items()}
        entry['robust_normal_pvalues'] = robust
        df = float(case['expected']['df_resid'])
        entry['quantiles'] = {'t95': t_quantile(0.975, df), 't90': t_quantile(0.95, df), 'z95': z95, 'z90': z90}
        if name == 'wls':
            # prediction intervals for new rows with their own weights (observation variance scale/w)
            res = fit(case)
            new = pd.DataFrame(case['expected']['predict']['data'])
            frame = res.get_prediction(new, weights=new['wt']).summary_frame(alpha=0.05)
            entry['weighted_prediction'] = {'weights': [float(w) for w in new['wt']],
                                            'obs_ci_lower': [float(v) for v in frame['obs_ci_lower']],
                                            'obs_ci_upper': [float(v) for v in frame['obs_ci_upper']],
                                            'mean': [float(v) for v in frame['mean']],
                                            'mean_se': [float(v) for v in frame['mean_se']]}
        if name == 'ill_conditioned_poly':
            entry['exact'] = exact_poly(case)
            entry['exact']['quantiles'] = {'t95': t_quantile(0.975, entry['exact']['df_resid'])}
        out['cases'][name] = entry
    with open('test/fixtures/stats/case-supplement.json', 'w') as fh:
        json.dump(out, fh, indent=1, allow_nan=False)
        fh.write('\n')


if __name__ == '__main__':
    main()
