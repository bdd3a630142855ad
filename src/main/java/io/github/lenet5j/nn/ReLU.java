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
    float apply(float x) {
        return Math.max(0f, x);
    }

    @Override
    float derivative(float x, float y) {
        return x > 0 ? 1f : 0f;
    }

    @Override
    public ReLU replica() {
        return new ReLU(name());
    }
}
