package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;

/**
 * What the three 2×2, stride-2 pooling layers share: the shape check, the buffers, and the walk over
 * the (N·C) planes of an NCHW tensor. An odd last row or column is dropped, as PyTorch's floor mode does.
 * Subclasses write one plane's forward and backward.
 */
abstract class Pool2x2 implements Layer {
    private final String name;
    private Tensor input;      // (N, C, H, W)
    private Tensor output;     // (N, C, H/2, W/2)
    private Tensor gradInput;  // (N, C, H, W)

    Pool2x2(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The channel count this layer requires, or {@link Shapes#ANY}. */
    int channels() {
        return ANY;
    }

    @Override
    public final int[] outputShape(int[] inputShape) {
        Shapes.check(name, inputShape, ANY, channels(), ANY, ANY);
        checkSize(inputShape[2], inputShape[3]);
        return new int[] {inputShape[0], inputShape[1], inputShape[2] / 2, inputShape[3] / 2};
    }

    private void checkSize(int height, int width) {
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException(name + ": expected input of at least 2x2 pixels but got "
                    + height + "x" + width);
        }
    }

    @Override
    public final Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, channels(), ANY, ANY);
        int n = input.dim(0), c = input.dim(1), height = input.dim(2), width = input.dim(3);
        checkSize(height, width);
        this.input = input;
        output = Buffers.reuse(output, n, c, height / 2, width / 2);
        prepare(output.size());
        for (int plane = 0; plane < n * c; plane++) {
            forwardPlane(plane % c, input.data(), plane * height * width, width,
                    output.data(), plane * (height / 2) * (width / 2), height / 2, width / 2);
        }
        return output;
    }

    @Override
    public final Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int c = input.dim(1), height = input.dim(2), width = input.dim(3);
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        for (int plane = 0; plane < input.dim(0) * c; plane++) {
            backwardPlane(plane % c, input.data(), gradInput.data(), plane * height * width, width,
                    gradOutput.data(), plane * (height / 2) * (width / 2), height / 2, width / 2);
        }
        return gradInput;
    }

    /** Called by forward before the planes, with the output's size: for a subclass's own per-output buffers. */
    void prepare(int outputSize) {
    }

    /**
     * Pools one plane: input values at {@code x[xOff + row·width + col]}, output at
     * {@code y[yOff + i·outW + j]}; {@code channel} is the plane's channel.
     */
    abstract void forwardPlane(int channel, float[] x, int xOff, int width, float[] y, int yOff, int outH, int outW);

    /** Back-propagates one plane: adds to {@code gx} (zeroed before) and to the parameter gradients. */
    abstract void backwardPlane(int channel, float[] x, float[] gx, int xOff, int width,
                                float[] g, int gOff, int outH, int outW);
}
