#!/usr/bin/env python3
"""Emulates the original service's statsmodels Lambda on one request body, phase by phase.

Reads a /fit request body ({"formula", "data": [records]}) from a file and times what the
Python design did: json.loads of the body string, a pandas DataFrame, statsmodels' formula
OLS, a pickle of the fitted results (remove_data=True, as small as it gets) written to a file
as the model store; then loading that pickle and predicting one row. Prints one JSON line.

    /usr/bin/python3 scripts/bench/statsmodels_fit.py BODY.json
"""
import json
import os
import pickle
import resource
import sys
import tempfile
import time

started = time.perf_counter()
import pandas as pd  # noqa: E402
import statsmodels.formula.api as smf  # noqa: E402

imports = time.perf_counter() - started

with open(sys.argv[1], "r", encoding="utf-8") as handle:
    text = handle.read()

t0 = time.perf_counter()
body = json.loads(text)
t1 = time.perf_counter()
frame = pd.DataFrame(body["data"])
t2 = time.perf_counter()
results = smf.ols(body["formula"], data=frame).fit()
t3 = time.perf_counter()
results.remove_data()
blob = pickle.dumps(results)
with tempfile.NamedTemporaryFile(delete=False) as out:
    out.write(blob)
    path = out.name
t4 = time.perf_counter()


def load_and_predict():
    # Called from a function: unpickling a formula model re-evaluates patsy's environment a few
    # frames up the stack, which fails at module level (statsmodels 0.13).
    with open(path, "rb") as handle:
        loaded = pickle.load(handle)
    row = pd.DataFrame([{key: value for key, value in body["data"][0].items()}])
    return float(loaded.predict(row).iloc[0])


prediction = load_and_predict()
t5 = time.perf_counter()
os.unlink(path)

print(json.dumps({
    "importSeconds": imports,
    "jsonLoadsSeconds": t1 - t0,
    "dataFrameSeconds": t2 - t1,
    "fitSeconds": t3 - t2,
    "pickleSeconds": t4 - t3,
    "fitEndToEndSeconds": t4 - t0,
    "predictOneRowSeconds": t5 - t4,
    "pickleBytes": len(blob),
    "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    "prediction": prediction,
}))
