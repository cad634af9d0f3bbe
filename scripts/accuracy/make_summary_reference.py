#!/usr/bin/env python3
"""statsmodels 0.13.5 `summary()` texts for a few reference cases, for the layout test.

Writes test/fixtures/stats/summaries.json. The clock statsmodels reads is pinned to
2026-11-25 13:01:45 so that the Date and Time lines are reproducible.

Run from the repository root:  python3 scripts/accuracy/make_summary_reference.py
"""
import json
import time
import warnings

import pandas as pd
import statsmodels.formula.api as smf

PINNED = time.struct_time((2026, 11, 25, 13, 1, 45, 2, 329, 0))
RUNS = [
    ('simple_numeric', 'nonrobust', None),
    ('wls', 'nonrobust', None),
    ('no_intercept_numeric', 'HC3', None),
    ('string_categorical', 'HC1', True),
    ('seed_ab_test', 'nonrobust', None),
    ('intercept_only', 'HC0', None),
]


def main():
    warnings.simplefilter('ignore')
    time.localtime = lambda *args: PINNED
    out = []
    for name, cov_type, use_t in RUNS:
        case = json.load(open(f'test/fixtures/cases/{name}.json'))
        data = pd.DataFrame(case['data'])
        weights = case['options']['weights']
        model = smf.wls(case['formula'], data, weights=data[weights]) if weights else smf.ols(case['formula'], data)
        res = model.fit(cov_type=cov_type, use_t=use_t)
        out.append({'case': name, 'covType': cov_type, 'useT': bool(res.use_t), 'text': str(res.summary())})
    with open('test/fixtures/stats/summaries.json', 'w') as fh:
        json.dump({'generator': 'scripts/accuracy/make_summary_reference.py', 'summaries': out}, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()
