#!/usr/bin/env python3
"""Reference values for Reprise's elementary functions.

Rerun from the package root (takes a few minutes):

    python3 Fixtures/scripts/make_elementary_fixtures.py

Writes Fixtures/elementary/<function>_<type>.bin for function in
exp expm1 log log1p tanh sigmoid softplus sin cos erf and type in double, float.

Format: a flat little-endian binary array of (input, output) pairs, each the
raw IEEE-754 bit pattern of the type (8 + 8 bytes per pair for double, 4 + 4
for float). `output` is the correctly rounded value (round to nearest even,
with gradual underflow and overflow to infinity) of the exact function at the
exact input, computed with mpmath at 192 bits and rounded by hand (no double
rounding through float64 for float outputs). Inputs are finite; NaN/infinity
and signed-zero behaviour is tested directly in the Swift tests.

Grids (per function and type): log-spaced magnitudes of both signs over the
meaningful finite range, dense points around 0 and every threshold of the
algorithms and of the format (overflow, underflow, subnormal results, branch
points of the implementations), points just around multiples of pi/2 for
sin/cos (including a known hardest case for argument reduction), every
binade for log, and uniform random points drawn with a fixed numpy seed.
"""
import os
import struct

import mpmath as mp
import numpy as np

mp.mp.prec = 192
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Fixtures", "elementary")

FMT = {
    "double": dict(p=53, emin=-1022, emax=1023, pack="<d", ipack="<Q", np=np.float64),
    "float": dict(p=24, emin=-126, emax=127, pack="<f", ipack="<I", np=np.float32),
}


def round_to(v, t):
    """Correctly round the mpf v to the format t (nearest even), return Python float."""
    f = FMT[t]
    if mp.isnan(v):
        return float("nan")
    if mp.isinf(v):
        return float(v)
    if v == 0:
        return 0.0
    s = -1 if v < 0 else 1
    a = abs(v)
    m, e = mp.frexp(a)  # a = m * 2^e, m in [0.5, 1)
    e -= 1  # a in [2^e, 2^(e+1))
    q = max(e, f["emin"]) - (f["p"] - 1)
    n = a / mp.mpf(2) ** q
    fl = mp.floor(n)
    frac = n - fl
    if frac > 0.5 or (frac == 0.5 and int(fl) % 2 == 1):
        fl += 1
    r = fl * mp.mpf(2) ** q
    if r >= mp.mpf(2) ** (f["emax"] + 1):
        return s * float("inf")
    return s * float(r)


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def softplus(x):
    if x > 0:
        return x + mp.log1p(mp.exp(-x))
    return mp.log1p(mp.exp(x))


FUNCS = {
    "exp": mp.exp, "expm1": mp.expm1, "log": mp.log, "log1p": mp.log1p, "tanh": mp.tanh,
    "sigmoid": sigmoid, "softplus": softplus, "sin": mp.sin, "cos": mp.cos, "erf": mp.erf,
}


def logspace(lo, hi, n, both=True):
    """n magnitudes log-spaced in [lo, hi] (lo > 0), with both signs if asked."""
    m = np.exp(np.linspace(np.log(lo), np.log(hi), n))
    return list(m) + (list(-m) if both else [])


def around(c, k, t):
    """c and its k neighbours on each side in format t."""
    ty = FMT[t]["np"]
    v = ty(c)
    out = [v]
    up = dn = v
    for _ in range(k):
        up = np.nextafter(up, ty(np.inf))
        dn = np.nextafter(dn, ty(-np.inf))
        out += [up, dn]
    return out


