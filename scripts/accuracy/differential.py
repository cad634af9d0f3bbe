"""Differential fuzzer, reference side: random datasets and patsy formulas fitted by statsmodels.

Usage: python3 scripts/accuracy/differential.py SEED COUNT OUT.jsonl [FIRST]

Writes one JSON object a line, in the format of test/fixtures/cases (see PROVENANCE.md), for the
cases FIRST .. FIRST+COUNT-1 of the seed; case i is generated from numpy's default_rng([SEED, i]),
so any case can be regenerated alone. scripts/accuracy/differential.ts fits the same cases with
the service and compares. Needs statsmodels 0.13.5 and patsy 0.5.3 (the reference versions).
"""
import json
import math
import sys
import warnings

import numpy as np
import pandas as pd
import patsy
import statsmodels
import statsmodels.formula.api as smf
from statsmodels.stats.stattools import durbin_watson, jarque_bera, omni_normtest

warnings.simplefilter("ignore")

LEVEL_POOLS = [
    ["a", "b", "c", "d", "e"],
    ["10", "9", "2", "1", "100"],
    ["B", "a", "C", "b", "A"],
    ["é", "z", "Ä", "ß", "e"],
    ["lo", "hi", "mid", "Lo", "x y"],
    ["_", "-", "0", " ", "Z"],
]
NUMERIC = ["x", "z", "k", "p"]  # k: integer-valued; p: positive


def make_data(rng, n, pools, nulls):
    """Training or prediction rows as records (None is missing)."""
    g_levels, h_levels = pools
    cols = {
        "y": rng.normal(0, 2, n) + 3,
        "x": np.round(rng.normal(1, 2, n), 3),
        "z": rng.normal(0, 1, n),
        "k": rng.integers(1, 5, n).astype(float),
        "p": np.round(rng.uniform(0.2, 5, n), 4),
        "w": np.round(rng.uniform(0.5, 3, n), 3),
        "g": [g_levels[int(i)] for i in rng.integers(0, len(g_levels), n)],
        "h": [h_levels[int(i)] for i in rng.integers(0, len(h_levels), n)],
        "flag": [bool(b) for b in rng.integers(0, 2, n)],
        "my var": np.round(rng.normal(0, 3, n), 2),
    }
    rows = []
    for i in range(n):
        row = {}
        for name, values in cols.items():
            v = values[i]
            if isinstance(v, (np.floating, float)):
                v = float(v)
                if name == "k":
                    v = int(v)
            row[name] = v
        rows.append(row)
    if nulls:
        for _ in range(int(rng.integers(1, 4))):
            i = int(rng.integers(0, n))
            name = ["x", "g", "h", "flag", "k", "y", "z"][int(rng.integers(0, 7))]
            rows[i][name] = None
    return rows


class FormulaGen:
    def __init__(self, rng, g_levels, h_levels):
        self.rng = rng
        self.g_levels = g_levels
        self.h_levels = h_levels

    def pick(self, items):
        return items[int(self.rng.integers(0, len(items)))]

    def numeric(self):
        r = self.rng.random()
        if r < 0.45:
            return self.pick(["x", "z", "k", "p"])
        return self.pick([
            "I(x ** 2)", "I(x * z)", "I(x + z)", "I(x - 1)", "I(k / 2)", "I(2 * x + z)", "I((x + 1) ** 2)",
            "np.log(p)", "np.sqrt(p)", "np.abs(x)", "np.exp(z)", "np.log10(p)", "np.square(z)",
            "center(x)", "standardize(z)", "center(p)", "standardize(I(x * 2))", "np.log(I(p + 1))",
            'Q("x")', 'Q("z")', 'Q("my var")', "I(Q('my var') / 2)", "np.log(x)", "np.sqrt(I(x + 1))", "np.cos(x)", "np.sin(z)", "np.log1p(p)", "np.expm1(z)", "np.exp2(z)",
            "np.log2(p)", "I(-x)", "I(x / p)", "I(x ** 3)", "np.floor(x)", "np.ceil(z)", "np.round(x)",
        ])

    def factor(self):
        g, h = self.g_levels, self.h_levels
        options = [
            "g", "h", "flag", "C(g)", "C(h)", "C(k)", "C(flag)",
            "C(g, Sum)", "C(h, Sum)", "C(g, Helmert)", "C(h, Helmert)", "C(g, Diff)", "C(g, Poly)", "C(k, Poly)",
            "C(g, Treatment(%r))" % g[-1], "C(h, Treatment(reference=%r))" % h[0],
            "C(g, levels=%r)" % list(reversed(g)), "C(h, levels=%r)" % list(h),
            "C(g, Sum(%r))" % g[0], "C(k, Treatment(3))", "C(g, Treatment)", 'C(Q("g"))', "C(x > 1)", "C(I(k > 2))", "C(k, levels=[4, 3, 2, 1])", "C(flag, Treatment(True))",
        ]
        return self.pick(options)

    def atom(self):
        return self.factor() if self.rng.random() < 0.5 else self.numeric()

    def term(self, depth):
        r = self.rng.random()
        if depth <= 0 or r < 0.35:
            return self.atom()
        a, b = self.term(depth - 1), self.term(depth - 1)
        if r < 0.55:
            return f"{a}:{b}"
        if r < 0.72:
            return f"{a} * {b}"
        if r < 0.80:
            return f"{a} / {b}"
        if r < 0.88:
            return f"({a} + {b})"
        if r < 0.94:
            return f"({a} + {b}) ** 2"
        return f"({a} + {b} + {self.atom()}) ** {self.pick([2, 3])}"

    def formula(self):
        n_terms = int(self.rng.integers(1, 4))
        terms = [self.term(int(self.rng.integers(0, 3))) for _ in range(n_terms)]
        rhs = " + ".join(terms)
        r = self.rng.random()
        if r < 0.12:
            rhs = "0 + " + rhs
        elif r < 0.22:
            rhs = rhs + " - 1"
        elif r < 0.27:
            rhs = "1 + " + rhs
        if self.rng.random() < 0.12:
            rhs = rhs + " - " + self.atom()
        lhs = self.pick(["y"] * 8 + ["np.log(p)", "I(y * 2)", "x"])
        return f"{lhs} ~ {rhs}"


