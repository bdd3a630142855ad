package io.github.lenet5j.nn;

/**
 * Hyperbolic tangent, element-wise, optionally LeCun's scaled form {@code f(x) = A·tanh(S·x)} with
 * A = 1.7159 and S = 2/3, so that f(±1) ≈ ±1.  f'(x) = S·(A − y²/A); plain tanh is A = S = 1: 1 − y².
 * tanh is a float rational approximation that the JIT vectorises (max absolute error 3.6e-7).
 */
public final class Tanh extends ElementwiseActivation {
    /** LeCun's amplitude A. */
    public static final float LECUN_AMPLITUDE = 1.7159f;
    /** LeCun's slope S. */
    public static final float LECUN_SLOPE = 2f / 3f;

    private final boolean scaled;
    private final float amplitude;
    private final float slope;

    /**
     * tanh(x).
     *
     * @param name the layer's name
     */
    public Tanh(String name) {
        this(name, false);
    }

    /**
     * tanh(x), or 1.7159·tanh(2x/3) when {@code scaled}.
     *
     * @param name the layer's name
     * @param scaled true for LeCun's scaled tanh
     */
    public Tanh(String name, boolean scaled) {
        super(name);
        this.scaled = scaled;
        this.amplitude = scaled ? LECUN_AMPLITUDE : 1f;
        this.slope = scaled ? LECUN_SLOPE : 1f;
    }

    /** {@return whether this is LeCun's scaled tanh} */
    public boolean scaled() {
        return scaled;
    }

    /** A·tanh(S·x): one vectorised loop in RationalTanh (offset −0 keeps tanh(−0) = −0). */
    @Override
    void apply(float[] x, float[] y) {
        RationalTanh.apply(x, slope, amplitude, -0f, y);
    }

    @Override
    void multiplyByDerivative(float[] x, float[] y, float[] g, float[] gx) {
        for (int i = 0; i < x.length; i++) {
            gx[i] = g[i] * (slope * (amplitude - y[i] * y[i] / amplitude));
        }
    }

    @Override
    public Tanh replica() {
        return new Tanh(name(), scaled);
    }
}
