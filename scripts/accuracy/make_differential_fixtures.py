"""Reference cases for the divergences the differential fuzzer found (scripts/accuracy/differential.py).

Usage: /usr/bin/python3 scripts/accuracy/make_differential_fixtures.py
Writes test/fixtures/differential/*.json in the format of test/fixtures/cases (statsmodels 0.13.5,
patsy 0.5.3), from fixed data below; test/integration/differentialCases.test.ts reads them.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import differential as d  # noqa: E402

OUT = "test/fixtures/differential"

X = [-1.5, -0.5, 0.5, 1.5, 2.5, 0.2, 1.7, 3.2, -2.6, 0.9, 2.1, -0.3]
Z = [0.3, -1.2, 0.8, 1.9, -0.4, 0.05, -2.1, 1.1, 0.6, -0.7, 1.4, 0.0]
Y = [1.2, 0.4, 2.2, 3.1, 2.8, 1.0, 2.9, 4.4, -0.8, 1.9, 3.3, 0.7]
K = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]


def rows(**columns):
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


CASES = {
    "numpy_rounding_functions": (
        "numpy's exp2, floor, ceil, trunc, sign, cbrt and round (halves to even: -1.5, -0.5, 0.5, 1.5, 2.5)",
        "y ~ np.exp2(z) + np.floor(x) + np.round(x) + np.ceil(z) + np.trunc(x) + np.sign(z) + np.cbrt(x)",
        rows(y=Y, x=X, z=Z),
    ),
    "levels_name_as_given": (
        "C(k, levels=[...]) names columns after the levels as written: ints print 3 although k, with a "
        "missing value, is float in pandas; levels=[1.0, ...] print 2.0 for an integer column",
        "y ~ C(k, levels=[4, 3, 2, 1]) + C(j, levels=[1.0, 2.0, 3.0, 4.0])",
        rows(y=Y, k=[None if i == 4 else v for i, v in enumerate(K)], j=list(reversed(K))),
    ),
    "treatment_reference_full_rank": (
        "patsy's full-rank Treatment coding (no intercept) never looks the reference up: an unknown "
        "reference fits",
        "y ~ 0 + C(g, Treatment('zzz')) + x",
        rows(y=Y, x=X, g=list("abcabcabcabc")),
    ),
    "treatment_reference_reduced_rank": (
        "with an intercept the reference is looked up, and an unknown one is an error",
        "y ~ C(g, Treatment('zzz')) + x",
        rows(y=Y, x=X, g=list("abcabcabcabc")),
    ),
    "numpy_elementwise_functions": (
        "numpy's clip, maximum, minimum and where, element-wise (where's condition a comparison)",
        "y ~ np.clip(x, -1, 2) + np.maximum(x, z) + np.minimum(z, 0.5) + np.where(x > 0, x, z)",
        rows(y=Y, x=X, z=Z),
    ),
    "reciprocal_and_pow": (
        "np.reciprocal of floats, and of an integer column (numpy keeps it integer: 1, then 0s), "
        "Python's pow, and np.clip with one bound None",
        "y ~ np.reciprocal(z + 3) + pow(x, 2) + np.reciprocal(k) + np.clip(z, None, 1)",
        rows(y=Y, x=X, z=Z, k=K),
    ),
    "custom_contrast_list": (
        "a contrast matrix given as a list of rows, used as it is (columns named [custom0], [custom1]), "
        "alone and in an interaction",
        "y ~ C(g, [[7, 12], [2, 13], [8, -1]]) + x:C(g, [[1, 0], [0, 1], [-1, -1]])",
        rows(y=Y, x=X, g=list("abcabcabcbca")),
    ),
    "custom_contrast_matrix": (
        "patsy's ContrastMatrix(matrix, column_suffixes), without an intercept (still used as it is)",
        "y ~ 0 + C(g, ContrastMatrix([[1, 0], [0, 1], [-1, -1]], ['[first]', '[second]'])) + x",
        rows(y=Y, x=X, g=list("abcabcabcbca")),
    ),
    "round_keeps_integers": (
        "np.round and np.sign of an integer column stay integers, so C() names their levels 2, not 2.0",
        "y ~ C(np.round(k)) + C(np.sign(k - 2)) + C(np.floor(k))",
        rows(y=Y, k=K),
    ),
}

# Cases of the fuzzer itself (differential.make_case(seed, index) when first written; the
# generator has grown since, so an existing fixture's formula and data are kept and only
# statsmodels' answers are recomputed).
FUZZ_CASES = {
    "singular_robust_wald_f": (
        (20261125, 1865),
        "y ~ g:h where one cell has a single row: under HC0/HC1 its coefficient has variance 0, so the "
        "tested coefficients' covariance is singular and statsmodels' Wald F uses pinv and its rank",
    ),
    "near_singular_robust_wald_f": (
        (7, 1824),
        "y ~ g*h*x with singleton cells: the HC1 covariance of the tested coefficients is singular up to "
        "rounding, so a Cholesky factor exists but its smallest pivot is noise; statsmodels' pinv drops it",
    ),
    "noise_diagonal_robust_wald_f": (
        (42, 4552),
        "y ~ g + g with two single-row levels: a tested coefficient's HC0 variance is 0 and comes out as "
        "noise on the diagonal itself, so its Cholesky pivot is not small against its own diagonal",
    ),
    "combination_zero_variance_wald_f": (
        (42, 8039),
        "HC0 with a row of leverage 1 where a combination of the tested coefficients (not one of them) "
        "has variance 0: no Cholesky pivot shows it, statsmodels' pinv drops it (F 41.5, not 4e13)",
    ),
    "robust_zero_variance": (
        (20261125, 3059),
        "the intercept is fitted by one row alone: its HC0 variance is 0 in exact arithmetic (rounds to "
        "+-1e-30), a standard error of ~0, not a missing one",
    ),
    "unit_leverage_hc2": (
        (20261125, 4058),
        "a level left with one row after dropping missing rows: leverage 1, so HC2/HC3 divide 0 by 0 "
        "(statsmodels: infinite standard errors, no F); HC0/HC1 are ordinary",
    ),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [
        ({"name": name, "description": description, "formula": formula, "options": {"weights": None}, "data": data}, None)
        for name, (description, formula, data) in CASES.items()
    ]
    for name, (seed, description) in FUZZ_CASES.items():
        path = os.path.join(OUT, name + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                frozen = json.load(f)
            case = {k: frozen[k] for k in ("seed", "formula", "options", "data")}
            if "predict" in frozen.get("expected", {}):
                case["predict_data"] = frozen["expected"]["predict"]["data"]
            elif "predict_error" in frozen.get("expected", {}):
                case["predict_error"] = frozen["expected"]["predict_error"]
        else:
            case = d.make_case(*seed)
        case.update(name=name, description=description + f" (fuzzer case {seed[0]}/{seed[1]})")
        cases.append((case, seed))
    for case, seed in cases:
        name = case["name"]
        if "expected" not in case:
            try:
                _model, res, expected = d.reference(case)
                rows = case.pop("predict_data", None)
                if rows is not None:
                    frame = res.get_prediction(d.pd.DataFrame(rows)).summary_frame(alpha=0.05)
                    expected["predict"] = {"data": rows, **{c: [d.jnum(v) for v in frame[c]] for c in frame.columns}}
                if "predict_error" in case:
                    expected["predict_error"] = case.pop("predict_error")
                case["expected"] = expected
            except Exception as e:  # noqa: BLE001
                case["expected_error"] = {"stage": "fit", "statsmodels_message": f"{type(e).__name__}: {e}"}
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(case, f, ensure_ascii=False, indent=1, allow_nan=False)
            f.write("\n")
        print(name, case.get("expected", {}).get("columns"), case.get("expected", {}).get("nobs"), case.get("expected_error"))


if __name__ == "__main__":
    main()
