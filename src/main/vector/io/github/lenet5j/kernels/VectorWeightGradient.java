package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A convolution's weight gradient with the output channels in the lanes of a vector, for {@link ConvKernel} on
 * the vector kernels (stride 1, no padding, K = C·k² ≥ 64: LeNet-5's conv2), used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link Kernels} decides; this class is not loaded otherwise).
 * <pre>
 * sums[(c·k + p)·k + q][o] += Σ_{i &lt; outH, j &lt; outW} gT[i·outW + j][o] · x[c, i + p, j + q]
 * </pre>
 * gT is the image's output gradient transposed, one row of {@link #width} values per output pixel. For each
 * window row (c, p) the k sums of all output channels stay in registers while the pixels go by: a pixel costs
 * one vector load of gT and one new input value (the window slides by one), against the product over im2col's
 * transposed patches, which first copied K values per pixel. Each sum is the same chain of fused multiply-adds
 * over the pixels in order as that product's, so the gradient is the same to the bit.
 */
final class VectorWeightGradient {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private VectorWeightGradient() {
    }

    /** {@return the values in a row of gT and of the sums: outChannels rounded up to whole vectors} */
    static int width(int outChannels) {
        return (outChannels + L - 1) / L * L;
    }

    /** gT[pixel·w + o] = g[gBase + o·pixels + pixel], w = {@link #width}; the lanes past outChannels stay zero. */
    static void transpose(float[] g, int gBase, int outChannels, int pixels, float[] gT) {
        int w = width(outChannels);
        for (int o = 0; o < outChannels; o++) {
            for (int pixel = 0, from = gBase + o * pixels; pixel < pixels; pixel++) {
                gT[pixel * w + o] = g[from + pixel];
            }
        }
    }

    /**
     * sums[((c·k + p)·k + q)·w + o] += Σ_{i, j} gT[(i·outW + j)·w + o] · x[xBase + (c·height + i + p)·width + j + q]
     * for all c &lt; inChannels, p, q &lt; k, o &lt; w (stride 1, no padding: every window inside the image).
     */
    static void accumulate(float[] x, int xBase, int inChannels, int k, int height, int width, int outH, int outW,
                           float[] gT, float[] sums, int w) {
        for (int lane = 0; lane < w; lane += L) {
            for (int c = 0; c < inChannels; c++) {
                for (int p = 0; p < k; p++) {
                    int row = (c * k + p) * k * w + lane, input = xBase + (c * height + p) * width;
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
