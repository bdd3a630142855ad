package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.kernels.MaxPoolKernel;
import io.github.lenet5j.tensor.Tensor;

/**
 * 2×2 max pooling with stride 2: {@code y[i,j] = max(x[2i,2j], x[2i,2j+1], x[2i+1,2j], x[2i+1,2j+1])}.
 * The gradient flows only to the maximum: the first one in row-major order on ties, as in PyTorch; a NaN
 * wins over numbers, as in PyTorch. {@link #forward} and {@link #backward} are the reference loops of
 * docs/math.md; on {@link Engine#FAST} they hand the batch to {@code kernels.MaxPoolKernel} instead.
 */
public final class MaxPool2d implements Layer {
    private final String name;
    private final MaxPoolKernel fast;   // the fast engine's kernel (it keeps the winners); null on the reference engine
    private Tensor input;      // (N, C, H, W), kept for backward
    private Tensor output;     // (N, C, H/2, W/2)
    private Tensor gradInput;  // (N, C, H, W)

    /**
     * A max-pooling layer on the fast engine.
     *
     * @param name the layer's name
     */
    public MaxPool2d(String name) {
        this(name, Engine.FAST);
    }

    /**
     * A max-pooling layer on the given engine.
     *
     * @param name the layer's name
     * @param engine the reference loops or the fast kernels
     */
    public MaxPool2d(String name, Engine engine) {
        this.name = name;
        this.fast = engine == Engine.FAST ? new MaxPoolKernel() : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return Pool2x2.outputShape(name, inputShape, ANY);
    }

    // Each output is the largest value of its 2×2 window (plane = n·C + c is one H×W map):
    //   y[n,c,i,j] = max_{p,q ∈ {0,1}} x[n,c, 2i+p, 2j+q]                                docs/math.md#maxpool2d
    @Override
    public Tensor forward(Tensor input) {
        Pool2x2.check(name, input, ANY);
        int planes = input.dim(0) * input.dim(1), height = input.dim(2), width = input.dim(3);
        int outH = height / 2, outW = width / 2;
        this.input = input;
        output = Buffers.reuse(output, input.dim(0), input.dim(1), outH, outW);
        float[] x = input.data();    // (N, C, H, W)
        float[] y = output.data();   // (N, C, H/2, W/2)
        if (fast != null) { fast.forward(x, planes, height, width, y); return output; }
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    y[(plane * outH + i) * outW + j] = x[winner(x, plane, height, width, i, j)];
                }
            }
        }
        return output;
    }

    // Locally y = x[winner], so the derivative is 1 for the winner and 0 for the other three:
    //   dx[n,c, 2i+p*, 2j+q*] += g[n,c,i,j]   for the window's winner (p*, q*)          docs/math.md#maxpool2d
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int planes = input.dim(0) * input.dim(1), height = input.dim(2), width = input.dim(3);
        int outH = height / 2, outW = width / 2;
        gradInput = Buffers.reuseLike(gradInput, input);
        float[] x = input.data(), gx = gradInput.data();   // (N, C, H, W)
        float[] g = gradOutput.data();                    // (N, C, H/2, W/2)
        if (fast != null) { fast.backward(x, g, planes, height, width, gx); return gradInput; }   // writes all of gx
        gradInput.zero();
        for (int plane = 0; plane < planes; plane++) {
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    gx[winner(x, plane, height, width, i, j)] += g[(plane * outH + i) * outW + j];
                }
            }
        }
        return gradInput;
    }

    /**
     * Takes input and output as this layer's last forward, computed elsewhere ({@link ConvMaxPool}: the convolution's
     * kernel pools its output while in cache), for the shape checks. {@link ConvMaxPool} then routes the gradient in
     * the convolution's kernels, not through this layer's backward: where those kernels keep the output in vector
     * lanes (conv2 on the vector kernels), {@code input} is the convolution's output tensor, not written.
     */
    void adopt(Tensor input, Tensor output) {
        this.input = input;
        this.output = output;
    }

    /** Checks that a gradient has the shape of the last forward's output, as backward does. */
    void checkGradient(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
    }

    /** The index in x of window (i, j)'s maximum: the first in row-major order on ties; a NaN wins. */
    private static int winner(float[] x, int plane, int height, int width, int i, int j) {
        int best = (plane * height + 2 * i) * width + 2 * j;
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                int at = (plane * height + 2 * i + p) * width + 2 * j + q;
                if (x[at] > x[best] || Float.isNaN(x[at])) {
                    best = at;
                }
            }
        }
        return best;
    }

    @Override
    public MaxPool2d replica() {
        return new MaxPool2d(name, fast != null ? Engine.FAST : Engine.REFERENCE);
    }
}
