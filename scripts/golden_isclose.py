#!/usr/bin/python3
"""Regenerates gradcheck/testdata/isclose.golden and allclose_broadcast.golden from numpy itself.

Run with Debian's numpy (apt-get install -y python3-numpy):

    /usr/bin/python3 scripts/golden_isclose.py

The output is deterministic (fixed seeds, fixed value lists); floats are written as float.hex() so that
the Go test reads back the exact bits numpy saw. Tests read the committed files and never run Python.
"""
import itertools
import os
import sys

import numpy as np

np.seterr(all="ignore")  # overflow near the float64 limits is part of what the cases test

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gradcheck", "testdata")

SPECIAL = [
    0.0, -0.0, 5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072014e-308, 1e-300, 1e-8, -1e-8, 1e-5,
    0.5, 1.0, -1.0, 1.00001, 1.0000100000000001, 0.99999, 2.0, 1e8, 1e16, 1e300, -1e300,
    1.7976931348623157e308, -1.7976931348623157e308, float("inf"), float("-inf"), float("nan"),
]

TOLERANCES = [
    (1e-5, 1e-8), (0.0, 0.0), (1e-3, 1e-5), (1e-7, 0.0), (0.0, 1e-8), (0.1, 0.0), (1.0, 0.0),
    (0.0, 1e300), (2.0, 1.7976931348623157e308), (1e-9, 5e-324),
]


def hexf(x):
    return float(x).hex()


def isclose(a, b, rtol, atol, equal_nan):
    return bool(np.isclose(np.float64(a), np.float64(b), rtol=rtol, atol=atol, equal_nan=equal_nan))


def scalar_cases():
    rows = []
    # Every ordered pair of special values under every tolerance, both equal_nan settings.
    for (rtol, atol), equal_nan in itertools.product(TOLERANCES, (False, True)):
        for a, b in itertools.product(SPECIAL, SPECIAL):
            rows.append((a, b, rtol, atol, equal_nan))
    # Values near the tolerance boundary, where rounding of atol + rtol*|b| decides.
    rng = np.random.RandomState(20261128)
    for _ in range(6000):
        rtol, atol = TOLERANCES[rng.randint(len(TOLERANCES))]
        scale = 10.0 ** rng.uniform(-12, 12)
        b = float(rng.standard_normal() * scale)
        allowed = atol + rtol * abs(b)
        k = float(rng.choice([0.0, 0.5, 0.999999, 1.0, 1.0 + 1e-15, 1.000001, 2.0, -1.0, -1.000001]))
        a = b + k * allowed
        for a2 in (a, np.nextafter(a, np.inf), np.nextafter(a, -np.inf)):
            rows.append((float(a2), b, rtol, atol, bool(rng.randint(2))))
    return rows


def broadcast_cases():
    """allclose on 2-D arrays of every shape pair from a small set: close, not close, or not broadcastable."""
    shapes = [(1, 1), (1, 3), (3, 1), (3, 3), (2, 3), (3, 2), (2, 1), (1, 2), (4, 3)]
    rng = np.random.RandomState(7)
    rows = []
    for sa, sb in itertools.product(shapes, shapes):
        for variant in range(3):
            b = rng.standard_normal(sb)
            try:
                shape = np.broadcast_shapes(sa, sb)
            except ValueError:
                a = rng.standard_normal(sa)
                rows.append((sa, sb, a, b, "error"))
                continue
            # Build a from a broadcast of b so that the pair is close, then perturb one element for variant 2.
            base = np.broadcast_to(b, shape)
            a = np.array(base[: sa[0], : sa[1]] if sa != shape else base, dtype=float)
            a = np.array(np.broadcast_to(a, shape)[: sa[0], : sa[1]], dtype=float).reshape(sa)
            if variant == 1:
                a = a + rng.uniform(-1, 1, sa) * 1e-9
            elif variant == 2:
                a = a.copy()
                a.flat[rng.randint(a.size)] += 1e-3
            result = bool(np.allclose(a, b))
            rows.append((sa, sb, a, b, "true" if result else "false"))
    return rows


def main():
    rows = scalar_cases()
    path = os.path.join(ROOT, "isclose.golden")
    with open(path, "w") as f:
        f.write("# a b rtol atol equal_nan numpy.isclose (numpy %s; floats as float.hex)\n" % np.__version__)
        for a, b, rtol, atol, equal_nan in rows:
            r = isclose(a, b, rtol, atol, equal_nan)
            f.write("%s %s %s %s %d %d\n" % (hexf(a), hexf(b), hexf(rtol), hexf(atol), equal_nan, r))
    print("wrote %d cases to %s" % (len(rows), path), file=sys.stderr)

    rows = broadcast_cases()
    path = os.path.join(ROOT, "allclose_broadcast.golden")
    with open(path, "w") as f:
        f.write("# shapeA shapeB | a (row-major) | b (row-major) | numpy.allclose or error (numpy %s)\n" % np.__version__)
        for sa, sb, a, b, result in rows:
            f.write("%dx%d %dx%d | %s | %s | %s\n" % (
                sa[0], sa[1], sb[0], sb[1],
                " ".join(hexf(v) for v in np.ravel(a)), " ".join(hexf(v) for v in np.ravel(b)), result))
    print("wrote %d cases to %s" % (len(rows), path), file=sys.stderr)


if __name__ == "__main__":
    main()
