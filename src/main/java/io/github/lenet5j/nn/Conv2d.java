package io.github.lenet5j.nn;

import static io.github.lenet5j.tensor.Shapes.ANY;

import io.github.lenet5j.tensor.Shapes;
import io.github.lenet5j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A 2-D convolution (strictly, a cross-correlation, as in PyTorch) over NCHW input with a square
 * kernel, a stride and zero padding.
 *
 * <pre>
 * y[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q w[o,c,p,q] · x[n,c, i·stride+p−padding, j·stride+q−padding]
 * </pre>
 * Weight {@code [outChannels, inChannels, kernel, kernel]}, bias {@code [outChannels]}; see docs/math.md.
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
    private final Im2col unroll;   // im2col and col2im for this layer's geometry

    private Tensor input;      // (N, inChannels, H, W), kept for backward
    private Tensor output;     // (N, outChannels, OH, OW)
    private Tensor gradInput;  // (N, inChannels, H, W)
    // Gemm's row workspaces, K = inChannels·kernel², P = OH·OW, B = imagesPerBlock; sized once per input size
    private float[][] blockColumns;    // [K][B·P] forward: im2col of B images side by side
    private float[][] outRows;         // [O][B·P] their output
    private float[][] columns;         // [K][P] backward: im2col of one image (its own array: measured faster)
    private float[][] gradRows;        // [O][P] the image's output gradient (for the partial sums)
    private float[][] columns2;        // [K][P] the second image of a pair (one pass over the partial sums for two)
    private float[][] gradRows2;       // [O][P] its output gradient
    private float[][] blockGradRows;   // [O][B·P] backward: the output gradient of B images side by side
    private float[][] blockGradColumns; // [K][B·P] their dL/dcolumns
    private float[][] weightPartials;  // [O·K][P] dL/dw per output pixel, summed into weight.grad() at the end
    private float[][] patches;         // [P][K] backward when K is long: im2col transposed, a row per output pixel
    private float[][] gradWeightRows;  // [O][K] dL/dw as rows, added into weight.grad() at the end

    /**
     * A convolution with stride 1 and no padding, as LeNet-5 uses.
     *
     * @param name the layer's name, e.g. {@code conv1}
     * @param inChannels input channels
     * @param outChannels output channels (kernels)
     * @param kernel the kernel's height and width
     */
    public Conv2d(String name, int inChannels, int outChannels, int kernel) {
        this(name, inChannels, outChannels, kernel, 1, 0);
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
     * @throws IllegalArgumentException if a size is below 1 or the padding is negative
     */
    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(name, inChannels, outChannels, kernel, stride, padding,
                new Parameter(name + ".weight", outChannels, inChannels, kernel, kernel),
                new Parameter(name + ".bias", outChannels));
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException(name + ": stride must be >= 1 and padding >= 0, got stride "
                    + stride + ", padding " + padding);
        }
    }

    /** A convolution on the given parameters (a replica's, or SparseConv2d's dense form). */
    Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding,
           Parameter weight, Parameter bias) {
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = weight;
        this.bias = bias;
        this.unroll = new Im2col(inChannels, kernel, stride, padding);
    }

    @Override
    public String name() {
        return name;
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

    @Override
    public Tensor forward(Tensor input) {
        Shapes.check(name, input, ANY, inChannels, ANY, ANY);
        int n = input.dim(0), height = input.dim(2), width = input.dim(3);
        int outH = outSize(height), outW = outSize(width), pixels = outH * outW;
        this.input = input;
        output = Buffers.reuse(output, n, outChannels, outH, outW);
        float[] x = input.data(), y = output.data(), w = weight.value().data(), b = bias.value().data();
        int span = span(height, width, outH, outW);
        forwardWorkspaces(span);
        int rows = inChannels * kernel * kernel, imageSize = inChannels * height * width;
        int block = imagesPerBlock(span);
        for (int s0 = 0; s0 < n; s0 += block) {   // a block of images side by side: rows of images·span values
            int images = Math.min(block, n - s0), length = images * span;
            for (int t = 0; t < images; t++) {
                if (span == pixels) {
                    unroll.im2col(x, (s0 + t) * imageSize, height, width, outH, outW, blockColumns, t * span);
                } else {
                    unroll.im2colWide(x, (s0 + t) * imageSize, height, width, span, blockColumns, t * span);
                }
            }
            for (int o = 0; o < outChannels; o++) {
                Arrays.fill(outRows[o], 0, length, b[o]);
            }
            Gemm.multiplyAdd(outChannels, rows, w, 0, rows, 1, blockColumns, outRows, length);   // y [O][images·span] += w · col
            for (int t = 0; t < images; t++) {
                for (int o = 0; o < outChannels; o++) {
                    int to = ((s0 + t) * outChannels + o) * pixels;
                    if (span == pixels) {
                        System.arraycopy(outRows[o], t * span, y, to, pixels);
                        continue;
                    }
                    for (int i = 0; i < outH; i++) {   // keep the outW valid values of each input-wide row
                        System.arraycopy(outRows[o], t * span + i * width, y, to + i * outW, outW);
                    }
                }
            }
        }
        return output;
    }

    /**
     * dL/db[o] = Σ g[n,o,i,j];  dL/dw[o,c,p,q] = Σ g[n,o,i,j]·x[n,c,i·s+p−pad,j·s+q−pad];
     * dL/dx[n,c,i·s+p−pad,j·s+q−pad] += w[o,c,p,q]·g[n,o,i,j].
     * With col = im2col(x) [K][P]: dw += g · colᵀ per image, as a product with the patches (colᵀ) as rows when
     * K ≥ 64 (conv2's 150), else as partial sums per pixel, two images per pass (on the vector path: one vector
     * of sums per weight, one image per pass), added up after the batch
     * (conv1's rows of K = 25 are too short for SIMD); dx = col2im(wᵀ · g), for blocks of images.
     */
    @Override
    public Tensor backward(Tensor gradOutput) {
        return backward(gradOutput, true);
    }

    /** dL/dw and dL/db only: no wᵀ·g product and no col2im (a network's first layer: its input is the data). */
    @Override
    public void backwardParameters(Tensor gradOutput) {
        backward(gradOutput, false);
    }

    private Tensor backward(Tensor gradOutput, boolean inputGradient) {
        Buffers.checkGradient(name, output, gradOutput);
        int height = input.dim(2), width = input.dim(3), outH = output.dim(2), outW = output.dim(3);
        parameterWorkspaces(outH * outW);
        parameterGradients(gradOutput.data(), height, width, outH, outW);
        if (!inputGradient) {
            return null;
        }
        gradInput = Buffers.reuseLike(gradInput, input);
        gradInput.zero();
        inputGradient(gradOutput.data(), height, width, outH, outW);
        return gradInput;
    }

    /** dw += Σ_images g · colᵀ, db += Σ g: per image, from im2col transposed or as partial sums per pixel. */
    private void parameterGradients(float[] g, int height, int width, int outH, int outW) {
        float[] x = input.data(), gw = weight.grad().data(), gb = bias.grad().data();
        int n = input.dim(0), pixels = outH * outW, rows = inChannels * kernel * kernel;
        int imageSize = inChannels * height * width;
        for (int s = 0; s < n; s++) {
            int gBase = s * outChannels * pixels;
            for (int o = 0; o < outChannels; o++) {
                gb[o] += Gemm.sum(g, gBase + o * pixels, gBase + (o + 1) * pixels);
            }
            if (longPatches(rows)) {
                unroll.im2colTransposed(x, s * imageSize, height, width, outW, pixels, patches);
                Gemm.multiplyAdd(outChannels, pixels, g, gBase, pixels, 1, patches, gradWeightRows, rows); // dw += g_s · colᵀ
                continue;
            }
            // images in pairs on the scalar path: the first's rows wait for the second's
            boolean second = !Kernels.VECTOR && s % 2 == 1;
            float[][] gr = second ? gradRows2 : gradRows, col = second ? columns2 : columns;
            for (int o = 0; o < outChannels; o++) {
                System.arraycopy(g, gBase + o * pixels, gr[o], 0, pixels);
            }
            unroll.im2col(x, s * imageSize, height, width, outH, outW, col, 0);
            if (Kernels.VECTOR) {   // dot products in registers, one vector of sums per weight: no need to pair
                Gemm.multiplyTransposedPartial(outChannels, rows, gradRows, columns, weightPartials, pixels);
            } else if (second) {
                Gemm.multiplyTransposedPartial2(outChannels, rows, gradRows, columns, gradRows2, columns2,
                        weightPartials, pixels);   // dw += g_s-1 · col_s-1ᵀ + g_s · col_sᵀ
            } else if (s == n - 1) {
                Gemm.multiplyTransposedPartial(outChannels, rows, gradRows, columns, weightPartials, pixels);
            }
        }
        if (longPatches(rows)) {
            for (int o = 0; o < outChannels; o++) {
                float[] row = gradWeightRows[o];
                for (int k = 0; k < rows; k++) {
                    gw[o * rows + k] += row[k];
                }
                Arrays.fill(row, 0f);
            }
        } else {
            Gemm.addRowSums(weightPartials, gw, 0);
        }
    }

    /** dx = col2im(wᵀ · g), for blocks of images side by side (as forward: longer rows for the product). */
    private void inputGradient(float[] g, int height, int width, int outH, int outW) {
        float[] w = weight.value().data(), gx = gradInput.data();
        int n = input.dim(0), pixels = outH * outW, rows = inChannels * kernel * kernel;
        int imageSize = inChannels * height * width, block = imagesPerBlock(pixels);
        blockGradColumns = Gemm.rows(blockGradColumns, rows, block * pixels);
        blockGradRows = Gemm.rows(blockGradRows, outChannels, block * pixels);
        for (int s0 = 0; s0 < n; s0 += block) {
            int images = Math.min(block, n - s0), length = images * pixels;
            for (int t = 0; t < images; t++) {
                for (int o = 0; o < outChannels; o++) {
                    System.arraycopy(g, ((s0 + t) * outChannels + o) * pixels, blockGradRows[o], t * pixels, pixels);
                }
            }
            for (float[] row : blockGradColumns) {
                Arrays.fill(row, 0, length, 0f);
            }
            Gemm.multiplyAdd(rows, outChannels, w, 0, 1, rows, blockGradRows, blockGradColumns, length); // dcol = wᵀ · g
            for (int t = 0; t < images; t++) {
                unroll.col2im(blockGradColumns, t * pixels, height, width, outH, outW, gx, (s0 + t) * imageSize);
            }
        }
    }

    /**
     * How many images a product puts side by side, for rows of at least 400 values: long rows run faster
     * (axpy4 at 15.3 GMAC/s for rows of 100, 21.1 for 400, KernelBench). conv2: 3 images in forward (rows of 136
     * on the input-wide grid), 4 in the input gradient (rows of 100); conv1: one.
     */
    private static int imagesPerBlock(int span) {
        return Math.max(1, (400 + span - 1) / span);
    }

    /**
     * Values per image in a row of forward's product. With stride 1 and no padding (LeNet-5), forward computes
     * the output on a grid as wide as the input ({@link Im2col#im2colWide}): (outH − 1)·width + outW values, of which
     * the outW of each row are kept. Otherwise the output's own outH·outW pixels.
     */
    private int span(int height, int width, int outH, int outW) {
        return stride == 1 && padding == 0 ? (outH - 1) * width + outW : outH * outW;
    }

    /** Sizes forward's row workspaces for rows of {@code span} values an image; kept while the size stays. */
    private void forwardWorkspaces(int span) {
        int rows = inChannels * kernel * kernel, blockPixels = imagesPerBlock(span) * span;
        blockColumns = Gemm.rows(blockColumns, rows, blockPixels);
        outRows = Gemm.rows(outRows, outChannels, blockPixels);
    }

    /** Sizes the parameter gradients' row workspaces for {@code pixels} output pixels, for the path K takes. */
    private void parameterWorkspaces(int pixels) {
        int rows = inChannels * kernel * kernel;
        if (longPatches(rows)) {
            patches = Gemm.rows(patches, pixels, rows);
            gradWeightRows = Gemm.rows(gradWeightRows, outChannels, rows);
        } else {
            columns = Gemm.rows(columns, rows, pixels);
            gradRows = Gemm.rows(gradRows, outChannels, pixels);
            if (!Kernels.VECTOR) {   // the second image of a pair: only the scalar path pairs images
                columns2 = Gemm.rows(columns2, rows, pixels);
                gradRows2 = Gemm.rows(gradRows2, outChannels, pixels);
            }
            weightPartials = Gemm.rows(weightPartials, outChannels * rows, Gemm.partialWidth(pixels));
        }
    }

    /**
     * Whether the weight gradient is a product with rows of K = inChannels·kernel² values (patches: long enough
     * for SIMD, e.g. conv2's 150) rather than partial sums per output pixel (conv1's K = 25 is too short).
     */
    private static boolean longPatches(int rows) {
        return rows >= 64;
    }

    private int outSize(int size) {
        int out = (size + 2 * padding - kernel) / stride + 1;
        if (size + 2 * padding < kernel) {
            throw new IllegalArgumentException(name + ": input of " + size + " pixels is smaller than the "
                    + kernel + "x" + kernel + " kernel (padding " + padding + ")");
        }
        return out;
    }

    @Override
    public Conv2d replica() {
        return new Conv2d(name, inChannels, outChannels, kernel, stride, padding,
                weight.withOwnGradient(), bias.withOwnGradient());
    }
}
