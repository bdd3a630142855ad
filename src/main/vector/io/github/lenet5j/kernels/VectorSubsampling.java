package io.github.lenet5j.kernels;

import static io.github.lenet5j.kernels.VectorMaxPool.EVEN;
import static io.github.lenet5j.kernels.VectorMaxPool.EVEN_LANES;
import static io.github.lenet5j.kernels.VectorMaxPool.L;
import static io.github.lenet5j.kernels.VectorMaxPool.LANE;
import static io.github.lenet5j.kernels.VectorMaxPool.PAIRS;
import static io.github.lenet5j.kernels.VectorMaxPool.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * {@link SubsamplingKernel}'s planes with the Vector API, L/2 windows of a row at a time (L the vector length): two
 * vectors of each of the window row's two input rows, the second one column further on, so that lane 2i adds a
 * window's columns in the reference's order without moving a lane (a permutation costs several instructions on
 * JDK 17: docs/performance-rounds.md, round 26); one permutation then gathers the even lanes for the output.
 * <pre>
 * s  = ((top[2i] + top[2i + 1]) + bottom[2i]) + bottom[2i + 1]    in lane 2i; the reference's order: the same bits
 * y  = a[c]·s + b[c]
 * dx = a[c]·g, each lane doubled (lanes 2i, 2i + 1 ← i) and written to both rows
 * </pre>
 * A row's last L/2 windows start at outW − L/2 (the vectors overlap: the same values written twice, counted once
 * in the parameter gradients), so a vector writes past its row only when the whole row is shorter than L/2 windows
 * (S4's 5 on 512-bit vectors): the top row's extra lanes go to the bottom row, written next, and the bottom row's to
 * the next window row, written later (or by the caller). Whole planes only: a plane whose last vector would read
 * or write past the planes given is left to the caller with every plane after it.
 */
final class VectorSubsampling {
    private static final int HALF = L / 2;
    private static final VectorShuffle<Float> NEXT = VectorShuffle.iota(SPECIES, 1, 1, true);   // lane i ← i + 1

    private VectorSubsampling() {
    }

    /**
     * y = a[c]·(window sum) + b[c] for planes [0, done), as {@link SubsamplingKernel#forward}.
     *
     * @return done, the number of planes written
     */
    static int forward(float[] x, int planes, int channels, int height, int width, float[] a, float[] b, float[] y) {
        int outH = height / 2, outW = width / 2, chunks = (outW + HALF - 1) / HALF;
        int done = planesThatFit(planes, height, width);
        for (int p = 0; p < done; p++) {
            float ac = a[p % channels], bc = b[p % channels];
            for (int i = 0; i < outH; i++) {
                for (int chunk = 0; chunk < chunks; chunk++) {
                    int j = first(chunk, outW);
                    windows(x, (p * height + 2 * i) * width + 2 * j, width, ac, bc, y, (p * outH + i) * outW + j);
                }
            }
        }
        return done;
    }

    /** The L/2 windows whose top-left corners are x[at], x[at + 2], …: y[out], y[out + 1], … = a·s + b. */
    private static void windows(float[] x, int at, int width, float a, float b, float[] y, int out) {
        windowSums(x, at, width).rearrange(EVEN).mul(a).add(b).intoArray(y, out);
    }

    /**
     * Lane 2i: the sum of the window whose top-left corner is x[at + 2i], in the reference's order
     * ((top even + top odd) + bottom even) + bottom odd, from four loads, each row's second one lane further on.
     */
    private static FloatVector windowSums(float[] x, int at, int width) {
        FloatVector top = FloatVector.fromArray(SPECIES, x, at).add(FloatVector.fromArray(SPECIES, x, at + 1));
        FloatVector bottom = FloatVector.fromArray(SPECIES, x, at + width);
        return top.add(bottom).add(FloatVector.fromArray(SPECIES, x, at + width + 1));
    }

    /**
     * dx = a[c]·g in every window (unless gx is null), da[c] += Σ g·s, db[c] += Σ g over planes [0, done), as
     * {@link SubsamplingKernel#backward}; a plane's sums in one vector each (its windows in another order than the
     * reference's), added to da[c] and db[c] once.
     *
     * @return done, the number of planes written
     */
    static int backward(float[] x, float[] g, int planes, int channels, int height, int width, float[] a,
                        float[] ga, float[] gb, float[] gx) {
        int done = planesThatFit(planes, height, width);
        for (int p = 0; p < done; p++) {
            backwardPlane(x, g, p, p % channels, height, width, a, ga, gb, gx);
        }
        return done;
    }

    /**
     * {@link #backward} for plane p of channel c. Its own method with one loop: vector sums that live across two
     * loops, or that a method takes or returns, are heap objects on JDK 17 (docs/performance-rounds.md, round 11).
     */
    private static void backwardPlane(float[] x, float[] g, int p, int c, int height, int width, float[] a,
                                      float[] ga, float[] gb, float[] gx) {
        int outH = height / 2, outW = width / 2, chunks = (outW + HALF - 1) / HALF;
        FloatVector sumA = FloatVector.zero(SPECIES), sumB = FloatVector.zero(SPECIES);
        for (int k = 0, i = 0, chunk = 0; k < outH * chunks; k++) {   // k = i·chunks + chunk, without a division
            int j = first(chunk, outW), at = (p * height + 2 * i) * width + 2 * j;
            FloatVector gy = FloatVector.fromArray(SPECIES, g, (p * outH + i) * outW + j).rearrange(PAIRS);
            int from = 2 * (chunk * HALF - j), to = 2 * Math.min(HALF, outW - j);   // this chunk's own windows
            VectorMask<Float> own = LANE.compare(VectorOperators.GE, (float) from)
                    .and(LANE.compare(VectorOperators.LT, (float) to)).and(EVEN_LANES);
            FloatVector counted = gy.blend(0f, own.not());   // window i's gradient in lane 2i, its sum's lane
            sumA = counted.fma(windowSums(x, at, width), sumA);
            sumB = sumB.add(counted);
            if (gx != null) {
                FloatVector dx = gy.mul(a[c]);
                dx.intoArray(gx, at);
                dx.intoArray(gx, at + width);
            }
            if (++chunk == chunks) {
                chunk = 0;
                i++;
            }
        }
        ga[c] += sumA.reduceLanes(VectorOperators.ADD);
        gb[c] += sumB.reduceLanes(VectorOperators.ADD);
    }

    /**
     * One image's gradient back through the subsampling and the tanh before it (scaled or not), to the tanh's input
     * (the 1998 network's C1 → f → S2), written straight into the rows {@link VectorConvRows#weightGradient} reads, as
     * {@link VectorConvRows#gradientRows} lays them out: no dx of the subsampling or of the tanh in memory, nor the
     * passes that write and read them. Lane by lane the values {@link #backward}'s dx and then Tanh's backward give:
     * <pre>
     * dy = (g · coefficient[o]) · (slope · (amplitude − y·y / amplitude))      y the tanh's output
     * </pre>
     * and, from the same vectors, the subsampling's parameter gradients of the image's first {@code summed} planes,
     * as {@link #backwardPlane} sums them: each window once, in lane 2i, in the same order, so the same bits (the
     * caller sums the planes that {@link #backward} leaves to the scalar loop there too). A row's vectors start where
     * gradientRows' do (columns 0, L, …, and outW − L for the last), outW even and at least L, outH even.
     *
     * @param y the tanh's output, {@code (outChannels, outH, outW)} from yBase: the subsampling's input
     * @param g dL/d(subsampled), {@code (outChannels, outH/2, outW/2)} from gBase
     * @param tail L floats of scratch, for the last windows of g when a vector read from g would pass its end
     * @param coefficient the subsampling's coefficient per channel
     * @param gRows the rows for {@link VectorConvRows#weightGradient}, {@code [outH · perRow][outChannels][L]}
     * @param gradCoefficient the coefficient's gradient, added to
     * @param gradOffset the subsampling's bias's gradient, added to
     * @param summed how many of the image's planes (output maps, from the first) add to the parameter gradients
     */
    static void gradientRowsThroughTanh(float[] y, int yBase, float[] g, int gBase, float[] tail, float[] coefficient,
                                        float slope, float amplitude, int outChannels, int outH, int outW,
                                        float[] gRows, float[] gradCoefficient, float[] gradOffset, int summed) {
        for (int o = 0; o < outChannels; o++) {
            planeThroughTanh(y, yBase, g, gBase, tail, coefficient[o], slope, amplitude, o, outChannels, outH, outW,
                    gRows, o < summed ? gradCoefficient : null, gradOffset);
        }
    }

    /**
     * {@link #gradientRowsThroughTanh} for output map o; its parameter gradients only if gradCoefficient is not null.
     * One loop, as {@link #backwardPlane}: its vector sums must not live across two.
     */
    private static void planeThroughTanh(float[] y, int yBase, float[] g, int gBase, float[] tail, float a,
                                         float slope, float amplitude, int o, int outChannels, int outH, int outW,
                                         float[] gRows, float[] gradCoefficient, float[] gradOffset) {
        int perRow = (outW + L - 1) / L, poolH = outH / 2, poolW = outW / 2;
        FloatVector sumA = FloatVector.zero(SPECIES), sumB = FloatVector.zero(SPECIES);
        for (int k = 0, r = 0, v = 0; k < poolH * perRow; k++) {   // k = r·perRow + v, without a division
            int column = Math.min(v * L, outW - L), topStep = 2 * r * perRow + v;
            int at = yBase + (o * outH + 2 * r) * outW + column, windows = gBase + (o * poolH + r) * poolW + column / 2;
            float[] from = VectorMaxPool.readable(g, windows, tail);
            FloatVector gy = FloatVector.fromArray(SPECIES, from, from == g ? windows : 0).rearrange(PAIRS);
            FloatVector top = FloatVector.fromArray(SPECIES, y, at);
            FloatVector bottom = FloatVector.fromArray(SPECIES, y, at + outW);
            float shared = v * L - column;   // lanes a row's last vector shares with the one before: 0
            FloatVector counted = gy.blend(0f, LANE.compare(VectorOperators.GE, shared).and(EVEN_LANES).not());
            FloatVector sums = top.add(top.rearrange(NEXT)).add(bottom).add(bottom.rearrange(NEXT));   // as forward's
            sumA = counted.fma(sums, sumA);
            sumB = sumB.add(counted);
            FloatVector dx = gy.mul(a);
            throughTanh(dx, top, slope, amplitude, shared, gRows, (topStep * outChannels + o) * L);
            throughTanh(dx, bottom, slope, amplitude, shared, gRows, ((topStep + perRow) * outChannels + o) * L);
            if (++v == perRow) {
                v = 0;
                r++;
            }
        }
        if (gradCoefficient != null) {
            gradCoefficient[o] += sumA.reduceLanes(VectorOperators.ADD);
            gradOffset[o] += sumB.reduceLanes(VectorOperators.ADD);
        }
    }

    /** gRows[at ..] = dx · slope·(amplitude − y·y/amplitude), 0 in the lanes below {@code shared}. */
    private static void throughTanh(FloatVector dx, FloatVector y, float slope, float amplitude, float shared,
                                    float[] gRows, int at) {
        FloatVector derivative = FloatVector.broadcast(SPECIES, amplitude).sub(y.mul(y).div(amplitude)).mul(slope);
        dx.mul(derivative).blend(0f, LANE.compare(VectorOperators.LT, shared)).intoArray(gRows, at);
    }

    /**
     * dx = a·g at the four inputs of every window, for planes [0, done): {@link #backward} without the parameter
     * gradients, and without reading x (average pooling, a = 1/4).
     *
     * @return done, the number of planes written
     */
    static int spread(float[] g, int planes, int height, int width, float a, float[] gx) {
        int outH = height / 2, outW = width / 2, chunks = (outW + HALF - 1) / HALF;
        int done = planesThatFit(planes, height, width);
        for (int p = 0; p < done; p++) {
            for (int i = 0; i < outH; i++) {
                for (int chunk = 0; chunk < chunks; chunk++) {
                    int j = first(chunk, outW);
                    spreadWindows(g, (p * outH + i) * outW + j, a, gx, (p * height + 2 * i) * width + 2 * j, width);
                }
            }
        }
        return done;
    }

    /** The L/2 windows of g[out..]: a·g doubled into lanes 2i, 2i + 1 and written to both rows at gx[at..]. */
    private static void spreadWindows(float[] g, int out, float a, float[] gx, int at, int width) {
        FloatVector dx = FloatVector.fromArray(SPECIES, g, out).mul(a).rearrange(PAIRS);
        dx.intoArray(gx, at);
        dx.intoArray(gx, at + width);
    }

    /** The first window of a row's chunk: chunk·L/2, the last chunk moved back to end at the row's end. */
    private static int first(int chunk, int outW) {
        return Math.max(0, Math.min(chunk * HALF, outW - HALF));
    }

    /**
     * {@return how many planes, from the first, the vectors can do: a later plane reaches further, so the first that
     * does not {@link #fits} and all after it are left to the caller}
     */
    static int planesThatFit(int planes, int height, int width) {
        int done = planes;
        while (done > 0 && !fits(done - 1, planes, height, width)) {
            done--;
        }
        return done;
    }

    /** Whether plane p's last vector (its last row's last chunk, L values of each input row) stays in the planes. */
    private static boolean fits(int p, int planes, int height, int width) {
        int outH = height / 2, outW = width / 2, last = first((outW - 1) / HALF, outW);
        int lastTop = (p * height + 2 * (outH - 1)) * width + 2 * last;
        return lastTop + width + 1 + L <= planes * height * width
                && (p * outH + outH - 1) * outW + last + L <= planes * outH * outW;
    }
}
