package io.github.lenet5j.kernels;

import java.util.Arrays;

/**
 * The fast engine's 2×2, stride-2 max pooling. The same values and, on finite inputs, the same winners as the
 * layer's reference loops (the first maximum in row-major order on ties); a window holding a NaN outputs NaN on
 * every path, and its gradient goes to one of its values (the reference's choice is its last NaN).
 *
 * <p>On the scalar kernels, forward finds each window's maximum without branches and keeps where it was (a byte
 * per output, the winner), so backward routes the gradient without reading the input again. The winners are kept
 * once a backward has run: a kernel used only for inference never writes them and takes the maxima alone; the
 * first backward of a training run finds the winners again from the input with forward's steps, so the gradient
 * does not depend on which forward kept them.
 *
 * <p>On the vector kernels ({@code VectorMaxPool}), forward always takes the maxima alone, and backward finds the
 * winners again from the input, L/2 windows at a time, writing every value of dx once (docs/performance.md: a
 * scalar step per window to keep them cost more than the vectors that find them again; on the scalar kernels the
 * other way round).
 */
public final class MaxPoolKernel {
    private byte[] winner;         // per output value: where in its window the maximum was (0 to 3, row-major)
    private boolean keepWinners;   // a backward has run: every forward keeps the winners from now on, so they
                                   // are the last forward's whenever this is true

    /**
     * y = the maximum of each 2×2 window, over every plane of an NCHW tensor (an odd last row or column is dropped).
     *
     * @param x the input, {@code planes} planes of {@code height × width}
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param y the output, {@code planes} planes of {@code height/2 × width/2}, overwritten
     */
    public void forward(float[] x, int planes, int height, int width, float[] y) {
        if (keepWinners && !Kernels.VECTOR) {   // the vector kernels find the winners again in backward
            withWinners(x, planes, height, width, y);
        } else {
            maxima(x, planes, height, width, y);
        }
    }

