package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * col2im with the Vector API, for {@link ConvKernel}'s input gradient when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link Kernels} decides; this class is not loaded otherwise).
 *
 * <p>Each input pixel gathers k·k terms from k·k rows of col, each row's output row shifted by one more pixel.
 * Added one row at a time, each vector store would be read back one lane over by the next row's load (a partial
 * overlap that the CPU cannot forward from the store: measured 3× slower); here a vector of input pixels is loaded
 * once per window row, gets its k terms in registers and is stored once. C2 alone keeps these loops scalar (the
 * offsets differ). docs/performance-rounds.md, round 14, says why col stays on the output's own grid.
 */
final class VectorIm2col {
    private static final VectorSpecies<Float> SPECIES = VectorMaxPool.SPECIES;
    private static final int L = SPECIES.length();

    private VectorIm2col() {
    }

    /**
     * The adjoint of {@link Im2col#im2col} (stride 1, no padding), col on the output's own grid:
     * gx[c, i + p, j + q] += col[(c·k + p)·k + q][colOff + i·outW + j] for i &lt; outH, j &lt; outW. One input row
     * (c, y) at a time, L pixels x a vector: each window row p that reaches it (output row i = y − p) adds that
     * row of its k col rows, shifted q pixels for column q, the lanes x with x − q outside [0, outW) left as they
     * are. The lanes past the row's end (the next row's first pixels) get no term and are stored back as they were
     * loaded; the last vector of gx, which would run past its end, is added pixel by pixel. Each pixel's terms come
     * in {@link Im2col#col2im}'s order (p ascending; q descending for 5×5 windows, else ascending), so the sums are
     * its sums to the bit.
     *
     * <p>col's rows are read from colOff − (k − 1) to colOff + outH·outW + (width − outW) + L, whole vectors: the
     * caller leaves {@link #slack} columns on each side of its images (their values land only in lanes left out).
     */
    static void col2imRows(float[][] col, int colOff, int inChannels, int k, int height, int width, int outH, int outW,
                           float[] gx, int xBase) {
        for (int c = 0; c < inChannels; c++) {
            for (int y = 0; y < height; y++) {
                int dst = xBase + (c * height + y) * width;
                int pFirst = Math.max(0, y - outH + 1), pLast = Math.min(k - 1, y);
                for (int x = 0; x < width; x += L) {
                    if (dst + x + L > gx.length) {   // the end of gx: the row's last pixels one at a time
                        addPixels(col, colOff, c, k, outW, y, pFirst, pLast, x, width, gx, dst);
                        break;
                    } else if (k == 5) {
                        addRows5(col, colOff, c, outW, y, pFirst, pLast, x, gx, dst + x);
                    } else {
                        for (int p = pFirst; p <= pLast; p++) {
                            for (int q = 0; q < k; q++) {   // col2im's order: q ascending (5×5: descending)
                                FloatVector.fromArray(SPECIES, gx, dst + x)
                                        .add(FloatVector.fromArray(SPECIES, col[(c * k + p) * k + q],
                                                colOff + (y - p) * outW + x - q), inRow(x - q, outW))
                                        .intoArray(gx, dst + x);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #col2imRows} for 5×5 windows, one vector of pixels at gx[at..]: per window row p, the five shifted terms
     * added in registers between one load and one store (a vector carried from one p to the next would be boxed by
     * JDK 17's C2: it allocated in every step).
     */
    private static void addRows5(float[][] col, int colOff, int c, int outW, int y, int pFirst, int pLast, int x,
                                 float[] gx, int at) {
        VectorMask<Float> m0 = inRow(x, outW), m1 = inRow(x - 1, outW), m2 = inRow(x - 2, outW);
        VectorMask<Float> m3 = inRow(x - 3, outW), m4 = inRow(x - 4, outW);
        for (int p = pFirst; p <= pLast; p++) {
            int first = (c * 5 + p) * 5, from = colOff + (y - p) * outW + x;
            FloatVector.fromArray(SPECIES, gx, at)
                    .add(FloatVector.fromArray(SPECIES, col[first + 4], from - 4), m4)
                    .add(FloatVector.fromArray(SPECIES, col[first + 3], from - 3), m3)
                    .add(FloatVector.fromArray(SPECIES, col[first + 2], from - 2), m2)
                    .add(FloatVector.fromArray(SPECIES, col[first + 1], from - 1), m1)
                    .add(FloatVector.fromArray(SPECIES, col[first], from), m0)
                    .intoArray(gx, at);
        }
    }

    /** {@return the lanes l with 0 ≤ l + shift &lt; outW}: a row of outW values read {@code shift} lanes ahead */
    private static VectorMask<Float> inRow(int shift, int outW) {
        return VectorMaxPool.LANE.compare(VectorOperators.GE, (float) -shift)
                .and(VectorMaxPool.LANE.compare(VectorOperators.LT, (float) (outW - shift)));
    }

    /** {@link #col2imRows} for pixels [x, width) of input row (c, y) at gx[dst..], one at a time, in its order. */
    private static void addPixels(float[][] col, int colOff, int c, int k, int outW, int y, int pFirst, int pLast,
                                  int x, int width, float[] gx, int dst) {
        for (int pixel = x; pixel < width; pixel++) {
            float sum = gx[dst + pixel];
            for (int p = pFirst; p <= pLast; p++) {
                for (int t = 0; t < k; t++) {
                    int q = k == 5 ? k - 1 - t : t, j = pixel - q;
                    if (j >= 0 && j < outW) {
                        sum += col[(c * k + p) * k + q][colOff + (y - p) * outW + j];
                    }
                }
            }
            gx[dst + pixel] = sum;
        }
    }

    /** {@return the columns that {@link #col2imRows} reads on each side of col's images: a vector's width} */
    static int slack() {
        return L;
    }
}
