#!/bin/bash
# statsmodels and R's lm on the CSV file scripts/bench/datasetFit.ts generates, for comparison:
# wall time (read + fit) and peak RSS of each, from /usr/bin/time. Both hold the whole data
# frame and design matrix in memory.
#
#   bash scripts/bench/datasetFit_reference.sh /tmp/dataset-bench-10000000.csv
set -euo pipefail
file="$1"
if /usr/bin/python3 -c 'import statsmodels' 2>/dev/null; then
  /usr/bin/time -f "statsmodels: %e s wall, %M KB peak RSS" /usr/bin/python3 - "$file" <<'PY'
import sys, time
import pandas as pd
import statsmodels.formula.api as smf
t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
r = time.perf_counter()
fit = smf.ols('y ~ x1 + x2 + x3 + C(g)', df).fit()
f = time.perf_counter()
print(f'statsmodels: read {r - t:.2f} s, fit {f - r:.2f} s, x1 = {fit.params["x1"]!r}')
PY
else
  echo 'statsmodels: not installed (apt-get install python3-statsmodels)'
fi
if command -v Rscript >/dev/null; then
  /usr/bin/time -f "R lm: %e s wall, %M KB peak RSS" Rscript -e '
    t <- proc.time()[["elapsed"]]
    df <- read.csv(commandArgs(TRUE)[1], colClasses = c("numeric", "numeric", "numeric", "numeric", "character", "numeric"))
    r <- proc.time()[["elapsed"]]
    fit <- lm(y ~ x1 + x2 + x3 + g, data = df)
    f <- proc.time()[["elapsed"]]
    cat(sprintf("R lm: read %.2f s, fit %.2f s, x1 = %.17g\n", r - t, f - r, coef(fit)[["x1"]]))
  ' "$file"
fi
