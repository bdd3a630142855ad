package io.github.lenet5j.nn;

import static io.github.lenet5j.nn.Engine.FAST;
import static io.github.lenet5j.nn.Engine.REFERENCE;
import static io.github.lenet5j.nn.GradientCheck.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lenet5j.kernels.Kernels;
import io.github.lenet5j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer with a fast kernel, built on {@link Engine#FAST} and on {@link Engine#REFERENCE} with the same
 * parameters: forward output, backward's input gradient, and every parameter gradient accumulated over two
 * forward/backward passes, on random inputs of several shapes and odd batch sizes. Surefire runs this class on
 * the vector kernels and again on the scalar ones.
 *
 * <p>Tolerance: {@value #TOLERANCE} of the largest |value| of the tensor compared. The fast kernels add the same
 * products in another order (blocks of images, four rows at a time, partial sums per pixel, fused multiply-adds),
 * and the fast sigmoid and tanh are rational functions (max absolute error 1.9e-7 and 3.6e-7), so the two differ
 * in the last bits: a float sum of K terms carries a rounding error of about K·6e-8 of its terms' size in the
 * worst case, and far less on random signs. The largest sums here (a conv1 weight gradient over 7 images of 784
 * pixels) stay below 1e-5; a wrong index or a missing term is off by the size of a term, 1e-2 or more.
 */
class FastEngineMatchesReferenceTest {
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "batch {0}, {1}→{2} channels, kernel {3}, stride {4}, padding {5}, input {6}x{7}")
    @CsvSource({
        "7, 1, 6, 5, 1, 0, 32, 32",      // LeNet-5's conv1 (weight gradient as rows of vectors, K = 25 odd)
        "3, 6, 16, 5, 1, 0, 14, 14",     // conv2
        "1, 1, 6, 5, 1, 0, 32, 32",
        "3, 3, 5, 3, 2, 1, 9, 8",
        "5, 2, 7, 3, 1, 2, 5, 7",
        "2, 4, 3, 2, 3, 0, 8, 10",
        "1, 16, 120, 5, 1, 0, 5, 5",     // C5 as a convolution: the window covers the input (a fully connected layer)
        "7, 16, 120, 5, 1, 0, 5, 5",
        "3, 2, 4, 3, 2, 0, 3, 3",        // covering window with a stride
        "7, 3, 1, 1, 1, 0, 6, 6",
        "2, 2, 2, 4, 2, 3, 7, 5",
        "3, 6, 4, 5, 2, 2, 11, 9",       // K = 150 (weight gradient from transposed patches) with stride and padding
        "2, 8, 3, 3, 1, 1, 6, 7",
        "4, 3, 2, 5, 1, 0, 9, 13",       // the 5×5 stride-1 fast paths (K = 75) on a non-square input
        "5, 2, 3, 3, 1, 0, 12, 20",      // the input gradient's vector col2im with 3×3 windows, several images a block
        "3, 2, 2, 5, 1, 0, 6, 7",        // ... with rows shorter than a vector: every pixel at an edge
        "2, 2, 3, 5, 1, 0, 5, 6",        // ... with fewer output pixels (2) than a window row has edge pixels (4)
        "2, 8, 3, 3, 1, 0, 6, 7",        // the weight gradient with output channels in lanes: 3×3 windows (K = 72)
        "3, 8, 20, 3, 1, 0, 7, 6",       // ... with more output channels than a vector has lanes
        "2, 3, 16, 5, 1, 0, 11, 12",     // forward in lanes: rows of 8 pixels (five at once, then three one by one)
        "2, 2, 20, 5, 1, 0, 9, 9",       // ... with more output channels than a vector has lanes
        "2, 3, 10, 5, 1, 0, 11, 12",     // ... with 10 output channels: lanes left empty (8 or more take this path)
        "2, 3, 20, 5, 1, 0, 9, 14",      // the lanes weight gradient five pixels at a time (rows of 10), 20 channels
        "2, 3, 6, 5, 1, 0, 32, 32",      // forward as rows of vectors read in place: conv1 on RGB input
        "2, 2, 8, 3, 1, 0, 10, 21",      // ... six channels and two one at a time, rows of 19 (vectors overlap; K = 18)
        "1, 1, 7, 5, 1, 0, 6, 44"})      // ... rows of 40: two tiles of two vectors, the last two the same (K = 25)
    void conv2dFastEqualsReference(int batch, int in, int out, int kernel, int stride, int padding,
                                   int height, int width) {
        compare(engine -> new Conv2d("conv", in, out, kernel, stride, padding, engine),
                random(2, -1, 1, batch, in, height, width));
    }

    @ParameterizedTest(name = "batch {0}, input {1}x{2}")
    @CsvSource({"7, 14, 14", "1, 14, 14", "3, 9, 8"})
    void sparseConv2dFastEqualsReference(int batch, int height, int width) {
        compare(engine -> SparseConv2d.lenet5C3("c3", engine), random(8, -1, 1, batch, 6, height, width));
    }

    /**
     * The fast sparse convolution's input gradient skips the kernels that are zero (a product per input map over the
     * output maps that read it); a zero kernel adds nothing, so the values are the dense convolution's, to the bit,
     * also for an input map that no output map reads (the second table's map 3: a zero gradient).
     */
    @ParameterizedTest(name = "batch {0}, input {1}x{2}")
    @CsvSource({"7, 14, 14", "3, 9, 8", "2, 5, 5"})
    void sparseConv2dInputGradientIsTheDenseConvolutionsToTheBit(int batch, int height, int width) {
        for (int[][] table : List.of(SparseConv2d.lenet5Table(), new int[][] {{0, 2}, {2}, {0, 1, 2}, {0}})) {
            int in = table.length == 4 ? 4 : 6;
            SparseConv2d sparse = new SparseConv2d("sparse", in, table, 5, FAST);
            sparse.initialize(new Random(1));
            Conv2d dense = new Conv2d("dense", in, table.length, 5, 1, 0, FAST);
            float[] denseWeight = sparse.denseWeight().data();
            System.arraycopy(denseWeight, 0, dense.weight().value().data(), 0, denseWeight.length);
            System.arraycopy(sparse.bias().value().data(), 0, dense.bias().value().data(), 0, table.length);
            Tensor x = random(3, -1, 1, batch, in, height, width);
            assertThat(sparse.forward(x).data()).containsExactly(dense.forward(x).data());
            Tensor gradOutput = random(4, -1, 1, sparse.outputShape(x.shape()));
            float[] gradInput = sparse.backward(gradOutput).data();
            assertThat(gradInput).containsExactly(dense.backward(gradOutput).data());
            if (in == 4) {
                for (int s = 0; s < batch; s++) {
                    int map3 = (s * in + 3) * height * width;
                    assertThat(Arrays.copyOfRange(gradInput, map3, map3 + height * width)).containsOnly(0f);
                }
            }
        }
    }

    @ParameterizedTest(name = "batch {0}, {1}→{2}")
    @CsvSource({"64, 400, 120", "7, 120, 84", "3, 84, 10", "1, 400, 120", "3, 7, 5", "17, 33, 1", "1, 1, 1"})
    void linearFastEqualsReference(int batch, int in, int out) {
        compare(engine -> new Linear("fc", in, out, engine), random(4, -1, 1, batch, in));
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 3, 7})
    void maxPoolFastEqualsReference(int batch) {
        compare(engine -> new MaxPool2d("pool", engine), random(5, -1, 1, batch, 6, 28, 27));
        compare(engine -> new MaxPool2d("pool", engine), random(5, -1, 1, batch, 6, 28, 28));   // LeNet-5's S2
        compare(engine -> new MaxPool2d("pool", engine), random(5, -1, 1, batch, 16, 10, 10));  // S4
    }

    /**
     * Windows full of ties (values from {0, 1, 2}), on shapes that the vector path covers whole, in part (a row
     * whose last vector would pass the planes' end) and not at all: the same maxima and the same winners as the
     * reference, so forward and backward agree bit for bit, whether the winners were kept by forward or found
     * again by the first backward.
     */
    @ParameterizedTest(name = "{0}x{1} planes of {2}x{3}")
    @CsvSource({"3, 6, 28, 28", "2, 16, 10, 10", "1, 1, 64, 64", "2, 3, 33, 65", "1, 2, 6, 40", "4, 1, 2, 8"})
    void maxPoolFastPicksTheReferencesWinnersOnTies(int batch, int channels, int height, int width) {
        Tensor x = new Tensor(batch, channels, height, width);
        Random random = new Random(height * 31 + width);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = random.nextInt(3);
        }
        MaxPool2d fast = new MaxPool2d("pool", FAST), reference = new MaxPool2d("pool", REFERENCE);
        for (int run = 0; run < 2; run++) {   // the first backward finds the winners again, the second's are kept
            Agreement.assertClose("pool output", fast.forward(x).data(), reference.forward(x).data(), 0);
            Tensor gradOutput = random(3 + run, -1, 1, fast.outputShape(x.shape()));
            Agreement.assertClose("pool gradInput", fast.backward(gradOutput).data(),
                    reference.backward(gradOutput).data(), 0);
        }
    }

    /**
     * A convolution and its max pooling as one layer: inference's forward (the convolution's output pooled in
     * place, not kept) gives the two layers' values to the bit, and the backward after it (which runs the two
     * forwards again) and the training forward and backward after that the two layers' gradients to the bit (or to
     * float rounding: {@link #gradientTolerance}); and the whole agrees with the reference engine like any layer.
     */
    @ParameterizedTest(name = "batch {0}, {1}→{2} channels, kernel {3}, input {4}x{5}")
    @CsvSource({
        "3, 1, 6, 5, 32, 32",     // conv1: each pair of rows pooled in L1 (rows of 28: two vectors that overlap)
        "2, 6, 16, 5, 14, 14",    // conv2: pooled in its lanes
        "2, 3, 6, 5, 32, 32",     // conv1 on RGB input
        "2, 1, 7, 5, 31, 36",     // 27 output rows (the last one dropped), 16 windows a row, channels 6 + 1
        "1, 2, 4, 3, 9, 46",      // 22 windows a row (the row's last vector moved back), channels 3 + 1
        "2, 2, 20, 5, 12, 11",    // lanes: two lane groups, 7 columns (the last one dropped)
        "2, 2, 3, 3, 5, 5",       // rows shorter than a vector: the two layers' forwards
        "60, 6, 16, 5, 14, 14",   // scalar kernels: conv2 by the windows' corners, two blocks of images
        "25, 2, 3, 5, 11, 13",    // ... odd input and output sizes (phases of unequal size, a row and a column dropped)
        "25, 2, 3, 4, 11, 13",    // ... odd input, even output sizes (the input's last row and column are read)
        "2, 8, 5, 3, 12, 12"})    // scalar kernels: K = 72 through the winners, 3×3 windows (col2imTransposed)
    void convMaxPoolGivesTheTwoLayersValues(int batch, int in, int out, int kernel, int height, int width) {
        assertConvMaxPoolGivesTheTwoLayersValues(random(10, -1, 1, batch, in, height, width), out, kernel, 1, 0, 11);
    }

    /**
     * A convolution with padding or a stride and its max pooling as one layer: on the scalar kernels (K = 72) the
     * backward over the windows' winners reads patches that reach into the padding and adds their gradients back
     * inside the image only; the two layers' gradients ({@link #gradientTolerance}), and the reference's.
     */
    @ParameterizedTest(name = "stride {0}, padding {1}, input {2}x{2}")
    @CsvSource({"1, 1, 10", "2, 1, 12", "1, 2, 8"})
    void convMaxPoolWithPaddingOrStrideGivesTheTwoLayersGradients(int stride, int padding, int size) {
        assertConvMaxPoolGivesTheTwoLayersValues(random(30, -1, 1, 3, 8, size, size), 5, 3, stride, padding, 31);
    }

    /**
     * Inference's forward of a ConvMaxPool, then its backward, then a training forward and backward, against the two
     * layers run one after the other from the same initial weights (output to the bit, gradients within
     * {@link #gradientTolerance}), then the whole against the reference engine; the output gradients from seeds
     * {@code gradSeed} and {@code gradSeed + 1}.
     */
    private static void assertConvMaxPoolGivesTheTwoLayersValues(Tensor x, int out, int kernel, int stride,
                                                                 int padding, int gradSeed) {
        int in = x.dim(1);
        ConvMaxPool both = new ConvMaxPool(new Conv2d("conv", in, out, kernel, stride, padding, FAST),
                new MaxPool2d("pool", FAST));
        Conv2d conv = new Conv2d("conv", in, out, kernel, stride, padding, FAST);
        MaxPool2d pool = new MaxPool2d("pool", FAST);
        both.initialize(new Random(1));
        conv.initialize(new Random(1));
        for (int run = 0; run < 2; run++) {   // inference's forward, then training's
            Agreement.assertClose("pooled output", both.forward(x).data(), pool.forward(conv.forward(x)).data(), 0);
            Tensor gradOutput = random(gradSeed + run, -1, 1, both.outputShape(x.shape()));
            Agreement.assertClose("gradInput", both.backward(gradOutput).data(),
                    conv.backward(pool.backward(gradOutput)).data(), gradientTolerance(in, kernel));
            for (int i = 0; i < 2; i++) {
                Agreement.assertClose("parameter gradient", both.parameters().get(i).grad().data(),
                        conv.parameters().get(i).grad().data(), gradientTolerance(in, kernel));
            }
        }
        compare(engine -> new ConvMaxPool(new Conv2d("conv", in, out, kernel, stride, padding, engine),
                new MaxPool2d("pool", engine)), x);
    }

    /**
     * The backward of a convolution and its max pooling, each training batch new: on the fast engine the
     * convolution's kernels route the gradient where they can (conv2 on the vector kernels: in the lanes of the
     * output its forward kept; on the scalar kernels: products over the windows' winners alone), else the two layers
     * do; either way the two layers' dx and parameter gradients ({@link #gradientTolerance}), for an input where
     * every window is a tie and for random ones of two batch sizes.
     */
    @ParameterizedTest(name = "{0}→{1} channels, input {2}x{3}, batch {4}")
    @CsvSource({
        "6, 16, 14, 14, 2",    // conv2: rows of 10 (ten pixels at a time)
        "3, 16, 12, 12, 2",    // rows of 8: five pixels, then one at a time
        "2, 20, 14, 14, 2",    // two vectors of lanes on AVX-512
        "6, 16, 15, 14, 2",    // 11 output rows: the last one in no window, through the two layers
        "6, 16, 14, 14, 20"})  // scalar kernels: forward by the windows' corners, which keep the winners
    void convMaxPoolBackwardGivesTheTwoLayersGradientsForEachBatch(int in, int out, int height, int width,
                                                                   int batch) {
        ConvMaxPool both = new ConvMaxPool(new Conv2d("conv", in, out, 5, 1, 0, FAST), new MaxPool2d("pool", FAST));
        Conv2d conv = new Conv2d("conv", in, out, 5, 1, 0, FAST);
        MaxPool2d pool = new MaxPool2d("pool", FAST);
        both.initialize(new Random(1));
        conv.initialize(new Random(1));
        Tensor ties = new Tensor(batch, in, height, width);
        Arrays.fill(ties.data(), 0.5f);
        int seed = 20;
        for (Tensor x : List.of(ties, random(16, -1, 1, batch + 1, in, height, width),
                random(17, -1, 1, batch, in, height, width))) {
            Tensor pooled = both.forward(x);
            Agreement.assertClose("pooled output", pooled.data(), pool.forward(conv.forward(x)).data(), 0);
            Tensor gradOutput = random(seed++, -1, 1, pooled.shape());
            Agreement.assertClose("gradInput", both.backward(gradOutput).data(),
                    conv.backward(pool.backward(gradOutput)).data(), gradientTolerance(in, 5));
            for (int i = 0; i < 2; i++) {
                Agreement.assertClose(both.parameters().get(i).name(), both.parameters().get(i).grad().data(),
                        conv.parameters().get(i).grad().data(), gradientTolerance(in, 5));
            }
        }
    }

    /**
     * A first layer's backward (no dx): on the fast engine each image's gradient goes from the pooling's output
     * straight into the convolution's weight gradient where the kernels can (conv1 on the vector kernels; on the
     * scalar kernels where K ≥ 64, RGB input), else through the two layers; either way the two layers' parameter
     * gradients ({@link #gradientTolerance}), for an input where every window is a tie (the first of the four wins)
     * and for a random one, added to what is there.
     */
    @ParameterizedTest(name = "batch {0}, {1}→{2} channels, input {3}x{4}")
    @CsvSource({
        "3, 1, 6, 32, 32",    // conv1: rows of 28 (two vectors that overlap on 512 bits, four on 256)
        "2, 3, 6, 32, 32",    // conv1 on RGB input
        "2, 1, 7, 36, 36",    // rows of 32: whole vectors; channels 6 + 1
        "1, 2, 6, 52, 20",    // rows of 48, 16 rows
        "2, 1, 6, 31, 36",    // 27 output rows: the last one in no window, through the two layers
        "2, 1, 3, 9, 9"})     // rows shorter than a vector: through the two layers
    void convMaxPoolWithoutInputGradientGivesTheTwoLayersParameterGradients(int batch, int in, int out, int height,
                                                                            int width) {
        ConvMaxPool both = new ConvMaxPool(new Conv2d("conv", in, out, 5, 1, 0, FAST), new MaxPool2d("pool", FAST));
        Conv2d conv = new Conv2d("conv", in, out, 5, 1, 0, FAST);
        MaxPool2d pool = new MaxPool2d("pool", FAST);
        both.initialize(new Random(1));
        conv.initialize(new Random(1));
        Tensor ties = new Tensor(batch, in, height, width);
        Arrays.fill(ties.data(), 0.5f);
        for (Tensor x : List.of(ties, random(14, -1, 1, batch, in, height, width))) {
            Tensor gradOutput = random(15, -1, 1, both.forward(x).shape());
            both.backwardParameters(gradOutput);
            pool.forward(conv.forward(x));
            conv.backwardParameters(pool.backward(gradOutput));
            for (int i = 0; i < 2; i++) {
                Agreement.assertClose(both.parameters().get(i).name(), both.parameters().get(i).grad().data(),
                        conv.parameters().get(i).grad().data(), gradientTolerance(in, 5));
            }
        }
    }

    /**
     * The 1998 network's C1 → f → S2 as one layer: without dx, on the vector kernels the convolution takes g back
     * through the subsampling and the tanh itself (per image, into its weight gradient's rows). The three layers'
     * parameter gradients to the bit, for several batches in a row (the gradients add up), scaled and plain tanh.
     */
    @ParameterizedTest(name = "batch {0}, {1} channel(s), {2} maps, input {3}x{4}, scaled {5}")
    @CsvSource({
        "7, 1, 6, 32, 32, true",    // C1 of the 1998 network: rows of 28, the last vector sharing lanes
        "1, 1, 6, 32, 32, true",    // one image: the last windows' vectors read past g
        "2, 3, 6, 32, 32, true",    // RGB
        "3, 1, 7, 36, 36, false",   // rows of 32: whole vectors; plain tanh
        "2, 2, 4, 52, 20, true",    // rows of 16: one vector a row on 512-bit vectors
        "2, 1, 6, 31, 36, true",    // 27 output rows: through the three layers
        "2, 1, 3, 9, 9, true"})     // rows shorter than a vector: through the three layers
    void convTanhSubsamplingWithoutInputGradientGivesTheThreeLayersParameterGradients(int batch, int in, int out,
                                                                                      int height, int width,
                                                                                      boolean scaled) {
        ConvTanhSubsampling all = new ConvTanhSubsampling(new Conv2d("conv", in, out, 5, 1, 0, FAST),
                new Tanh("act", scaled, FAST), new Subsampling("sub", out, FAST));
        Conv2d conv = new Conv2d("conv", in, out, 5, 1, 0, FAST);
        Tanh tanh = new Tanh("act", scaled, FAST);
        Subsampling sub = new Subsampling("sub", out, FAST);
        all.initialize(new Random(1));
        Random random = new Random(1);   // the same draws: the convolution's, then the subsampling's
        conv.initialize(random);
        sub.initialize(random);
        for (int run = 0; run < 3; run++) {
            Tensor x = random(20 + run, -1, 1, batch, in, height, width);
            Tensor gradOutput = random(30 + run, -1, 1, all.forward(x).shape());
            all.backwardParameters(gradOutput);
            sub.forward(tanh.forward(conv.forward(x)));
            conv.backwardParameters(tanh.backward(sub.backward(gradOutput)));
            List<Parameter> expected = new ArrayList<>(conv.parameters());
            expected.addAll(sub.parameters());
            for (int i = 0; i < 4; i++) {
                assertThat(all.parameters().get(i).grad().data()).as("run %d: %s", run, all.parameters().get(i).name())
                        .containsExactly(expected.get(i).grad().data());
            }
        }
    }

    @Test
    void convTanhSubsamplingRejectsASubsamplingOfOtherChannelsNamingBoth() {
        assertThatThrownBy(() -> new ConvTanhSubsampling(
                        new Conv2d("c1", 1, 6, 5, 1, 0, FAST), new Tanh("act1", true, FAST),
                        new Subsampling("s2", 16, FAST)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s2: expected 6 channels, the output channels of c1, but got 16");
    }

    @ParameterizedTest(name = "batch {0}, {1} channels, input {2}x{3}")
    @CsvSource({
        "7, 6, 28, 28",     // S2: rows of 14 windows (512-bit vectors: a chunk of 8, then one moved back to end at 14)
        "3, 16, 10, 10",    // S4: rows of 5 windows, shorter than a 512-bit chunk (the vectors spill to the next row)
        "1, 1, 2, 2",       // one window: every plane left to the scalar loops
        "3, 2, 9, 7",       // odd height and width: the last row and column in no window get 0
        "2, 3, 4, 38",      // rows of 19 windows: chunks overlap on every vector width
        "5, 4, 7, 12"})     // rows of 6 windows, an odd number of input rows
    void subsamplingFastEqualsReference(int batch, int channels, int height, int width) {
        Tensor x = random(9, -1, 1, batch, channels, height, width);
        compare(engine -> new Subsampling("sub", channels, engine), x);
        Subsampling fast = new Subsampling("sub", channels, FAST);
        Subsampling reference = new Subsampling("sub", channels, REFERENCE);
        fast.initialize(new Random(1));
        reference.initialize(new Random(1));
        Tensor gradOutput = random(6, -1, 1, fast.outputShape(x.shape()));
        // the same additions in the same order: y and dx = a·g are the reference's to the bit
        Agreement.assertClose("sub output", fast.forward(x).data(), reference.forward(x).data(), 0);
        Agreement.assertClose("sub gradInput", fast.backward(gradOutput).data(),
                reference.backward(gradOutput).data(), 0);
    }

    /** Average pooling runs on subsampling's kernel: the reference's values and gradients to the bit. */
    @ParameterizedTest(name = "batch {0}, {1} channels, input {2}x{3}")
    @CsvSource({"7, 6, 28, 28", "3, 16, 10, 10", "1, 1, 2, 2", "3, 2, 9, 7", "2, 3, 4, 38", "5, 4, 7, 12"})
    void avgPoolFastEqualsReference(int batch, int channels, int height, int width) {
        Tensor x = random(12, -1, 1, batch, channels, height, width);
        AvgPool2d fast = new AvgPool2d("pool", FAST), reference = new AvgPool2d("pool", REFERENCE);
        for (int run = 0; run < 2; run++) {
            Agreement.assertClose("pool output", fast.forward(x).data(), reference.forward(x).data(), 0);
            Tensor gradOutput = random(13 + run, -1, 1, fast.outputShape(x.shape()));
            Agreement.assertClose("pool gradInput", fast.backward(gradOutput).data(),
                    reference.backward(gradOutput).data(), 0);
        }
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 3, 7})
    void activationsFastEqualReference(int batch) {
        Tensor x = random(5, -6, 6, batch, 6, 7, 5);
        compare(engine -> new Sigmoid("act", engine), x);
        compare(engine -> new Tanh("act", false, engine), x);
        compare(engine -> new Tanh("act", true, engine), x);
        compare(engine -> new ReLU("act", engine), x);
    }

    /**
     * The layer on both engines, the reference's parameters copied from the fast one's. Two runs of forward and
     * backward: the second checks the buffers reused after the first, and that the parameter gradients
     * accumulate (+=) over both.
     */
    private static void compare(Function<Engine, Layer> layer, Tensor input) {
        Layer fast = layer.apply(FAST), reference = layer.apply(REFERENCE);
        fast.initialize(new Random(1));
        List<Parameter> fastParams = fast.parameters(), referenceParams = reference.parameters();
        for (int i = 0; i < fastParams.size(); i++) {
            System.arraycopy(fastParams.get(i).value().data(), 0, referenceParams.get(i).value().data(), 0,
                    fastParams.get(i).size());
        }
        for (int run = 0; run < 2; run++) {
            assertClose(fast.name() + " output", fast.forward(input).data(), reference.forward(input).data());
            Tensor gradOutput = random(6 + run, -1, 1, fast.outputShape(input.shape()));
            assertClose(fast.name() + " gradInput", fast.backward(gradOutput).data(),
                    reference.backward(gradOutput).data());
            for (int i = 0; i < fastParams.size(); i++) {
                assertClose(fastParams.get(i).name() + " grad", fastParams.get(i).grad().data(),
                        referenceParams.get(i).grad().data());
            }
        }
    }

    /**
     * How close a convolution and its max pooling as one layer must come to the two layers' gradients: to the bit,
     * except on the scalar kernels where K = in·kernel² ≥ 64 (conv2; conv1 on RGB input), whose products run over
     * the pooling windows' winners alone and add the same terms in another order
     * ({@code ConvKernel.backwardThroughWinners}): to float rounding, as every fast path to the reference.
     */
    private static double gradientTolerance(int in, int kernel) {
        return Kernels.active().startsWith("scalar") && in * kernel * kernel >= 64 ? TOLERANCE : 0;
    }

    private static void assertClose(String what, float[] fast, float[] reference) {
        Agreement.assertClose(what, fast, reference, TOLERANCE);
    }
}
