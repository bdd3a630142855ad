package io.github.lenet5j.kernels;

/**
 * tanh as a rational function in float, written so that the JIT compiler turns the loop into SIMD code:
 * the fast engine's Sigmoid and Tanh compute their forward pass here ({@link ActivationKernels}).
 *
 * <pre>
 * t = clamp(scale·x, −T, T),  u = t²
 * tanh(t) ≈ t · P(u) / Q(u)      P of degree 6, Q of degree 3 (Horner), result clamped to [−1, 1]
 * y = offset + amplitude · tanh(t)
 * </pre>
 *
 * <p>Why not {@code Math.exp}: it is a double function call that C2 (JDK 17) never vectorises, about
 * 5.6 ns a value; this loop uses only float {@code *}, {@code +}, {@code /}, {@code Math.min} and
 * {@code Math.max} over arrays indexed {@code [i]}, which C2's SuperWord pass turns into vector
 * instructions (about 0.75 ns a value, see docs/performance.md).
 *
 * <p>T = atanh(1 − 2⁻²⁵) ≈ 9.0109: beyond it tanh rounds to ±1 in float. The coefficients were fitted
 * for this project (minimax relative error on [0, T], 7e-9 in double) by
 * {@code /usr/bin/python3 docs/scripts/fit_tanh.py}, which also replays this loop in float32 over every
 * float: max |error| 3.6e-7 against tanh and 1.9e-7 against the sigmoid (in double), a few float ulps of
 * rounding in the evaluation, not the fit. Exactly odd (tanh(−x) = −tanh(x) to the bit); NaN gives NaN
 * ({@code Math.min}/{@code Math.max} return NaN for a NaN argument); ±∞ gives ±1. Not monotonic to the
 * last bit: where tanh is flat near ±1, neighbouring inputs can give outputs a few ulps apart either way.
 */
final class RationalTanh {
    static final float T = 9.010913f;
    /** The clamp of the fused evaluation: Math.nextUp(T), the first float where it gives 1. */
    static final float T_FUSED = 9.010914f;
    private static final float P0 = 1.0f;
    private static final float P1 = 0.13085306f;
    private static final float P2 = 0.0031053652f;
    private static final float P3 = 1.1167994e-05f;
    private static final float P4 = -2.0274479e-08f;
    private static final float P5 = 5.2983347e-11f;
    private static final float P6 = -8.532888e-14f;
    private static final float Q0 = 1.0f;
    private static final float Q1 = 0.46418634f;
    private static final float Q2 = 0.024500895f;
    private static final float Q3 = 0.0002548135f;
    private static final float[] P_HIGH_FIRST = {P6, P5, P4, P3, P2, P1, P0};   // for VectorTanh
    private static final float[] Q_HIGH_FIRST = {Q3, Q2, Q1, Q0};

    private RationalTanh() {
    }

    /**
     * y[i] = offset + amplitude·tanh(scale·x[i]) for every i. The loop stays in this method so that it is
     * compiled (and vectorised) once, whatever layer calls it. With offset −0, y = amplitude·tanh exactly,
     * −0 included (−0 + r = r for every r; +0 would turn −0 into +0).
     */
    static void apply(float[] x, float scale, float amplitude, float offset, float[] y) {
        if (Kernels.VECTOR) {
            applyFused(x, scale, amplitude, offset, y);
            return;
        }
        for (int i = 0; i < x.length; i++) {
            float t = Math.max(-T, Math.min(T, scale * x[i]));
            float u = t * t;
            float p = P0 + u * (P1 + u * (P2 + u * (P3 + u * (P4 + u * (P5 + u * P6)))));
            float q = Q0 + u * (Q1 + u * (Q2 + u * Q3));
            float r = Math.max(-1f, Math.min(1f, t * p / q));
            y[i] = offset + amplitude * r;
        }
    }

    /**
     * {@link #apply} with fused multiply-adds ({@link Math#fma}, which C2 vectorises), on the vector kernels' path,
     * which needs a CPU with FMA instructions anyway (on the scalar path {@code Math.fma} could be BigDecimal
     * arithmetic): each of Horner's steps is one instruction instead of two, and rounds once. Max |error| over every
     * float 3.2e-7 against tanh (3.6e-7 unfused). Rounded once, P(T²) comes out a little smaller and tanh(T) at
     * 1 − 2⁻²³, so the clamp is the next float above T, {@link #T_FUSED}, where the fused evaluation reaches 1.
     * {@code VectorTanh} evaluates the whole vectors the same way, to the same bits; {@link #fusedFrom} the rest.
     */
    private static void applyFused(float[] x, float scale, float amplitude, float offset, float[] y) {
        int done = VectorTanh.apply(x, scale, amplitude, offset, T_FUSED, P_HIGH_FIRST, Q_HIGH_FIRST, y);
        fusedFrom(done, x, scale, amplitude, offset, y);
    }

    /** {@link #applyFused}'s loop for i from {@code from} on: what {@code VectorTanh} leaves, and its tests' reference. */
    static void fusedFrom(int from, float[] x, float scale, float amplitude, float offset, float[] y) {
        for (int i = from; i < x.length; i++) {
            float t = Math.max(-T_FUSED, Math.min(T_FUSED, scale * x[i]));
            float u = t * t;
            float p = Math.fma(u, Math.fma(u, Math.fma(u, Math.fma(u, Math.fma(u, Math.fma(u, P6, P5), P4), P3), P2),
                    P1), P0);
            float q = Math.fma(u, Math.fma(u, Math.fma(u, Q3, Q2), Q1), Q0);
            float r = Math.max(-1f, Math.min(1f, t * p / q));
            y[i] = Math.fma(amplitude, r, offset);
        }
    }
}
