package io.github.lenet5j.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPoolKernel#forward}'s window maxima with the Vector API when the winners are not kept (inference), L
 * windows of a row at a time (L the vector length); used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link Kernels} decides).
 *
 * <p>The maximum of the two rows first (2L values, two vectors: no shuffling), then of each pair of neighbours:
 * the even and the odd columns are split apart by two permutations and a blend each.
 * <pre>
 * v = max(top row, bottom row)                       columns 2j and 2j+1 of v hold window j's two column maxima
 * y = max(even columns of v, odd columns of v)
 * </pre>
 * The same values as the scalar loop's running maximum (a maximum is one of its inputs, in any order; a NaN
 * anywhere gives NaN). The two-vector {@code rearrange(shuffle, vector)} would split the columns in one call, but
 * JDK 17 does not compile it to instructions (9 ns a window in a probe, against 0.9 for the permutations and
 * blends). A row's last vector may cover windows past the row's end: its extra lanes are written to the next
 * row's outputs, which that row then overwrites; a row whose vectors would read or write past the planes given
 * is left to the scalar loop ({@link #maxima} returns where it stopped).
 */
final class VectorMaxPool {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final VectorShuffle<Float> EVEN = halves(0);   // lanes i and L/2 + i: column 2i of a vector
    private static final VectorShuffle<Float> ODD = halves(1);    // column 2i + 1
    private static final VectorMask<Float> HIGH = high();         // lanes L/2 .. L-1

    private VectorMaxPool() {
    }

    /** Lane i and lane L/2 + i both take column 2i + parity of one vector, for the blend of two vectors' halves. */
    private static VectorShuffle<Float> halves(int parity) {
        int[] lanes = new int[L];
        for (int i = 0; i < L; i++) {
            lanes[i] = 2 * (i % (L / 2)) + parity;
        }
        return VectorShuffle.fromArray(SPECIES, lanes, 0);
    }

    private static VectorMask<Float> high() {
        boolean[] lanes = new boolean[L];
        for (int i = L / 2; i < L; i++) {
            lanes[i] = true;
        }
        return VectorMask.fromArray(SPECIES, lanes, 0);
    }

    /**
     * The window maxima of planes [0, planes) of x, as {@link MaxPoolKernel#forward}, up to the first output row
     * that whole vectors cannot do within the planes; the caller does the rest. A row of at most L/2 windows
     * (S4's 5) takes one vector of each input row.
     *
     * @param x the input planes, {@code height × width} each
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param y the output planes, {@code height/2 × width/2} each
     * @return the number of output rows done, counted over all planes (plane · height/2 + row)
     */
    static int maxima(float[] x, int planes, int height, int width, float[] y) {
        int outH = height / 2, outW = width / 2, rows = planes * outH;
        int inputEnd = planes * height * width, outputEnd = planes * outH * outW;
        for (int r = 0; r < rows; r++) {
            int top = (r / outH) * height * width + 2 * (r % outH) * width, out = r * outW;
            if (outW <= L / 2) {   // the row's windows fit in half a vector (S4's 5): one vector of each row
                if (top + width + L > inputEnd || out + L > outputEnd) {
                    return r;
                }
                halfWindows(x, top, width, y, out);
                continue;
            }
            for (int j = 0; j < outW; j += L) {
                if (top + 2 * j + width + 2 * L > inputEnd || out + j + L > outputEnd) {
                    return r;
                }
                windows(x, top + 2 * j, width, y, out + j);
            }
        }
        return rows;
    }

    /** L/2 windows from one vector of each row (lanes 0 to L/2 − 1 of the result; the rest is not used). */
    private static void halfWindows(float[] x, int at, int width, float[] y, int out) {
        FloatVector v = FloatVector.fromArray(SPECIES, x, at).max(FloatVector.fromArray(SPECIES, x, at + width));
        v.rearrange(EVEN).max(v.rearrange(ODD)).intoArray(y, out);
    }

    /** L windows: their top-left corners at x[at], x[at + 2], …; their maxima to y[out], y[out + 1], …. */
    private static void windows(float[] x, int at, int width, float[] y, int out) {
        FloatVector v0 = FloatVector.fromArray(SPECIES, x, at).max(FloatVector.fromArray(SPECIES, x, at + width));
        FloatVector v1 = FloatVector.fromArray(SPECIES, x, at + L).max(FloatVector.fromArray(SPECIES, x, at + width + L));
        FloatVector even = v0.rearrange(EVEN).blend(v1.rearrange(EVEN), HIGH);
        FloatVector odd = v0.rearrange(ODD).blend(v1.rearrange(ODD), HIGH);
        even.max(odd).intoArray(y, out);
    }
}
