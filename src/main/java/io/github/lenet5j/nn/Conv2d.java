package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.kernels.ConvKernel;
import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A 2-D convolution (strictly, a cross-correlation, as in PyTorch) over NCHW input with a square
 * kernel, a stride and zero padding.
 *
 * <pre>
 * y[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q w[o,c,p,q] · x[n,c, i·stride+p−padding, j·stride+q−padding]
 * </pre>
 * Weight {@code [outChannels, inChannels, kernel, kernel]}, bias {@code [outChannels]}. {@link #forward} and
 * {@link #backward} are the reference loops of docs/math.md; on {@link Engine#FAST} they hand the batch to
 * {@code kernels.ConvKernel} instead.
 */
public final class Conv2d implements Layer {
    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;
    private final ConvKernel fast;   // the fast engine's kernels and workspaces; null on the reference engine

    private Tensor input;      // (N, inChannels, H, W), kept for backward
    private Tensor output;     // (N, outChannels, OH, OW)
    private Tensor gradInput;  // (N, inChannels, H, W)
    private Tensor pooled;     // (N, outChannels, OH/2, OW/2): forwardMaxPooled's output

    /**
     * A convolution with stride 1 and no padding, as LeNet-5 uses, on the fast engine.
     *
     * @param name the layer's name, e.g. {@code conv1}
     * @param inChannels input channels
     * @param outChannels output channels (kernels)
     * @param kernel the kernel's height and width
     */
    public Conv2d(String name, int inChannels, int outChannels, int kernel) {
        this(name, inChannels, outChannels, kernel, 1, 0, Engine.FAST);
    }

    /**
     * A convolution on the fast engine; parameters start at zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code conv1}
     * @param inChannels input channels
     * @param outChannels output channels (kernels)
     * @param kernel the kernel's height and width
     * @param stride the step between windows
     * @param padding the zeros added on each side
     * @throws IllegalArgumentException if a size is below 1 or the padding is negative
     */
    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(name, inChannels, outChannels, kernel, stride, padding, Engine.FAST);
    }

    /**
     * A convolution; parameters start at zero until {@link #initialize(Random)}.
     *
     * @param name the layer's name, e.g. {@code conv1}
     * @param inChannels input channels
     * @param outChannels output channels (kernels)
     * @param kernel the kernel's height and width
     * @param stride the step between windows
     * @param padding the zeros added on each side
     * @param engine the reference loops or the fast kernels
     * @throws IllegalArgumentException if a size is below 1 or the padding is negative
     */
    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding, Engine engine) {
        this(name, inChannels, outChannels, kernel, stride, padding,
                new Parameter(name + ".weight", outChannels, inChannels, kernel, kernel),
                new Parameter(name + ".bias", outChannels), engine);
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(name + ": channels, kernel and stride must be >= 1 and padding >= 0, got "
                    + inChannels + ", " + outChannels + ", " + kernel + ", " + stride + ", " + padding);
        }
    }

    private Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding,
                   Parameter weight, Parameter bias, Engine engine) {
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = weight;
        this.bias = bias;
        this.fast = engine == Engine.FAST ? new ConvKernel(inChannels, outChannels, kernel, stride, padding) : null;
    }

    @Override
    public String name() {
        return name;
    }

    /** {@return the input channels} */
    public int inChannels() {
        return inChannels;
    }

    /** {@return the output channels: one kernel each} */
    public int outChannels() {
        return outChannels;
    }

    /** {@return the kernel's height and width} */
    public int kernel() {
        return kernel;
    }

    /** {@return the step between windows} */
    public int stride() {
        return stride;
    }

    /** {@return the zeros added on each side} */
    public int padding() {
        return padding;
    }

    /** {@return the weight, {@code [outChannels, inChannels, kernel, kernel]}} */
    public Parameter weight() {
        return weight;
    }

    /** {@return the bias, {@code [outChannels]}} */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** PyTorch's default: weight and bias uniform in ±1/√fan_in, fan_in = inChannels·kernel². */
    @Override
    public void initialize(Random random) {
        float bound = (float) (1 / Math.sqrt(inChannels * kernel * kernel));
        Init.uniform(weight.value(), bound, random);
        Init.uniform(bias.value(), bound, random);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Shapes.check(name, inputShape, ANY, inChannels, ANY, ANY);
        return new int[] {inputShape[0], outChannels, outSize(inputShape[2]), outSize(inputShape[3])};
    }

    /** N·outChannels·OH·OW outputs of inChannels·kernel² products each (padding included). */
    @Override
    public long multiplyAdds(int[] inputShape) {
        int[] out = outputShape(inputShape);
        return (long) out[0] * outChannels * out[2] * out[3] * inChannels * kernel * kernel;
    }

    // Each output is the bias plus the kernel times the input window under it (0 in the padding):
    //   y[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q w[o,c,p,q] · x[n,c, i·S+p−P, j·S+q−P]        docs/math.md#conv2d
    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inChannels, ANY, ANY);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = outSize(height), outW = outSize(width);
        this.input = input;
        output = Buffers.reuse(output, n, outChannels, outH, outW);
        float[] x = input.data();          // (N, C, H, W)
        float[] w = weight.value().data(); // (O, C, K, K)
        float[] b = bias.value().data();   // (O)
        float[] y = output.data();         // (N, O, OH, OW)
        if (fast != null) { fast.forward(x, n, height, width, w, b, y); return output; }
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outChannels; o++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        float sum = b[o];
                        for (int c = 0; c < inChannels; c++) {
                            for (int p = 0; p < kernel; p++) {
                                for (int q = 0; q < kernel; q++) {
                                    int row = i * stride + p - padding, col = j * stride + q - padding;
                                    if (row >= 0 && row < height && col >= 0 && col < width) {
                                        sum += w[((o * inChannels + c) * kernel + p) * kernel + q]
                                                * x[((s * inChannels + c) * height + row) * width + col];
                                    }
                                }
                            }
                        }
                        y[((s * outChannels + o) * outH + i) * outW + j] = sum;
                    }
                }
            }
        }
        return output;
    }

    // The forward loop with its assignments turned around: each term w·x of a sum sends g·x to dw and g·w to dx.
    //   db[o] += Σ g[n,o,i,j];   dw[o,c,p,q] += Σ g[n,o,i,j] · x[n,c, i·S+p−P, j·S+q−P]
    //   dx[n,c, i·S+p−P, j·S+q−P] += w[o,c,p,q] · g[n,o,i,j]                          docs/math.md#conv2d
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3), outH = output.dim(2), outW = output.dim(3);
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        float[] x = input.data(), gx = gradInput.data();                 // (N, C, H, W)
        float[] w = weight.value().data(), gw = weight.grad().data();    // (O, C, K, K)
        float[] gb = bias.grad().data();                                 // (O)
        float[] g = gradOutput.data();                                   // (N, O, OH, OW)
        if (fast != null) { fast.backward(x, n, height, width, w, g, gw, gb, gx); return gradInput; }
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outChannels; o++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        float gy = g[((s * outChannels + o) * outH + i) * outW + j];
                        gb[o] += gy;
                        for (int c = 0; c < inChannels; c++) {
                            for (int p = 0; p < kernel; p++) {
                                for (int q = 0; q < kernel; q++) {
                                    int row = i * stride + p - padding, col = j * stride + q - padding;
                                    if (row >= 0 && row < height && col >= 0 && col < width) {
                                        int wi = ((o * inChannels + c) * kernel + p) * kernel + q;
                                        int xi = ((s * inChannels + c) * height + row) * width + col;
                                        gw[wi] += gy * x[xi];
                                        gx[xi] += gy * w[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return gradInput;
    }

    /** dL/dw and dL/db only; the fast engine then skips the input gradient (a network's first layer: its input is the data). */
    @Override
    public void backwardParameters(Tensor gradOutput) {
        if (fast == null) {
            backward(gradOutput);
            return;
        }
        Buffers.checkGradient(name, output, gradOutput);
        fast.backward(input.data(), input.dim(0), input.dim(2), input.dim(3), weight.value().data(), gradOutput.data(),
                weight.grad().data(), bias.grad().data(), null);
    }

    /**
     * {@link #backward} of the gradient that a 2×2 max pooling after this layer routes back from {@code gradPooled},
     * the pooling's output gradient, without that routed gradient: {@link ConvMaxPool}'s backward on the fast engine
     * ({@code ConvKernel.backwardThroughMaxPool}). Only where {@link #routesThroughMaxPool} says so; the caller checks
     * gradPooled's shape.
     */
    Tensor backwardThroughMaxPool(Tensor gradPooled) {
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        throughMaxPool(gradPooled, gradInput.data());
        return gradInput;
    }

    /** {@link #backwardThroughMaxPool} without dL/dx, as {@link #backwardParameters} (a network's first layer). */
    void backwardParametersThroughMaxPool(Tensor gradPooled) {
        throughMaxPool(gradPooled, null);
    }

    private void throughMaxPool(Tensor gradPooled, float[] gx) {
        fast.backwardThroughMaxPool(input.data(), input.dim(0), input.dim(2), input.dim(3), weight.value().data(),
                output.data(), gradPooled.data(), weight.grad().data(), bias.grad().data(), gx);
    }

    /**
     * {@return whether {@link #backwardThroughMaxPool} (or, without dL/dx, {@link #backwardParametersThroughMaxPool})
     * takes the last forward's batch}
     *
     * @param inputGradient whether dL/dx is wanted
     */
    boolean routesThroughMaxPool(boolean inputGradient) {
        return fast != null && input != null && output != null && input.rank() == 4
                && fast.routesThroughMaxPool(input.dim(0), input.dim(2), input.dim(3), inputGradient);
    }

    /**
     * {@link #backwardParameters} of the gradient that a tanh (scaled or not) and a 2×2 trainable subsampling after this
     * layer pass back from {@code gradPooled}, the subsampling's output gradient, without that gradient:
     * {@link ConvTanhSubsampling}'s backward on the fast engine ({@code ConvKernel.backwardThroughTanhSubsampling}).
     * The subsampling's parameter gradients are added on the way. Only where {@link #routesThroughSubsampling} says
     * so; the caller checks gradPooled's shape.
     *
     * @param activated the tanh's output: the subsampling's input
     */
    void backwardParametersThroughTanhSubsampling(Tensor activated, Tensor gradPooled, Subsampling subsampling,
                                                  float slope, float amplitude) {
        fast.backwardThroughTanhSubsampling(input.data(), input.dim(0), input.dim(2), input.dim(3), activated.data(),
                gradPooled.data(), subsampling.weight().value().data(), slope, amplitude, weight.grad().data(),
                bias.grad().data(), subsampling.weight().grad().data(), subsampling.bias().grad().data());
    }

    /** {@return whether {@link #backwardParametersThroughTanhSubsampling} takes the last forward's batch} */
    boolean routesThroughSubsampling() {
        return fast != null && input != null && input.rank() == 4
                && fast.routesThroughSubsampling(input.dim(2), input.dim(3));
    }

    /**
     * {@link #forward}'s output max-pooled 2×2 with stride 2, forward's output not kept: {@link ConvMaxPool}'s
     * inference on the fast engine ({@code ConvKernel.forwardMaxPooled}). {@link #backward} needs a forward first.
     *
     * @param pool the pooling layer's name, for the error when forward's output is smaller than 2×2
     */
    Tensor forwardMaxPooled(Tensor input, String pool) {
        Shapes.check(name, input, ANY, inChannels, ANY, ANY);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = outSize(height), outW = outSize(width);
        Pool2x2.checkSize(pool, outH, outW);
        pooled = Buffers.reuse(pooled, n, outChannels, outH / 2, outW / 2);
        fast.forwardMaxPooled(input.data(), n, height, width, weight.value().data(), bias.value().data(),
                pooled.data());
        return pooled;
    }

    /**
     * {@link #forward}, and its output max-pooled 2×2 with stride 2 in the same pass ({@code
     * ConvKernel.forwardKeepingMaxPooled}): {@link ConvMaxPool}'s training forward where {@link #poolsKeepingOutput}
     * says so. Returns the pooled output; forward's is kept for backward: in {@link #output()}, or, where the kernels
     * route the gradient in the lanes they computed it in (conv2 on the vector kernels), only there; or, where the
     * scalar kernels run backward over the pooling windows' winners, only the winners, in the kernels.
     *
     * @param pool the pooling layer's name, for the error when forward's output is smaller than 2×2
     */
    Tensor forwardKeepingMaxPooled(Tensor input, String pool) {
        Shapes.check(name, input, ANY, inChannels, ANY, ANY);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = outSize(height), outW = outSize(width);
        Pool2x2.checkSize(pool, outH, outW);
        this.input = input;
        output = Buffers.reuse(output, n, outChannels, outH, outW);
        pooled = Buffers.reuse(pooled, n, outChannels, outH / 2, outW / 2);
        fast.forwardKeepingMaxPooled(input.data(), n, height, width, weight.value().data(), bias.value().data(),
                output.data(), pooled.data());
        return pooled;
    }

    /** {@return whether {@link #forwardKeepingMaxPooled} takes this input} */
    boolean poolsKeepingOutput(Tensor input) {
        return fast != null && input.rank() == 4 && fast.poolsKeepingOutput(input.dim(2), input.dim(3));
    }

    /**
     * {@return the last forward's output, {@code (N, outChannels, OH, OW)}} Not written by an inference forward
     * through {@link #forwardMaxPooled}, nor by {@link #forwardKeepingMaxPooled} where it keeps the output in lanes or
     * the winners alone.
     */
    Tensor output() {
        return output;
    }

    /** {@return whether {@link #forwardMaxPooled} takes this input: the fast engine's kernels pool it in place} */
    boolean poolsInPlace(Tensor input) {
        return fast != null && input.rank() == 4 && fast.poolsInPlace(input.dim(2), input.dim(3));
    }

    private int outSize(int size) {
        if (size + 2 * padding < kernel) {
            throw new IllegalArgumentException(name + ": input of " + size + " pixels is smaller than the "
                    + kernel + "x" + kernel + " kernel (padding " + padding + ")");
        }
        return (size + 2 * padding - kernel) / stride + 1;
    }

    @Override
    public Conv2d replica() {
        return new Conv2d(name, inChannels, outChannels, kernel, stride, padding,
                weight.withOwnGradient(), bias.withOwnGradient(), fast != null ? Engine.FAST : Engine.REFERENCE);
    }
}
