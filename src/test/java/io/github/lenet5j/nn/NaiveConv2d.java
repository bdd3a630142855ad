package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

// The reference loop: the plain implementation Conv2d had before its im2col + GEMM kernels, kept as the oracle that
// FastKernelsMatchNaiveTest compares the fast layer with. Do not optimise it.
/**
 * A 2-D convolution (strictly, a cross-correlation, as in PyTorch) over NCHW input with a square
 * kernel, a stride and zero padding.
 *
 * <pre>
 * y[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q w[o,c,p,q] · x[n,c, i·stride+p−padding, j·stride+q−padding]
 * </pre>
 * Weight {@code [outChannels, inChannels, kernel, kernel]}, bias {@code [outChannels]}; see docs/math.md.
 */
public final class NaiveConv2d implements Layer {
    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    private Tensor input;      // (N, inChannels, H, W), kept for backward
    private Tensor output;     // (N, outChannels, OH, OW)
    private Tensor gradInput;  // (N, inChannels, H, W)

    /** A convolution with stride 1 and no padding, as LeNet-5 uses. */
    public NaiveConv2d(String name, int inChannels, int outChannels, int kernel) {
        this(name, inChannels, outChannels, kernel, 1, 0);
    }

    /**
     * A convolution; parameters start at zero until {@link #initialize(Random)}.
     *
     * @throws IllegalArgumentException if a size is below 1 or the padding is negative
     */
    public NaiveConv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(name, inChannels, outChannels, kernel, stride, padding,
                new Parameter(name + ".weight", outChannels, inChannels, kernel, kernel),
                new Parameter(name + ".bias", outChannels));
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException(name + ": stride must be >= 1 and padding >= 0, got stride "
                    + stride + ", padding " + padding);
        }
    }

    private NaiveConv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding,
                   Parameter weight, Parameter bias) {
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public String name() {
        return name;
    }

    /** The weight, {@code [outChannels, inChannels, kernel, kernel]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias, {@code [outChannels]}. */
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

    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inChannels, ANY, ANY);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = outSize(height), outW = outSize(width);
        this.input = input;
        output = Buffers.reuse(output, n, outChannels, outH, outW);
        float[] x = input.data(), y = output.data(), w = weight.value().data(), b = bias.value().data();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outChannels; o++) {
                int yBase = (s * outChannels + o) * outH * outW;
                Arrays.fill(y, yBase, yBase + outH * outW, b[o]);
                for (int c = 0; c < inChannels; c++) {
                    int xBase = (s * inChannels + c) * height * width;
                    for (int p = 0; p < kernel; p++) {
                        for (int q = 0; q < kernel; q++) {
                            float wv = w[((o * inChannels + c) * kernel + p) * kernel + q];
                            int jLo = firstValid(q, outW), jHi = lastValid(q, width, outW);
                            for (int i = firstValid(p, outH); i < lastValid(p, height, outH); i++) {
                                int yRow = yBase + i * outW, xRow = xBase + (i * stride + p - padding) * width + q - padding;
                                for (int j = jLo; j < jHi; j++) {
                                    y[yRow + j] += wv * x[xRow + j * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
        return output;
    }

    /**
     * dL/db[o] = Σ g[n,o,i,j];  dL/dw[o,c,p,q] = Σ g[n,o,i,j]·x[n,c,i·s+p−pad,j·s+q−pad];
     * dL/dx[n,c,i·s+p−pad,j·s+q−pad] += w[o,c,p,q]·g[n,o,i,j].
     */
    @Override
    public Tensor backward(Tensor gradOutput) {
        Buffers.checkGradient(name, output, gradOutput);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = output.dim(2), outW = output.dim(3);
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        float[] x = input.data(), g = gradOutput.data(), w = weight.value().data();
        float[] gx = gradInput.data(), gw = weight.grad().data(), gb = bias.grad().data();
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < outChannels; o++) {
                int gBase = (s * outChannels + o) * outH * outW;
                float sum = 0;
                for (int k = 0; k < outH * outW; k++) {
                    sum += g[gBase + k];
                }
                gb[o] += sum;
                for (int c = 0; c < inChannels; c++) {
                    int xBase = (s * inChannels + c) * height * width;
                    for (int p = 0; p < kernel; p++) {
                        for (int q = 0; q < kernel; q++) {
                            int wIndex = ((o * inChannels + c) * kernel + p) * kernel + q;
                            float wv = w[wIndex], dw = 0;
                            int jLo = firstValid(q, outW), jHi = lastValid(q, width, outW);
                            for (int i = firstValid(p, outH); i < lastValid(p, height, outH); i++) {
                                int gRow = gBase + i * outW, xRow = xBase + (i * stride + p - padding) * width + q - padding;
                                for (int j = jLo; j < jHi; j++) {
                                    dw += g[gRow + j] * x[xRow + j * stride];
                                    gx[xRow + j * stride] += wv * g[gRow + j];
                                }
                            }
                            gw[wIndex] += dw;
                        }
                    }
                }
            }
        }
        return gradInput;
    }

    private int outSize(int size) {
        int out = (size + 2 * padding - kernel) / stride + 1;
        if (size + 2 * padding < kernel) {
            throw new IllegalArgumentException(name + ": input of " + size + " pixels is smaller than the "
                    + kernel + "x" + kernel + " kernel (padding " + padding + ")");
        }
        return out;
    }

    /** The first output index i whose input row i·stride+p−padding is inside the image (≥ 0). */
    private int firstValid(int p, int outSize) {
        return Math.min(outSize, Math.max(0, -Math.floorDiv(p - padding, stride)));
    }

    /** One past the last output index i whose input row i·stride+p−padding is < size. */
    private int lastValid(int p, int size, int outSize) {
        return Math.max(0, Math.min(outSize, Math.floorDiv(size - 1 + padding - p, stride) + 1));
    }

    @Override
    public NaiveConv2d replica() {
        return new NaiveConv2d(name, inChannels, outChannels, kernel, stride, padding,
                weight.withOwnGradient(), bias.withOwnGradient());
    }
}