def inputs(name, t, rng):
    dbl = t == "double"
    big = 1e300 if dbl else 3e38
    tiny = 5e-324 if dbl else 1.5e-45
    ovf = 709.782712893384 if dbl else 88.72283
    unf = -745.1332191019412 if dbl else -103.97208
    subn = -708.3964185322641 if dbl else -87.33655
    x = []
    u = rng.uniform
    if name in ("exp", "sigmoid", "softplus", "expm1"):
        lo_lim = -750 if dbl else -110
        x += logspace(tiny, 750 if dbl else 110, 2500)
        x += list(u(lo_lim, ovf + 1, 2000)) + list(u(-1, 1, 800)) + list(u(-40, 40, 1200))
        for c in (ovf, unf, subn, 0.35, -0.35, 708.0, -708.0, 40, -40, 36, -36, 20, 0.0625,
                  -0.0625, 0.3465735902799727, -0.3465735902799727, 1.0, -1.0):
            x += around(c, 8, t)
        x += list(u(unf - 1, subn + 1, 600)) + list(u(ovf - 1, ovf + 0.01, 300))
    elif name in ("log", "log1p"):
        emin = -1074 if dbl else -149
        emax = 1023 if dbl else 127
        for e in range(emin, emax + 1):
            m = u(1, 2, 2 if dbl else 12)
            x += list(m * 2.0**e)
        x += list(u(0.9, 1.1, 1500)) + list(u(0, 100, 600))
        for c in (1.0, 0.9375, 1.0625, 2.0, 0.5, 0.7050781, 1.41):
            x += around(c, 10, t)
        if name == "log1p":
            x += logspace(tiny, 0.99, 1200) + logspace(1, big, 300, both=False)
            for c in (-1 + 2.0**-20, -0.9999, -0.0625, 0.0625, 2.0**-60, -2.0**-60):
                x += around(c, 8, t)
            x += [-1 + 2.0**-k for k in range(1, 53 if dbl else 24)]
            x = [v for v in x if v > -1]
        else:
            x = [v for v in x if v > 0]
    elif name == "tanh":
        x += logspace(tiny, 40, 3000) + list(u(-20, 20, 2500)) + list(u(-1, 1, 1000))
        for c in (0.0625, -0.0625, 20, -20, 19.06, 0.55, 1.0):
            x += around(c, 10, t)
    elif name in ("sin", "cos"):
        x += logspace(tiny, big, 3000) + list(u(-10, 10, 2000)) + list(u(-1e6, 1e6, 800))
        x += list(u(-2.0**31, 2.0**31, 300))
        for c in (2.0**30, -2.0**30, 2.0**-27, 0.7853981633974483, 1e22, 1e300):
            x += around(c, 5, t)
        ks = list(range(1, 400)) + [int(v) for v in rng.integers(1, 2**40 if dbl else 2**20, 400)]
        for k in ks:
            c = float(mp.mpf(k) * mp.pi / 2)
            x += around(c, 1, t)
        if dbl:
            x += around(6381956970095103.0 * 2.0**797, 2, t)
            x += around(5.319372648326541e+255, 2, t)
    elif name == "erf":
        x += logspace(tiny, 10, 3000) + list(u(-6, 6, 3000)) + list(u(-1, 1, 800))
        for c in [i / 4 for i in range(3, 25)] + [5.92, 0.75, 2.0**-60]:
            x += around(c, 4, t)
            x += around(-c, 2, t)
    ty = FMT[t]["np"]
    vals = sorted(set(float(ty(v)) for v in x if np.isfinite(ty(v))))
    return vals


def main():
    os.makedirs(OUT, exist_ok=True)
    for t in ("double", "float"):
        for name, fn in FUNCS.items():
            rng = np.random.default_rng(20251129)
            xs = inputs(name, t, rng)
            pk, ip = FMT[t]["pack"], FMT[t]["ipack"]
            buf = bytearray()
            for xv in xs:
                y = round_to(fn(mp.mpf(xv)), t)
                buf += struct.pack(pk, xv) + struct.pack(pk, y)
            path = os.path.join(OUT, f"{name}_{t}.bin")
            with open(path, "wb") as fh:
                fh.write(buf)
            print(f"{path}: {len(xs)} points")


if __name__ == "__main__":
    main()
