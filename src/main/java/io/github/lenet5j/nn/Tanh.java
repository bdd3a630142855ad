package io.github.lenet5j.nn;

import io.github.lenet5j.kernels.ActivationKernels;

/**
 * Hyperbolic tangent, element-wise, optionally LeCun's scaled form {@code f(x) = A·tanh(S·x)} with
 * A = 1.7159 and S = 2/3, so that f(±1) ≈ ±1.  f'(x) = S·(A − y²/A); plain tanh is A = S = 1: 1 − y². The
 * reference loop calls {@code Math.tanh}; on {@link Engine#FAST} forward uses a float rational tanh that the JIT
 * vectorises (max absolute error 3.6e-7), {@code kernels.ActivationKernels}.
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
     * tanh(x) on the fast engine.
     *
     * @param name the layer's name
     */
    public Tanh(String name) {
        this(name, false);
    }

    /**
     * tanh(x), or 1.7159·tanh(2x/3) when {@code scaled}, on the fast engine.
     *
     * @param name the layer's name
     * @param scaled true for LeCun's scaled tanh
     */
    public Tanh(String name, boolean scaled) {
        this(name, scaled, Engine.FAST);
    }

    /**
     * tanh(x), or 1.7159·tanh(2x/3) when {@code scaled}, on the given engine.
     *
     * @param name the layer's name
     * @param scaled true for LeCun's scaled tanh
     * @param engine the reference loop or the fast kernel
     */
    public Tanh(String name, boolean scaled, Engine engine) {
        super(name, engine);
        this.scaled = scaled;
        this.amplitude = scaled ? LECUN_AMPLITUDE : 1f;
        this.slope = scaled ? LECUN_SLOPE : 1f;
    }

    /** {@return whether this is LeCun's scaled tanh} */
    public boolean scaled() {
        return scaled;
    }

    /** {@return the slope S} */
    float slope() {
        return slope;
    }

    /** {@return the amplitude A} */
    float amplitude() {
        return amplitude;
    }

    //   y = A · tanh(S·x), element-wise (A = S = 1: plain tanh)                          docs/math.md#tanh
    @Override
    void forward(float[] x, float[] y) {   // x, y: any shape, the same
        if (fast) { ActivationKernels.tanh(x, slope, amplitude, y); return; }
        for (int i = 0; i < x.length; i++) {
            y[i] = amplitude * (float) Math.tanh(slope * x[i]);
        }
    }

    // tanh' = 1 − tanh², and tanh(S·x) = y/A, so dy/dx = A·S·(1 − y²/A²) = S·(A − y²/A):
    //   dx = g · S · (A − y²/A)          (plain tanh: g · (1 − y²))                     docs/math.md#tanh
    @Override
    void backward(float[] x, float[] y, float[] g, float[] gx) {   // all four: the input's shape
        for (int i = 0; i < x.length; i++) {
            gx[i] = g[i] * (slope * (amplitude - y[i] * y[i] / amplitude));
        }
    }

    @Override
    public Tanh replica() {
        return new Tanh(name(), scaled, engine());
    }
}
