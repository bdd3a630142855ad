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
    float apply(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    @Override
    float derivative(float x, float y) {
        return y * (1 - y);
    }

    @Override
    public Sigmoid replica() {
        return new Sigmoid(name());
    }
}