    /**
     * The maxima and their winners, each window's maximum as a running maximum {@code m}: conditional expressions
     * that C2 compiles to conditional moves (the if-statements they replaced were branches that random data
     * mispredicts about half the time). Once {@code m} is NaN no later value wins.
     */
    private void withWinners(float[] x, int planes, int height, int width, float[] y) {
        int outH = height / 2, outW = width / 2;
        if (winner == null || winner.length != planes * outH * outW) {
            winner = new byte[planes * outH * outW];
        }
        for (int plane = 0; plane < planes; plane++) {
            int xOff = plane * height * width, yOff = plane * outH * outW;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int top = xOff + 2 * i * width + 2 * j, bottom = top + width, best = 0;
                    float a = x[top], b = x[top + 1], c = x[bottom], d = x[bottom + 1];
                    float m = Math.max(a, b);
                    best = b > a ? 1 : best;
                    best = c > m ? 2 : best;
                    m = Math.max(m, c);
                    best = d > m ? 3 : best;
                    y[yOff + i * outW + j] = Math.max(m, d);
                    winner[yOff + i * outW + j] = (byte) best;
                }
            }
        }
    }

    /** The maxima alone: the vector kernel's rows, then the rest one window at a time (ConvKernel's too). */
    static void maxima(float[] x, int planes, int height, int width, float[] y) {
        int outH = height / 2, outW = width / 2;
        int done = Kernels.VECTOR ? VectorMaxPool.maxima(x, planes, height, width, y) : 0;   // output rows
        for (int r = done; r < planes * outH; r++) {
            int top = (r / outH) * height * width + 2 * (r % outH) * width, out = r * outW;
            for (int j = 0; j < outW; j++) {
                int at = top + 2 * j;
                y[out + j] = Math.max(Math.max(Math.max(x[at], x[at + 1]), x[at + width]), x[at + width + 1]);
            }
        }
    }

    /**
     * dx = g at each window's maximum of the last forward, 0 elsewhere. On the scalar kernels the winners kept by
     * forward route g (finding the maximum again here would read the whole input a second time, long after forward
     * had left it in cache: only the first backward does, as the last forward did not keep the winners). On the
     * vector kernels, vectors find them again from x ({@code VectorMaxPool.backward}: a few vector operations for
     * L/2 windows, where keeping them cost a scalar step per window) and write every value of gx once.
     *
     * @param x the input of the last forward (read on the vector kernels; on the scalar ones only if that forward
     *     did not keep the winners)
     * @param g dL/dy, the shape of the last forward's y
     * @param planes N·C
     * @param height the input's height
     * @param width the input's width
     * @param gx dL/dx, the shape of x, overwritten
     */
    public void backward(float[] x, float[] g, int planes, int height, int width, float[] gx) {
        int outH = height / 2, outW = width / 2;
        if (Kernels.VECTOR) {   // the winners found again from x: vectors, then the rows they leave
            int done = VectorMaxPool.backward(x, g, planes, height, width, gx);
            routeAgain(x, g, done, planes * outH, height, width, gx);
            zeroUncovered(planes, height, width, gx);
            return;
        }
        Arrays.fill(gx, 0, planes * height * width, 0f);
        if (!keepWinners) {   // the first backward: from now on forward keeps them
            withWinners(x, planes, height, width, new float[planes * outH * outW]);
            keepWinners = true;
        }
        for (int plane = 0; plane < planes; plane++) {
            int xOff = plane * height * width, gOff = plane * outH * outW;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int best = winner[gOff + i * outW + j];
                    gx[xOff + (2 * i + (best >> 1)) * width + 2 * j + (best & 1)] += g[gOff + i * outW + j];
                }
            }
        }
    }

    /**
     * dx = g at each window's winner and 0 at its other values, for output rows [first, rows) (counted over all
     * planes), the winner found again from x as {@code VectorMaxPool.backward} finds it: the first of the window's
     * four values equal to its maximum, or its last when none is (a NaN in the window).
     */
    private static void routeAgain(float[] x, float[] g, int first, int rows, int height, int width, float[] gx) {
        int outH = height / 2, outW = width / 2;
        for (int r = first; r < rows; r++) {
            int top = (r / outH) * height * width + 2 * (r % outH) * width, out = r * outW;
            for (int j = 0; j < outW; j++) {
                int at = top + 2 * j;
                float a = x[at], b = x[at + 1], c = x[at + width], d = x[at + width + 1];
                float m = Math.max(Math.max(a, b), Math.max(c, d));
                int winner = a == m ? 0 : b == m ? 1 : c == m ? 2 : 3;
                float grad = g[out + j];
                gx[at] = winner == 0 ? grad : 0f;
                gx[at + 1] = winner == 1 ? grad : 0f;
                gx[at + width] = winner == 2 ? grad : 0f;
                gx[at + width + 1] = winner == 3 ? grad : 0f;
            }
        }
    }

    /**
     * Where each 2×2 window's winner is, without branches: the first of its four values equal to its maximum in
     * row-major order (on finite values the first maximum, as {@link #withWinners} finds it; in a window holding a
     * NaN, whose maximum is NaN, the last): winners[plane·W + i·outW + j] = the winner's index in its plane,
     * (2i + r)·width + 2j + c, for W = outH·outW windows a plane.
     *
     * @param x the pooling's input, {@code planes} planes of {@code height × width} from xBase
     * @param winners the output, {@code planes·W} indices, overwritten
     */
    static void winners(float[] x, int xBase, int planes, int height, int width, int[] winners) {
        int outH = height / 2, outW = width / 2;
        for (int plane = 0; plane < planes; plane++) {
            int base = xBase + plane * height * width, out = plane * outH * outW;
            for (int i = 0; i < outH; i++) {
                for (int j = 0; j < outW; j++) {
                    int top = 2 * i * width + 2 * j;
                    float a = x[base + top], b = x[base + top + 1], c = x[base + top + width];
                    float d = x[base + top + width + 1], m = Math.max(Math.max(Math.max(a, b), c), d);
                    int best = c == m ? top + width : top + width + 1;
                    best = b == m ? top + 1 : best;
                    winners[out + i * outW + j] = a == m ? top : best;
                }
            }
        }
    }

    /** dx = 0 on the odd last row and column of each plane, which no window covers. */
    static void zeroUncovered(int planes, int height, int width, float[] gx) {
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * height * width;
            if (height % 2 == 1) {
                Arrays.fill(gx, base + (height - 1) * width, base + height * width, 0f);
            }
            if (width % 2 == 1) {
                for (int row = 0; row < height; row++) {
                    gx[base + row * width + width - 1] = 0f;
                }
            }
        }
    }
}
