package io.github.lenet5j.nn;

import io.github.lenet5j.tensor.Tensor;

/**
 * What the element-wise activations share: any input shape, an output of the same shape, the buffers, and a
 * backward that multiplies the gradient by the derivative, written in terms of the input x and the output
 * y that forward saw. Each subclass writes its own loops over the flat arrays (not one virtual call per
 * element: with Sigmoid, Tanh and ReLU in one JVM such a call site cannot be inlined).
 */
abstract class ElementwiseActivation implements Layer {
    private final String name;
    /** Whether this layer runs the fast engine's kernels ({@code kernels.ActivationKernels}). */
    final boolean fast;
    private Tensor input;      // any shape
    private Tensor output;     // the input's shape
    private Tensor gradInput;  // the input's shape

    ElementwiseActivation(String name, Engine engine) {
        this.name = name;
        this.fast = engine == Engine.FAST;
    }

    @Override
    public final String name() {
        return name;
    }

    /** {@return the engine this layer runs on (a replica keeps it)} */
    final Engine engine() {
        return fast ? Engine.FAST : Engine.REFERENCE;
    }

    /** {@return the last forward's output (null before the first), which backward reads} */
    final Tensor output() {
        return output;
    }

    @Override
    public final int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** y[i] = f(x[i]) for every i. */
    abstract void forward(float[] x, float[] y);

    /** gx[i] = g[i]·f'(x[i]) for every i, given x and y = f(x). */
    abstract void backward(float[] x, float[] y, float[] g, float[] gx);

    @Override
    public final Tensor forward(Tensor input) {
        this.input = input;
        output = Buffers.reuseLike(output, input);
        forward(input.data(), output.data());
        return output;
    }

    @Override
    public final Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        gradInput = Buffers.reuseLike(gradInput, input);
        backward(input.data(), output.data(), gradOutput.data(), gradInput.data());
        return gradInput;
    }
}
