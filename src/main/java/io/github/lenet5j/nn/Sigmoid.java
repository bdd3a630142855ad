package io.github.lenet5j.nn;

/** σ(x) = 1 / (1 + e^−x), element-wise;  σ'(x) = σ(x)·(1 − σ(x)). */
public final class Sigmoid extends ElementwiseActivation {
    /**
     * A sigmoid layer with the given name.
     *
     * @param name the layer's name
     */
    public Sigmoid(String name) {
        super(name);
    }

    @Override
    void apply(float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (1 / (1 + Math.exp(-x[i])));
        }
    }

    @Override
    void multiplyByDerivative(float[] x, float[] y, float[] g, float[] gx) {
        for (int i = 0; i < x.length; i++) {
            gx[i] = g[i] * (y[i] * (1 - y[i]));
        }
    }

    @Override
    public Sigmoid replica() {
        return new Sigmoid(name());
    }
}
