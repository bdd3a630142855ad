package io.github.lenet5j.nn;

/** max(0, x), element-wise; the derivative is 1 for x > 0 and 0 otherwise (0 at x = 0, as PyTorch). */
public final class ReLU extends ElementwiseActivation {
    /**
     * A ReLU layer with the given name.
     *
     * @param name the layer's name
     */
    public ReLU(String name) {
        super(name);
    }

    @Override
    void apply(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
    }

    @Override
    void multiplyByDerivative(float[] x, float[] y, float[] g, float[] gx) {
        for (int i = 0; i < x.length; i++) {
            gx[i] = x[i] > 0 ? g[i] : 0f;
        }
    }

    @Override
    public ReLU replica() {
        return new ReLU(name());
    }
}
