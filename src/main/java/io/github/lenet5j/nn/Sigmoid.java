package io.github.lenet5j.nn;

import io.github.lenet5j.kernels.ActivationKernels;

/**
 * σ(x) = 1 / (1 + e^−x), element-wise;  σ'(x) = σ(x)·(1 − σ(x)). The reference loop calls {@code Math.exp}; on
 * {@link Engine#FAST} forward computes σ(x) = ½ + ½·tanh(x/2) with a float rational tanh that the JIT
 * vectorises (max absolute error 1.9e-7), {@code kernels.ActivationKernels}.
 */
public final class Sigmoid extends ElementwiseActivation {
    /**
     * A sigmoid layer on the fast engine.
     *
     * @param name the layer's name
     */
    public Sigmoid(String name) {
        this(name, Engine.FAST);
    }

    /**
     * A sigmoid layer on the given engine.
     *
     * @param name the layer's name
     * @param engine the reference loop or the fast kernel
     */
    public Sigmoid(String name, Engine engine) {
        super(name, engine);
    }

    //   y = σ(x) = 1 / (1 + e^(−x)), element-wise                                       docs/math.md#sigmoid
    @Override
    void forward(float[] x, float[] y) {   // x, y: any shape, the same
        if (fast) { ActivationKernels.sigmoid(x, y); return; }
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (1 / (1 + Math.exp(-x[i])));
        }
    }

    // σ' = e^(−x) / (1 + e^(−x))² = σ·(1 − σ): a function of the output alone
    //   dx = g · y · (1 − y)                                                            docs/math.md#sigmoid
    @Override
    void backward(float[] x, float[] y, float[] g, float[] gx) {   // all four: the input's shape
        for (int i = 0; i < x.length; i++) {
            gx[i] = g[i] * (y[i] * (1 - y[i]));
        }
    }

    @Override
    public Sigmoid replica() {
        return new Sigmoid(name(), engine());
    }
}
