package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
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
 * multiply-adds over (c, p, q) in order, so the results are the same to the bit.
 */
final class VectorConvRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private VectorConvRows() {
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
     * y at yBase, {@code (outChannels, outH, outW)}; w {@code (outChannels, inChannels, k, k)}; offsets from
     * {@link #offsets} for this geometry.
     */
    static void forward(float[] x, int xBase, int[] offsets, int k, int height, int width, float[] w, float[] b,
                        int outChannels, float[] y, int yBase) {
        int outH = height - k + 1, outW = width - k + 1, pixels = outH * outW, kk = offsets.length;
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j += 2 * L) {
                int ja = Math.min(j, outW - L), jb = Math.min(j + L, outW - L);   // the row's last vectors overlap
                int o = 0;
                for (; o + 6 <= outChannels; o += 6) {
                    tile6(x, xBase + i * width, ja, jb, offsets, w, o * kk, kk, b, o, y,
                            yBase + o * pixels + i * outW, pixels);
                }
                for (; o < outChannels; o++) {
                    tile1(x, xBase + i * width, ja, jb, offsets, w, o * kk, b[o], y,
                            yBase + o * pixels + i * outW);
                }
            }
        }
    }

    /** Six output channels (o .. o+5) at columns [ja, ja + L) and [jb, jb + L) of one output row. */
    private static void tile6(float[] x, int row, int ja, int jb, int[] offsets, float[] w, int w0, int kk,
                              float[] b, int o, float[] y, int out, int pixels) {
        FloatVector l0 = FloatVector.broadcast(SPECIES, b[o]), h0 = l0;
        FloatVector l1 = FloatVector.broadcast(SPECIES, b[o + 1]), h1 = l1;
        FloatVector l2 = FloatVector.broadcast(SPECIES, b[o + 2]), h2 = l2;
        FloatVector l3 = FloatVector.broadcast(SPECIES, b[o + 3]), h3 = l3;
        FloatVector l4 = FloatVector.broadcast(SPECIES, b[o + 4]), h4 = l4;
        FloatVector l5 = FloatVector.broadcast(SPECIES, b[o + 5]), h5 = l5;
        // one loop over (c, p, q): JDK 17 keeps vectors that live across nested loops on the heap
        for (int t = 0, wk = w0; t < offsets.length; t++, wk++) {
            int at = row + offsets[t];
            FloatVector lo = FloatVector.fromArray(SPECIES, x, at + ja);
            FloatVector hi = FloatVector.fromArray(SPECIES, x, at + jb);
            FloatVector v = FloatVector.broadcast(SPECIES, w[wk]);
            l0 = v.fma(lo, l0);
            h0 = v.fma(hi, h0);
            v = FloatVector.broadcast(SPECIES, w[wk + kk]);
            l1 = v.fma(lo, l1);
            h1 = v.fma(hi, h1);
            v = FloatVector.broadcast(SPECIES, w[wk + 2 * kk]);
            l2 = v.fma(lo, l2);
            h2 = v.fma(hi, h2);
            v = FloatVector.broadcast(SPECIES, w[wk + 3 * kk]);
            l3 = v.fma(lo, l3);
            h3 = v.fma(hi, h3);
            v = FloatVector.broadcast(SPECIES, w[wk + 4 * kk]);
            l4 = v.fma(lo, l4);
            h4 = v.fma(hi, h4);
            v = FloatVector.broadcast(SPECIES, w[wk + 5 * kk]);
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

    /** One output channel (the last outChannels mod 6) at columns [ja, ja + L) and [jb, jb + L) of one row. */
    private static void tile1(float[] x, int row, int ja, int jb, int[] offsets, float[] w, int w0, float bias,
                              float[] y, int out) {
        FloatVector l0 = FloatVector.broadcast(SPECIES, bias), h0 = l0;
        for (int t = 0, wk = w0; t < offsets.length; t++, wk++) {
            FloatVector v = FloatVector.broadcast(SPECIES, w[wk]);
            l0 = v.fma(FloatVector.fromArray(SPECIES, x, row + offsets[t] + ja), l0);
            h0 = v.fma(FloatVector.fromArray(SPECIES, x, row + offsets[t] + jb), h0);
        }
        l0.intoArray(y, out + ja);
        h0.intoArray(y, out + jb);
    }
}
