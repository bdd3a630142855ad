package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;

/**
 * What the element-wise activations share: any input shape, an output of the same shape, and a
 * backward that multiplies the gradient by the derivative, written in terms of the input x and the
 * output y that forward saw.
 */
abstract class ElementwiseActivation implements Layer {
    private final String name;
    private Tensor input;
    private Tensor output;
    private Tensor gradInput;

    ElementwiseActivation(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** f(x). */
    abstract float apply(float x);

    /** f'(x), given x and y = f(x). */
    abstract float derivative(float x, float y);

    @Override
    public final Tensor forward(Tensor input) {
        this.input = input;
        output = Buffers.reuseLike(output, input);
        float[] x = input.data(), y = output.data();
        for (int i = 0; i < x.length; i++) {
            y[i] = apply(x[i]);
        }
        return output;
    }

    /** dL/dx = dL/dy · f'(x). */
    @Override
    public final Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        gradInput = Buffers.reuseLike(gradInput, input);
        float[] x = input.data(), y = output.data(), g = gradOutput.data(), gx = gradInput.data();
        for (int i = 0; i < x.length; i++) {
            gx[i] = g[i] * derivative(x[i], y[i]);
        }
        return gradInput;
    }
}
