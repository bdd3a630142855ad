package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;

/**
 * {@code [N, C, H, W] → [N, C·H·W]} in C,H,W order, as {@code torch.flatten(x, 1)}. No arithmetic: the
 * output is a view of the input's array, and the gradient a view of the output gradient's
 * (docs/math.md#flatten). The same on both engines.
 */
public final class Flatten implements Layer {
    private final String name;
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    /**
     * A flatten layer with the given name.
     *
     * @param name the layer's name
     */
    public Flatten(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length < 2) {
            throw new IllegalArgumentException(name + ": expected input of rank >= 2 but got rank " + inputShape.length);
        }
        long features = 1;
        for (int i = 1; i < inputShape.length; i++) {
            features *= inputShape[i];
        }
        return new int[] {inputShape[0], Math.toIntExact(features)};
    }

    @Override
    public Tensor forward(Tensor input) {
        if (output == null || this.input != input) {   // a new view only when the input tensor changes
            output = new Tensor(input.data(), outputShape(input.shape()));
        }
        this.input = input;
        return output;
    }

    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        if (gradInput == null || gradInput.data() != gradOutput.data() || !gradInput.sameShape(input)) {
            gradInput = new Tensor(gradOutput.data(), input.shape());
        }
        return gradInput;
    }

    @Override
    public Flatten replica() {
        return new Flatten(name);
    }
}
