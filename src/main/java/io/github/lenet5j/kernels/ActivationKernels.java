package io.github.lenet5j.kernels;

/**
 * The fast engine's activations: loops that the JIT compiles to SIMD code, where the reference loops call
 * {@code Math.exp} or {@code Math.tanh} (double function calls that C2 never vectorises) or branch on a sign
 * (which random data mispredicts). docs/performance.md measures both.
 */
public final class ActivationKernels {
    private ActivationKernels() {
    }

    /**
     * y = σ(x) = ½ + ½·tanh(x/2), element-wise, with {@link RationalTanh}'s float tanh (max absolute error 1.9e-7).
     *
     * @param x the input, any shape
     * @param y the output, as long as x, overwritten
     */
    public static void sigmoid(float[] x, float[] y) {
        RationalTanh.apply(x, 0.5f, 0.5f, 0.5f, y);
    }

    /**
     * y = A·tanh(S·x), element-wise, with {@link RationalTanh}'s float tanh (max absolute error 3.6e-7·A); the
     * offset −0 keeps tanh(−0) = −0.
     *
     * @param x the input, any shape
     * @param slope S
     * @param amplitude A
     * @param y the output, as long as x, overwritten
     */
    public static void tanh(float[] x, float slope, float amplitude, float[] y) {
        RationalTanh.apply(x, slope, amplitude, -0f, y);
    }

    /**
     * ReLU's backward, gx = g·[y &gt; 0], with the step written as min(1, y·2¹²⁶·2¹²⁶): exactly 1 for every
     * y &gt; 0 (the two products lift even the smallest float, 2⁻¹⁴⁹, above 1) and 0 for y = 0. Only
     * multiplications and a min, so C2 vectorises the loop; {@code y > 0 ? g : 0} compiles to a branch that
     * random signs mispredict.
     *
     * @param y ReLU's output, any shape
     * @param g dL/dy, as long as y
     * @param gx dL/dx, as long as y, overwritten
     */
    public static void reluBackward(float[] y, float[] g, float[] gx) {
        for (int i = 0; i < y.length; i++) {
            gx[i] = g[i] * Math.min(1f, y[i] * 0x1p126f * 0x1p126f);
        }
    }
}
