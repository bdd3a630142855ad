package io.github.lenet5j.nn;

import io.github.lenet5j.kernels.ActivationKernels;

/**
 * max(0, x), element-wise; the derivative is 1 for x > 0 and 0 otherwise (0 at x = 0, as PyTorch). On
 * {@link Engine#FAST} backward runs a loop without branches, {@code kernels.ActivationKernels}.
 */
public final class ReLU extends ElementwiseActivation {
    /**
     * A ReLU layer on the fast engine.
     *
     * @param name the layer's name
     */
    public ReLU(String name) {
        this(name, Engine.FAST);
    }

    /**
     * A ReLU layer on the given engine.
     *
     * @param name the layer's name
     * @param engine the reference loop or the fast kernel
     */
    public ReLU(String name, Engine engine) {
        super(name, engine);
    }

    //   y = max(0, x), element-wise                                                     docs/math.md#relu
    @Override
    void forward(float[] x, float[] y) {   // x, y: any shape, the same
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
    }

    // The slope is 1 where x > 0 and 0 elsewhere (at the kink x = 0 too); y > 0 exactly where x > 0:
    //   dx = g where y > 0, else 0                                                      docs/math.md#relu
    @Override
    void backward(float[] x, float[] y, float[] g, float[] gx) {   // all four: the input's shape
        if (fast) { ActivationKernels.reluBackward(y, g, gx); return; }
        for (int i = 0; i < x.length; i++) {
            gx[i] = y[i] > 0 ? g[i] : 0f;
        }
    }

    @Override
    public ReLU replica() {
        return new ReLU(name(), engine());
    }
}
