package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A convolution's forward pass and weight gradient with the output channels in the lanes of a vector, for
 * {@link ConvKernel} on the vector kernels (stride 1, no padding; LeNet-5's conv2, whose 16 output maps fill a
 * 512-bit vector), used when the JVM runs with {@code --add-modules jdk.incubator.vector} ({@link Kernels}
 * decides; this class is not loaded otherwise).
 * <pre>
 * forward          yT[i·outW + j][o]     = b[o] + Σ_{c,p,q} wT[(c·k + p)·k + q][o] · x[c, i + p, j + q]
 * weight gradient  sums[(c·k + p)·k + q][o] += Σ_{i,j} gT[i·outW + j][o] · x[c, i + p, j + q]
 * </pre>
 * Arrays with a T are transposed: a row of {@link #width} values per output pixel (or per weight, a vector of
 * them at a time: {@link #weightsInLanes}), the output channels side by side. The input is read where it is: no
 * im2col copy, and no columns that wrap (the input-wide grid's 36% extra work for conv2). Every sum is the same
 * chain of fused multiply-adds, in the same order, as the product over im2col that it replaces, so the results are
 * the same to the bit.
 */
final class VectorChannelLanes {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private VectorChannelLanes() {
    }

    /** {@return the values in a transposed row: outChannels rounded up to whole vectors} */
    static int width(int outChannels) {
        return (outChannels + L - 1) / L * L;
    }

    /**
     * The forward pass of one image for 5×5 windows: yT[(i·outW + j)·w + o] = b[o] + Σ_{c,p,q} wT(k, o) ·
     * x[xBase + (c·height + i + p)·width + j + q], k = (c·5 + p)·5 + q, the sum over (c, p, q) in order, wT as
     * {@link #weightsInLanes} lays it out. Five pixels of a row at a time ({@link #pixels5}), then the rest of the
     * row one by one.
     */
    static void forward5(float[] x, int xBase, int inChannels, int height, int width, int outH, int outW,
                         float[] wT, float[] bias, int w, float[] yT, int yBase) {
        for (int lane = 0; lane < w; lane += L) {
            for (int i = 0; i < outH; i++) {
                int j = 0;
                for (; j + 10 <= outW; j += 10) {
                    pixels10(x, xBase + i * width + j, inChannels, height, width, wT, bias, lane, w, yT,
                            yBase + (i * outW + j) * w + lane);
                }
                for (; j + 5 <= outW; j += 5) {
                    pixels5(x, xBase + i * width + j, inChannels, height, width, wT, bias, lane, w, yT,
                            yBase + (i * outW + j) * w + lane);
                }
                for (; j < outW; j++) {
                    pixel1(x, xBase + i * width + j, inChannels, height, width, wT, bias, lane, w, yT,
                            yBase + (i * outW + j) * w + lane);
                }
            }
        }
    }

    /**
     * Five neighbouring pixels of a row, their five vectors of sums in registers: for each window row (c, p) the
     * five weight vectors (q = 0..4) and the nine input values under the five windows feed 25 multiply-adds.
     * The bias comes in as an array: a vector argument of a method that C2 does not inline would be an object,
     * and so would every sum that starts from it (measured on JDK 17 and 25: half the speed).
     */
    private static void pixels5(float[] x, int corner, int inChannels, int height, int width, float[] wT,
                                float[] bias, int lane, int w, float[] yT, int at) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, bias, lane), s1 = s0, s2 = s0, s3 = s0, s4 = s0;
        for (int cp = 0, rows = inChannels * 5, block = lane * rows * 5; cp < rows; cp++) {
            int from = corner + (cp / 5 * height + cp % 5) * width, wr = block + cp * 5 * L;
            FloatVector w0 = FloatVector.fromArray(SPECIES, wT, wr), w1 = FloatVector.fromArray(SPECIES, wT, wr + L);
            FloatVector w2 = FloatVector.fromArray(SPECIES, wT, wr + 2 * L), w3 = FloatVector.fromArray(SPECIES, wT, wr + 3 * L);
            FloatVector w4 = FloatVector.fromArray(SPECIES, wT, wr + 4 * L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, x[from]), x1 = FloatVector.broadcast(SPECIES, x[from + 1]);
            FloatVector x2 = FloatVector.broadcast(SPECIES, x[from + 2]), x3 = FloatVector.broadcast(SPECIES, x[from + 3]);
            FloatVector x4 = FloatVector.broadcast(SPECIES, x[from + 4]);
            s0 = w4.fma(x4, w3.fma(x3, w2.fma(x2, w1.fma(x1, w0.fma(x0, s0)))));
            FloatVector x5 = FloatVector.broadcast(SPECIES, x[from + 5]);
            s1 = w4.fma(x5, w3.fma(x4, w2.fma(x3, w1.fma(x2, w0.fma(x1, s1)))));
            FloatVector x6 = FloatVector.broadcast(SPECIES, x[from + 6]);
            s2 = w4.fma(x6, w3.fma(x5, w2.fma(x4, w1.fma(x3, w0.fma(x2, s2)))));
            FloatVector x7 = FloatVector.broadcast(SPECIES, x[from + 7]);
            s3 = w4.fma(x7, w3.fma(x6, w2.fma(x5, w1.fma(x4, w0.fma(x3, s3)))));
            FloatVector x8 = FloatVector.broadcast(SPECIES, x[from + 8]);
            s4 = w4.fma(x8, w3.fma(x7, w2.fma(x6, w1.fma(x5, w0.fma(x4, s4)))));
        }
        s0.intoArray(yT, at);
        s1.intoArray(yT, at + w);
        s2.intoArray(yT, at + 2 * w);
        s3.intoArray(yT, at + 3 * w);
        s4.intoArray(yT, at + 4 * w);
    }

    /**
     * Ten neighbouring pixels of a row (conv2's whole row of 10), as {@link #pixels5} does five: ten chains of
     * multiply-adds in flight instead of five (each sum's five multiply-adds a window row wait on one another, and
     * five chains leave the FMA pipes idle part of the time), and the fourteen input values under the ten windows
     * for the five weight vectors. Each sum is the same chain as in pixels5: the same bits.
     */
    private static void pixels10(float[] x, int corner, int inChannels, int height, int width, float[] wT,
                                 float[] bias, int lane, int w, float[] yT, int at) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, bias, lane), s1 = s0, s2 = s0, s3 = s0, s4 = s0;
        FloatVector s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0;
        for (int cp = 0, rows = inChannels * 5, block = lane * rows * 5; cp < rows; cp++) {
            int from = corner + (cp / 5 * height + cp % 5) * width, wr = block + cp * 5 * L;
            FloatVector w0 = FloatVector.fromArray(SPECIES, wT, wr), w1 = FloatVector.fromArray(SPECIES, wT, wr + L);
            FloatVector w2 = FloatVector.fromArray(SPECIES, wT, wr + 2 * L), w3 = FloatVector.fromArray(SPECIES, wT, wr + 3 * L);
            FloatVector w4 = FloatVector.fromArray(SPECIES, wT, wr + 4 * L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, x[from]), x1 = FloatVector.broadcast(SPECIES, x[from + 1]);
            FloatVector x2 = FloatVector.broadcast(SPECIES, x[from + 2]), x3 = FloatVector.broadcast(SPECIES, x[from + 3]);
            FloatVector x4 = FloatVector.broadcast(SPECIES, x[from + 4]);
            s0 = w4.fma(x4, w3.fma(x3, w2.fma(x2, w1.fma(x1, w0.fma(x0, s0)))));
            FloatVector x5 = FloatVector.broadcast(SPECIES, x[from + 5]);
            s1 = w4.fma(x5, w3.fma(x4, w2.fma(x3, w1.fma(x2, w0.fma(x1, s1)))));
            FloatVector x6 = FloatVector.broadcast(SPECIES, x[from + 6]);
            s2 = w4.fma(x6, w3.fma(x5, w2.fma(x4, w1.fma(x3, w0.fma(x2, s2)))));
            FloatVector x7 = FloatVector.broadcast(SPECIES, x[from + 7]);
            s3 = w4.fma(x7, w3.fma(x6, w2.fma(x5, w1.fma(x4, w0.fma(x3, s3)))));
            FloatVector x8 = FloatVector.broadcast(SPECIES, x[from + 8]);
            s4 = w4.fma(x8, w3.fma(x7, w2.fma(x6, w1.fma(x5, w0.fma(x4, s4)))));
            FloatVector x9 = FloatVector.broadcast(SPECIES, x[from + 9]);
            s5 = w4.fma(x9, w3.fma(x8, w2.fma(x7, w1.fma(x6, w0.fma(x5, s5)))));
            x0 = FloatVector.broadcast(SPECIES, x[from + 10]);
            s6 = w4.fma(x0, w3.fma(x9, w2.fma(x8, w1.fma(x7, w0.fma(x6, s6)))));
            x1 = FloatVector.broadcast(SPECIES, x[from + 11]);
            s7 = w4.fma(x1, w3.fma(x0, w2.fma(x9, w1.fma(x8, w0.fma(x7, s7)))));
            x2 = FloatVector.broadcast(SPECIES, x[from + 12]);
            s8 = w4.fma(x2, w3.fma(x1, w2.fma(x0, w1.fma(x9, w0.fma(x8, s8)))));
            x3 = FloatVector.broadcast(SPECIES, x[from + 13]);
            s9 = w4.fma(x3, w3.fma(x2, w2.fma(x1, w1.fma(x0, w0.fma(x9, s9)))));
        }
        s0.intoArray(yT, at);
        s1.intoArray(yT, at + w);
        s2.intoArray(yT, at + 2 * w);
        s3.intoArray(yT, at + 3 * w);
        s4.intoArray(yT, at + 4 * w);
        s5.intoArray(yT, at + 5 * w);
        s6.intoArray(yT, at + 6 * w);
        s7.intoArray(yT, at + 7 * w);
        s8.intoArray(yT, at + 8 * w);
        s9.intoArray(yT, at + 9 * w);
    }

    /** One pixel (the rest of a row after its groups of five), in {@link #pixels5}'s one loop over (c, p). */
    private static void pixel1(float[] x, int corner, int inChannels, int height, int width, float[] wT,
                               float[] bias, int lane, int w, float[] yT, int at) {
        FloatVector s = FloatVector.fromArray(SPECIES, bias, lane);
        for (int cp = 0, rows = inChannels * 5, block = lane * rows * 5; cp < rows; cp++) {
            int from = corner + (cp / 5 * height + cp % 5) * width, wr = block + cp * 5 * L;
            s = FloatVector.fromArray(SPECIES, wT, wr).fma(FloatVector.broadcast(SPECIES, x[from]), s);
            s = FloatVector.fromArray(SPECIES, wT, wr + L).fma(FloatVector.broadcast(SPECIES, x[from + 1]), s);
            s = FloatVector.fromArray(SPECIES, wT, wr + 2 * L).fma(FloatVector.broadcast(SPECIES, x[from + 2]), s);
            s = FloatVector.fromArray(SPECIES, wT, wr + 3 * L).fma(FloatVector.broadcast(SPECIES, x[from + 3]), s);
            s = FloatVector.fromArray(SPECIES, wT, wr + 4 * L).fma(FloatVector.broadcast(SPECIES, x[from + 4]), s);
        }
        s.intoArray(yT, at);
    }

    /**
     * One image's output in lanes max-pooled (2×2 windows, stride 2; an odd last row or column dropped):
     * pooledT[(r·(outW/2) + c)·w + o] = the maximum of yT over pixels (2r + p, 2c + q), p, q ∈ {0, 1}, every lane o
     * at once (a maximum is one of its inputs, whatever the order: the same values as pooling the maps).
     */
    static void maxPool(float[] yT, int yBase, int outH, int outW, int w, float[] pooledT) {
        int poolW = outW / 2;
        for (int r = 0; r < outH / 2; r++) {
            for (int c = 0; c < poolW; c++) {
                int top = yBase + (2 * r * outW + 2 * c) * w, bottom = top + outW * w, to = (r * poolW + c) * w;
                for (int lane = 0; lane < w; lane += L) {
                    FloatVector upper = FloatVector.fromArray(SPECIES, yT, top + lane)
                            .max(FloatVector.fromArray(SPECIES, yT, top + w + lane));
                    FloatVector lower = FloatVector.fromArray(SPECIES, yT, bottom + lane)
                            .max(FloatVector.fromArray(SPECIES, yT, bottom + w + lane));
                    upper.max(lower).intoArray(pooledT, to + lane);
                }
            }
        }
    }

    /**
     * The gradient through {@link #maxPool}: gT[(i·outW + j)·w + o] = gpT[window·w + o] where pixel (i, j) is its
     * window's winner in channel o, else 0, every lane o at once; the winner is the first of the window's four
     * values (row-major) equal to its maximum, or the last when none is (a NaN in the window), as
     * {@code VectorMaxPool.backward} finds it in a map. Lanes past the channels get 0 (gpT's are 0 there).
     *
     * @param yT the output in lanes, from yBase, as forward5 wrote it
     * @param gpT the pooled output's gradient in lanes, {@code [outH/2 · outW/2][w]}
     * @param gT the output's gradient in lanes, {@code [outH · outW][w]}, every value written
     */
    static void routeMaxPool(float[] yT, int yBase, int outH, int outW, int w, float[] gpT, float[] gT) {
        int poolW = outW / 2;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int r = 0; r < outH / 2; r++) {
            for (int c = 0; c < poolW; c++) {
                int top = (2 * r * outW + 2 * c) * w, bottom = top + outW * w, window = (r * poolW + c) * w;
                for (int lane = 0; lane < w; lane += L) {
                    FloatVector a = FloatVector.fromArray(SPECIES, yT, yBase + top + lane);
                    FloatVector b = FloatVector.fromArray(SPECIES, yT, yBase + top + w + lane);
                    FloatVector c0 = FloatVector.fromArray(SPECIES, yT, yBase + bottom + lane);
                    FloatVector d = FloatVector.fromArray(SPECIES, yT, yBase + bottom + w + lane);
                    FloatVector m = a.max(c0).max(b.max(d));
                    VectorMask<Float> wa = a.eq(m), wb = b.eq(m).andNot(wa), before = wa.or(wb);
                    VectorMask<Float> wc = c0.eq(m).andNot(before), wd = before.or(wc).not();
                    FloatVector g = FloatVector.fromArray(SPECIES, gpT, window + lane);
                    zero.blend(g, wa).intoArray(gT, top + lane);
                    zero.blend(g, wb).intoArray(gT, top + w + lane);
                    zero.blend(g, wc).intoArray(gT, bottom + lane);
                    zero.blend(g, wd).intoArray(gT, bottom + w + lane);
                }
            }
        }
    }

    /**
     * wT(k, o) = w[o·rows + k] at wT[((o / L)·rows + k)·L + o mod L]: each vector of output channels a block of
     * rows·L values, so that forward finds a window row's five weight vectors L apart, a constant (one image on
     * JDK 17 up to 6% faster than with them w apart; docs/performance-rounds.md, round 15). With one vector of
     * channels (conv2's 16 on AVX-512) it is {@link #transpose}'s layout. Lanes past outChannels are left as
     * they are (zeros in a new array).
     */
    static void weightsInLanes(float[] w, int outChannels, int rows, float[] wT) {
        for (int o = 0; o < outChannels; o++) {
            for (int k = 0; k < rows; k++) {
                wT[((o / L) * rows + k) * L + o % L] = w[o * rows + k];
            }
        }
    }

    /** gT[pixel·w + o] = g[gBase + o·pixels + pixel], w = {@link #width}: one image's output gradient, transposed. */
    static void transpose(float[] g, int gBase, int outChannels, int pixels, float[] gT) {
        int w = width(outChannels);
        for (int o = 0; o < outChannels; o++) {
            for (int pixel = 0, from = gBase + o * pixels; pixel < pixels; pixel++) {
                gT[pixel * w + o] = g[from + pixel];
            }
        }
    }

    /**
     * The weight gradient of one image: sums[((c·k + p)·k + q)·w + o] += Σ_{i,j} gT[(i·outW + j)·w + o] ·
     * x[xBase + (c·height + i + p)·width + j + q], each sum over the pixels in order. For each window row (c, p) the
     * k sums of all output channels stay in registers while the pixels go by: a pixel costs one vector load of gT
     * and one new input value (the window slides by one).
     */
    static void weightGradient(float[] x, int xBase, int inChannels, int k, int height, int width, int outH, int outW,
                           float[] gT, float[] sums, int w) {
        for (int lane = 0; lane < w; lane += L) {
            for (int c = 0; c < inChannels; c++) {
                for (int p = 0; p < k; p++) {
                    int row = (c * k + p) * k * w + lane, input = xBase + (c * height + p) * width;
                    if (k == 5 && outW % 5 == 0) {
                        windowRow5Pixels5(x, input, width, outH, outW, gT, lane, w, sums, row);
                        continue;
                    }
                    if (k == 5) {
                        windowRow5(x, input, width, outH, outW, gT, lane, w, sums, row);
                        continue;
                    }
                    for (int q = 0; q < k; q++) {
                        windowColumn(x, input + q, width, outH, outW, gT, lane, w, sums, row + q * w);
                    }
                }
            }
        }
    }

    /** One weight's sums (one window position) over the pixels, in one loop (see {@link #windowRow5}). */
    private static void windowColumn(float[] x, int input, int width, int outH, int outW, float[] gT, int lane,
                                     int w, float[] sums, int at) {
        FloatVector s = FloatVector.fromArray(SPECIES, sums, at);
        int from = input, j = 0;
        for (int pixel = lane, end = lane + outH * outW * w; pixel < end; pixel += w) {
            s = FloatVector.fromArray(SPECIES, gT, pixel).fma(FloatVector.broadcast(SPECIES, x[from + j]), s);
            if (++j == outW) {
                j = 0;
                from += width;
            }
        }
        s.intoArray(sums, at);
    }

    /**
     * One window row of five, for rows of a multiple of five pixels (conv2's 10), five pixels at a time: five
     * vectors of sums in registers, and per five pixels their five g vectors and the nine input values under their
     * windows (broadcast straight from memory, a load each) feed 25 multiply-adds, as {@link #pixels5} does forward.
     * Each sum still takes the pixels in order: the same bits as {@link #windowRow5}, which broadcasts each input
     * value from a register (a shuffle on the CPU) for one multiply-add each.
     */
    private static void windowRow5Pixels5(float[] x, int input, int width, int outH, int outW, float[] gT, int lane,
                                          int w, float[] sums, int row) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, sums, row);
        FloatVector s1 = FloatVector.fromArray(SPECIES, sums, row + w);
        FloatVector s2 = FloatVector.fromArray(SPECIES, sums, row + 2 * w);
        FloatVector s3 = FloatVector.fromArray(SPECIES, sums, row + 3 * w);
        FloatVector s4 = FloatVector.fromArray(SPECIES, sums, row + 4 * w);
        int from = input, j = 0;   // one loop over groups of five pixels (JDK 17: no vectors across nested loops)
        for (int pixel = lane, end = lane + outH * outW * w; pixel < end; pixel += 5 * w) {
            FloatVector g0 = FloatVector.fromArray(SPECIES, gT, pixel);
            FloatVector g1 = FloatVector.fromArray(SPECIES, gT, pixel + w);
            FloatVector g2 = FloatVector.fromArray(SPECIES, gT, pixel + 2 * w);
            FloatVector g3 = FloatVector.fromArray(SPECIES, gT, pixel + 3 * w);
            FloatVector g4 = FloatVector.fromArray(SPECIES, gT, pixel + 4 * w);
            int at = from + j;
            FloatVector x0 = FloatVector.broadcast(SPECIES, x[at]), x1 = FloatVector.broadcast(SPECIES, x[at + 1]);
            FloatVector x2 = FloatVector.broadcast(SPECIES, x[at + 2]), x3 = FloatVector.broadcast(SPECIES, x[at + 3]);
            FloatVector x4 = FloatVector.broadcast(SPECIES, x[at + 4]);
            s0 = g4.fma(x4, g3.fma(x3, g2.fma(x2, g1.fma(x1, g0.fma(x0, s0)))));
            FloatVector x5 = FloatVector.broadcast(SPECIES, x[at + 5]);
            s1 = g4.fma(x5, g3.fma(x4, g2.fma(x3, g1.fma(x2, g0.fma(x1, s1)))));
            FloatVector x6 = FloatVector.broadcast(SPECIES, x[at + 6]);
            s2 = g4.fma(x6, g3.fma(x5, g2.fma(x4, g1.fma(x3, g0.fma(x2, s2)))));
            FloatVector x7 = FloatVector.broadcast(SPECIES, x[at + 7]);
            s3 = g4.fma(x7, g3.fma(x6, g2.fma(x5, g1.fma(x4, g0.fma(x3, s3)))));
            FloatVector x8 = FloatVector.broadcast(SPECIES, x[at + 8]);
            s4 = g4.fma(x8, g3.fma(x7, g2.fma(x6, g1.fma(x5, g0.fma(x4, s4)))));
            j += 5;
            if (j == outW) {   // the next output row: its windows start one input row down
                j = 0;
                from += width;
            }
        }
        s0.intoArray(sums, row);
        s1.intoArray(sums, row + w);
        s2.intoArray(sums, row + 2 * w);
        s3.intoArray(sums, row + 3 * w);
        s4.intoArray(sums, row + 4 * w);
    }

    /** One window row of five: five vectors of sums in registers, the input's five values sliding along. */
    private static void windowRow5(float[] x, int input, int width, int outH, int outW, float[] gT, int lane, int w,
                                   float[] sums, int row) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, sums, row);
        FloatVector s1 = FloatVector.fromArray(SPECIES, sums, row + w);
        FloatVector s2 = FloatVector.fromArray(SPECIES, sums, row + 2 * w);
        FloatVector s3 = FloatVector.fromArray(SPECIES, sums, row + 3 * w);
        FloatVector s4 = FloatVector.fromArray(SPECIES, sums, row + 4 * w);
        int from = input, j = 0;   // one loop over the pixels: JDK 17 keeps vectors that live across two nested loops on the heap
        float x0 = x[from], x1 = x[from + 1], x2 = x[from + 2], x3 = x[from + 3];
        for (int pixel = lane, end = lane + outH * outW * w; pixel < end; pixel += w) {
            float x4 = x[from + j + 4];
            FloatVector gv = FloatVector.fromArray(SPECIES, gT, pixel);
            s0 = gv.fma(FloatVector.broadcast(SPECIES, x0), s0);
            s1 = gv.fma(FloatVector.broadcast(SPECIES, x1), s1);
            s2 = gv.fma(FloatVector.broadcast(SPECIES, x2), s2);
            s3 = gv.fma(FloatVector.broadcast(SPECIES, x3), s3);
            s4 = gv.fma(FloatVector.broadcast(SPECIES, x4), s4);
            x0 = x1;
            x1 = x2;
            x2 = x3;
            x3 = x4;
            if (++j == outW) {   // the next output row: its window starts one input row down
                j = 0;
                from += width;
                if (pixel + w < end) {
                    x0 = x[from];
                    x1 = x[from + 1];
                    x2 = x[from + 2];
                    x3 = x[from + 3];
                }
            }
        }
        s0.intoArray(sums, row);
        s1.intoArray(sums, row + w);
        s2.intoArray(sums, row + 2 * w);
        s3.intoArray(sums, row + 3 * w);
        s4.intoArray(sums, row + 4 * w);
    }
}
