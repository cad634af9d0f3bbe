#!/usr/bin/env python3
"""Reference values for the distribution functions, computed with mpmath at high precision.

Writes test/fixtures/distributions/reference.json. Every value is computed at `DPS` decimal
digits and checked against a second evaluation at `CHECK_DPS` digits; a point whose two
evaluations disagree beyond 1e-25 relative is dropped (none are, with mpmath 1.2.1). The
stored numbers are the nearest doubles (17 significant digits), so they carry at most
1.1e-16 relative error.

Run from the repository root:  python3 scripts/accuracy/make_distribution_reference.py
"""
import json
import math
import sys

import mpmath as mp

DPS = 60
CHECK_DPS = 110
SMALLEST = mp.mpf('1e-305')


def t_sf(t, df):
    """Upper tail of Student's t for t >= 0: I_{df/(df+t^2)}(df/2, 1/2) / 2."""
    t = mp.mpf(t)
    df = mp.mpf(df)
    x = df / (df + t * t)
    return mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2


def t_pdf(t, df):
    df = mp.mpf(df)
    c = mp.gamma((df + 1) / 2) / (mp.sqrt(df * mp.pi) * mp.gamma(df / 2))
    return c * (1 + t * t / df) ** (-(df + 1) / 2)


def f_sf(x, d1, d2):
    x = mp.mpf(x)
    d1 = mp.mpf(d1)
    d2 = mp.mpf(d2)
    try:
        return mp.betainc(d2 / 2, d1 / 2, 0, d2 / (d2 + d1 * x), regularized=True)
    except ValueError:
        # mpmath's hypergeometric route gives up on some large-parameter points
        return betainc_cf(d2 / 2, d1 / 2, d2 / (d2 + d1 * x), d1 * x / (d2 + d1 * x))


def betainc_cf(a, b, x, y):
    """I_x(a, b) (y = 1 - x) by its continued fraction at the working precision.

    Used only where mpmath.betainc fails; `checked` confirms it at two precisions.
    """
    if x > (a + 1) / (a + b + 2):
        return 1 - betainc_cf(b, a, y, x)
    front = mp.exp(a * mp.log(x) + b * mp.log(y) - mp.log(a) - mp.log(mp.beta(a, b)))
    tiny = mp.mpf(10) ** (-mp.mp.dps * 2)
    eps = mp.mpf(10) ** (-mp.mp.dps + 5)
    c, d = mp.mpf(1), 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10 ** 7):
        aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        d = 1 + aa * d; d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c; c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        d = 1 + aa * d; d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c; c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < eps:
            return front * h
    raise ValueError('continued fraction did not converge')


def chi2_sf(x, k):
    return mp.gammainc(mp.mpf(k) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)


def norm_sf(z):
    return mp.erfc(mp.mpf(z) / mp.sqrt(2)) / 2


def checked(fn, *args):
    """fn(*args) at DPS, confirmed at CHECK_DPS."""
    with mp.workdps(DPS):
        a = fn(*args)
    with mp.workdps(CHECK_DPS):
        b = fn(*args)
    if abs(a) < SMALLEST and abs(b) < SMALLEST:
        return mp.mpf(0)  # out of the double range we test; the caller stops there
    if b != 0 and abs(a - b) / abs(b) > mp.mpf('1e-25'):
        raise ValueError(f'unstable reference {fn.__name__}{args}: {a} vs {b}')
    return b


def as_double(v):
    return float(v)


def grid(lo_exp, hi_exp, per_decade):
    return [10 ** (k / per_decade) for k in range(int(lo_exp * per_decade), int(hi_exp * per_decade) + 1)]


def t_points():
    out = []
    dfs = [1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 57, 100, 200, 500, 1000, 5000, 10 ** 4,
           5 * 10 ** 4, 10 ** 5, 4 * 10 ** 5, 10 ** 6, 3 * 10 ** 6, 10 ** 7]
    for df in dfs:
        ts = [0.0, 1e-12, 1e-6] + grid(-3, 3, 8) + grid(4, 307, 1)
        for t in ts:
            sf = checked(t_sf, t, df)
            if sf < SMALLEST:
                break
            cdf = 1 - sf
            out.append({'df': df, 't': t, 'sf': as_double(sf), 'cdf': as_double(cdf)})
    return out


