package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * The fast engine's 2-D convolution: {@code Conv2d}'s sums as matrix products over im2col ({@link Im2col}),
 * with the row workspaces they need, sized once per input size. The same sums as the layer's reference loops,
 * added in another order (docs/performance.md explains how); results agree to float rounding.
 * <pre>
 * forward     y = w · im2col(x) + b               for blocks of images side by side (longer rows)
 * backward    db += Σ g;  dw += g · im2col(x)ᵀ    per image: a product with the patches as rows when
 *                                                 K = inChannels·kernel² ≥ 64, else partial sums per pixel
 *             dx = col2im(wᵀ · g)                  for blocks of images
 * </pre>
 * Forward followed by 2×2 max pooling runs on the scalar kernels as four such products, one for each corner of the
 * pooling windows, whose maximum is then taken element by element ({@code forwardByWindowCorners}; in training it
 * keeps each window's winner instead of the output); backward through that pooling, for K ≥ 64, as the products of
 * the windows' winners alone, a quarter of the output's gradient ({@code backwardThroughWinners}: the same terms in
 * another order), for K &lt; 64 as backward of the gradient routed to the winners
 * ({@code backwardThroughRoutedGradient}).
 * On the vector kernels, with stride 1 and no padding, these run in other forms, each with the same sums in the
 * same order: forward and the weight gradient with the output channels in vector lanes, reading the input in
 * place ({@link VectorChannelLanes}: forward for 5×5 windows and a vector of output channels or 8, conv2; the
 * weight gradient for K ≥ 64); forward with fewer output channels, and the weight gradient for K &lt; 64, as rows
 * of output pixels in vector lanes, also reading the input in place ({@link VectorConvRows}: conv1; this weight
 * gradient adds in another order than the partial sums it replaces); col2im a vector of input pixels at a time
 * ({@link VectorIm2col}).
 * Arrays are NCHW and OIHW, as in the layer. A window that covers the whole input (the 1998 network's C5: 5×5
 * kernels on 5×5 maps) makes one output pixel of the inner product of the kernel and the whole image: a fully
 * connected layer, which {@link LinearKernel} runs over the batch at once (im2col and col2im would copy each
 * image and sum one pixel at a time). Not thread-safe: one per layer (a replica makes its own).
 */
public final class ConvKernel {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Im2col unroll;   // im2col and col2im for this geometry
    private LinearKernel wholeInput;   // when the window covers the input: (n, C·k·k) → (n, O); made at first use

    // Gemm's row workspaces, K = inChannels·kernel², P = OH·OW, B = imagesPerBlock; sized once per input size
    private float[][] blockColumns;    // [K][B·P] forward: im2col of B images side by side
    private float[][] outRows;         // [O][B·P] their output
    private float[] phaseImages;       // [C][2][2][k/2+1][H/2][OW/2] forwardMaxPooled, scalar: an image's phases
    private final float[][][] cornerRows = new float[4][][];   // [4][O][B·S] its output, a corner of the windows each
    private float[][] phaseColumns;    // [C·(k+1)²][B·S] ... the rows of their patches, shared by the four corners
    private final float[][][] cornerColumns = new float[4][][];   // [4][K] each corner's rows of phaseColumns
    private float[][] columns;         // [K][P] backward: im2col of one image (its own array: measured faster)
    private float[][] gradRows;        // [O][P] the image's output gradient (for the partial sums)
    private float[][] columns2;        // [K][P] the second image of a pair (one pass over the partial sums for two)
    private float[][] gradRows2;       // [O][P] its output gradient
    private float[][] blockGradRows;   // [O][B·P] backward: the output gradient of B images side by side
    private float[][] blockGradColumns; // [K][B·P] their dL/dcolumns
    private int blockImages;           // B for the input gradient's blocks (gradientBlocks)
    private int blockSlack;            // the columns before a block's first image
    private boolean blockInVectors;    // col2im as vectors (VectorIm2col), which reads blockSlack past each end
    private float[][] weightPartials;  // [O·K][P] dL/dw per output pixel, summed into gw at the end
    private float[][] patches;         // [P][K] backward when K is long: im2col transposed, a row per output pixel
    private float[][] gradWeightRows;  // [O][K] dL/dw as rows, added into gw at the end
    private int[] winnerPixels;        // [O·P/4] backwardThroughWinners: each pooling window's winner in its map
    private int[] keptWinners;         // [n·O·P/4] training forward by the corners: the batch's winners, kept
    private int keptWinnerImages;      // the images keptWinners holds from the last forward (0: none)
    private float[] routedGradient;    // [n·O·P] backwardThroughMaxPool, scalar, K < 64: the gradient pooling routes
    private float[] maxima;            // [B·S] forwardByWindowCorners keeping the winners: one map's maxima
    private int[] routedCount;         // [P] ... how many maps' windows each output pixel won
    private float[] routedGrads;       // [P·O] ... their pooled gradients, a pixel's together
    private int[] routedChannels;      // [P·O] ... and their output channels
    private float[][] weightRows;      // [O][K] ... w as rows, which dL/dpatches picks
    private float[][] gradPatches;     // [P][K] ... dL/dpatches of one image
    private float[] gradTransposed;    // [P·W] vector kernels: g of one image, W = O in whole vectors, a row a pixel
    private float[] weightSums;        // dL/dw in lanes, added into gw at the end: [K·W] the output channels in
                                       // lanes (VectorChannelLanes), or [O·K·L] per lane of pixels (VectorConvRows)
    private float[] biasSums;          // [O·L] dL/db per lane of pixels (VectorConvRows), added into gb at the end
    private float[] gradVectors;       // [S·O·L] g of one image as VectorConvRows.weightGradient reads it, S steps
    private int[] stepOffsets;         // [S] where each of those steps finds its input
    private float[] laneOutputs;       // [n·P·W] training forward in lanes: each image's output kept in its lanes
    private int keptLanes;             // the images laneOutputs holds from the last forward (0: none)
    private float[] pooledGradLanes;   // [P/4·W] backwardThroughMaxPool in lanes: one image's pooled gradient
    private float[] gradientTail;      // [L] backwardThroughMaxPool: the batch's last pooled gradients, padded
    private float[] laneWeights;       // [K·W] forward on the vector kernels: wT, the output channels in lanes
    private float[] laneBias;          // [W] the bias as lanes
    private float[] tapWeights;        // [K·O] forward as rows of vectors: wT, a window position's weights together
    private int[][] readers;           // [C][..] the output maps whose kernels from input map c may be nonzero; or null
    private float[] readerWeights;     // [Σ_c |readers[c]|·k·k] those kernels, input map by input map
    private float[][][] readerRows;    // [C][|readers[c]|] the rows of blockGradRows those maps' kernels read
    private float[][][] channelColumns; // [C][k·k] the rows of blockGradColumns of input map c
    private final LastWeight transposedFrom = new LastWeight();   // the w that laneWeights or tapWeights was made
                                       // from (a convolution uses one of the two: its geometry alone decides)
    private float[] laneOutput;        // [P·W] one image's output, a row of lanes per pixel
    private int[] windowOffsets;       // [K] forward as rows of vectors: where each weight finds its input
    private float[] pairOfRows;        // forwardMaxPooled as rows of vectors: two output rows of every channel
    private float[] pooledPlanes;      // ... and an image's pooled planes, each with a vector's room after it
    private float[] laneMaxima;        // [P/4·W] forwardMaxPooled in lanes: one image's pooled output in lanes

    /**
     * The kernels for one convolution's geometry.
     *
     * @param inChannels input channels C
     * @param outChannels output channels O
     * @param kernel the kernel's height and width
     * @param stride the step between windows
     * @param padding the zeros on each side
     */
    public ConvKernel(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.unroll = new Im2col(inChannels, kernel, stride, padding);
    }

    /**
     * Declares kernels that stay zero (a sparse convolution run as this dense one): the input gradient's product then
     * adds, for input map c, only the output maps that {@code readers[c]} lists (ascending). Zero kernels add
     * nothing, so the values are those of the dense product.
     *
     * @param readers row c: the output maps whose kernels from input map c are not all zero (not copied)
     */
    public void skipZeroKernels(int[][] readers) {
        this.readers = readers;
        int kernels = 0;
        for (int[] row : readers) {
            kernels += row.length;
        }
        this.readerWeights = new float[kernels * kernel * kernel];
    }

    /**
     * The output of {@link #forward} max-pooled (2×2 windows, stride 2; an odd last row or column dropped), as
     * {@link MaxPoolKernel#forward} would pool it, without keeping forward's output: what inference needs of a
     * convolution followed by max pooling. Where forward takes its rows of vectors (conv1 on the vector kernels),
     * each pair of output rows is pooled while in the L1 cache ({@code VectorConvRows.forwardPooled}; pooling
     * forward's output reads it back from memory); where it takes the output channels in lanes (conv2), each image's
     * output is pooled in its lanes, four vectors to one, before a quarter of it is copied out of them
     * ({@code VectorChannelLanes.maxPool}); on the scalar kernels, for a block of images or more, as one product for
     * each corner of the pooling windows and their maximum row by row ({@code forwardByWindowCorners}), else each
     * block of images' output rows is pooled where the product left them. Only where {@link #poolsInPlace} says so;
     * elsewhere the caller runs forward and the pooling. The same values as forward and pooling, to the bit.
     *
     * @param x the input, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param w the weight, {@code (outChannels, inChannels, kernel, kernel)}
     * @param b the bias, {@code (outChannels)}
     * @param pooled the output, {@code (n, outChannels, outH/2, outW/2)}, overwritten
     */
    public void forwardMaxPooled(float[] x, int n, int height, int width, float[] w, float[] b, float[] pooled) {
        forwardMaxPooled(x, n, height, width, w, b, pooled, null);
    }

    /**
     * {@link #forward} into y and its output max-pooled into pooled, in one pass where {@link #poolsKeepingOutput}
     * says so (training on the vector kernels: conv1 pools each pair of output rows while in the L1 cache, conv2
     * each image's output in its lanes, which it keeps for {@link #backwardThroughMaxPool}, instead of the pooling
     * reading y back from memory after the batch; on the scalar kernels as inference's four products by the
     * windows' corners, which keep each window's winner for backward instead of y: +2 – 5% a training step each for
     * conv2 and conv1, docs/performance-rounds.md, round 21). The same values as forward and pooling.
     *
     * @param x the input, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param w the weight, {@code (outChannels, inChannels, kernel, kernel)}
     * @param b the bias, {@code (outChannels)}
     * @param y forward's output, {@code (n, outChannels, outH, outW)}, overwritten; not written where the output
     *          channels are in lanes and the weight gradient reads them there (conv2): the output stays in its lanes,
     *          for {@link #backwardThroughMaxPool}; nor where the scalar kernels keep the windows' winners instead
     * @param pooled the pooled output, {@code (n, outChannels, outH/2, outW/2)}, overwritten
     */
    public void forwardKeepingMaxPooled(float[] x, int n, int height, int width, float[] w, float[] b, float[] y,
                                        float[] pooled) {
        forwardMaxPooled(x, n, height, width, w, b, pooled, y);
    }

    /**
     * {@return whether {@link #forwardKeepingMaxPooled} takes this input: where forward runs as rows of vectors (conv1
     * on the vector kernels) or with the output channels in lanes (conv2), or on the scalar kernels with stride 1 and
     * no padding, and its output's height and width are even}
     *
     * @param height the input's height
     * @param width the input's width
     */
    public boolean poolsKeepingOutput(int height, int width) {
        if (coversInput(height, width)) {
            return false;
        }
        int outH = outSize(height), outW = outSize(width);
        boolean scalarWinners = !Kernels.VECTOR && stride == 1 && padding == 0;
        return (rowVectorsForward(outW) || channelLanesForward() || scalarWinners) && outH % 2 == 0 && outW % 2 == 0;
    }

    /** forwardMaxPooled; given a y, {@link #forwardKeepingMaxPooled} (only where {@link #poolsKeepingOutput}). */
    private void forwardMaxPooled(float[] x, int n, int height, int width, float[] w, float[] b, float[] pooled,
                                  float[] y) {
        int outH = outSize(height), outW = outSize(width);
        keptLanes = 0;
        keptWinnerImages = 0;
        if (channelLanesForward()) {
            forwardInLanes(x, n, height, width, outH, outW, w, b, y, pooled);
            return;
        }
        if (!rowVectorsForward(outW)) {   // the scalar kernels
            if (windowCornersForward(n, height, width, outH, outW)) {   // training: keeping the windows' winners
                forwardByWindowCorners(x, n, height, width, outH, outW, w, b, pooled, y != null);
                keptWinnerImages = y != null ? n : 0;
            } else if (y == null) {
                forwardProduct(x, n, height, width, outH, outW, w, b, pooled, true);
            } else {   // too few images for the corners' rows: forward's output, pooled; backward finds the winners
                forwardProduct(x, n, height, width, outH, outW, w, b, y, false);
                MaxPoolKernel.maxima(y, n * outChannels, outH, outW, pooled);
            }
            return;
        }
        int poolPixels = (outH / 2) * (outW / 2), imageSize = inChannels * height * width;
        windowOffsets = VectorConvRows.offsets(windowOffsets, inChannels, kernel, height, width);
        pairOfRows = workspace(pairOfRows, VectorConvRows.pooledRowsLength(outChannels, outW));
        pooledPlanes = workspace(pooledPlanes, VectorConvRows.pooledLength(outChannels, outH / 2, outW / 2));
        int plane = pooledPlanes.length / outChannels;
        float[] wT = weightsByTap(w);
        for (int s = 0; s < n; s++) {
            VectorConvRows.forwardPooled(x, s * imageSize, windowOffsets, kernel, height, width, wT, b, outChannels,
                    pairOfRows, pooledPlanes, y, s * outChannels * outH * outW);
            for (int o = 0; o < outChannels; o++) {
                System.arraycopy(pooledPlanes, o * plane, pooled, (s * outChannels + o) * poolPixels, poolPixels);
            }
        }
    }

    /**
     * {@return whether {@link #forwardMaxPooled} takes this input: on the scalar kernels unless the window covers
     * the input; on the vector kernels where forward reads the input in place (stride 1, no padding)}
     *
     * @param height the input's height
     * @param width the input's width
     */
    public boolean poolsInPlace(int height, int width) {
        return !coversInput(height, width) && (!Kernels.VECTOR || channelLanesForward()
                || rowVectorsForward((width + 2 * padding - kernel) / stride + 1));
    }

    private static float[] workspace(float[] current, int length) {
        return current != null && current.length == length ? current : new float[length];
    }

    /**
     * y = w ∗ x + b for a batch.
     *
     * @param x the input, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param w the weight, {@code (outChannels, inChannels, kernel, kernel)}
     * @param b the bias, {@code (outChannels)}
     * @param y the output, {@code (n, outChannels, outH, outW)}, overwritten
     */
    public void forward(float[] x, int n, int height, int width, float[] w, float[] b, float[] y) {
        keptLanes = 0;
        keptWinnerImages = 0;
        if (coversInput(height, width)) {
            wholeInput().forward(x, n, w, b, y);
            return;
        }
        int outH = outSize(height), outW = outSize(width), pixels = outH * outW;
        int imageSize = inChannels * height * width;
        if (channelLanesForward()) {
            forwardInLanes(x, n, height, width, outH, outW, w, b, y, null);
            return;
        }
        if (rowVectorsForward(outW)) {   // few output channels: rows of pixels as vectors, the input read in place
            windowOffsets = VectorConvRows.offsets(windowOffsets, inChannels, kernel, height, width);
            float[] wT = weightsByTap(w);
            for (int s = 0; s < n; s++) {
                VectorConvRows.forward(x, s * imageSize, windowOffsets, kernel, height, width, wT, b, outChannels, y,
                        s * outChannels * pixels);
            }
            return;
        }
        forwardProduct(x, n, height, width, outH, outW, w, b, y, false);
    }

    /**
     * Forward as im2col and a product, for blocks of images side by side; the block's output rows then copied to y
     * or, if {@code pooled}, max-pooled into y (an (n, outChannels, outH/2, outW/2) output) while in cache.
     */
    private void forwardProduct(float[] x, int n, int height, int width, int outH, int outW, float[] w, float[] b,
                                float[] y, boolean pooled) {
        int pixels = outH * outW, imageSize = inChannels * height * width, poolPixels = (outH / 2) * (outW / 2);
        int span = span(width, outH, outW), rows = inChannels * kernel * kernel, block = imagesPerBlock(span);
        blockColumns = Gemm.rows(blockColumns, rows, block * span);
        outRows = Gemm.rows(outRows, outChannels, block * span);
        for (int s0 = 0; s0 < n; s0 += block) {   // a block of images side by side: rows of images·span values
            int images = Math.min(block, n - s0), length = images * span;
            for (int t = 0; t < images; t++) {
                if (span == pixels) {
                    unroll.im2col(x, (s0 + t) * imageSize, height, width, outH, outW, blockColumns, t * span);
                } else {
                    unroll.im2colWide(x, (s0 + t) * imageSize, height, width, span, blockColumns, t * span);
                }
            }
            // y [O][images·span] = b + w · col
            Gemm.multiplyFromBias(outChannels, rows, w, 0, rows, 1, blockColumns, outRows, length, b);
            for (int t = 0; t < images; t++) {
                for (int o = 0; o < outChannels; o++) {
                    int to = ((s0 + t) * outChannels + o) * pixels;
                    if (pooled) {   // rows of outW values, outW or the input's width apart
                        poolMap(outRows[o], t * span, span == pixels ? outW : width, outH, outW, y,
                                ((s0 + t) * outChannels + o) * poolPixels);
                        continue;
                    }
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
    }

    /**
     * forwardMaxPooled as four products, one for each corner (pr, pc) of the 2×2 pooling windows: the output pixels
     * (2i + pr, 2j + pc) of a block of images, their patches rows of the input's phases ({@link Im2col#phaseRows},
     * which the four corners share; an image's pooled pixels side by side, none computed to be dropped: +8% at
     * batch 1000, docs/performance-rounds.md, round 21), into rows of their own; the pooling is then the maximum of
     * four rows, element by element, which C2 vectorises (a window's four values a row's stride apart in one array are
     * Math.max one at a time: 3.9 ns an output, docs/performance-rounds.md, round 19). Each output pixel is the same
     * sum as in {@link #forwardProduct}, so the same bits. With keepWinners (training) each window's winner too, into
     * keptWinners.
     */
    private void forwardByWindowCorners(float[] x, int n, int height, int width, int outH, int outW, float[] w,
                                        float[] b, float[] pooled, boolean keepWinners) {
        int poolH = outH / 2, poolW = outW / 2, hp = (height + 1) / 2, span = poolH * poolW;
        int rows = inChannels * kernel * kernel, imageSize = inChannels * height * width;
        // four times forwardProduct's: +2 – 7% (docs/performance-rounds.md, round 19)
        int block = 4 * imagesPerBlock(span);
        int phaseSize = inChannels * 4 * (kernel / 2 + 1) * hp * poolW;
        phaseImages = workspace(phaseImages, phaseSize);   // [C][2][2][k/2+1][hp][poolW] one image's phases
        float[][] shared = Gemm.rows(phaseColumns, inChannels * (kernel + 1) * (kernel + 1), block * span);
        for (int corner = 0; corner < 4; corner++) {
            cornerRows[corner] = Gemm.rows(cornerRows[corner], outChannels, block * span);
            if (shared != phaseColumns) {
                cornerColumns[corner] = new float[rows][];
                unroll.cornerRows(shared, corner >> 1, corner & 1, cornerColumns[corner]);
            }
        }
        phaseColumns = shared;
        if (keepWinners && (keptWinners == null || keptWinners.length < n * outChannels * span)) {
            keptWinners = new int[n * outChannels * span];   // kept for a smaller batch (an epoch's last) too
        }
        for (int s0 = 0; s0 < n; s0 += block) {   // a block of images side by side: rows of images·span values
            int images = Math.min(block, n - s0), length = images * span;
            for (int t = 0; t < images; t++) {
                unroll.phases(x, (s0 + t) * imageSize, height, width, poolW, phaseImages, 0);
                unroll.phaseRows(phaseImages, 0, hp, poolH, poolW, phaseColumns, t * span);
            }
            for (int corner = 0; corner < 4; corner++) {   // corner (pr, pc) = (corner / 2, corner % 2)
                Gemm.multiplyFromBias(outChannels, rows, w, 0, rows, 1, cornerColumns[corner], cornerRows[corner],
                        length, b);   // [O][images·span] = b + w · col
            }
            for (int o = 0; o < outChannels; o++) {
                float[] m = cornerRows[0][o];
                if (keepWinners) {   // and where each window's maximum was, for backward
                    m = maxima = workspace(maxima, block * span);
                    maxOfFour(m, cornerRows[0][o], cornerRows[1][o], cornerRows[2][o], cornerRows[3][o], length);
                    cornerWinners(cornerRows, o, m, images, poolH, poolW, outW, keptWinners,
                            (s0 * outChannels + o) * span, outChannels * span);
                } else {
                    maxOfFour(m, m, cornerRows[1][o], cornerRows[2][o], cornerRows[3][o], length);
                }
                for (int t = 0; t < images; t++) {
                    System.arraycopy(m, t * span, pooled, ((s0 + t) * outChannels + o) * span, span);
                }
            }
        }
    }

    /**
     * Whether forwardMaxPooled runs as {@link #forwardByWindowCorners}: stride 1, no padding, and images enough to
     * fill a block of its rows (a corner's rows are a quarter of an image's: one image alone, as a
     * {@code LatencyPredictor} runs, makes rows too short to vectorise well, and runs as {@link #forwardProduct}).
     */
    private boolean windowCornersForward(int n, int height, int width, int outH, int outW) {
        return stride == 1 && padding == 0 && outH >= 2 && outW >= 2
                && n >= imagesPerBlock((outH / 2) * (outW / 2));
    }

    /** m[j] = max(r0[j], r1[j], r2[j], r3[j]) for j &lt; n, in the pooling's order (top left, top right, ...). */
    private static void maxOfFour(float[] m, float[] r0, float[] r1, float[] r2, float[] r3, int n) {
        for (int j = 0; j < n; j++) {
            m[j] = Math.max(Math.max(Math.max(r0[j], r1[j]), r2[j]), r3[j]);
        }
    }

    /**
     * winners[to + t·imageStride + w] = the output pixel (2i + pr)·outW + 2j + pc of window w = i·poolW + j of image t
     * whose corner's value, corners[corner][o][t·poolH·poolW + w], is the window's maximum m[t·poolH·poolW + w]: the
     * first of the four in row-major order, the last if none is (a NaN), as {@link MaxPoolKernel#winners} finds it
     * in forward's output; each comparison a conditional move, not a branch (the running maximum's chain of
     * comparisons that max pooling's forward takes cost 5% of a training step more:
     * docs/performance-rounds.md, round 21).
     */
    private static void cornerWinners(float[][][] corners, int o, float[] m, int images, int poolH, int poolW,
                                      int outW, int[] winners, int to, int imageStride) {
        float[] r0 = corners[0][o], r1 = corners[1][o], r2 = corners[2][o];
        for (int t = 0, at = 0; t < images; t++) {
            for (int i = 0; i < poolH; i++) {
                int out = to + t * imageStride + i * poolW;
                for (int j = 0, top = 2 * i * outW; j < poolW; j++, at++, top += 2) {
                    float max = m[at];
                    int best = r2[at] == max ? top + outW : top + outW + 1;
                    best = r1[at] == max ? top + 1 : best;
                    winners[out + j] = r0[at] == max ? top : best;
                }
            }
        }
    }

    /** pooled[to..] = the maxima of the 2×2 windows of one map at row[from..], its rows {@code rowStride} apart. */
    private static void poolMap(float[] row, int from, int rowStride, int outH, int outW, float[] pooled, int to) {
        int poolW = outW / 2;
        for (int i = 0; i < outH / 2; i++) {
            for (int j = 0, at = from + 2 * i * rowStride; j < poolW; j++, at += 2) {
                pooled[to + i * poolW + j] = Math.max(Math.max(Math.max(row[at], row[at + 1]), row[at + rowStride]),
                        row[at + rowStride + 1]);
            }
        }
    }

    /**
     * Forward with the output channels in vector lanes ({@link VectorChannelLanes}), image by image: wT and the
     * bias as lanes, the image's output as rows of lanes (yT), then copied out to NCHW; if {@code pooled}, max-pooled
     * in its lanes first and y is (n, outChannels, outH/2, outW/2). wT is remade only when w differs from the w it
     * was made from (as {@code LinearKernel} does: inference never changes it).
     */
    private void forwardInLanes(float[] x, int n, int height, int width, int outH, int outW, float[] w, float[] b,
                                float[] y, float[] pooled) {
        int rows = inChannels * kernel * kernel, pixels = outH * outW, imageSize = inChannels * height * width;
        int lanes = VectorChannelLanes.width(outChannels), poolPixels = (outH / 2) * (outW / 2);
        if (laneWeights == null) {
            laneWeights = new float[rows * lanes];
            laneBias = new float[lanes];
        }
        if (transposedFrom.changed(w)) {
            VectorChannelLanes.weightsInLanes(w, outChannels, rows, laneWeights);   // wT [lanes/L][K][L]
        }
        System.arraycopy(b, 0, laneBias, 0, outChannels);
        boolean keep = y != null && pooled != null;   // training: each image's output kept in its lanes for backward
        boolean copyOut = y != null && !(keep && channelLanesGradient(rows, outW));   // backward in lanes: no y
        float[] yT = keep ? (laneOutputs = workspace(laneOutputs, n * pixels * lanes))
                : (laneOutput = workspace(laneOutput, pixels * lanes));
        if (pooled != null) {
            laneMaxima = workspace(laneMaxima, poolPixels * lanes);
        }
        for (int s = 0; s < n; s++) {
            int at = keep ? s * pixels * lanes : 0;
            VectorChannelLanes.forward5(x, s * imageSize, inChannels, height, width, outH, outW, laneWeights,
                    laneBias, lanes, yT, at);
            if (copyOut) {
                outOfLanes(yT, at, pixels, lanes, y, s * outChannels * pixels);
            }
            if (pooled != null) {   // max-pooled in the lanes before it leaves them: a quarter of it to copy
                VectorChannelLanes.maxPool(yT, at, outH, outW, lanes, laneMaxima);
                outOfLanes(laneMaxima, 0, poolPixels, lanes, pooled, s * outChannels * poolPixels);
            }
        }
        keptLanes = keep ? n : 0;
    }

    /**
     * {@return wT [K][O]: w with each window position's weights of all output channels side by side, as
     * {@link VectorConvRows} reads them} Remade only when w differs from the w it was made from.
     */
    private float[] weightsByTap(float[] w) {
        int rows = w.length / outChannels;
        if (tapWeights == null) {
            tapWeights = new float[w.length];
        }
        if (transposedFrom.changed(w)) {
            for (int o = 0; o < outChannels; o++) {
                for (int k = 0; k < rows; k++) {
                    tapWeights[k * outChannels + o] = w[o * rows + k];
                }
            }
        }
        return tapWeights;
    }

    /** y[yBase + o·pixels + pixel] = yT[at + pixel·lanes + o]: one image's maps out of the lanes, into NCHW. */
    private void outOfLanes(float[] yT, int at, int pixels, int lanes, float[] y, int yBase) {
        for (int o = 0; o < outChannels; o++) {
            for (int pixel = 0, to = yBase + o * pixels; pixel < pixels; pixel++) {
                y[to + pixel] = yT[at + pixel * lanes + o];
            }
        }
    }

    /**
     * Back-propagates a batch: gw += dL/dw, gb += dL/db, and gx += dL/dx unless {@code gx} is null (a network's
     * first layer, whose input is the data: no wᵀ·g product and no col2im).
     *
     * @param x the input of the forward pass, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param w the weight, {@code (outChannels, inChannels, kernel, kernel)}
     * @param g dL/dy, {@code (n, outChannels, outH, outW)}
     * @param gw the weight's gradient, added to
     * @param gb the bias's gradient, added to
     * @param gx dL/dx, the shape of x, added to (the caller zeroes it); or null
     */
    public void backward(float[] x, int n, int height, int width, float[] w, float[] g,
                         float[] gw, float[] gb, float[] gx) {
        if (coversInput(height, width)) {
            wholeInput().backward(x, n, w, g, gw, gb, gx);
            return;
        }
        int outH = outSize(height), outW = outSize(width);
        parameterWorkspaces(height, width, outH, outW);
        parameterGradients(x, n, g, gw, gb, height, width, outH, outW);
        if (gx != null) {
            inputGradient(n, w, g, gx, height, width, outH, outW);
        }
    }

    /**
     * dL/dw, dL/db and, unless gx is null, dL/dx through the 2×2 max pooling after the convolution, from the
     * pooling's output gradient: what {@link #backward} gives for the gradient {@link MaxPoolKernel#backward} routes,
     * without that gradient of the whole batch. Four forms, only where {@link #routesThroughMaxPool} says so. On the
     * vector kernels the same values (docs/performance-rounds.md, round 17): where the weight gradient runs as rows of
     * vectors (conv1), each image's gradient routed straight into the rows it reads
     * ({@code VectorMaxPool.gradientRows}; no dx); where it runs with the output channels in lanes (conv2), routed in
     * the lanes of the output that the last forward ({@link #forwardKeepingMaxPooled}) kept
     * ({@code VectorChannelLanes.routeMaxPool}), which the weight gradient reads as they are, and out of them for the
     * input gradient. On the scalar kernels, where the weight gradient is a product with the patches as rows (K ≥
     * 64), both products over the windows' winners alone ({@code backwardThroughWinners}): the same terms in another
     * order; elsewhere (K &lt; 64: conv1) the gradient the pooling routes, from the winners the forward kept, then
     * {@link #backward} ({@code backwardThroughRoutedGradient}): the same values.
     *
     * @param x the input, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param w the weight, {@code (outChannels, inChannels, kernel, kernel)}
     * @param y forward's output, {@code (n, outChannels, outH, outW)}: the pooling's input
     * @param gPooled dL/d(pooled output), {@code (n, outChannels, outH/2, outW/2)}
     * @param gw the weight's gradient, added to
     * @param gb the bias's gradient, added to
     * @param gx dL/dx, the shape of x, added to (the caller zeroes it); or null
     */
    public void backwardThroughMaxPool(float[] x, int n, int height, int width, float[] w, float[] y, float[] gPooled,
                                       float[] gw, float[] gb, float[] gx) {
        int outH = outSize(height), outW = outSize(width);
        if (channelLanesGradient(inChannels * kernel * kernel, outW)) {
            parameterWorkspaces(height, width, outH, outW);
            backwardInLanes(x, n, height, width, outH, outW, w, gPooled, gw, gb, gx);
            return;
        }
        if (!Kernels.VECTOR) {
            if (longPatches(inChannels * kernel * kernel)) {
                backwardThroughWinners(x, n, height, width, w, y, gPooled, gw, gb, gx);
            } else {
                backwardThroughRoutedGradient(x, n, height, width, w, y, gPooled, gw, gb, gx);
            }
            return;
        }
        routedRowsWeightGradient(x, n, height, width, y, gPooled, null, 0f, 0f, gw, gb, null, null);
    }

    /**
     * backwardThroughMaxPool on the scalar kernels where the weight gradient runs as partial sums (K &lt; 64: conv1):
     * the gradient max pooling passes back, gPooled at each window's winner and 0 elsewhere (as
     * {@link MaxPoolKernel#backward} writes it), then {@link #backward}. The same values as the two layers.
     */
    private void backwardThroughRoutedGradient(float[] x, int n, int height, int width, float[] w, float[] y,
                                               float[] gPooled, float[] gw, float[] gb, float[] gx) {
        int outH = outSize(height), outW = outSize(width), pixels = outH * outW, windows = pixels / 4;
        if (routedGradient == null || routedGradient.length < n * outChannels * pixels) {
            routedGradient = new float[n * outChannels * pixels];   // [n][O][P], kept for a smaller batch too
        }
        Arrays.fill(routedGradient, 0, n * outChannels * pixels, 0f);
        for (int s = 0; s < n; s++) {
            int gBase = s * outChannels * windows, yBase = s * outChannels * pixels;
            int[] winners = winnersOf(s, n, y, outH, outW);
            int wBase = winners == keptWinners ? gBase : 0;
            for (int o = 0; o < outChannels; o++) {
                for (int win = 0; win < windows; win++) {
                    routedGradient[yBase + o * pixels + winners[wBase + o * windows + win]] =
                            gPooled[gBase + o * windows + win];
                }
            }
        }
        backward(x, n, height, width, w, routedGradient, gw, gb, gx);
    }

    /**
     * Image s's pooling winners, [O][windows] pixels of their maps: those the training forward kept, from
     * s·O·windows on, or else found in y now ({@link MaxPoolKernel#winners}), from 0.
     */
    private int[] winnersOf(int s, int n, float[] y, int outH, int outW) {
        if (keptWinnerImages == n) {
            return keptWinners;
        }
        int windows = (outH / 2) * (outW / 2);
        if (winnerPixels == null || winnerPixels.length != outChannels * windows) {
            winnerPixels = new int[outChannels * windows];
        }
        MaxPoolKernel.winners(y, s * outChannels * outH * outW, outChannels, outH, outW, winnerPixels);
        return winnerPixels;
    }

    /**
     * backwardThroughMaxPool on the scalar kernels, where the weight gradient is a product with the patches as rows
     * (K ≥ 64: conv2, conv1 on RGB input): of the convolution's output gradient only the windows' winners are not
     * zero, a quarter of it, so both products run over those alone, image by image
     * (docs/performance-rounds.md, round 20):
     * <pre>
     * dw[o]        += Σ_windows gPooled[o, win] · patch(winner of win in map o)     the patches as rows, picked
     * dpatch(pixel) = Σ_(maps o whose window the pixel won) gPooled[o, win] · w[o]
     * dx           += col2imᵀ(dpatch)
     * </pre>
     * A quarter of the dense products' multiply-adds, the same terms added in another order.
     */
    private void backwardThroughWinners(float[] x, int n, int height, int width, float[] w, float[] y,
                                        float[] gPooled, float[] gw, float[] gb, float[] gx) {
        int outH = outSize(height), outW = outSize(width), pixels = outH * outW, windows = (outH / 2) * (outW / 2);
        int rows = inChannels * kernel * kernel, imageSize = inChannels * height * width;
        parameterWorkspaces(height, width, outH, outW);   // patches [P][K], gradWeightRows [O][K]
        if (routedCount == null || routedCount.length != pixels) {
            routedCount = new int[pixels];
            routedGrads = new float[pixels * outChannels];
            routedChannels = new int[pixels * outChannels];
        }
        if (gx != null) {
            weightRows = Gemm.rows(weightRows, outChannels, rows);
            gradPatches = Gemm.rows(gradPatches, pixels, rows);
            for (int o = 0; o < outChannels; o++) {
                System.arraycopy(w, o * rows, weightRows[o], 0, rows);
            }
        }
        for (int s = 0; s < n; s++) {
            int gBase = s * outChannels * windows;
            unroll.im2colTransposed(x, s * imageSize, height, width, outW, pixels, patches);
            int[] winners = winnersOf(s, n, y, outH, outW);
            int wBase = winners == keptWinners ? gBase : 0;
            for (int o = 0; o < outChannels; o++) {   // dw[o] += gPooled[o] · the winners' patches
                int from = gBase + o * windows;
                gb[o] += Gemm.sum(gPooled, from, from + windows);
                Gemm.addPickedRows(gPooled, from, winners, wBase + o * windows, windows, patches, gradWeightRows[o],
                        rows);
            }
            if (gx != null) {
                patchGradients(gPooled, gBase, winners, wBase, windows, pixels, rows);
                unroll.col2imTransposed(gradPatches, height, width, outW, pixels, gx, s * imageSize);
            }
        }
        addGradWeightRows(rows, gw);
    }

    /** gradPatches[pixel] = Σ over the maps o whose window the pixel won: gPooled[o, win] · w[o], maps in order. */
    private void patchGradients(float[] gPooled, int gBase, int[] winners, int wBase, int windows, int pixels,
                                int rows) {
        Arrays.fill(routedCount, 0);
        for (int o = 0; o < outChannels; o++) {
            for (int win = 0; win < windows; win++) {
                int pixel = winners[wBase + o * windows + win], at = pixel * outChannels + routedCount[pixel]++;
                routedGrads[at] = gPooled[gBase + o * windows + win];
                routedChannels[at] = o;
            }
        }
        for (int pixel = 0; pixel < pixels; pixel++) {
            Arrays.fill(gradPatches[pixel], 0, rows, 0f);
            Gemm.addPickedRows(routedGrads, pixel * outChannels, routedChannels, pixel * outChannels,
                    routedCount[pixel], weightRows, gradPatches[pixel], rows);
        }
    }

    /**
     * dL/dw and dL/db through a tanh (scaled or not) and the 2×2 trainable subsampling after the convolution (the 1998
     * network's C1 → f → S2), from the subsampling's output gradient: what {@link #backward} gives for the gradient
     * {@link SubsamplingKernel#backward} and then Tanh's backward pass down, the same values, without those
     * gradients of the whole batch: each image's routed straight into the rows the weight gradient reads
     * ({@code VectorSubsampling.gradientRowsThroughTanh}), which also sums the subsampling's own parameter gradients
     * from the same values as it goes. No dL/dx (a network's first layer); only where
     * {@link #routesThroughSubsampling} says so.
     *
     * @param x the input, {@code (n, inChannels, height, width)}
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param activated the tanh's output, {@code (n, outChannels, outH, outW)}: the subsampling's input
     * @param gPooled dL/d(subsampled), {@code (n, outChannels, outH/2, outW/2)}
     * @param coefficient the subsampling's coefficient per channel
     * @param slope the tanh's slope S (y = A·tanh(S·x))
     * @param amplitude the tanh's amplitude A
     * @param gw the weight's gradient, added to
     * @param gb the bias's gradient, added to
     * @param gradCoefficient the subsampling's coefficient's gradient, added to
     * @param gradOffset the subsampling's bias's gradient, added to
     */
    public void backwardThroughTanhSubsampling(float[] x, int n, int height, int width, float[] activated,
                                               float[] gPooled, float[] coefficient, float slope, float amplitude,
                                               float[] gw, float[] gb, float[] gradCoefficient, float[] gradOffset) {
        routedRowsWeightGradient(x, n, height, width, activated, gPooled, coefficient, slope, amplitude, gw, gb,
                gradCoefficient, gradOffset);
    }

    /**
     * The weight gradient as rows of vectors (conv1), image by image, each image's gradient routed through the 2×2
     * pooling after the convolution straight into the rows it reads: through max pooling from y, the pooling's input,
     * when coefficient is null ({@code VectorMaxPool.gradientRows}); else through a tanh and the trainable
     * subsampling, y the tanh's output ({@code VectorSubsampling.gradientRowsThroughTanh}, which adds the
     * subsampling's parameter gradients too). gw and gb added after the batch.
     */
    private void routedRowsWeightGradient(float[] x, int n, int height, int width, float[] y, float[] gPooled,
                                          float[] coefficient, float slope, float amplitude, float[] gw, float[] gb,
                                          float[] gradCoefficient, float[] gradOffset) {
        int outH = outSize(height), outW = outSize(width), pixels = outH * outW;
        int rows = inChannels * kernel * kernel, imageSize = inChannels * height * width;
        parameterWorkspaces(height, width, outH, outW);
        gradientTail = workspace(gradientTail, VectorConvRows.lanes());
        int inLanes = coefficient == null ? 0 : VectorSubsampling.planesThatFit(n * outChannels, outH, outW);
        for (int s = 0; s < n; s++) {
            int yBase = s * outChannels * pixels, gBase = s * outChannels * (outH / 2) * (outW / 2);
            if (coefficient == null) {
                VectorMaxPool.gradientRows(y, yBase, gPooled, gBase, gradientTail, outChannels, outH, outW,
                        gradVectors);
            } else {
                VectorSubsampling.gradientRowsThroughTanh(y, yBase, gPooled, gBase, gradientTail, coefficient, slope,
                        amplitude, outChannels, outH, outW, gradVectors, gradCoefficient, gradOffset,
                        inLanes - s * outChannels);
            }
            VectorConvRows.weightGradient(x, s * imageSize, windowOffsets, stepOffsets, gradVectors, outChannels,
                    weightSums, biasSums);
        }
        if (coefficient != null) {   // the planes the subsampling's own kernel sums in its scalar loop, as it does
            SubsamplingKernel.backwardPlanes(y, gPooled, inLanes, n * outChannels, outChannels, outH, outW, coefficient,
                    gradCoefficient, gradOffset, null);
        }
        addLanes(weightSums, outChannels * rows, gw);
        addLanes(biasSums, outChannels, gb);
    }

    /**
     * {@return whether {@link #backwardThroughTanhSubsampling} takes this input: the output's height and width even,
     * and the weight gradient as rows of vectors (conv1)}
     *
     * @param height the input's height
     * @param width the input's width
     */
    public boolean routesThroughSubsampling(int height, int width) {
        return !coversInput(height, width) && outSize(height) % 2 == 0 && outSize(width) % 2 == 0
                && rowVectorsGradient(inChannels * kernel * kernel, outSize(width));
    }

    /**
     * {@return whether {@link #backwardThroughMaxPool} takes this batch: the output's height and width even, and on
     * the vector kernels either the weight gradient as rows of vectors (conv1) without dx, or the output channels in
     * lanes (conv2) with the last forward's output kept in its lanes for these n images; on the scalar kernels always}
     *
     * @param n the batch size
     * @param height the input's height
     * @param width the input's width
     * @param inputGradient whether dx is wanted
     */
    public boolean routesThroughMaxPool(int n, int height, int width, boolean inputGradient) {
        if (coversInput(height, width)) {
            return false;
        }
        int outH = outSize(height), outW = outSize(width), rows = inChannels * kernel * kernel;
        if (outH % 2 != 0 || outW % 2 != 0) {
            return false;
        }
        if (channelLanesGradient(rows, outW)) {
            return n > 0 && keptLanes == n
                    && laneOutputs.length == n * outH * outW * VectorChannelLanes.width(outChannels);
        }
        return !Kernels.VECTOR || !inputGradient && rowVectorsGradient(rows, outW);
    }

    /**
     * {@link #backwardThroughMaxPool} with the output channels in lanes: per image, the pooled gradient into lanes,
     * routed to each window's winner in the kept output's lanes, the weight gradient from those lanes (as
     * {@link #parameterGradients} does after its transpose), then the gradient out of the lanes into the input
     * gradient's block of rows and the bias from those rows (as {@link #parameterGradients} and
     * {@link #inputGradient} take them from g).
     */
    private void backwardInLanes(float[] x, int n, int height, int width, int outH, int outW, float[] w,
                                 float[] gPooled, float[] gw, float[] gb, float[] gx) {
        int pixels = outH * outW, poolPixels = pixels / 4, imageSize = inChannels * height * width;
        int lanes = VectorChannelLanes.width(outChannels), rows = inChannels * kernel * kernel;
        pooledGradLanes = workspace(pooledGradLanes, poolPixels * lanes);   // lanes past outChannels stay zero
        gradientBlocks(width, pixels);
        for (int s0 = 0; s0 < n; s0 += blockImages) {
            int images = Math.min(blockImages, n - s0);
            for (int t = 0; t < images; t++) {
                int s = s0 + t, at = blockSlack + t * pixels;
                VectorChannelLanes.transpose(gPooled, s * outChannels * poolPixels, outChannels, poolPixels,
                        pooledGradLanes);
                VectorChannelLanes.routeMaxPool(laneOutputs, s * pixels * lanes, outH, outW, lanes, pooledGradLanes,
                        gradTransposed);
                VectorChannelLanes.weightGradient(x, s * imageSize, inChannels, kernel, height, width, outH, outW,
                        gradTransposed, weightSums, lanes);
                for (int o = 0; o < outChannels; o++) {   // out of the lanes; the bias as from g's rows
                    float[] row = blockGradRows[o];
                    for (int pixel = 0; pixel < pixels; pixel++) {
                        row[at + pixel] = gradTransposed[pixel * lanes + o];
                    }
                    gb[o] += Gemm.sum(row, at, at + pixels);
                }
            }
            if (gx != null) {
                addBlockInputGradient(s0, images, w, gx, height, width, outH, outW);
            }
        }
        addChannelLanes(rows, gw);
    }

    /** gw[o·K + k] += weightSums[k·W + o], the channels-in-lanes weight gradient of a batch; then weightSums = 0. */
    private void addChannelLanes(int rows, float[] gw) {
        int w = VectorChannelLanes.width(outChannels);
        for (int o = 0; o < outChannels; o++) {
            for (int k = 0; k < rows; k++) {
                gw[o * rows + k] += weightSums[k * w + o];
            }
        }
        Arrays.fill(weightSums, 0f);
    }

    /**
     * dw += Σ_images g · colᵀ, db += Σ g, with col = im2col(x) [K][P]: per image, as a product with the patches
     * (colᵀ) as rows when K ≥ 64 (conv2's 150), else as partial sums per pixel, two images per pass, added up
     * after the batch (conv1's rows of K = 25 are too short for SIMD). The vector kernels' forms are in the class
     * comment.
     */
    private void parameterGradients(float[] x, int n, float[] g, float[] gw, float[] gb,
                                    int height, int width, int outH, int outW) {
        int pixels = outH * outW, rows = inChannels * kernel * kernel;
        int imageSize = inChannels * height * width;
        for (int s = 0; s < n; s++) {
            int gBase = s * outChannels * pixels;
            if (rowVectorsGradient(rows, outW)) {   // pixels in vector lanes, the input read in place (bias too)
                VectorConvRows.gradientRows(g, gBase, outChannels, outH, outW, gradVectors);
                VectorConvRows.weightGradient(x, s * imageSize, windowOffsets, stepOffsets, gradVectors, outChannels,
                        weightSums, biasSums);
                continue;
            }
            for (int o = 0; o < outChannels; o++) {
                gb[o] += Gemm.sum(g, gBase + o * pixels, gBase + (o + 1) * pixels);
            }
            if (channelLanesGradient(rows, outW)) {   // output channels in vector lanes: no patches to copy
                VectorChannelLanes.transpose(g, gBase, outChannels, pixels, gradTransposed);
                VectorChannelLanes.weightGradient(x, s * imageSize, inChannels, kernel, height, width, outH, outW,
                        gradTransposed, weightSums, VectorChannelLanes.width(outChannels));
                continue;
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
        if (rowVectorsGradient(rows, outW)) {
            addLanes(weightSums, outChannels * rows, gw);
            addLanes(biasSums, outChannels, gb);
        } else if (channelLanesGradient(rows, outW)) {
            addChannelLanes(rows, gw);
        } else if (longPatches(rows)) {
            addGradWeightRows(rows, gw);
        } else {
            Gemm.addRowSums(weightPartials, gw, 0);
        }
    }

    /** gw[o·K + k] += gradWeightRows[o][k], the weight gradient of a batch as rows; then gradWeightRows = 0. */
    private void addGradWeightRows(int rows, float[] gw) {
        for (int o = 0; o < outChannels; o++) {
            float[] row = gradWeightRows[o];
            for (int k = 0; k < rows; k++) {
                gw[o * rows + k] += row[k];
            }
            Arrays.fill(row, 0f);
        }
    }

    /** to[i] += the sum of lanes[i·L .. (i + 1)·L) for i &lt; count, L = VectorConvRows' lanes; then lanes = 0. */
    private static void addLanes(float[] lanes, int count, float[] to) {
        int l = VectorConvRows.lanes();
        for (int i = 0; i < count; i++) {
            float sum = 0f;
            for (int lane = 0; lane < l; lane++) {
                sum += lanes[i * l + lane];
            }
            to[i] += sum;
        }
        Arrays.fill(lanes, 0f);
    }

    /**
     * dx += col2im(wᵀ · g), for blocks of images side by side (as forward: longer rows for the product). On the
     * vector kernels with stride 1 and no padding, col2im adds whole vectors of input pixels
     * ({@link VectorIm2col#col2imRows}), reading up to a vector's width past each end of the block's images (lanes
     * it leaves out): the product's rows get that many columns more before the first image and after the last.
     */
    private void inputGradient(int n, float[] w, float[] g, float[] gx, int height, int width, int outH, int outW) {
        int pixels = outH * outW;
        gradientBlocks(width, pixels);
        for (int s0 = 0; s0 < n; s0 += blockImages) {
            int images = Math.min(blockImages, n - s0);
            for (int t = 0; t < images; t++) {
                for (int o = 0; o < outChannels; o++) {
                    System.arraycopy(g, ((s0 + t) * outChannels + o) * pixels, blockGradRows[o],
                            blockSlack + t * pixels, pixels);
                }
            }
            addBlockInputGradient(s0, images, w, gx, height, width, outH, outW);
        }
    }

    /**
     * Lays out the input gradient's blocks for this geometry: {@code blockImages} images side by side after
     * {@code blockSlack} columns (col2im as vectors when {@code blockInVectors}), blockGradRows and
     * blockGradColumns sized for them.
     */
    private void gradientBlocks(int width, int pixels) {
        int rows = inChannels * kernel * kernel;
        blockImages = imagesPerBlock(pixels);
        blockInVectors = vectorsInPlace() && kernel - 1 <= VectorIm2col.slack();
        blockSlack = blockInVectors ? VectorIm2col.slack() : 0;   // columns before the first image
        int after = blockInVectors ? width + blockSlack : 0;      // and after the last
        float[][] columnsBefore = blockGradColumns, rowsBefore = blockGradRows;
        blockGradColumns = Gemm.rows(blockGradColumns, rows, blockSlack + blockImages * pixels + after);
        blockGradRows = Gemm.rows(blockGradRows, outChannels, blockSlack + blockImages * pixels);
        if (readers != null && (blockGradColumns != columnsBefore || blockGradRows != rowsBefore)) {
            // new rows: those each input map's product reads and writes
            int area = kernel * kernel;
            readerRows = new float[inChannels][][];
            channelColumns = new float[inChannels][][];
            for (int c = 0; c < inChannels; c++) {
                readerRows[c] = new float[readers[c].length][];
                for (int t = 0; t < readers[c].length; t++) {
                    readerRows[c][t] = blockGradRows[readers[c][t]];
                }
                channelColumns[c] = Arrays.copyOfRange(blockGradColumns, c * area, (c + 1) * area);
            }
        }
    }

    /**
     * dx of images s0 .. s0 + images − 1, whose g is in blockGradRows: dcol = wᵀ · g, then col2im. The callers run
     * a batch's blocks from s0 = 0, where the kernels that {@link #skipZeroKernels} keeps are gathered from w.
     */
    private void addBlockInputGradient(int s0, int images, float[] w, float[] gx, int height, int width, int outH,
                                       int outW) {
        int pixels = outH * outW, rows = inChannels * kernel * kernel, imageSize = inChannels * height * width;
        int slack = blockSlack;
        if (readers == null) {
            Gemm.multiply(rows, outChannels, w, 0, 1, rows, blockGradRows, blockGradColumns, slack + images * pixels);
        } else {   // input map c's rows from the maps that read it: A(i, t) = w[readers[c][t], c, i]
            int area = kernel * kernel;
            for (int c = 0, at = 0; c < inChannels; at += readers[c].length * area, c++) {
                for (int t = 0; s0 == 0 && t < readers[c].length; t++) {   // gathered once a batch, at its first block
                    System.arraycopy(w, (readers[c][t] * inChannels + c) * area, readerWeights, at + t * area, area);
                }
                Gemm.multiply(area, readers[c].length, readerWeights, at, 1, area, readerRows[c], channelColumns[c],
                        slack + images * pixels);
            }
        }
        for (int t = 0; t < images; t++) {
            if (blockInVectors) {
                VectorIm2col.col2imRows(blockGradColumns, slack + t * pixels, inChannels, kernel, height, width,
                        outH, outW, gx, (s0 + t) * imageSize);
            } else {
                unroll.col2im(blockGradColumns, t * pixels, height, width, outH, outW, gx, (s0 + t) * imageSize);
            }
        }
    }

    /**
     * How many images a product puts side by side, for rows of at least 400 values: long rows run faster
     * (docs/performance.md). conv2: 3 images in forward (rows of 136 on the input-wide grid), 4 in the input
     * gradient (rows of 100); conv1: one.
     */
    private static int imagesPerBlock(int span) {
        return Math.max(1, (400 + span - 1) / span);
    }

    /**
     * Values per image in a row of forward's product. With stride 1 and no padding (LeNet-5), forward computes
     * the output on a grid as wide as the input ({@link Im2col#im2colWide}): (outH − 1)·width + outW values, of which
     * the outW of each row are kept. Otherwise the output's own outH·outW pixels.
     */
    private int span(int width, int outH, int outW) {
        return stride == 1 && padding == 0 ? (outH - 1) * width + outW : outH * outW;
    }

    /** Sizes the parameter gradients' row workspaces for {@code pixels} output pixels, for the path K takes. */
    private void parameterWorkspaces(int height, int width, int outH, int outW) {
        int rows = inChannels * kernel * kernel, pixels = outH * outW;
        if (rowVectorsGradient(rows, outW)) {
            int l = VectorConvRows.lanes();
            windowOffsets = VectorConvRows.offsets(windowOffsets, inChannels, kernel, height, width);
            stepOffsets = VectorConvRows.stepOffsets(stepOffsets, outH, outW, width);
            if (gradVectors == null || gradVectors.length != outChannels * stepOffsets.length * l) {
                gradVectors = new float[outChannels * stepOffsets.length * l];
            }
            if (weightSums == null || weightSums.length != outChannels * rows * l) {
                weightSums = new float[outChannels * rows * l];
                biasSums = new float[outChannels * l];
            }
        } else if (channelLanesGradient(rows, outW)) {
            int w = VectorChannelLanes.width(outChannels);
            if (gradTransposed == null || gradTransposed.length != pixels * w) {
                gradTransposed = new float[pixels * w];   // lanes past outChannels stay zero
                weightSums = new float[rows * w];
            }
        } else if (longPatches(rows)) {
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

    /**
     * Whether the vector kernels' forms that read the input in place can run: the Vector API kernels, stride 1 and
     * no padding (every window inside the image, window (i, j) at input row i and column j).
     */
    private boolean vectorsInPlace() {
        return Kernels.VECTOR && stride == 1 && padding == 0;
    }

    /**
     * Whether the weight gradient runs with the output channels in vector lanes ({@link VectorChannelLanes}):
     * on the vector kernels, for long patches, stride 1 and no padding, unless it runs as rows of vectors.
     */
    private boolean channelLanesGradient(int rows, int outW) {
        return vectorsInPlace() && longPatches(rows) && !rowVectorsGradient(rows, outW);
    }

    /**
     * Whether the weight gradient runs with output pixels in vector lanes, reading the input in place
     * ({@link VectorConvRows#weightGradient}): on the vector kernels, stride 1, no padding, output rows of at least
     * a vector, and short patches (conv1's K = 25) or fewer output channels than a vector has lanes (conv1 on RGB
     * input, K = 75: its 6 channels would leave most lanes of {@link #channelLanesGradient} empty).
     */
    private boolean rowVectorsGradient(int rows, int outW) {
        return vectorsInPlace() && VectorConvRows.fits(outW)
                && (!longPatches(rows) || outChannels < VectorChannelLanes.width(1));
    }

    /**
     * Whether forward runs with the output channels in vector lanes ({@link VectorChannelLanes#forward5}): on the
     * vector kernels, for 5×5 windows, stride 1, no padding and a vector's worth of output channels or 8 (conv2's
     * 16, and its halves of 8 in a two-thread {@code LatencyPredictor}: half the lanes of AVX-512 empty still beat
     * the im2col product; conv1's 6 would leave more empty and runs as {@link VectorConvRows}).
     */
    private boolean channelLanesForward() {
        return vectorsInPlace() && kernel == 5 && outChannels >= Math.min(VectorChannelLanes.width(1), 8);
    }

    /**
     * Whether forward reads the input in place with output pixels in vector lanes ({@link VectorConvRows}): on
     * the vector kernels, stride 1, no padding, output rows of at least a vector, and fewer output channels than
     * {@link #channelLanesForward} takes (conv1).
     */
    private boolean rowVectorsForward(int outW) {
        return vectorsInPlace() && !channelLanesForward() && VectorConvRows.fits(outW);
    }

    /** Whether the window covers the whole input: one output pixel, the layer is fully connected. */
    private boolean coversInput(int height, int width) {
        return padding == 0 && kernel == height && kernel == width;
    }

    private LinearKernel wholeInput() {
        if (wholeInput == null) {
            wholeInput = new LinearKernel(inChannels * kernel * kernel, outChannels);
        }
        return wholeInput;
    }

    private int outSize(int size) {
        return (size + 2 * padding - kernel) / stride + 1;
    }
}
