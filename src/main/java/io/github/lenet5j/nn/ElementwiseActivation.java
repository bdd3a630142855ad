package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;

/**
 * What the element-wise activations share: any input shape, an output of the same shape, and a
 * backward that multiplies the gradient by the derivative, written in terms of the input x and the
 * output y that forward saw. Each subclass writes its own loops (not one virtual call per element:
 * with Sigmoid, Tanh and ReLU in one JVM such a call site cannot be inlined, and the loop cannot use SIMD).
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

    /** y[i] = f(x[i]) for every i. */
    abstract void apply(float[] x, float[] y);

    /** gx[i] = g[i]·f'(x[i]) for every i, given x and y = f(x). */
    abstract void multiplyByDerivative(float[] x, float[] y, float[] g, float[] gx);

    @Override
    public final Tensor forward(Tensor input) {
        this.input = input;
        output = Buffers.reuseLike(output, input);
        apply(input.data(), output.data());
        return output;
    }

    /** dL/dx = dL/dy · f'(x). */
    @Override
    public final Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        gradInput = Buffers.reuseLike(gradInput, input);
        multiplyByDerivative(input.data(), output.data(), gradOutput.data(), gradInput.data());
        return gradInput;
    }
}
