package io.github.lenet5j.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    static final VectorShuffle<Float> EVEN = halves(0);   // lanes i and L/2 + i: column 2i of a vector
    static final VectorShuffle<Float> ODD = halves(1);    // column 2i + 1
    private static final VectorMask<Float> HIGH = high();         // lanes L/2 .. L-1
    private static final VectorShuffle<Float> SWAP = VectorShuffle.fromOp(SPECIES, i -> i ^ 1);   // 2i ↔ 2i + 1
    static final VectorShuffle<Float> PAIRS = VectorShuffle.fromOp(SPECIES, i -> i / 2);  // lanes 2i, 2i + 1 ← i
    static final VectorMask<Float> EVEN_LANES = VectorMask.fromValues(SPECIES, evenLanes());
    static final FloatVector LANE = FloatVector.zero(SPECIES).addIndex(1);   // 0, 1, …, L − 1

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

    private static boolean[] evenLanes() {
        boolean[] lanes = new boolean[L];
        for (int i = 0; i < L; i += 2) {
            lanes[i] = true;
        }
        return lanes;
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
    static void windows(float[] x, int at, int width, float[] y, int out) {
        FloatVector v0 = FloatVector.fromArray(SPECIES, x, at).max(FloatVector.fromArray(SPECIES, x, at + width));
        FloatVector v1 = FloatVector.fromArray(SPECIES, x, at + L).max(FloatVector.fromArray(SPECIES, x, at + width + L));
        FloatVector even = v0.rearrange(EVEN).blend(v1.rearrange(EVEN), HIGH);
        FloatVector odd = v0.rearrange(ODD).blend(v1.rearrange(ODD), HIGH);
        even.max(odd).intoArray(y, out);
    }

    /**
     * {@link MaxPoolKernel#backward} without kept winners: dx = g at each window's winner and 0 at its other three
     * values, the winner found again from x as the first of its four values (row-major) equal to the window's
     * maximum, or its last value when none is (a NaN in the window), up to the first output row that whole vectors
     * cannot do within the planes; the caller does the rest with the same rule, and the odd last row or column
     * that no window covers. L/2 windows at a time, the two rows of each as the even (left) and odd (right) lanes of
     * two vectors:
     * <pre>
     * m   = max(v, v swapped in pairs), v = max(top, bottom)     each lane: its window's maximum
     * top wins at 2j if top == m; at 2j+1 if top == m and its left neighbour is not
     * bottom wins at 2j if bottom == m and neither top is; at 2j+1 if no other of the four is
     * </pre>
     * Each lane gets g of its window (g's lanes doubled by a permutation) where it wins, else 0: gx is written,
     * never read (no zeroing pass before, no read of it here). A row's last vector may overlap the one before (the
     * same windows, the same values written again); a row shorter than L/2 windows writes 0 to the lanes past its
     * end, which the next rows (or the caller's rest) then write.
     *
     * @return the number of output rows done, counted over all planes
     */
    static int backward(float[] x, float[] g, int planes, int height, int width, float[] gx) {
        int outH = height / 2, outW = width / 2, rows = planes * outH, half = L / 2;
        int inputEnd = planes * height * width, gradEnd = rows * outW;
        for (int r = 0; r < rows; r++) {
            int top = (r / outH) * height * width + 2 * (r % outH) * width, out = r * outW;
            int last = Math.max(0, outW - half);   // the row's last vector's first window: the farthest reach
            if (top + 2 * last + width + L > inputEnd || out + last + L > gradEnd) {
                return r;   // the whole row is left to the caller: its gradients are added, not assigned
            }
            for (int j = 0; j < outW; j += half) {
                int first = Math.max(0, Math.min(j, outW - half));   // the vector's first window
                int at = top + 2 * first;
                route(x, at, width, g, out + first, 0, 2 * (outW - first), gx, at, at + width);
            }
        }
        return rows;
    }

    /**
     * One image's gradient through the 2×2 max pooling after a convolution, written straight into the rows that
     * {@link VectorConvRows#weightGradient} reads, as {@link VectorConvRows#gradientRows} lays them out from the
     * pooling's dx: no dx of the whole batch in memory, nor a pass that copies it. The same values, lane by lane:
     * each window's winner found from y as {@link #backward} finds it. A row's vectors start where gradientRows'
     * do (columns 0, L, …, and outW − L for the last), so the pooling's windows split the same way (outW even, at
     * least L; outH even).
     *
     * @param y the convolution's output, {@code (outChannels, outH, outW)} from yBase: the pooling's input
     * @param g dL/d(pooled), {@code (outChannels, outH/2, outW/2)} from gBase
     * @param tail L floats of scratch, for the last windows of g when a vector read from g would pass its end
     * @param gRows the rows for {@link VectorConvRows#weightGradient}, {@code [outH · perRow][outChannels][L]}
     */
    static void gradientRows(float[] y, int yBase, float[] g, int gBase, float[] tail, int outChannels, int outH,
                             int outW, float[] gRows) {
        int perRow = (outW + L - 1) / L, poolH = outH / 2, poolW = outW / 2;
        for (int o = 0; o < outChannels; o++) {
            for (int r = 0; r < poolH; r++) {
                int top = yBase + (o * outH + 2 * r) * outW, out = gBase + (o * poolH + r) * poolW;
                for (int v = 0; v < perRow; v++) {
                    int column = Math.min(v * L, outW - L), windows = out + column / 2, topStep = 2 * r * perRow + v;
                    float[] from = readable(g, windows, tail);
                    route(y, top + column, outW, from, from == g ? windows : 0, v * L - column, L, gRows,
                            (topStep * outChannels + o) * L, ((topStep + perRow) * outChannels + o) * L);
                }
            }
        }
    }

    /**
     * {@return g, where L values from g[at] are in it; else tail, holding g[at ..] then zeros, to read from 0 (the
     * batch's last windows)}
     */
    static float[] readable(float[] g, int at, float[] tail) {
        if (at + L <= g.length) {
            return g;
        }
        Arrays.fill(tail, 0f);
        System.arraycopy(g, at, tail, 0, g.length - at);
        return tail;
    }

    /**
     * The L/2 windows whose top-left corners are x[at], x[at + 2], …, their gradients g[out], g[out + 1], …: both
     * rows' lanes [from, to) written as each lane's window's gradient or 0, the other lanes 0, the top row's to
     * dx[topAt ..] and the bottom row's to dx[bottomAt ..].
     */
    private static void route(float[] x, int at, int width, float[] g, int out, int from, int to, float[] dx,
                              int topAt, int bottomAt) {
        FloatVector top = FloatVector.fromArray(SPECIES, x, at);
        FloatVector bottom = FloatVector.fromArray(SPECIES, x, at + width);
        FloatVector v = top.max(bottom);
        FloatVector m = v.max(v.rearrange(SWAP));
        VectorMask<Float> topEq = top.eq(m), bottomEq = bottom.eq(m);
        VectorMask<Float> topPairEq = top.rearrange(SWAP).eq(m), bottomPairEq = bottom.rearrange(SWAP).eq(m);
        VectorMask<Float> rowLanes = LANE.compare(VectorOperators.GE, (float) from)
                .and(LANE.compare(VectorOperators.LT, (float) to));
        VectorMask<Float> topWins = topEq.andNot(topPairEq.andNot(EVEN_LANES)).and(rowLanes);
        VectorMask<Float> topNone = topEq.or(topPairEq).not();
        VectorMask<Float> bottomWins = bottomEq.and(EVEN_LANES).or(bottomPairEq.or(EVEN_LANES).not())
                .and(topNone).and(rowLanes);
        FloatVector gradient = FloatVector.fromArray(SPECIES, g, out).rearrange(PAIRS), zero = FloatVector.zero(SPECIES);
        zero.blend(gradient, topWins).intoArray(dx, topAt);
        zero.blend(gradient, bottomWins).intoArray(dx, bottomAt);
    }
}
