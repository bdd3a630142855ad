#!/usr/bin/python3
"""Fits the rational approximation of tanh used by src/main/java/io/github/lenet5j/kernels/RationalTanh.java.

Run from the repository root (numpy only, a few seconds):

    /usr/bin/python3 docs/scripts/fit_tanh.py

The form, with u = t²:

    tanh(t) ≈ t · P(u) / Q(u),   P of degree 6, Q of degree 3, P(0) = Q(0) = 1,   |t| ≤ T

T is where float tanh becomes 1: tanh(t) ≥ 1 − 2⁻²⁵ (the midpoint below 1) for t ≥ atanh(1 − 2⁻²⁵) ≈ 13·ln 2,
so clamping |t| to T loses nothing a float can hold. tanh(t)/t is even, so the fit is of
f(u) = tanh(√u)/√u on [0, T²], minimising the largest relative error |P/Q − f| / f:

  1. Sanathanan–Koerner: the non-linear P/Q − f is replaced by the linear (P − f·Q) / (f·Q_prev), with
     Q_prev the denominator of the previous iteration, solved by weighted linear least squares;
  2. Lawson: after each solve every point's weight is multiplied by its |error|, which drives the weighted
     least-squares solution towards the minimax (equi-oscillating) one.

The points are Chebyshev points in t on [0, T]; the polynomials are fitted in s = u/T² ∈ [0, 1] (better
conditioned) and converted back to powers of u. The coefficients are then rounded to float, and the Java
loop is replayed in numpy float32 (IEEE single, the same operations in the same order, no FMA: exactly what
the JVM computes) to measure the errors the Java code has, against tanh and the sigmoid in double.

Prints the float literals for RationalTanh.java and the measured errors.
"""
import numpy as np

P_DEGREE = 6
Q_DEGREE = 3
POINTS = 3000
ITERATIONS = 1500

T = np.float32(np.arctanh(1 - 2.0 ** -25))   # ≈ 9.0109
U = float(T) ** 2


def fit():
    k = np.arange(POINTS)
    t = float(T) / 2 * (1 - np.cos(np.pi * k / (POINTS - 1)))
    t[0] = 1e-4                                         # f(0) = 1 is imposed by P(0) = Q(0) = 1
    s = t * t / U
    f = np.tanh(t) / t
    ps = s[:, None] ** np.arange(1, P_DEGREE + 1)
    qs = s[:, None] ** np.arange(1, Q_DEGREE + 1)
    a = np.hstack([ps, -f[:, None] * qs])               # P − 1 − f·(Q − 1) = f − 1
    weight = np.full(POINTS, 1.0 / POINTS)
    q_prev = np.ones(POINTS)
    for _ in range(ITERATIONS):
        scale = np.sqrt(weight) / (f * np.abs(q_prev))
        c, *_ = np.linalg.lstsq(a * scale[:, None], (f - 1) * scale, rcond=None)
        p = np.concatenate([[1.0], c[:P_DEGREE]])
        q = np.concatenate([[1.0], c[P_DEGREE:]])
        q_prev = np.polyval(q[::-1], s)
        error = (np.polyval(p[::-1], s) / q_prev - f) / f
        weight *= np.abs(error)
        weight /= weight.sum()
    powers = U ** -np.arange(P_DEGREE + 1)
    return p * powers, q * powers[:Q_DEGREE + 1], np.abs(error).max()


def horner(coefficients, u):
    result = np.full_like(u, coefficients[-1])
    for c in coefficients[-2::-1]:
        result = result * u + c
    return result


def java(x, p, q, scale, amplitude, offset):
    """RationalTanh.apply in float32: offset + amplitude · clamp(tanh(clamp(scale·x)), −1, 1)."""
    f = np.float32
    t = np.maximum(-T, np.minimum(T, f(scale) * x))
    u = t * t
    r = np.maximum(f(-1), np.minimum(f(1), t * horner(p, u) / horner(q, u)))
    return f(offset) + f(amplitude) * r


def all_floats(lo, hi):
    """Every float in [lo, hi) (0 < lo < hi), in chunks."""
    a, b = int(np.float32(lo).view(np.int32)), int(np.float32(hi).view(np.int32))
    for start in range(a, b, 1 << 24):
        yield np.arange(start, min(start + (1 << 24), b), dtype=np.int32).view(np.float32)


def main():
    p64, q64, relative = fit()
    p, q = p64.astype(np.float32), q64.astype(np.float32)
    print(f"T = {T!r}f   (atanh(1 - 2^-25))")
    print(f"double fit: max relative error of t*P/Q on [0, T] = {relative:.3g}")
    print("P (powers of u, lowest first):", ", ".join(f"{c!r}f" for c in p))
    print("Q (powers of u, lowest first):", ", ".join(f"{c!r}f" for c in q))

    # tanh is odd to the bit in the Java code (t·P(t²)/Q(t²), symmetric clamps), so x ≥ 0 suffices.
    worst_tanh = worst_sigmoid = 0.0
    small = np.linspace(0, 2.0 ** -12, 100_001, dtype=np.float32)
    for x in [small, *all_floats(2.0 ** -12, 20.0)]:
        y = java(x, p, q, 1, 1, -0.0).astype(np.float64)
        worst_tanh = max(worst_tanh, np.abs(y - np.tanh(x.astype(np.float64))).max())
    for x in [small, -small, *all_floats(2.0 ** -12, 40.0), *(-c for c in all_floats(2.0 ** -12, 40.0))]:
        y = java(x, p, q, 0.5, 0.5, 0.5).astype(np.float64)
        worst_sigmoid = max(worst_sigmoid, np.abs(y - 1 / (1 + np.exp(-x.astype(np.float64)))).max())
    print(f"float32, every float with |x| in [2^-12, 20) and a grid below: max |tanh error| = {worst_tanh:.3g}")
    print(f"float32, every float with |x| in [2^-12, 40) and a grid below: max |sigmoid error| = {worst_sigmoid:.3g}")


if __name__ == "__main__":
    main()
