#!/usr/bin/env python3
"""statsmodels on a dataset file (issue 14's bench): pandas reads the first ROWS rows of the CSV,
statsmodels' formula OLS fits the bench formula, and the fitted result is pickled (as the
original service stored models). Prints one JSON line with the phases' seconds and peak RSS.

    /usr/bin/python3 scripts/bench/statsmodels_dataset.py DATASET.csv ROWS FORMULA
"""
import json
import pickle
import resource
import sys
import tempfile
import time

import pandas as pd
import statsmodels.formula.api as smf

path, rows, formula = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t0 = time.perf_counter()
frame = pd.read_csv(path, nrows=rows)
t1 = time.perf_counter()
fit = smf.ols(formula, frame).fit()
t2 = time.perf_counter()
with tempfile.TemporaryFile() as out:
    fit.remove_data()
    pickle.dump(fit, out)
t3 = time.perf_counter()
print(json.dumps({
    "rows": len(frame),
    "readSeconds": t1 - t0,
    "fitSeconds": t2 - t1,
    "storeSeconds": t3 - t2,
    "seconds": t3 - t0,
    "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "x1": float(fit.params["x1"]),
}))
