package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * col2im on the input-wide grid with the Vector API, for {@link ConvKernel}'s input gradient when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link Kernels} decides; this class is not loaded otherwise).
 *
 * <p>The k rows of one window row (c, p) land on the same input row, each shifted by one more pixel. Added one
 * row at a time, each vector store would be read back one lane over by the next row's load (a partial overlap
 * that the CPU cannot forward from the store: measured 3× slower); here each vector of pixels is loaded once,
 * gets its k terms in registers and is stored once. C2 alone keeps these loops scalar (the offsets differ).
 */
final class VectorIm2col {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private VectorIm2col() {
    }

    /**
     * The adjoint of {@link Im2col#im2colWide}: gx[c, p, q + u] += col[(c·k + p)·k + q][colOff + u] for u &lt; span
     * (stride 1, no padding). For that, col's values at the u that wrap (j ≥ outW) must be zero: they land on
     * pixels that window (i, j) does not reach. Each pixel's terms are added in {@code col2im5}'s order (p
     * ascending, q descending), so the sums are the same to the bit.
     */
    static void col2imWide(float[][] col, int colOff, int inChannels, int k, int height, int width, int span,
                           float[] gx, int xBase) {
        for (int c = 0; c < inChannels; c++) {
            for (int p = 0; p < k; p++) {
                addShiftedRows(col, (c * k + p) * k, k, colOff, gx, xBase + (c * height + p) * width, span);
            }
        }
    }

    /**
     * gx[dst + q + u] += col[first + q][colOff + u] for u &lt; span, q &lt; k, each pixel's terms in descending q.
     * Pixels y = q + u with every q's u in range run as whole vectors (for 5×5 windows with the five rows held in
     * locals); the k − 1 at each end, and the last y mod L, row by row.
     */
    private static void addShiftedRows(float[][] col, int first, int k, int colOff, float[] gx, int dst, int span) {
        int x = k - 1;
        if (k == 5) {
            float[] r0 = col[first], r1 = col[first + 1], r2 = col[first + 2], r3 = col[first + 3], r4 = col[first + 4];
            for (; x + L <= span; x += L) {
                int u = colOff + x;
                FloatVector.fromArray(SPECIES, gx, dst + x)
                        .add(FloatVector.fromArray(SPECIES, r4, u - 4))
                        .add(FloatVector.fromArray(SPECIES, r3, u - 3))
                        .add(FloatVector.fromArray(SPECIES, r2, u - 2))
                        .add(FloatVector.fromArray(SPECIES, r1, u - 1))
                        .add(FloatVector.fromArray(SPECIES, r0, u))
                        .intoArray(gx, dst + x);
            }
        }
        for (; x + L <= span; x += L) {
            FloatVector v = FloatVector.fromArray(SPECIES, gx, dst + x);
            for (int q = k - 1; q >= 0; q--) {
                v = v.add(FloatVector.fromArray(SPECIES, col[first + q], colOff + x - q));
            }
            v.intoArray(gx, dst + x);
        }
        for (int q = k - 1; q >= 0; q--) {   // the pixels left, [0, k − 1) and [x, span + k − 1): row by row
            float[] row = col[first + q];
            for (int y = q; y < Math.min(k - 1, span + q); y++) {
                gx[dst + y] += row[colOff + y - q];
            }
            for (int y = x; y < span + q; y++) {
                gx[dst + y] += row[colOff + y - q];
            }
        }
    }
}
