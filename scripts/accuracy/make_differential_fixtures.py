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
    "round_keeps_integers": (
        "np.round and np.sign of an integer column stay integers, so C() names their levels 2, not 2.0",
        "y ~ C(np.round(k)) + C(np.sign(k - 2)) + C(np.floor(k))",
        rows(y=Y, k=K),
    ),
    "comparison_of_missing": (
        "x > 1 where x is missing is False in numpy, not missing: patsy keeps the row",
        "y ~ C(x > 1) + z",
        rows(y=Y, x=[None if i in (2, 7) else v for i, v in enumerate(X)], z=Z),
    ),
    "comparison_inside_I": (
        "I(k > 2) on an integer column with a missing value (float in pandas): the row is kept",
        "y ~ C(I(k > 2)) + I(k != 3) + z",
        rows(y=Y, k=[None if i == 4 else v for i, v in enumerate(K)], z=Z),
    ),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (description, formula, data) in CASES.items():
        case = {"name": name, "description": description, "formula": formula, "options": {"weights": None}, "data": data}
        try:
            _model, _res, expected = d.reference(case)
            case["expected"] = expected
        except Exception as e:  # noqa: BLE001
            case["expected_error"] = {"stage": "fit", "statsmodels_message": f"{type(e).__name__}: {e}"}
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(case, f, ensure_ascii=False, indent=1, allow_nan=False)
            f.write("\n")
        print(name, case.get("expected", {}).get("columns"), case.get("expected", {}).get("nobs"), case.get("expected_error"))


if __name__ == "__main__":
    main()