def t_ppf_points():
    out = []
    dfs = [1, 2, 3, 5, 10, 30, 57, 100, 1000, 10 ** 5, 10 ** 7]
    probs = ['0.5000001', '0.6', '0.75', '0.9', '0.95', '0.975', '0.99', '0.995', '0.9995',
             '0.99995', '0.9999995']
    lower = ['1e-3', '1e-10', '1e-50', '1e-100', '1e-300']
    for df in dfs:
        for ps in probs + lower:
            p = float(ps)  # the double the caller passes
            with mp.workdps(CHECK_DPS):
                pm = mp.mpf(p)
                upper = pm > mp.mpf(1) / 2
                target = 1 - pm if upper else pm
                # t with sf(t) = target: Newton's method on log sf (derivative -pdf/sf)
                t = mp.mpf(abs(float(_t_guess(p, df))))
                # Newton in u = log t, where power-law tails are straight lines
                u = mp.log(t)
                for _ in range(200):
                    t = mp.exp(u)
                    sf = t_sf(t, df)
                    step = (mp.log(sf) - mp.log(target)) / (t * t_pdf(t, df) / sf)
                    u += step
                    if abs(step) <= mp.mpf(10) ** (-60):
                        t = mp.exp(u)
                        break
                else:
                    raise ValueError(f't ppf did not converge for {p}, {df}')
                t = t if upper else -t
            out.append({'df': df, 'p': p, 't': as_double(t)})
    return out


def _t_guess(p, df):
    from scipy import stats  # only a starting point for the root finder
    v = stats.t.ppf(p, df)
    return v if math.isfinite(v) and v != 0 else 1.0


def f_points():
    pairs = [(1, 1), (1, 2), (2, 1), (1, 10), (2, 5), (3, 57), (4, 75), (5, 100), (10, 10),
             (10, 1000), (14, 10 ** 6), (1, 10 ** 7), (20, 3), (50, 50), (100, 100),
             (200, 5000), (1000, 10 ** 6)]
    out = []
    for d1, d2 in pairs:
        for x in [1e-8, 1e-3] + grid(-1, 3, 8) + grid(4, 307, 1):
            sf = checked(f_sf, x, d1, d2)
            if sf < SMALLEST:
                break
            out.append({'d1': d1, 'd2': d2, 'x': x, 'sf': as_double(sf)})
    return out


def chi2_points():
    out = []
    for k in [1, 2, 3, 4, 5, 10, 30, 100, 1000, 10 ** 4]:
        for x in [1e-8, 1e-3] + grid(-1, 4.5, 16):
            sf = checked(chi2_sf, x, k)
            if sf < SMALLEST:
                break
            out.append({'k': k, 'x': x, 'sf': as_double(sf)})
    return out


def normal_points():
    out = []
    zs = [i / 8 for i in range(-8 * 39, 8 * 39 + 1)]
    for z in zs:
        sf = checked(norm_sf, z)
        cdf = checked(norm_sf, -z)
        if sf < SMALLEST or cdf < SMALLEST:
            continue
        out.append({'z': z, 'sf': as_double(sf), 'cdf': as_double(cdf)})
    return out


def normal_ppf_points():
    out = []
    ps = ['1e-300', '1e-200', '1e-100', '1e-50', '1e-20', '1e-10', '1e-5', '0.001', '0.01',
          '0.025', '0.05', '0.1', '0.2', '0.3', '0.4', '0.45', '0.4999', '0.5', '0.5001', '0.55',
          '0.6', '0.7', '0.8', '0.9', '0.95', '0.975', '0.99', '0.995', '0.999', '0.99999',
          '0.9999999', '0.9999999999']
    for ps_ in ps:
        p = float(ps_)
        with mp.workdps(CHECK_DPS):
            pm = mp.mpf(p)
            q = min(pm, 1 - pm)
            # Newton on log Φ(−z) = log q, z ≥ 0 (d/dz log Φ(−z) = −φ(z)/Φ(−z))
            z = mp.sqrt(-2 * mp.log(q))
            for _ in range(200):
                tail = norm_sf(z)
                step = (mp.log(tail) - mp.log(q)) * tail / mp.npdf(z)
                z += step
                if abs(step) <= mp.mpf(10) ** (-80) * max(1, abs(z)):
                    break
            else:
                raise ValueError(f'normal ppf did not converge for {p}')
            z = z if pm > mp.mpf(1) / 2 else -z
            if p == 0.5:
                z = mp.mpf(0)  # the iteration lands within 1e-100 of 0
        out.append({'p': p, 'z': as_double(z)})
    return out


def main():
    data = {
        'generator': 'scripts/accuracy/make_distribution_reference.py',
        'mpmath': mp.__version__,
        'dps': DPS,
        'checkDps': CHECK_DPS,
        'note': 'Nearest doubles of mpmath values; arguments are the doubles shown.',
        'normal': normal_points(),
        'normalPpf': normal_ppf_points(),
        'studentT': t_points(),
        'studentTPpf': t_ppf_points(),
        'fSf': f_points(),
        'chi2Sf': chi2_points(),
    }
    path = sys.argv[1] if len(sys.argv) > 1 else 'test/fixtures/distributions/reference.json'
    with open(path, 'w') as fh:
        json.dump(data, fh, indent=0, separators=(',', ':'), allow_nan=False)
        fh.write('\n')
    for key in ['normal', 'normalPpf', 'studentT', 'studentTPpf', 'fSf', 'chi2Sf']:
        print(key, len(data[key]))


if __name__ == '__main__':
    main()