SPECIAL = [
    # reduced/full-rank coding situations and shapes the random grammar rarely hits
    "y ~ g:h", "y ~ 0 + g:x", "y ~ g + g:h - 1", "y ~ g:x + h", "y ~ 0 + g:h", "y ~ g:h:flag",
    "y ~ x:g + g", "y ~ 0 + C(g, Sum):C(h, Helmert)", "y ~ g/x - 1", "y ~ (g + h + x) ** 2 - g:h",
    "y ~ C(g, Poly):x", "y ~ 1", "y ~ 0 + x", "y ~ -1 + g", "y ~ x + x", "y ~ g + g", "y ~ x - x",
    "y ~ center(x):g", "y ~ np.log(p):C(h, Sum)", "y ~ flag:g", "y ~ C(flag, Sum)", "y ~ g*h*x",
    # patsy rejects these
    "y ~ x +", "y ~ (x", "y ~ nope", "y ~ x ** x", "y ~ g ** -1", "y ~ C(g, Treatment('zzz'))",
    "y ~ C(g, levels=['a'])", "y ~ x ~ z", "~ x", "y ~ 1 +* x", "y ~ np.nosuch(x)", "y ~ x:", "y ~ a b",
    "y ~ 0 + 0", "y ~ -1", "y ~ x - 0 - 1", "y ~ (x + z) ** 1.5",
]


def jnum(v):
    v = float(v)
    return None if not math.isfinite(v) else v


def series(values, names):
    return {name: jnum(v) for name, v in zip(names, np.asarray(values))}


def describe_fit(res, names):
    out = {
        "params": series(res.params, names),
        "bse": series(res.bse, names),
        "tvalues": series(res.tvalues, names),
        "pvalues": series(res.pvalues, names),
        "conf_int": {n: [jnum(a), jnum(b)] for n, (a, b) in zip(names, np.asarray(res.conf_int(0.05)))},
        "conf_int_90": {n: [jnum(a), jnum(b)] for n, (a, b) in zip(names, np.asarray(res.conf_int(0.10)))},
    }
    return out


