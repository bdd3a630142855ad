package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A convolution's forward pass with output pixels in the lanes of a vector, read straight from the input (no
 * im2col), for {@link ConvKernel} on the vector kernels when there are fewer output channels than lanes (LeNet-5's
 * conv1: 6 maps of 28×28), stride 1, no padding and output rows of at least one vector; used when the JVM runs
 * with {@code --add-modules jdk.incubator.vector} ({@link Kernels} decides; this class is not loaded otherwise).
 * <pre>
 * y[o, i, j..j+L) = b[o] + Σ_{c,p,q} w[o,c,p,q] · x[c, i + p, j + q .. j + q + L)
 * </pre>
 * Tiles of six output channels by two vectors of a row: twelve sums in registers, and for each weight position
 * (c, p, q) two vector loads of the input (at columns j + q) feed twelve multiply-adds, as the im2col product's
 * tiles do, without writing im2col's K copies of the input first or copying the output rows out after. A row whose
 * width is not a whole number of vectors ends with a vector that overlaps the one before it (conv1's 28 columns:
 * vectors at 0 and 12), which writes the same values twice. Each sum is the im2col product's chain of fused
 * multiply-adds over (c, p, q) in order, so the results are the same to the bit. The weights come transposed, wT
 * {@code (K, outChannels)}: a tile's six weights of one position are neighbours (w[wk], w[wk + 1], …), which one
 * image on JDK 17 runs 5 – 10% faster than six weights K apart (docs/performance-rounds.md, round 15).
 *
 * <p>The weight gradient of the same convolutions ({@link #weightGradient}: conv1, whose K = 25 weights per output
 * channel are too few for {@link VectorChannelLanes}, and whose six output channels on RGB input, K = 75, would
 * leave most of its lanes empty) reads the input in place the same way: for weight (c, p, q) and
 * output channel o, a vector of sums per lane of output pixels, dw[o, c, p, q] += g[o, i, j..j+L) · x[c, i + p,
 * j + q .. j + q + L), added up over the lanes after the batch. Six output channels by two weights at a time, twelve
 * sums in registers; g is first copied a vector a step with the lanes a row's last vector shares with the one
 * before set to 0, so that no product counts twice. It replaces im2col's copies and the partial sums per pixel of
 * {@link VectorGemm#multiplyTransposedPartial}, adding in another order (results agree to float rounding).
 */
final class VectorConvRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final FloatVector LANE = FloatVector.zero(SPECIES).addIndex(1);   // 0, 1, …, L − 1

    private VectorConvRows() {
    }

    /** {@return the lanes of a vector: the sums per weight that {@link #weightGradient} keeps} */
    static int lanes() {
        return L;
    }

    /** {@return whether rows of outW pixels take this path: at least one whole vector} */
    static boolean fits(int outW) {
        return outW >= L;
    }

    /**
     * {@return where weight (c, p, q) finds its input, from the start of an output row's input row:
     * offsets[(c·k + p)·k + q] = (c·height + p)·width + q} In {@code current} if it has the length, else in a new array.
     */
    static int[] offsets(int[] current, int inChannels, int k, int height, int width) {
        int[] offsets = current != null && current.length == inChannels * k * k ? current : new int[inChannels * k * k];
        for (int c = 0, t = 0; c < inChannels; c++) {
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++, t++) {
                    offsets[t] = (c * height + p) * width + q;
                }
            }
        }
        return offsets;
    }

    /**
     * y = w ∗ x + b for one image (stride 1, no padding, outW ≥ L): x at xBase, {@code (inChannels, height, width)};
     * y at yBase, {@code (outChannels, outH, outW)}; w the weights transposed,
     * {@code (inChannels·k·k, outChannels)}; offsets from {@link #offsets} for this geometry.
     */
    static void forward(float[] x, int xBase, int[] offsets, int k, int height, int width, float[] w, float[] b,
                        int outChannels, float[] y, int yBase) {
        int outH = height - k + 1, outW = width - k + 1, pixels = outH * outW;
        for (int i = 0; i < outH; i++) {
            outputRow(x, xBase + i * width, outW, offsets, w, b, outChannels, y, yBase + i * outW, pixels);
        }
    }

    /**
     * {@link #forward}'s output max-pooled (2×2 windows, stride 2; an odd last row or column dropped) without
     * storing it: each pair of output rows goes into {@code rows}, a workspace of {@link #pooledRowsLength} floats
     * that stays in the L1 cache, and is pooled from there by {@link VectorMaxPool#windows} into {@code pooled}, a
     * workspace of {@link #pooledLength} floats (a plane's last vector of windows may reach past its plane, into
     * the space kept after it); the caller copies each plane out. The same sums as forward's (the same tiles), so
     * the same maxima as pooling forward's output. Training needs forward's output too (the pooling's backward
     * finds each window's winner in it): given a y, each pair of rows is also copied there, at yBase,
     * {@code (outChannels, outH, outW)} with outH even; pooling it from the rows in L1 instead of from y later saves
     * reading y back.
     */
    static void forwardPooled(float[] x, int xBase, int[] offsets, int k, int height, int width, float[] w, float[] b,
                              int outChannels, float[] rows, float[] pooled, float[] y, int yBase) {
        int outW = width - k + 1, poolH = (height - k + 1) / 2, poolW = outW / 2, plane = poolH * poolW + L;
        int pixels = (height - k + 1) * outW;
        for (int r = 0; r < poolH; r++) {
            int top = xBase + 2 * r * width;
            outputRow(x, top, outW, offsets, w, b, outChannels, rows, 0, 2 * outW);
            outputRow(x, top + width, outW, offsets, w, b, outChannels, rows, outW, 2 * outW);
            for (int o = 0; o < outChannels; o++) {
                if (y != null) {   // channel o's two rows, side by side in rows as in y
                    System.arraycopy(rows, 2 * o * outW, y, yBase + o * pixels + 2 * r * outW, 2 * outW);
                }
                for (int j = 0; j < poolW; j += L) {
                    int first = poolW < L ? 0 : Math.min(j, poolW - L);   // a row's last vector ends at its end
                    VectorMaxPool.windows(rows, 2 * (o * outW + first), outW, pooled, o * plane + r * poolW + first);
                }
            }
        }
    }

    /** {@return the workspace {@link #forwardPooled} needs for its rows: two output rows per channel, and 2L} */
    static int pooledRowsLength(int outChannels, int outW) {
        return 2 * outChannels * outW + 2 * L;
    }

    /** {@return the workspace {@link #forwardPooled} writes: each channel's pooled plane and L floats after it} */
    static int pooledLength(int outChannels, int poolH, int poolW) {
        return outChannels * (poolH * poolW + L);
    }

    /**
     * One output row of every channel: row at x[row..], y for channel o at out + o·channelStride; tiles of six
     * channels, then three, then one, each over the row's vectors two at a time.
     */
    private static void outputRow(float[] x, int row, int outW, int[] offsets, float[] w, float[] b, int outChannels,
                                  float[] y, int out, int channelStride) {
        for (int j = 0; j < outW; j += 2 * L) {
            int ja = Math.min(j, outW - L), jb = Math.min(j + L, outW - L);   // the row's last vectors overlap
            int o = 0;
            for (; o + 6 <= outChannels; o += 6) {
                tile6(x, row, ja, jb, offsets, w, o, outChannels, b, o, y, out + o * channelStride, channelStride);
            }
            for (; o + 3 <= outChannels; o += 3) {
                tile3(x, row, ja, jb, offsets, w, o, outChannels, b, o, y, out + o * channelStride, channelStride);
            }
            for (; o < outChannels; o++) {
                tile1(x, row, ja, jb, offsets, w, o, outChannels, b[o], y, out + o * channelStride);
            }
        }
    }

    /**
     * Six output channels (o .. o+5) at columns [ja, ja + L) and [jb, jb + L) of one output row; their weights of
     * window position t at w[w0 + t·tapStep ..] (wT, tapStep = outChannels).
     */
    private static void tile6(float[] x, int row, int ja, int jb, int[] offsets, float[] w, int w0, int tapStep,
                              float[] b, int o, float[] y, int out, int pixels) {
        FloatVector l0 = FloatVector.broadcast(SPECIES, b[o]), h0 = l0;
        FloatVector l1 = FloatVector.broadcast(SPECIES, b[o + 1]), h1 = l1;
        FloatVector l2 = FloatVector.broadcast(SPECIES, b[o + 2]), h2 = l2;
        FloatVector l3 = FloatVector.broadcast(SPECIES, b[o + 3]), h3 = l3;
        FloatVector l4 = FloatVector.broadcast(SPECIES, b[o + 4]), h4 = l4;
        FloatVector l5 = FloatVector.broadcast(SPECIES, b[o + 5]), h5 = l5;
        // one loop over (c, p, q): JDK 17 keeps vectors that live across nested loops on the heap
        for (int t = 0, wk = w0; t < offsets.length; t++, wk += tapStep) {
            int at = row + offsets[t];
            FloatVector lo = FloatVector.fromArray(SPECIES, x, at + ja);
            FloatVector hi = FloatVector.fromArray(SPECIES, x, at + jb);
            FloatVector v = FloatVector.broadcast(SPECIES, w[wk]);
            l0 = v.fma(lo, l0);
            h0 = v.fma(hi, h0);
            v = FloatVector.broadcast(SPECIES, w[wk + 1]);
            l1 = v.fma(lo, l1);
            h1 = v.fma(hi, h1);
            v = FloatVector.broadcast(SPECIES, w[wk + 2]);
            l2 = v.fma(lo, l2);
            h2 = v.fma(hi, h2);
            v = FloatVector.broadcast(SPECIES, w[wk + 3]);
            l3 = v.fma(lo, l3);
            h3 = v.fma(hi, h3);
            v = FloatVector.broadcast(SPECIES, w[wk + 4]);
            l4 = v.fma(lo, l4);
            h4 = v.fma(hi, h4);
            v = FloatVector.broadcast(SPECIES, w[wk + 5]);
            l5 = v.fma(lo, l5);
            h5 = v.fma(hi, h5);
        }
        l0.intoArray(y, out + ja);
        h0.intoArray(y, out + jb);
        l1.intoArray(y, out + pixels + ja);
        h1.intoArray(y, out + pixels + jb);
        l2.intoArray(y, out + 2 * pixels + ja);
        h2.intoArray(y, out + 2 * pixels + jb);
        l3.intoArray(y, out + 3 * pixels + ja);
        h3.intoArray(y, out + 3 * pixels + jb);
        l4.intoArray(y, out + 4 * pixels + ja);
        h4.intoArray(y, out + 4 * pixels + jb);
        l5.intoArray(y, out + 5 * pixels + ja);
        h5.intoArray(y, out + 5 * pixels + jb);
    }

    /**
     * Three output channels (o .. o+2) at columns [ja, ja + L) and [jb, jb + L) of one output row: six sums in
     * registers, enough chains of multiply-adds to keep the CPU's units busy (one channel's two are not): a
     * LatencyPredictor's half of conv1 on two threads. tile6 with its six channels does not run as two of these:
     * that measured 3–7% slower on inference (each input load then feeds six multiply-adds instead of twelve).
     */
    private static void tile3(float[] x, int row, int ja, int jb, int[] offsets, float[] w, int w0, int tapStep,
                              float[] b, int o, float[] y, int out, int pixels) {
        FloatVector l0 = FloatVector.broadcast(SPECIES, b[o]), h0 = l0;
        FloatVector l1 = FloatVector.broadcast(SPECIES, b[o + 1]), h1 = l1;
        FloatVector l2 = FloatVector.broadcast(SPECIES, b[o + 2]), h2 = l2;
        for (int t = 0, wk = w0; t < offsets.length; t++, wk += tapStep) {
            int at = row + offsets[t];
            FloatVector lo = FloatVector.fromArray(SPECIES, x, at + ja);
            FloatVector hi = FloatVector.fromArray(SPECIES, x, at + jb);
            FloatVector v = FloatVector.broadcast(SPECIES, w[wk]);
            l0 = v.fma(lo, l0);
            h0 = v.fma(hi, h0);
            v = FloatVector.broadcast(SPECIES, w[wk + 1]);
            l1 = v.fma(lo, l1);
            h1 = v.fma(hi, h1);
            v = FloatVector.broadcast(SPECIES, w[wk + 2]);
            l2 = v.fma(lo, l2);
            h2 = v.fma(hi, h2);
        }
        l0.intoArray(y, out + ja);
        h0.intoArray(y, out + jb);
        l1.intoArray(y, out + pixels + ja);
        h1.intoArray(y, out + pixels + jb);
        l2.intoArray(y, out + 2 * pixels + ja);
        h2.intoArray(y, out + 2 * pixels + jb);
    }

    /** One output channel (the last outChannels mod 3) at columns [ja, ja + L) and [jb, jb + L) of one row. */
    private static void tile1(float[] x, int row, int ja, int jb, int[] offsets, float[] w, int w0, int tapStep,
                              float bias, float[] y, int out) {
        FloatVector l0 = FloatVector.broadcast(SPECIES, bias), h0 = l0;
        for (int t = 0, wk = w0; t < offsets.length; t++, wk += tapStep) {
            FloatVector v = FloatVector.broadcast(SPECIES, w[wk]);
            l0 = v.fma(FloatVector.fromArray(SPECIES, x, row + offsets[t] + ja), l0);
            h0 = v.fma(FloatVector.fromArray(SPECIES, x, row + offsets[t] + jb), h0);
        }
        l0.intoArray(y, out + ja);
        h0.intoArray(y, out + jb);
    }

    /**
     * {@return where step s of {@link #weightGradient} finds its input, from the image's start: the input of
     * output row i's vector v, offsets[s] = i·width + its first column} A row's last vector overlaps the one before
     * when outW is not a multiple of L (conv1's 28 columns: vectors at 0 and 12). In {@code current} if it has the
     * length, else in a new array.
     */
    static int[] stepOffsets(int[] current, int outH, int outW, int width) {
        int perRow = (outW + L - 1) / L, steps = outH * perRow;
        int[] offsets = current != null && current.length == steps ? current : new int[steps];
        for (int s = 0; s < steps; s++) {
            offsets[s] = (s / perRow) * width + Math.min((s % perRow) * L, outW - L);
        }
        return offsets;
    }

    /**
     * One image's g as {@link #weightGradient} reads it: a vector a step and channel, the channels of a step side by
     * side, gRows[(s·outChannels + o)·L + lane] = g[o, i, column + lane] for step s's output row i and first
     * column, with 0 in the lanes a row's last vector shares with the one before (so no product is counted twice).
     * A tile's six channels are then L apart, a constant (docs/performance-rounds.md, round 15).
     */
    static void gradientRows(float[] g, int gBase, int outChannels, int outH, int outW, float[] gRows) {
        int perRow = (outW + L - 1) / L;
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0, step = 0; i < outH; i++) {
                for (int v = 0; v < perRow; v++, step++) {
                    int column = Math.min(v * L, outW - L), shared = v * L - column;
                    FloatVector.fromArray(SPECIES, g, gBase + (o * outH + i) * outW + column)
                            .blend(0f, LANE.compare(VectorOperators.LT, (float) shared))   // one store: no stalls
                            .intoArray(gRows, (step * outChannels + o) * L);
                }
            }
        }
    }

    /**
     * dL/dw and dL/db of one image, per lane, added to {@code weightSums} [O·K][L] and {@code biasSums} [O][L]
     * (the caller adds the lanes up after the batch):
     * <pre>
     * weightSums[o, t] += Σ_s gRows[o, s] · x[xBase + stepOffsets[s] + offsets[t] .. + L)     t = (c, p, q)
     * biasSums[o]      += Σ_s gRows[o, s]
     * </pre>
     * Six output channels by two weights at a time: twelve sums in registers, and for each step two vector loads of
     * the input (at the two weights' offsets) and six of g feed twelve multiply-adds. The im2col product it replaces
     * copied the input K times first.
     */
    static void weightGradient(float[] x, int xBase, int[] offsets, int[] stepOffsets, float[] gRows, int outChannels,
                               float[] weightSums, float[] biasSums) {
        int kk = offsets.length, steps = stepOffsets.length, stepStride = outChannels * L;
        for (int o = 0; o < outChannels; o++) {   // two chains of adds: each waits on its last add
            FloatVector even = FloatVector.fromArray(SPECIES, biasSums, o * L), odd = FloatVector.zero(SPECIES);
            int s = 0, at = o * L;
            for (; s + 2 <= steps; s += 2, at += 2 * stepStride) {
                even = even.add(FloatVector.fromArray(SPECIES, gRows, at));
                odd = odd.add(FloatVector.fromArray(SPECIES, gRows, at + stepStride));
            }
            if (s < steps) {
                even = even.add(FloatVector.fromArray(SPECIES, gRows, at));
            }
            even.add(odd).intoArray(biasSums, o * L);
        }
        int o = 0;
        for (; o + 6 <= outChannels; o += 6) {
            for (int t = 0; t < kk; t += 2) {
                int t2 = Math.min(t + 1, kk - 1);   // an odd K's last weight pairs with itself: two equal sums
                gradient6x2(x, xBase + offsets[t], xBase + offsets[t2], stepOffsets, gRows, o * L, stepStride,
                        weightSums, (o * kk + t) * L, (o * kk + t2) * L, kk * L);
            }
        }
        for (; o < outChannels; o++) {
            for (int t = 0; t < kk; t++) {
                gradient1(x, xBase + offsets[t], stepOffsets, gRows, o * L, stepStride, weightSums, (o * kk + t) * L);
            }
        }
    }

    /**
     * Output channels o .. o+5 (their g of step s at gRows[g0 + s·stepStride + k·L]) by two weights (their input
     * from xa and xb): sums at weightSums[wa + k·wStride] and [wb + k·wStride]. When both are the same weight, both
     * sums are the same and written to the same place.
     */
    private static void gradient6x2(float[] x, int xa, int xb, int[] stepOffsets, float[] gRows, int g0, int stepStride,
                                    float[] weightSums, int wa, int wb, int wStride) {
        FloatVector a0 = FloatVector.fromArray(SPECIES, weightSums, wa);
        FloatVector b0 = FloatVector.fromArray(SPECIES, weightSums, wb);
        FloatVector a1 = FloatVector.fromArray(SPECIES, weightSums, wa + wStride);
        FloatVector b1 = FloatVector.fromArray(SPECIES, weightSums, wb + wStride);
        FloatVector a2 = FloatVector.fromArray(SPECIES, weightSums, wa + 2 * wStride);
        FloatVector b2 = FloatVector.fromArray(SPECIES, weightSums, wb + 2 * wStride);
        FloatVector a3 = FloatVector.fromArray(SPECIES, weightSums, wa + 3 * wStride);
        FloatVector b3 = FloatVector.fromArray(SPECIES, weightSums, wb + 3 * wStride);
        FloatVector a4 = FloatVector.fromArray(SPECIES, weightSums, wa + 4 * wStride);
        FloatVector b4 = FloatVector.fromArray(SPECIES, weightSums, wb + 4 * wStride);
        FloatVector a5 = FloatVector.fromArray(SPECIES, weightSums, wa + 5 * wStride);
        FloatVector b5 = FloatVector.fromArray(SPECIES, weightSums, wb + 5 * wStride);
        for (int s = 0, at = g0; s < stepOffsets.length; s++, at += stepStride) {
            FloatVector xa1 = FloatVector.fromArray(SPECIES, x, xa + stepOffsets[s]);
            FloatVector xb1 = FloatVector.fromArray(SPECIES, x, xb + stepOffsets[s]);
            FloatVector g = FloatVector.fromArray(SPECIES, gRows, at);
            a0 = g.fma(xa1, a0);
            b0 = g.fma(xb1, b0);
            g = FloatVector.fromArray(SPECIES, gRows, at + L);
            a1 = g.fma(xa1, a1);
            b1 = g.fma(xb1, b1);
            g = FloatVector.fromArray(SPECIES, gRows, at + 2 * L);
            a2 = g.fma(xa1, a2);
            b2 = g.fma(xb1, b2);
            g = FloatVector.fromArray(SPECIES, gRows, at + 3 * L);
            a3 = g.fma(xa1, a3);
            b3 = g.fma(xb1, b3);
            g = FloatVector.fromArray(SPECIES, gRows, at + 4 * L);
            a4 = g.fma(xa1, a4);
            b4 = g.fma(xb1, b4);
            g = FloatVector.fromArray(SPECIES, gRows, at + 5 * L);
            a5 = g.fma(xa1, a5);
            b5 = g.fma(xb1, b5);
        }
        a0.intoArray(weightSums, wa);
        b0.intoArray(weightSums, wb);
        a1.intoArray(weightSums, wa + wStride);
        b1.intoArray(weightSums, wb + wStride);
        a2.intoArray(weightSums, wa + 2 * wStride);
        b2.intoArray(weightSums, wb + 2 * wStride);
        a3.intoArray(weightSums, wa + 3 * wStride);
        b3.intoArray(weightSums, wb + 3 * wStride);
        a4.intoArray(weightSums, wa + 4 * wStride);
        b4.intoArray(weightSums, wb + 4 * wStride);
        a5.intoArray(weightSums, wa + 5 * wStride);
        b5.intoArray(weightSums, wb + 5 * wStride);
    }

    /** One output channel (its g of step s at gRows[g0 + s·stepStride]) by one weight (its input from xa). */
    private static void gradient1(float[] x, int xa, int[] stepOffsets, float[] gRows, int g0, int stepStride,
                                  float[] weightSums, int w0) {
        FloatVector a = FloatVector.fromArray(SPECIES, weightSums, w0);
        for (int s = 0, at = g0; s < stepOffsets.length; s++, at += stepStride) {
            FloatVector g = FloatVector.fromArray(SPECIES, gRows, at);
            a = g.fma(FloatVector.fromArray(SPECIES, x, xa + stepOffsets[s]), a);
        }
        a.intoArray(weightSums, w0);
    }
}