def reference(case):
    df = pd.DataFrame(case["data"])
    weights = case["options"]["weights"]
    if weights:
        model = smf.wls(case["formula"], data=df, weights=df[weights])
    else:
        model = smf.ols(case["formula"], data=df)
    res = model.fit()
    names = list(model.exog_names)
    wresid = res.wresid
    omni, omni_p = omni_normtest(wresid)
    jb, jb_p, skew, kurt = jarque_bera(wresid)
    try:
        cond = float(res.condition_number)
    except Exception:
        cond = float("nan")
    expected = {
        "columns": names,
        "nobs": int(res.nobs),
        "df_model": float(res.df_model),
        "df_resid": float(res.df_resid),
        "rank": int(np.linalg.matrix_rank(model.wexog)),
        **describe_fit(res, names),
        "rsquared": jnum(res.rsquared),
        "rsquared_adj": jnum(res.rsquared_adj),
        "fvalue": jnum(res.fvalue) if res.fvalue is not None else None,
        "f_pvalue": jnum(res.f_pvalue) if res.f_pvalue is not None else None,
        "llf": jnum(res.llf),
        "aic": jnum(res.aic),
        "bic": jnum(res.bic),
        "ssr": jnum(res.ssr),
        "ess": jnum(res.ess),
        "centered_tss": jnum(res.centered_tss),
        "mse_resid": jnum(res.mse_resid),
        "condition_number": jnum(cond),
        "diagnostics": {
            "omnibus": jnum(omni), "omnibus_p": jnum(omni_p), "durbin_watson": jnum(durbin_watson(wresid)),
            "jarque_bera": jnum(jb), "jarque_bera_p": jnum(jb_p), "skew": jnum(skew), "kurtosis": jnum(kurt),
        },
        "robust": {},
        # the largest leverage hᵢ (HC2/HC3 divide by 1 − hᵢ), from the thin QR of the weighted design
        "max_leverage": jnum(np.max(np.sum(np.linalg.qr(model.wexog)[0] ** 2, axis=1))) if res.df_resid > 0 else None,
    }
    for cov in ["HC0", "HC1", "HC2", "HC3"]:
        try:
            r = model.fit(cov_type=cov)
            rt = model.fit(cov_type=cov, use_t=True)
            robust = {"bse": series(r.bse, names), "pvalues_normal": series(r.pvalues, names), "pvalues_t": series(rt.pvalues, names)}
        except Exception as e:  # noqa: BLE001 — recorded, compared as "statsmodels could not"
            expected["robust"][cov] = {"error": f"{type(e).__name__}: {e}"}
            continue
        try:
            # the condition number of the tested coefficients' covariance bounds the F's accuracy
            V = r.cov_params().to_numpy()
            tested = [i for i in range(V.shape[0]) if i != model.data.const_idx]
            # over the eigenvalues statsmodels' pinv keeps (above 1e-15 of the largest)
            ev = np.abs(np.linalg.eigvalsh(V[np.ix_(tested, tested)])) if tested else np.array([1.0])
            kept = ev[ev > 1e-15 * ev.max()]
            robust["f_condition"] = jnum(kept.max() / kept.min()) if kept.size else None
        except Exception:  # noqa: BLE001
            robust["f_condition"] = None
        try:
            robust["fvalue"] = jnum(np.squeeze(r.fvalue)) if r.fvalue is not None else None
            robust["f_pvalue"] = jnum(np.squeeze(r.f_pvalue)) if r.f_pvalue is not None else None
        except Exception as e:  # noqa: BLE001 — the Wald F test alone can fail (leverage 1 under HC2/HC3)
            robust["f_error"] = f"{type(e).__name__}: {e}"
        expected["robust"][cov] = robust
    return model, res, expected


def make_case(seed, index):
    rng = np.random.default_rng([seed, index])
    g_pool = LEVEL_POOLS[int(rng.integers(0, len(LEVEL_POOLS)))]
    h_pool = LEVEL_POOLS[int(rng.integers(0, len(LEVEL_POOLS)))]
    g_levels = list(g_pool[: int(rng.integers(2, 6))])
    h_levels = list(h_pool[: int(rng.integers(2, 4))])
    gen = FormulaGen(rng, g_levels, h_levels)
    formula = gen.pick(SPECIAL) if rng.random() < 0.08 else gen.formula()
    n = int(rng.integers(15, 60))
    nulls = rng.random() < 0.3
    data = make_data(rng, n, (g_levels, h_levels), nulls)
    weights = "w" if rng.random() < 0.25 else None
    case = {
        "name": f"diff-{seed}-{index}",
        "seed": [seed, index],
        "formula": formula,
        "options": {"weights": weights},
        "data": data,
    }
    try:
        model, res, expected = reference(case)
    except Exception as e:  # noqa: BLE001
        case["expected_error"] = {"stage": "fit", "statsmodels_message": f"{type(e).__name__}: {e}"}
        return case
    case["expected"] = expected
    # prediction rows: usually seen levels; sometimes an unseen level, which patsy rejects
    predict_rows = make_data(rng, int(rng.integers(1, 6)), (g_levels, h_levels), False)
    if rng.random() < 0.1:
        predict_rows[0]["g"] = "never-seen"
    try:
        frame = res.get_prediction(pd.DataFrame(predict_rows)).summary_frame(alpha=0.05)
        if len(frame) != len(predict_rows):
            raise ValueError(f"{len(frame)} predictions for {len(predict_rows)} rows")
        expected["predict"] = {"data": predict_rows, **{c: [jnum(v) for v in frame[c]] for c in frame.columns}}
    except Exception as e:  # noqa: BLE001
        expected["predict_error"] = {"data": predict_rows, "statsmodels_message": f"{type(e).__name__}: {e}"}
    return case


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    assert statsmodels.__version__.startswith("0.13.5") and patsy.__version__ == "0.5.3", "needs the reference versions"
    with open(out, "w", encoding="utf-8") as f:
        for index in range(first, first + count):
            f.write(json.dumps(make_case(seed, index), ensure_ascii=False, allow_nan=False) + "\n")


if __name__ == "__main__":
    main()
